//! Webhook endpoints and their outbox. Events are queued in the caller's transaction (the
//! one that makes the change they announce); the dispatcher claims due rows, sends them
//! and records each try. Every function an admin's request reaches is scoped to a force.

use chrono::{DateTime, NaiveDate, Utc};
use reroute_domain::status::Status;
use reroute_domain::webhook::{DeliveryState, WebhookEvent, format_event_list, parse_event_list};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect, TransactionSession, TransactionTrait, TryInsertResult,
};
use uuid::Uuid;

use crate::entity::{assignment, webhook_delivery, webhook_endpoint};

/// Registers an endpoint for `organisation_id`.
pub async fn create_endpoint(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    url: &str,
    events: &[WebhookEvent],
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<webhook_endpoint::Model, DbErr> {
    webhook_endpoint::Model {
        id: Uuid::new_v4(),
        organisation_id,
        url: url.to_owned(),
        events: format_event_list(events),
        secret_version: 1,
        created_at: now,
        created_by,
        disabled_at: None,
    }
    .into_active_model()
    .insert(db)
    .await
}

/// The force's endpoints, newest first, turned-off ones included.
pub async fn endpoints_for(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<webhook_endpoint::Model>, DbErr> {
    webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(webhook_endpoint::Column::CreatedAt)
        .order_by_asc(webhook_endpoint::Column::Id)
        .all(db)
        .await
}

/// The force's endpoint with this id; another force's is not found.
pub async fn endpoint(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    endpoint_id: Uuid,
) -> Result<Option<webhook_endpoint::Model>, DbErr> {
    webhook_endpoint::Entity::find_by_id(endpoint_id)
        .filter(webhook_endpoint::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await
}

/// Turns the force's endpoint off: nothing more is queued for it or sent to it, and its
/// waiting deliveries are marked failed, all or (on error) none of it. False when it is
/// another force's, unknown, or off already.
pub async fn disable_endpoint<C>(
    db: &C,
    organisation_id: Uuid,
    endpoint_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    let db = &txn;
    let result = webhook_endpoint::Entity::update_many()
        .col_expr(webhook_endpoint::Column::DisabledAt, Expr::value(now))
        .filter(webhook_endpoint::Column::Id.eq(endpoint_id))
        .filter(webhook_endpoint::Column::OrganisationId.eq(organisation_id))
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::State,
            Expr::value(DeliveryState::Failed.as_str()),
        )
        .col_expr(
            webhook_delivery::Column::LastError,
            Expr::value("Not sent: the endpoint was turned off"),
        )
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending.as_str()))
        .exec(db)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// An event about to be queued: its body is fixed now and sent byte for byte on every
/// try.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub event: WebhookEvent,
    pub key: String,
    pub assignment_id: Option<Uuid>,
    pub assignment_deadline: Option<NaiveDate>,
    pub payload: &'a str,
    pub now: DateTime<Utc>,
}

/// Queues `event` for every active endpoint of the force subscribed to it. Call it in
/// the transaction that makes the change, so the two are saved together or not at all.
/// Returns how many deliveries were queued (an event already queued is not queued again).
pub async fn enqueue(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    event: &NewEvent<'_>,
) -> Result<usize, DbErr> {
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::OrganisationId.eq(organisation_id))
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .all(db)
        .await?;
    let mut queued = 0;
    for endpoint in endpoints
        .iter()
        .filter(|endpoint| parse_event_list(&endpoint.events).contains(&event.event))
    {
        if enqueue_for(db, endpoint, event).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues `event` for one endpoint; false if it was queued for it already.
pub async fn enqueue_for(
    db: &impl ConnectionTrait,
    endpoint: &webhook_endpoint::Model,
    event: &NewEvent<'_>,
) -> Result<bool, DbErr> {
    let row = webhook_delivery::Model {
        id: Uuid::new_v4(),
        organisation_id: endpoint.organisation_id,
        endpoint_id: endpoint.id,
        event_type: event.event.as_str().to_owned(),
        event_key: event.key.clone(),
        assignment_id: event.assignment_id,
        assignment_deadline: event.assignment_deadline,
        payload: event.payload.to_owned(),
        state: DeliveryState::Pending.as_str().to_owned(),
        attempts: 0,
        created_at: event.now,
        next_attempt_at: event.now,
        last_attempt_at: None,
        last_status_code: None,
        last_error: None,
        delivered_at: None,
    }
    .into_active_model();
    let result = webhook_delivery::Entity::insert(row)
        .on_conflict_do_nothing_on([
            webhook_delivery::Column::EndpointId,
            webhook_delivery::Column::EventKey,
        ])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, TryInsertResult::Inserted(1)))
}

/// Active endpoints subscribed to overdue events, across all forces (for the scan).
pub async fn overdue_subscribers(
    db: &impl ConnectionTrait,
) -> Result<Vec<webhook_endpoint::Model>, DbErr> {
    Ok(webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|endpoint| parse_event_list(&endpoint.events).contains(&WebhookEvent::Overdue))
        .collect())
}

/// Up to `limit` of the endpoint's force's assignments that are overdue on `today` and
/// not yet announced to it at their current deadline. Deadlines that passed before the
/// endpoint was registered are left alone: it learns of what happens from then on.
pub async fn overdue_unannounced(
    db: &impl ConnectionTrait,
    endpoint: &webhook_endpoint::Model,
    today: NaiveDate,
    limit: u64,
) -> Result<Vec<assignment::Model>, DbErr> {
    let announced = Query::select()
        .expr(Expr::val(1))
        .from(webhook_delivery::Entity)
        .and_where(webhook_delivery::Column::EndpointId.eq(endpoint.id))
        .and_where(
            Expr::col((
                webhook_delivery::Entity,
                webhook_delivery::Column::AssignmentId,
            ))
            .equals((assignment::Entity, assignment::Column::Id)),
        )
        .and_where(
            Expr::col((
                webhook_delivery::Entity,
                webhook_delivery::Column::AssignmentDeadline,
            ))
            .equals((assignment::Entity, assignment::Column::Deadline)),
        )
        .and_where(webhook_delivery::Column::EventType.eq(WebhookEvent::Overdue.as_str()))
        .to_owned();
    assignment::Entity::find()
        .filter(assignment::Column::OrganisationId.eq(endpoint.organisation_id))
        .filter(
            assignment::Column::Status
                .is_in([Status::Assigned.as_str(), Status::InProgress.as_str()]),
        )
        .filter(assignment::Column::Deadline.lt(today))
        .filter(assignment::Column::Deadline.gte(endpoint.created_at.date_naive()))
        .filter(Expr::exists(announced).not())
        .order_by_asc(assignment::Column::Deadline)
        .order_by_asc(assignment::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Up to `limit` deliveries due at `now` to endpoints that are still on, oldest first.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<(webhook_delivery::Model, webhook_endpoint::Model)>, DbErr> {
    let rows = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending.as_str()))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .order_by_asc(webhook_delivery::Column::NextAttemptAt)
        .order_by_asc(webhook_delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut endpoint_ids: Vec<Uuid> = rows.iter().map(|row| row.endpoint_id).collect();
    endpoint_ids.sort_unstable();
    endpoint_ids.dedup();
    let endpoints = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::Id.is_in(endpoint_ids))
        .filter(webhook_endpoint::Column::DisabledAt.is_null())
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let endpoint = endpoints.iter().find(|e| e.id == row.endpoint_id)?;
            Some((row, endpoint.clone()))
        })
        .collect())
}

/// Takes the delivery for one try, if it is still due at `now` (no other worker took it
/// since it was read): its next try moves to `lease_until`, so a worker that dies
/// mid-try leaves it to be tried again then.
pub async fn claim(
    db: &impl ConnectionTrait,
    delivery_id: Uuid,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            Expr::value(lease_until),
        )
        .filter(webhook_delivery::Column::Id.eq(delivery_id))
        .filter(webhook_delivery::Column::State.eq(DeliveryState::Pending.as_str()))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// What one try came to.
#[derive(Clone, Debug)]
pub struct AttemptResult {
    pub at: DateTime<Utc>,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    /// Delivered, to be tried again at a time, or failed for good.
    pub next: AttemptNext,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptNext {
    Delivered,
    RetryAt(DateTime<Utc>),
    GiveUp,
}

/// Records a try of a claimed delivery.
pub async fn record_attempt(
    db: &impl ConnectionTrait,
    delivery_id: Uuid,
    result: &AttemptResult,
) -> Result<(), DbErr> {
    let (state, next_attempt_at, delivered_at) = match result.next {
        AttemptNext::Delivered => (DeliveryState::Delivered, result.at, Some(result.at)),
        AttemptNext::RetryAt(at) => (DeliveryState::Pending, at, None),
        AttemptNext::GiveUp => (DeliveryState::Failed, result.at, None),
    };
    webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Attempts,
            Expr::col(webhook_delivery::Column::Attempts).add(1),
        )
        .col_expr(webhook_delivery::Column::State, Expr::value(state.as_str()))
        .col_expr(
            webhook_delivery::Column::NextAttemptAt,
            Expr::value(next_attempt_at),
        )
        .col_expr(
            webhook_delivery::Column::LastAttemptAt,
            Expr::value(result.at),
        )
        .col_expr(
            webhook_delivery::Column::LastStatusCode,
            Expr::value(result.status_code.map(i32::from)),
        )
        .col_expr(
            webhook_delivery::Column::LastError,
            Expr::value(result.error.clone()),
        )
        .col_expr(
            webhook_delivery::Column::DeliveredAt,
            Expr::value(delivered_at),
        )
        .filter(webhook_delivery::Column::Id.eq(delivery_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The endpoint's most recent `limit` deliveries, newest first (the delivery log).
pub async fn deliveries_for(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    endpoint_id: Uuid,
    limit: u64,
) -> Result<Vec<webhook_delivery::Model>, DbErr> {
    webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::OrganisationId.eq(organisation_id))
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint_id))
        .order_by_desc(webhook_delivery::Column::CreatedAt)
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Sends the force's delivery again now (one more try), whether it failed or is waiting
/// for its next try. Returns the endpoint it belongs to, or `None` when the delivery is
/// another force's, unknown, already delivered, or its endpoint is off.
pub async fn retry_now(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    delivery_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, DbErr> {
    let Some(delivery) = webhook_delivery::Entity::find_by_id(delivery_id)
        .filter(webhook_delivery::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let active = endpoint(db, organisation_id, delivery.endpoint_id)
        .await?
        .is_some_and(|endpoint| endpoint.disabled_at.is_none());
    if !active {
        return Ok(None);
    }
    let result = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::State,
            Expr::value(DeliveryState::Pending.as_str()),
        )
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(now))
        .filter(webhook_delivery::Column::Id.eq(delivery_id))
        .filter(webhook_delivery::Column::OrganisationId.eq(organisation_id))
        .filter(webhook_delivery::Column::State.ne(DeliveryState::Delivered.as_str()))
        .exec(db)
        .await?;
    Ok((result.rows_affected == 1).then_some(delivery.endpoint_id))
}

/// Erases the deliveries about an assignment (their bodies name the person), as part of
/// erasing the assignment.
pub async fn erase_for_assignment(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<(), DbErr> {
    webhook_delivery::Entity::delete_many()
        .filter(webhook_delivery::Column::AssignmentId.eq(assignment_id))
        .exec(db)
        .await?;
    Ok(())
}
