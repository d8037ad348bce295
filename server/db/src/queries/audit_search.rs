//! Reading the audit log back: an admin's search of their force's events, and the staff
//! reads of one participant's record (for "who has seen my record").

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{audit_event, staff_user};

/// The most rows an export holds.
pub const EXPORT_LIMIT: u64 = 100_000;

/// Actions that mean a member of staff read or copied a participant's record.
pub const STAFF_READS: [&str; 5] = [
    "staff.viewed-assignment",
    "staff.viewed-certificate",
    "staff.viewed-participant",
    "staff.exported-subject-access",
    "staff.viewed-subject-access",
];

/// Actions that mean the force's own systems read a participant's record over the API.
pub const API_READS: [&str; 2] = ["api.viewed-assignment", "api.listed-assignment"];

#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub organisation_id: Uuid,
    /// Exact action, for example `staff.viewed-assignment`.
    pub action: Option<String>,
    /// Events about this record, or done by this actor (an id either way).
    pub subject: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Up to, not including.
    pub to: Option<DateTime<Utc>>,
    pub offset: u64,
    pub limit: u64,
}

fn matching(query: &AuditQuery) -> sea_orm::Select<audit_event::Entity> {
    let mut select = audit_event::Entity::find()
        .filter(audit_event::Column::OrganisationId.eq(query.organisation_id));
    if let Some(action) = &query.action {
        select = select.filter(audit_event::Column::Action.eq(action.as_str()));
    }
    if let Some(subject) = &query.subject {
        select = select.filter(
            Condition::any()
                .add(audit_event::Column::RecordId.eq(subject.as_str()))
                .add(audit_event::Column::ActorId.eq(subject.as_str())),
        );
    }
    if let Some(from) = query.from {
        select = select.filter(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(to) = query.to {
        select = select.filter(audit_event::Column::OccurredAt.lt(to));
    }
    select.order_by_desc(audit_event::Column::Id)
}

/// One page of the force's events, newest first, and how many match in all.
pub async fn search(
    db: &impl ConnectionTrait,
    query: &AuditQuery,
) -> Result<(Vec<audit_event::Model>, u64), DbErr> {
    let total = matching(query).count(db).await?;
    let rows = matching(query)
        .offset(query.offset)
        .limit(query.limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Every matching event (up to [`EXPORT_LIMIT`]), newest first.
pub async fn all_matching(
    db: &impl ConnectionTrait,
    query: &AuditQuery,
) -> Result<Vec<audit_event::Model>, DbErr> {
    matching(query).limit(EXPORT_LIMIT).all(db).await
}

/// The distinct actions recorded for the force, for the search form.
pub async fn actions(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<String>, DbErr> {
    audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Action)
        .filter(audit_event::Column::OrganisationId.eq(organisation_id))
        .distinct()
        .order_by_asc(audit_event::Column::Action)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// Reads of any of these records (a participant's id and their assignments' ids) by
/// staff or by the force's systems through the API, oldest first.
pub async fn reads_of(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    record_ids: &[String],
) -> Result<Vec<audit_event::Model>, DbErr> {
    audit_event::Entity::find()
        .filter(audit_event::Column::OrganisationId.eq(organisation_id))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(audit_event::Column::ActorKind.eq("staff"))
                        .add(audit_event::Column::Action.is_in(STAFF_READS)),
                )
                .add(
                    Condition::all()
                        .add(audit_event::Column::ActorKind.eq("api-client"))
                        .add(audit_event::Column::Action.is_in(API_READS)),
                ),
        )
        .filter(audit_event::Column::RecordId.is_in(record_ids.iter().map(String::as_str)))
        .order_by_asc(audit_event::Column::Id)
        .all(db)
        .await
}

/// Display names of the staff among these ids (others are skipped).
pub async fn staff_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<(Uuid, String, String)>, DbErr> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(staff_user::Entity::find()
        .filter(staff_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|user| (user.id, user.display_name, user.role))
        .collect())
}
