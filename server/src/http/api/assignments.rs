//! The force's assignments: one by id (with progress and the signed completion record),
//! the change feed, and the caseworker's changes (extend, withdraw, record the outcome),
//! each needing a reason and recorded in the case timeline and the audit log like the
//! staff console's. Another force's assignment is simply not found.

use axum::extract::{Path, RawQuery, State};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Days, NaiveDate, Utc};
use reroute_db::entity::{assignment, participant};
use reroute_db::queries::api_clients::{self, Position};
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_db::queries::{assignments, audit, case_record, evidence};
use reroute_domain::case_actions::CaseAction;
use reroute_domain::deadline::long_date;
use reroute_domain::disposal::Outcome;
use reroute_domain::status::{self, Status};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::super::AppState;
use super::auth::ApiClient;
use super::error::{ApiError, ApiJson, ErrorBody, ErrorCode};

const MAX_REASON: usize = 2000;
const DEFAULT_PAGE: u64 = 50;
const MAX_PAGE: u64 = 200;

/// One assignment as the force's records system sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentView {
    pub id: Uuid,
    pub participant_id: Uuid,
    pub force_reference: String,
    pub course_id: String,
    /// The course version the participant is doing, once they have started.
    pub course_version: Option<String>,
    pub disposal_type: String,
    pub condition_text: String,
    pub deadline: NaiveDate,
    /// As of today: `assigned`, `in-progress`, `completed`, `not-passed`, `overdue` (open
    /// and past its deadline) or `withdrawn`.
    pub status: String,
    pub progress: Progress,
    /// The caseworker's outcome, once recorded: `complied`, `referred-for-prosecution`
    /// or `referred-to-face-to-face`.
    pub outcome: Option<String>,
    pub outcome_reason: Option<String>,
    pub attempt: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    /// The signed completion record; null until it has been issued (on completion).
    pub evidence: Option<EvidenceView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Progress {
    pub lessons_finished: u32,
    pub lessons_total: u32,
    /// Whole percent of lessons finished.
    pub percent: u32,
}

/// The signed completion record: an EdDSA JWT, checkable against the JWKS at
/// `/.well-known/jwks.json`, and the short code printed on the certificate.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceView {
    pub token: String,
    pub verify_code: String,
    /// The signing key's id (`kid`) in the JWKS.
    pub key_id: String,
    pub issued_at: DateTime<Utc>,
}

/// A page of the change feed.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentPage {
    pub assignments: Vec<AssignmentSummary>,
    /// Pass as `cursor` (with the same `changed_since`) for the next page; null on the
    /// last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentSummary {
    pub id: Uuid,
    pub participant_id: Uuid,
    pub course_id: String,
    pub deadline: NaiveDate,
    /// As in `AssignmentView.status`.
    pub status: String,
    pub outcome: Option<String>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendRequest {
    /// After the current deadline, not in the past, and within a year from today.
    pub deadline: NaiveDate,
    /// Why, up to 2,000 characters.
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// Why, up to 2,000 characters.
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    /// `complied`, `referred-for-prosecution` or `referred-to-face-to-face`.
    pub outcome: String,
    /// Why, up to 2,000 characters.
    pub reason: String,
}

fn effective_status(row: &assignment::Model, today: NaiveDate) -> String {
    Status::parse(&row.status).map_or_else(
        || row.status.clone(),
        |stored| {
            status::effective(stored, row.deadline, today)
                .as_str()
                .to_owned()
        },
    )
}

/// The force's assignment with its participant; a malformed id or another force's
/// assignment is not found.
async fn load(
    state: &AppState,
    client: &ApiClient,
    id: &str,
) -> Result<(assignment::Model, participant::Model), ApiError> {
    let id = Uuid::try_parse(id).map_err(|_| ApiError::not_found())?;
    assignments::in_organisation(&state.db.connection, client.client.organisation_id, id)
        .await?
        .ok_or_else(ApiError::not_found)
}

async fn view(
    state: &AppState,
    row: assignment::Model,
    person: &participant::Model,
) -> Result<AssignmentView, ApiError> {
    let db = &state.db.connection;
    let course = match &row.course_version {
        Some(version) => state.content.version(db, version).await?,
        None => state.content.current(&row.course_id),
    };
    let lessons = case_record::lessons_of(db, row.id).await?;
    let finished = lessons.iter().filter(|l| l.finished_at.is_some()).count();
    let total = course.map_or(0, |c| c.lessons.len());
    let percent = (finished * 100).checked_div(total).unwrap_or(0);
    let evidence =
        evidence::evidence_for(db, row.id)
            .await?
            .map(|(token, verify_code, key_id, issued_at)| EvidenceView {
                token,
                verify_code,
                key_id,
                issued_at,
            });
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(AssignmentView {
        status: effective_status(&row, Utc::now().date_naive()),
        id: row.id,
        participant_id: row.participant_id,
        force_reference: person.force_reference.clone(),
        course_id: row.course_id,
        course_version: row.course_version,
        disposal_type: row.disposal_type,
        condition_text: row.condition_text,
        deadline: row.deadline,
        progress: Progress {
            lessons_finished: count(finished),
            lessons_total: count(total),
            percent: count(percent),
        },
        outcome: row.outcome,
        outcome_reason: row.outcome_reason,
        attempt: row.attempt,
        created_at: row.created_at,
        updated_at: row.updated_at,
        started_at: row.started_at,
        completed_at: row.completed_at,
        evidence,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/assignments/{id}",
    tag = "assignments",
    params(("id" = Uuid, Path, description = "The assignment id")),
    responses(
        (status = 200, description = "The assignment", body = AssignmentView),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "Not found in your force", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn show(
    client: ApiClient,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<axum::Json<AssignmentView>, ApiError> {
    let (row, person) = load(&state, &client, &id).await?;
    audit::append(
        &state.db.connection,
        client.event(
            "api.viewed-assignment",
            Some(("assignment", row.id.to_string())),
            None,
        ),
    )
    .await?;
    Ok(axum::Json(view(&state, row, &person).await?))
}

fn query_error(field: &str, message: &str) -> ApiError {
    ApiError::field(ErrorCode::InvalidQuery, field, message)
}

fn encode_cursor((at, id): Position) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}|{id}", at.to_rfc3339()))
}

fn decode_cursor(cursor: &str) -> Option<Position> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (at, id) = text.split_once('|')?;
    Some((
        DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc),
        Uuid::try_parse(id).ok()?,
    ))
}

struct ListQuery {
    changed_since: DateTime<Utc>,
    cursor: Option<Position>,
    limit: u64,
}

fn list_query(raw: Option<&str>) -> Result<ListQuery, ApiError> {
    let (mut changed_since, mut cursor, mut limit) = (None, None, DEFAULT_PAGE);
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "changed_since" => {
                let at = DateTime::parse_from_rfc3339(&value).map_err(|_| {
                    query_error(
                        "changed_since",
                        "`changed_since` must be an RFC 3339 time, such as 2026-11-01T00:00:00Z.",
                    )
                })?;
                changed_since = Some(at.with_timezone(&Utc));
            }
            "cursor" => {
                cursor = Some(decode_cursor(&value).ok_or_else(|| {
                    query_error("cursor", "`cursor` must be a `next_cursor` from a page.")
                })?);
            }
            "limit" => {
                limit = value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or_else(|| {
                        query_error("limit", "`limit` must be a whole number from 1 to 200.")
                    })?;
            }
            other => {
                return Err(query_error(
                    other,
                    "Unknown query parameter: use changed_since, cursor and limit.",
                ));
            }
        }
    }
    let changed_since = changed_since.ok_or_else(|| {
        query_error(
            "changed_since",
            "`changed_since` is required, as an RFC 3339 time.",
        )
    })?;
    Ok(ListQuery {
        changed_since,
        cursor,
        limit,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/assignments",
    tag = "assignments",
    params(
        ("changed_since" = DateTime<Utc>, Query, description = "RFC 3339: assignments changed at or after this time"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1 to 200 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page, oldest change first (by updated_at, then id)", body = AssignmentPage),
        (status = 400, description = "A malformed query parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn list(
    client: ApiClient,
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<axum::Json<AssignmentPage>, ApiError> {
    let query = list_query(raw.as_deref())?;
    let db = &state.db.connection;
    let mut rows = api_clients::changed_since(
        db,
        client.client.organisation_id,
        query.changed_since,
        query.cursor,
        query.limit + 1,
    )
    .await?;
    let more = u64::try_from(rows.len()).unwrap_or(u64::MAX) > query.limit;
    rows.truncate(usize::try_from(query.limit).unwrap_or(usize::MAX));
    let next_cursor = more
        .then(|| {
            rows.last()
                .map(|row| encode_cursor((row.updated_at, row.id)))
        })
        .flatten();
    // Every assignment listed is a read of a participant's record.
    for row in &rows {
        audit::append(
            db,
            client.event(
                "api.listed-assignment",
                Some(("assignment", row.id.to_string())),
                None,
            ),
        )
        .await?;
    }
    let today = Utc::now().date_naive();
    let assignments = rows
        .into_iter()
        .map(|row| AssignmentSummary {
            status: effective_status(&row, today),
            id: row.id,
            participant_id: row.participant_id,
            course_id: row.course_id,
            deadline: row.deadline,
            outcome: row.outcome,
            updated_at: row.updated_at,
        })
        .collect();
    Ok(axum::Json(AssignmentPage {
        assignments,
        next_cursor,
    }))
}

fn check_reason(reason: &str) -> Result<(), ApiError> {
    if reason.trim().is_empty() {
        Err(ApiError::field(
            ErrorCode::InvalidField,
            "reason",
            "Enter the reason.",
        ))
    } else if reason.chars().count() > MAX_REASON {
        Err(ApiError::field(
            ErrorCode::InvalidField,
            "reason",
            "The reason must be 2,000 characters or fewer.",
        ))
    } else {
        Ok(())
    }
}

/// A change, checked and ready to make.
enum Change {
    Extend(NaiveDate),
    Withdraw,
    Outcome(Outcome),
}

impl Change {
    fn action(&self) -> CaseAction {
        match self {
            Self::Extend(_) => CaseAction::Extend,
            Self::Withdraw => CaseAction::Withdraw,
            Self::Outcome(_) => CaseAction::Outcome,
        }
    }
}

/// Makes `change` to the force's assignment `id`, records it in the case timeline and the
/// audit log, and returns the assignment as it now is.
async fn change(
    state: &AppState,
    client: &ApiClient,
    id: &str,
    change: Change,
    reason: String,
) -> Result<axum::Json<AssignmentView>, ApiError> {
    check_reason(&reason)?;
    let (row, person) = load(state, client, id).await?;
    let stored = Status::parse(&row.status).unwrap_or(Status::Assigned);
    if !change.action().allowed(stored, row.outcome.is_some()) {
        return Err(ApiError::conflict(format!(
            "This assignment is {} and cannot be changed this way.",
            row.status
        )));
    }
    let db = &state.db.connection;
    let org = client.client.organisation_id;
    let now = Utc::now();
    let by = format!("by API client {}", client.client.name);
    let (done, kind, detail, audit_action) = match change {
        Change::Extend(date) => {
            let today = now.date_naive();
            let latest = today.checked_add_days(Days::new(366)).unwrap_or(today);
            if date <= row.deadline || date < today || date > latest {
                return Err(ApiError::field(
                    ErrorCode::InvalidField,
                    "deadline",
                    format!(
                        "The new deadline must be after {}, not in the past, and within a year from today.",
                        row.deadline.max(today)
                    ),
                ));
            }
            (
                case_record::extend_deadline(db, org, row.id, date, now).await?,
                "deadline-extended",
                format!(
                    "From {} to {}, {by}",
                    long_date(row.deadline),
                    long_date(date)
                ),
                "api.extended-deadline",
            )
        }
        Change::Withdraw => (
            case_record::withdraw(db, org, row.id, now).await?,
            "withdrawn",
            by,
            "api.withdrew-assignment",
        ),
        Change::Outcome(outcome) => (
            case_record::record_outcome(db, org, row.id, outcome, &reason, now).await?,
            "outcome-recorded",
            format!("{}, {by}", outcome.label()),
            "api.recorded-outcome",
        ),
    };
    if !done {
        return Err(ApiError::conflict(
            "The assignment changed meanwhile and this change no longer applies. Read it again.",
        ));
    }
    case_events::append(
        db,
        NewCaseEvent {
            assignment_id: row.id,
            organisation_id: org,
            kind: kind.to_owned(),
            staff_user_id: None,
            detail: Some(detail),
            reason: Some(reason.clone()),
            occurred_at: now,
        },
    )
    .await?;
    audit::append(
        db,
        client.event(
            audit_action,
            Some(("assignment", row.id.to_string())),
            Some(reason),
        ),
    )
    .await?;
    let (row, _) = load(state, client, id).await?;
    Ok(axum::Json(view(state, row, &person).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/assignments/{id}/extend",
    tag = "assignments",
    params(("id" = Uuid, Path, description = "The assignment id")),
    request_body = ExtendRequest,
    responses(
        (status = 200, description = "Extended; the assignment as it now is", body = AssignmentView),
        (status = 400, description = "Bad JSON or a field that is wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "Not found in your force", body = ErrorBody),
        (status = 409, description = "Closed, withdrawn or with an outcome", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn extend(
    client: ApiClient,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ExtendRequest>,
) -> Result<axum::Json<AssignmentView>, ApiError> {
    change(
        &state,
        &client,
        &id,
        Change::Extend(request.deadline),
        request.reason,
    )
    .await
}

#[utoipa::path(
    post,
    path = "/api/v1/assignments/{id}/withdraw",
    tag = "assignments",
    params(("id" = Uuid, Path, description = "The assignment id")),
    request_body = WithdrawRequest,
    responses(
        (status = 200, description = "Withdrawn; the assignment as it now is", body = AssignmentView),
        (status = 400, description = "Bad JSON or a field that is wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "Not found in your force", body = ErrorBody),
        (status = 409, description = "Closed, withdrawn or with an outcome", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn withdraw(
    client: ApiClient,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<WithdrawRequest>,
) -> Result<axum::Json<AssignmentView>, ApiError> {
    change(&state, &client, &id, Change::Withdraw, request.reason).await
}

#[utoipa::path(
    post,
    path = "/api/v1/assignments/{id}/outcome",
    tag = "assignments",
    params(("id" = Uuid, Path, description = "The assignment id")),
    request_body = OutcomeRequest,
    responses(
        (status = 200, description = "Recorded; the assignment as it now is", body = AssignmentView),
        (status = 400, description = "Bad JSON or a field that is wrong", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "Not found in your force", body = ErrorBody),
        (status = 409, description = "Withdrawn, or an outcome is recorded already", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn outcome(
    client: ApiClient,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<OutcomeRequest>,
) -> Result<axum::Json<AssignmentView>, ApiError> {
    let outcome = Outcome::parse(&request.outcome).ok_or_else(|| {
        ApiError::field(
            ErrorCode::InvalidField,
            "outcome",
            "`outcome` must be complied, referred-for-prosecution or referred-to-face-to-face.",
        )
    })?;
    change(
        &state,
        &client,
        &id,
        Change::Outcome(outcome),
        request.reason,
    )
    .await
}
