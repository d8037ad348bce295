//! An assignment's case history: appending an event and reading them back in order.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    IntoActiveModel, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};
use uuid::Uuid;

use crate::entity::{case_event, staff_user};

/// An event about to be recorded.
#[derive(Debug, Clone)]
pub struct NewCaseEvent {
    pub assignment_id: Uuid,
    pub organisation_id: Uuid,
    /// What happened: `assigned`, `letter-printed`, `code-reissued`, `deadline-extended`,
    /// `withdrawn`, `note` or `outcome-recorded`.
    pub kind: String,
    /// The member of staff who did it, if one did.
    pub staff_user_id: Option<Uuid>,
    pub detail: Option<String>,
    pub reason: Option<String>,
    pub occurred_at: DateTime<Utc>,
}

/// Records the event. The time is kept to the microsecond, as PostgreSQL stores it, so
/// the returned row is exactly what a later read gives.
pub async fn append(
    db: &impl ConnectionTrait,
    new: NewCaseEvent,
) -> Result<case_event::Model, DbErr> {
    let occurred_at = new
        .occurred_at
        .duration_trunc(TimeDelta::microseconds(1))
        .map_err(|err| DbErr::Custom(err.to_string()))?;
    case_event::Model {
        id: Uuid::new_v4(),
        assignment_id: new.assignment_id,
        organisation_id: new.organisation_id,
        occurred_at,
        kind: new.kind,
        staff_user_id: new.staff_user_id,
        detail: new.detail,
        reason: new.reason,
    }
    .into_active_model()
    .insert(db)
    .await
}

/// The event and the display name of the member of staff who did it.
#[derive(FromQueryResult)]
struct EventWithStaff {
    #[sea_orm(nested)]
    event: case_event::Model,
    staff_name: Option<String>,
}

/// Every event of the assignment, oldest first (ties in time by id, so the order is
/// stable), each with the display name of the member of staff who did it.
pub async fn for_assignment(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<Vec<(case_event::Model, Option<String>)>, DbErr> {
    let rows = case_event::Entity::find()
        .column_as(
            Expr::col((staff_user::Entity, staff_user::Column::DisplayName)),
            "staff_name",
        )
        .join(JoinType::LeftJoin, case_event::Relation::StaffUser.def())
        .filter(case_event::Column::AssignmentId.eq(assignment_id))
        .order_by_asc(case_event::Column::OccurredAt)
        .order_by_asc(case_event::Column::Id)
        .into_model::<EventWithStaff>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.event, row.staff_name))
        .collect())
}
