//! Overdue is worked out from the deadline, never stored, so nothing changes in the
//! database when a deadline passes. This scan notices it and queues the event, once per
//! endpoint and deadline (an extended deadline that passes again is announced again).

use chrono::{DateTime, Utc};
use reroute_db::queries::{journey, webhooks};
use reroute_db::sea_orm::{ConnectionTrait, DbErr};
use reroute_domain::webhook::WebhookEvent;

use super::payload::assignment_event;

/// Most assignments queued per endpoint in one scan; the next scan takes the rest.
const PER_SCAN: u64 = 200;

/// Queues an overdue event for every newly overdue assignment, for each endpoint that
/// wants them. Returns how many were queued.
pub async fn scan(
    db: &impl ConnectionTrait,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, DbErr> {
    let mut queued = 0;
    for endpoint in webhooks::overdue_subscribers(db).await? {
        let overdue =
            webhooks::overdue_unannounced(db, &endpoint, now.date_naive(), PER_SCAN).await?;
        let references =
            journey::references_of(db, overdue.iter().map(|a| a.participant_id)).await?;
        for assignment in overdue {
            let reference = references
                .get(&assignment.participant_id)
                .map_or("", String::as_str);
            let body =
                assignment_event(WebhookEvent::Overdue, &assignment, reference, base_url, now);
            let event = webhooks::NewEvent {
                event: WebhookEvent::Overdue,
                key: body.key,
                assignment_id: Some(assignment.id),
                assignment_deadline: Some(assignment.deadline),
                payload: &body.json,
                now,
            };
            if webhooks::enqueue_for(db, &endpoint, &event).await? {
                queued += 1;
            }
        }
    }
    Ok(queued)
}
