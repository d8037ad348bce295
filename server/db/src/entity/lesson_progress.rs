//! How far a participant has got through one lesson, and the time they spent on it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "lesson_progress")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub lesson_number: i32,
    pub reached_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    pub seconds_spent: i32,
    /// The last request on this lesson; the gap since it is credited, capped.
    pub last_activity_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
