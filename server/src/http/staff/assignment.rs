//! `/staff/assignments/{id}`: the whole case — the person, the course, a timeline of
//! everything that happened, every answer, and the actions still open. Each view is
//! written to the audit log.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use chrono::{DateTime, Utc};
use reroute_app::staff::view_model::{
    AnswerItem, AssignmentView, LessonAnswers, ScaleChange, TimelineItem,
};
use reroute_content::{Course, LessonPart};
use reroute_db::entity::{answer, assignment, participant};
use reroute_db::queries::{assignments, audit, case_events, case_record, journey};
use reroute_domain::case_actions;
use reroute_domain::deadline::long_date;
use reroute_domain::disposal::{Disposal, Outcome};
use reroute_domain::journey::percent_done;
use reroute_domain::scoring::score;
use reroute_domain::status::Status;
use serde::Deserialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::page::{PageError, respond};
use super::dashboard::status_tag;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

/// The force's assignment named in the path, with its participant; a malformed id or
/// another force's assignment is simply not found.
pub async fn load(
    state: &AppState,
    staff: &Staff,
    id: &str,
) -> Result<(assignment::Model, participant::Model), PageError> {
    staff.require_participants()?;
    let id = Uuid::try_parse(id).map_err(|_| PageError::NotFound)?;
    assignments::in_organisation(&state.db.connection, staff.organisation.id, id)
        .await?
        .ok_or(PageError::NotFound)
}

/// The course version the assignment is pinned to, or the current one before it starts.
pub async fn course_of(
    state: &AppState,
    assignment: &assignment::Model,
) -> Result<Option<std::sync::Arc<Course>>, PageError> {
    Ok(match &assignment.course_version {
        Some(version) => state.content.version(&state.db.connection, version).await?,
        None => state.content.current(&assignment.course_id),
    })
}

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let result = async {
        let (assignment, person) = load(&state, &staff, &id).await?;
        audit::append(
            &state.db.connection,
            meta.staff_event(
                &staff,
                "staff.viewed-assignment",
                Some(("assignment", assignment.id.to_string())),
                None,
            ),
        )
        .await?;
        let mut view = build(&state, &assignment, &person).await?;
        view.notice = notice_for(&done.done, &assignment);
        if staff.role.manages_force() {
            view.admin_links = super::participants::admin_links(person.id);
        }
        let route = format!("/staff/assignments/{}", assignment.id);
        Ok(staff_page(&state, &headers, &route, Some(&staff), StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// The confirmation after an action redirected here.
fn notice_for(done: &str, assignment: &assignment::Model) -> Option<String> {
    match done {
        "note" => Some("Note added.".to_owned()),
        "extend" => Some(format!(
            "Deadline extended to {}.",
            long_date(assignment.deadline)
        )),
        "withdraw" => Some("Course withdrawn. The code no longer works.".to_owned()),
        "outcome" => Some("Outcome recorded.".to_owned()),
        _ => None,
    }
}

fn when(time: DateTime<Utc>) -> String {
    time.format("%-d %b %Y, %H:%M").to_string()
}

fn minutes(seconds: i64) -> String {
    match seconds / 60 {
        0 if seconds > 0 => "less than a minute".to_owned(),
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}

/// Visible text of a fragment of the course's safe HTML (tags dropped, entities read).
pub fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

async fn build(
    state: &AppState,
    assignment: &assignment::Model,
    person: &participant::Model,
) -> Result<AssignmentView, PageError> {
    let db = &state.db.connection;
    let today = Utc::now().date_naive();
    let course = course_of(state, assignment).await?;
    let lessons = case_record::lessons_of(db, assignment.id).await?;
    let answers = journey::answers_of(db, assignment.id).await?;
    let events = case_events::for_assignment(db, assignment.id).await?;
    let first_sign_in = case_record::first_sign_in(db, person.id, assignment.created_at).await?;
    let progress = journey::progress(db, assignment).await?;
    let stored = Status::parse(&assignment.status).unwrap_or(Status::Assigned);
    let course_title = course
        .as_ref()
        .map_or_else(|| assignment.course_id.clone(), |c| c.title.clone());
    let lesson_title = |number: i32| {
        course
            .as_ref()
            .and_then(|c| {
                c.lessons
                    .iter()
                    .find(|l| i64::from(l.number) == i64::from(number))
            })
            .map_or_else(|| format!("Lesson {number}"), |l| l.title.clone())
    };

    let mut timeline: Vec<(DateTime<Utc>, TimelineItem)> = Vec::new();
    let mut push = |at: DateTime<Utc>,
                    title: String,
                    detail: Option<String>,
                    by: Option<String>,
                    reason: Option<String>| {
        timeline.push((
            at,
            TimelineItem {
                when: when(at),
                title,
                detail,
                by,
                reason,
            },
        ));
    };
    if !events.iter().any(|(event, _)| event.kind == "assigned") {
        push(
            assignment.created_at,
            "Assigned".to_owned(),
            Some(course_title.clone()),
            None,
            None,
        );
    }
    for (event, by) in &events {
        let title = match event.kind.as_str() {
            "assigned" => "Assigned",
            "letter-printed" => "Letter printed",
            "code-reissued" => "New code issued",
            "deadline-extended" => "Deadline extended",
            "withdrawn" => "Course withdrawn",
            "note" => "Note",
            "outcome-recorded" => "Outcome recorded",
            other => other,
        };
        push(
            event.occurred_at,
            title.to_owned(),
            event.detail.clone(),
            by.clone(),
            event.reason.clone(),
        );
    }
    if let Some(at) = first_sign_in {
        push(at, "First signed in".to_owned(), None, None, None);
    }
    if let Some(at) = assignment.declared_at {
        push(
            at,
            "Agreed to do the course in their own words".to_owned(),
            None,
            None,
            None,
        );
    }
    for lesson in &lessons {
        push(
            lesson.reached_at,
            format!(
                "Reached lesson {}: {}",
                lesson.lesson_number,
                lesson_title(lesson.lesson_number)
            ),
            None,
            None,
            None,
        );
    }
    let mut attempts_started: HashMap<i32, DateTime<Utc>> = HashMap::new();
    for answer in answers.iter().filter(|a| a.attempt > 1) {
        attempts_started
            .entry(answer.attempt)
            .or_insert(answer.answered_at);
    }
    for (attempt, at) in &attempts_started {
        push(
            *at,
            format!("Started attempt {attempt} at the questions"),
            None,
            None,
            None,
        );
    }
    if let Some(at) = assignment.completed_at {
        let title = if stored == Status::NotPassed {
            "Finished: not passed"
        } else {
            "Finished the course"
        };
        push(at, title.to_owned(), None, None, None);
    }
    timeline.sort_by_key(|(at, _)| *at);

    let seconds: i64 = lessons.iter().map(|l| i64::from(l.seconds_spent)).sum();
    let finished = lessons.iter().filter(|l| l.finished_at.is_some()).count();
    let lesson_count = course.as_ref().map_or(0, |c| c.lessons.len());
    let result = match (&course, assignment.completed_at) {
        (Some(course), Some(_)) => {
            let firsts: HashMap<String, bool> = answers
                .iter()
                .filter(|a| a.kind == "quiz" && a.attempt == assignment.attempt)
                .map(|a| (a.block_id.clone(), a.first_try_correct.unwrap_or(false)))
                .collect();
            let s = score(course, &firsts);
            Some(format!(
                "Score {} of {} ({}%). Pass mark {}%. {} on attempt {} of {}.",
                s.right,
                s.total,
                s.percent,
                course.pass_mark,
                if s.passed { "Passed" } else { "Not passed" },
                assignment.attempt,
                course.attempts
            ))
        }
        _ => None,
    };
    let (status_label, status_colour) = status_tag(
        &assignment.status,
        assignment.outcome.as_deref(),
        assignment.deadline,
        today,
    );
    let by_block: HashMap<&str, Vec<&answer::Model>> =
        answers.iter().fold(HashMap::new(), |mut map, a| {
            map.entry(a.block_id.as_str())
                .or_insert_with(Vec::new)
                .push(a);
            map
        });
    let lessons_view = course
        .as_ref()
        .map(|course| lesson_answers(course, &lessons, &by_block))
        .unwrap_or_default();
    let scales = course
        .as_ref()
        .map(|course| scale_changes(course, &by_block))
        .unwrap_or_default();
    let actions = case_actions::available(stored, assignment.outcome.is_some())
        .into_iter()
        .map(|action| {
            (
                action.label().to_owned(),
                format!("/staff/assignments/{}/{}", assignment.id, action.slug()),
            )
        })
        .collect();
    Ok(AssignmentView {
        name: person.name.clone(),
        date_of_birth: long_date(person.date_of_birth),
        force_reference: person.force_reference.clone(),
        contact: person.contact.clone(),
        accessibility_notes: person.accessibility_notes.clone(),
        course: course_title,
        course_version: assignment
            .course_version
            .as_ref()
            .map(|v| v.chars().take(12).collect()),
        disposal: Disposal::parse(&assignment.disposal_type)
            .map_or(assignment.disposal_type.clone(), |d| d.label().to_owned()),
        condition_text: assignment.condition_text.clone(),
        deadline: long_date(assignment.deadline),
        status_label,
        status_colour: status_colour.to_owned(),
        outcome: assignment.outcome.as_deref().map(|stored| {
            let label = Outcome::parse(stored).map_or(stored, |o| o.label());
            match &assignment.outcome_reason {
                Some(reason) => format!("{label}. Reason: {reason}"),
                None => label.to_owned(),
            }
        }),
        progress: format!("{finished} of {lesson_count} lessons finished"),
        percent_done: course.as_ref().map_or(0, |c| percent_done(c, &progress)),
        time_spent: minutes(seconds),
        result,
        evidence: reroute_db::queries::evidence::record_for(db, assignment.id)
            .await?
            .map(|record| reroute_app::evidence::CaseEvidence {
                verify_code: reroute_domain::evidence::grouped(
                    record.verify_code.as_deref().unwrap_or_default(),
                ),
                key_id: record.key_id,
                issued: when(record.issued_at),
                certificate_href: format!("/staff/assignments/{}/certificate", assignment.id),
            }),
        timeline: timeline.into_iter().map(|(_, item)| item).collect(),
        lessons: lessons_view,
        scales,
        actions,
        admin_links: Vec::new(),
        notice: None,
    })
}

fn lesson_answers(
    course: &Course,
    lessons: &[reroute_db::entity::lesson_progress::Model],
    by_block: &HashMap<&str, Vec<&answer::Model>>,
) -> Vec<LessonAnswers> {
    course
        .lessons
        .iter()
        .map(|lesson| {
            let reached = lessons
                .iter()
                .find(|l| i64::from(l.lesson_number) == i64::from(lesson.number));
            let summary = match reached {
                Some(l) => format!(
                    "Reached {} · {}",
                    when(l.reached_at),
                    minutes(i64::from(l.seconds_spent))
                ),
                None => "Not reached yet".to_owned(),
            };
            let answers = lesson
                .parts
                .iter()
                .flat_map(|part| answer_items(part, by_block))
                .collect();
            LessonAnswers {
                title: format!("{}. {}", lesson.number, lesson.title),
                summary,
                answers,
            }
        })
        .collect()
}

/// Every stored answer to one block, in the order given.
fn answer_items(
    part: &LessonPart,
    by_block: &HashMap<&str, Vec<&answer::Model>>,
) -> Vec<AnswerItem> {
    let (id, question) = match part {
        LessonPart::Quiz(quiz) => (quiz.id.as_str(), plain_text(&quiz.question_html)),
        LessonPart::Reflect(reflect) => (reflect.id.as_str(), plain_text(&reflect.prompt_html)),
        LessonPart::Scale(scale) => (scale.id.as_str(), plain_text(&scale.prompt_html)),
        LessonPart::Html(_) => return Vec::new(),
    };
    by_block
        .get(id)
        .into_iter()
        .flatten()
        .map(|stored| AnswerItem {
            question: question.clone(),
            answer: answer_text(part, &stored.value),
            first_try_right: stored.first_try_correct,
            attempt: u32::try_from(stored.attempt).unwrap_or(0),
            answered_at: when(stored.answered_at),
        })
        .collect()
}

/// A stored answer (JSON) as words: the options chosen, the text written, or the number.
pub fn answer_text(part: &LessonPart, value: &str) -> String {
    match part {
        LessonPart::Quiz(quiz) => serde_json::from_str::<Vec<usize>>(value)
            .map(|chosen| {
                chosen
                    .iter()
                    .filter_map(|index| quiz.options.get(*index))
                    .map(|option| plain_text(&option.html))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_default(),
        LessonPart::Reflect(_) => serde_json::from_str::<String>(value).unwrap_or_default(),
        LessonPart::Scale(scale) => serde_json::from_str::<i32>(value)
            .map(|n| format!("{n} (from {} to {})", scale.min, scale.max))
            .unwrap_or_default(),
        LessonPart::Html(_) => String::new(),
    }
}

/// Scales asked twice with the same question: the first answer and the last.
fn scale_changes(
    course: &Course,
    by_block: &HashMap<&str, Vec<&answer::Model>>,
) -> Vec<ScaleChange> {
    let scales: Vec<_> = course
        .lessons
        .iter()
        .flat_map(|lesson| &lesson.parts)
        .filter_map(|part| match part {
            LessonPart::Scale(scale) => Some(scale),
            _ => None,
        })
        .collect();
    let value = |id: &str| {
        by_block
            .get(id)
            .and_then(|answers| answers.first())
            .and_then(|a| serde_json::from_str::<i32>(&a.value).ok())
            .map(|n| n.to_string())
    };
    let mut changes = Vec::new();
    for (index, first) in scales.iter().enumerate() {
        let asked_before = scales[..index]
            .iter()
            .any(|s| s.prompt_html == first.prompt_html);
        let last = scales[index + 1..]
            .iter()
            .rev()
            .find(|s| s.prompt_html == first.prompt_html);
        if let (false, Some(last)) = (asked_before, last) {
            changes.push(ScaleChange {
                prompt: plain_text(&first.prompt_html),
                before: value(&first.id),
                after: value(&last.id),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_html_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>How do <em>you</em> feel &amp; why?</p>\n"),
            "How do you feel & why?"
        );
    }

    #[test]
    fn minutes_are_written_as_people_say_them() {
        assert_eq!(minutes(0), "0 minutes");
        assert_eq!(minutes(30), "less than a minute");
        assert_eq!(minutes(61), "1 minute");
        assert_eq!(minutes(600), "10 minutes");
    }
}
