//! A participant'\''s answer to one quiz, reflect or scale block in one attempt.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answer")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub block_id: String,
    pub attempt: i32,
    pub kind: String,
    /// The answer as JSON: chosen options, text, or a number.
    #[sea_orm(column_type = "Text")]
    pub value: String,
    pub first_try_correct: Option<bool>,
    pub answered_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
