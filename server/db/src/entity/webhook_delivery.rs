//! One event for one endpoint: the outbox row the dispatcher sends, kept as the
//! delivery log.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_delivery")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub endpoint_id: Uuid,
    pub event_type: String,
    /// Unique per endpoint, so an event is queued once however often it is noticed.
    pub event_key: String,
    pub assignment_id: Option<Uuid>,
    /// The deadline when the event happened: an overdue event is once per deadline.
    pub assignment_deadline: Option<Date>,
    /// The JSON body, fixed when the event happened and sent byte for byte on every try.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    /// `pending`, `delivered` or `failed`.
    pub state: String,
    pub attempts: i32,
    pub created_at: DateTimeUtc,
    /// When it is next due; while a try is under way, the end of that try's lease.
    pub next_attempt_at: DateTimeUtc,
    pub last_attempt_at: Option<DateTimeUtc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
