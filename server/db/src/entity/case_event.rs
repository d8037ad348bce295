//! One entry in an assignment's case history: what happened, when, and which member of
//! staff did it (none when the system or the participant did).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub assignment_id: Uuid,
    pub organisation_id: Uuid,
    pub occurred_at: DateTimeUtc,
    /// What happened: `assigned`, `letter-printed`, `code-reissued`, `deadline-extended`,
    /// `withdrawn`, `note` or `outcome-recorded`.
    pub kind: String,
    pub staff_user_id: Option<Uuid>,
    /// What changed, in words (a note's text, the new deadline…).
    #[sea_orm(column_type = "Text", nullable)]
    pub detail: Option<String>,
    /// Why, as the member of staff gave it.
    #[sea_orm(column_type = "Text", nullable)]
    pub reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The member of staff who did it, for their name in the history.
    #[sea_orm(
        belongs_to = "super::staff_user::Entity",
        from = "Column::StaffUserId",
        to = "super::staff_user::Column::Id"
    )]
    StaffUser,
}

impl ActiveModelBehavior for ActiveModel {}
