//! The force's learning records as xAPI 1.0.3 statements, for its learning record store:
//! `GET /api/v1/xapi/statements?since=…`, oldest first (by timestamp, then id), a page
//! at a time with xAPI's `more` link. The statements are built from the stored progress
//! by [`reroute_domain::xapi`] for the assignments with activity since `since` (chosen in
//! the database, so a page costs what changed, not the force's whole history); their ids
//! are derived from the events, so paging is stable and a statement read twice has the
//! same id.

use std::collections::{BTreeSet, HashMap};

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, SecondsFormat, Utc};
use reroute_content::{Course, LessonPart};
use reroute_db::entity::{answer, assignment};
use reroute_db::queries::{audit, case_record, learning_records};
use reroute_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use reroute_domain::scoring;
use reroute_domain::xapi::{self, AnswerRecord, CompletionRecord, LearningRecord, LessonRecord};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::super::AppState;
use super::super::evidence::origin;
use super::auth::ApiClient;
use super::error::{ApiError, ErrorBody, ErrorCode};

const DEFAULT_PAGE: usize = 100;
const MAX_PAGE: usize = 500;
/// The header every xAPI response carries.
pub const VERSION_HEADER: &str = "x-experience-api-version";

/// A page of statements: xAPI's StatementResult.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementPage {
    /// xAPI 1.0.3 statements: `id`, `actor` (an Agent with an `account` on this site,
    /// named by the participant id), `verb` (ADL's initialized, progressed, answered,
    /// completed, passed or failed), `object` (the course, `…/lessons/<n>` or
    /// `…/questions/<block id>`), `result` where it applies, `context.registration` (the
    /// assignment id), `timestamp` and `version`.
    #[schema(value_type = Vec<Object>)]
    pub statements: Vec<xapi::Statement>,
    /// The relative address of the next page, or `""` on the last page.
    pub more: String,
}

fn query_error(field: &str, message: &str) -> ApiError {
    ApiError::field(ErrorCode::InvalidQuery, field, message)
}

type Position = (DateTime<Utc>, Uuid);

fn encode_cursor((at, id): Position) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{}|{id}",
        at.to_rfc3339_opts(SecondsFormat::Nanos, true)
    ))
}

fn decode_cursor(cursor: &str) -> Option<Position> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    let (at, id) = text.split_once('|')?;
    Some((
        DateTime::parse_from_rfc3339(at).ok()?.with_timezone(&Utc),
        Uuid::try_parse(id).ok()?,
    ))
}

struct StatementQuery {
    since: DateTime<Utc>,
    since_text: String,
    cursor: Option<Position>,
    limit: usize,
}

fn statement_query(raw: Option<&str>) -> Result<StatementQuery, ApiError> {
    let (mut since, mut cursor, mut limit) = (None, None, DEFAULT_PAGE);
    for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
        match key.as_ref() {
            "since" => {
                let at = DateTime::parse_from_rfc3339(&value).map_err(|_| {
                    query_error(
                        "since",
                        "`since` must be an RFC 3339 time, such as 2026-11-01T00:00:00Z.",
                    )
                })?;
                since = Some((at.with_timezone(&Utc), value.into_owned()));
            }
            "cursor" => {
                cursor = Some(decode_cursor(&value).ok_or_else(|| {
                    query_error("cursor", "`cursor` must come from a page's `more` address.")
                })?);
            }
            "limit" => {
                limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_PAGE).contains(n))
                    .ok_or_else(|| {
                        query_error("limit", "`limit` must be a whole number from 1 to 500.")
                    })?;
            }
            other => {
                return Err(query_error(
                    other,
                    "Unknown query parameter: use since, cursor and limit.",
                ));
            }
        }
    }
    let (since, since_text) =
        since.ok_or_else(|| query_error("since", "`since` is required, as an RFC 3339 time."))?;
    Ok(StatementQuery {
        since,
        since_text,
        cursor,
        limit,
    })
}

/// The plain text of each block's question in the course, by block id.
fn block_titles(course: &Course) -> HashMap<String, String> {
    course
        .lessons
        .iter()
        .flat_map(|lesson| &lesson.parts)
        .filter_map(|part| match part {
            LessonPart::Quiz(quiz) => Some((quiz.id.clone(), &quiz.question_html)),
            LessonPart::Reflect(block) => Some((block.id.clone(), &block.prompt_html)),
            LessonPart::Scale(block) => Some((block.id.clone(), &block.prompt_html)),
            LessonPart::Html(_) => None,
        })
        .map(|(id, html)| (id, xapi::plain_text(html)))
        .collect()
}

/// Everything stored about one started assignment, as plain data for the statements.
async fn learning_record(
    state: &AppState,
    row: &assignment::Model,
) -> Result<LearningRecord, ApiError> {
    let db = &state.db.connection;
    let course = match &row.course_version {
        Some(version) => state.content.version(db, version).await?,
        None => state.content.current(&row.course_id),
    };
    let titles = course.as_deref().map(block_titles).unwrap_or_default();
    let lesson_title = |number: u32| {
        course
            .as_deref()
            .and_then(|c| c.lessons.iter().find(|l| l.number == number))
            .map_or_else(|| format!("Lesson {number}"), |l| l.title.clone())
    };
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    let lessons: Vec<LessonRecord> = case_record::lessons_of(db, row.id)
        .await?
        .into_iter()
        .map(|lesson| LessonRecord {
            number: count(lesson.lesson_number),
            title: lesson_title(count(lesson.lesson_number)),
            reached_at: lesson.reached_at,
            finished_at: lesson.finished_at,
            seconds_spent: count(lesson.seconds_spent),
        })
        .collect();
    let answers = answer::Entity::find()
        .filter(answer::Column::AssignmentId.eq(row.id))
        .order_by_asc(answer::Column::AnsweredAt)
        .all(db)
        .await?;
    let completion = match (row.completed_at, &course) {
        (Some(completed_at), Some(course)) if row.status != "withdrawn" => {
            let right_first_time: HashMap<String, bool> = answers
                .iter()
                .filter(|a| a.attempt == row.attempt && a.kind == "quiz")
                .map(|a| (a.block_id.clone(), a.first_try_correct.unwrap_or(false)))
                .collect();
            let score = scoring::score(course, &right_first_time);
            Some(CompletionRecord {
                completed_at,
                right: score.right,
                total: score.total,
                pass_mark: course.pass_mark,
                passed: score.passed,
                seconds_spent: lessons.iter().map(|l| l.seconds_spent).sum(),
            })
        }
        _ => None,
    };
    Ok(LearningRecord {
        assignment_id: row.id,
        participant_id: row.participant_id,
        course_id: row.course_id.clone(),
        course_title: course
            .as_deref()
            .map_or_else(|| row.course_id.clone(), |c| c.title.clone()),
        declared_at: row.declared_at,
        lessons,
        answers: answers
            .into_iter()
            .map(|a| AnswerRecord {
                title: titles
                    .get(&a.block_id)
                    .cloned()
                    .unwrap_or_else(|| a.block_id.clone()),
                block_id: a.block_id,
                attempt: count(a.attempt),
                first_try_correct: a.first_try_correct,
                answered_at: a.answered_at,
            })
            .collect(),
        completion,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/xapi/statements",
    tag = "xapi",
    params(
        ("since" = DateTime<Utc>, Query, description = "RFC 3339: statements with a timestamp at or after this time"),
        ("cursor" = Option<String>, Query, description = "Set by the `more` address of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1 to 500 (default 100)"),
    ),
    responses(
        (status = 200, description = "A page of xAPI 1.0.3 statements, oldest first (by timestamp, then id), with the header `X-Experience-API-Version: 1.0.3`", body = StatementPage),
        (status = 400, description = "A malformed query parameter", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 429, description = "Rate limited", body = ErrorBody),
    ),
    security(("bearer" = []))
)]
pub async fn statements(
    client: ApiClient,
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let query = statement_query(raw.as_deref())?;
    let db = &state.db.connection;
    let started =
        learning_records::active_since(db, client.client.organisation_id, query.since).await?;
    let home_page = origin(&state, &headers);
    let mut all = Vec::new();
    for row in &started {
        let record = learning_record(&state, row).await?;
        all.extend(
            xapi::statements(&record, &home_page)
                .into_iter()
                .filter(|s| s.at >= query.since)
                .filter(|s| query.cursor.is_none_or(|after| (s.at, s.id) > after)),
        );
    }
    xapi::sort(&mut all);
    let more = if all.len() > query.limit {
        all.truncate(query.limit);
        all.last().map_or_else(String::new, |last| {
            let next: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("since", &query.since_text)
                .append_pair("cursor", &encode_cursor((last.at, last.id)))
                .append_pair("limit", &query.limit.to_string())
                .finish();
            format!("/api/v1/xapi/statements?{next}")
        })
    } else {
        String::new()
    };
    // Every assignment whose statements are on the page is a read of that record.
    let read: BTreeSet<Uuid> = all.iter().map(|s| s.context.registration).collect();
    for id in read {
        audit::append(
            db,
            client.event(
                "api.read-learning-records",
                Some(("assignment", id.to_string())),
                None,
            ),
        )
        .await?;
    }
    let mut response = axum::Json(StatementPage {
        statements: all,
        more,
    })
    .into_response();
    response
        .headers_mut()
        .insert(VERSION_HEADER, HeaderValue::from_static(xapi::VERSION));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_needs_a_valid_since() {
        let problem = |raw: &str| statement_query(Some(raw)).err().map(|e| format!("{e:?}"));
        assert!(problem("since=2026-11-01T00:00:00Z&limit=500").is_none());
        assert!(problem("since=yesterday").is_some_and(|e| e.contains("since")));
        assert!(problem("limit=10").is_some_and(|e| e.contains("since")));
        assert!(problem("since=2026-11-01T00:00:00Z&limit=501").is_some());
        assert!(problem("since=2026-11-01T00:00:00Z&cursor=x").is_some());
    }

    #[test]
    fn cursors_round_trip() {
        let at = DateTime::parse_from_rfc3339("2026-11-01T10:00:00.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = Uuid::from_u128(7);
        assert_eq!(decode_cursor(&encode_cursor((at, id))), Some((at, id)));
    }
}
