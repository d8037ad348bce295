//! A course given to a participant as a condition of an out-of-court resolution.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub participant_id: Uuid,
    pub course_id: String,
    /// Set when the participant starts; they finish the version they started.
    pub course_version: Option<String>,
    pub disposal_type: String,
    #[sea_orm(column_type = "Text")]
    pub condition_text: String,
    pub deadline: Date,
    pub status: String,
    /// Keyed hash of the access code; the code itself is never stored.
    #[sea_orm(unique)]
    pub access_code_hash: String,
    pub failed_code_tries: i32,
    pub code_locked_until: Option<DateTimeUtc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub declared_at: Option<DateTimeUtc>,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub attempt: i32,
    pub outcome: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub outcome_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
