//! A signed completion record.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub key_id: String,
    #[sea_orm(column_type = "Text")]
    pub token: String,
    pub issued_at: DateTimeUtc,
    /// The short code printed on the certificate (from migration 000009).
    #[sea_orm(unique)]
    pub verify_code: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
