//! A lesson page, its answer form, and the end of a lesson.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use reroute_app::participant::view_model::{BlockView, LessonView, NextStep, QuizResult};
use reroute_app::view_model::FieldError;
use reroute_content::LessonPart;
use reroute_db::queries::journey::{self, NewAnswer};
use reroute_domain::journey::{Next, Position, may_view, next, segments};

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, render_view, respond};
use super::course::where_now;
use super::loaded::Loaded;

type PagePath = Path<(String, u32, usize)>;

/// Checks that the page exists and may be seen now; `page` in the URL counts from 1.
fn position(loaded: &Loaded, lesson: u32, page: usize) -> Option<Position> {
    let position = Position {
        lesson,
        segment: page.checked_sub(1)?,
    };
    (loaded.assignment.declared_at.is_some()
        && may_view(&loaded.course, &loaded.progress, position))
    .then_some(position)
}

fn page_url(loaded: &Loaded, position: Position) -> String {
    format!(
        "{}/lessons/{}/{}",
        loaded.base_path(),
        position.lesson,
        position.segment + 1
    )
}

pub async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, lesson, page)): PagePath,
) -> Response {
    let result = async {
        let loaded = Loaded::load(&state, &headers, &id).await?;
        let Some(position) = position(&loaded, lesson, page) else {
            return Ok(Redirect::to(&where_now(&loaded)).into_response());
        };
        journey::visit_lesson(
            &state.db.connection,
            loaded.assignment.id,
            lesson,
            Utc::now(),
        )
        .await?;
        render_lesson(
            &state,
            &headers,
            &uri,
            &loaded,
            position,
            Vec::new(),
            None,
            StatusCode::OK,
        )
        .await
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Builds and renders a lesson page. `typed` is text to show in a reflection's box (a
/// draft, or what was just sent with an error).
#[allow(clippy::too_many_arguments)]
async fn render_lesson(
    state: &AppState,
    headers: &HeaderMap,
    uri: &Uri,
    loaded: &Loaded,
    position: Position,
    errors: Vec<FieldError>,
    typed: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let course = &loaded.course;
    let lesson = course.lesson(position.lesson).ok_or(PageError::NotFound)?;
    let lesson_index = course
        .lessons
        .iter()
        .position(|l| l.number == lesson.number)
        .unwrap_or(0);
    let pages = segments(lesson);
    let segment = *pages.get(position.segment).ok_or(PageError::NotFound)?;
    let parts = lesson
        .parts
        .get(segment.start..segment.end)
        .unwrap_or_default();
    let prose_html = parts
        .iter()
        .filter_map(|part| match part {
            LessonPart::Html(html) => Some(html.clone()),
            _ => None,
        })
        .collect();
    let block_part = segment.block.and_then(|index| lesson.parts.get(index));
    let answered = block_part.is_none_or(|part| loaded.progress.is_answered(part));
    let block = match block_part {
        Some(part) => Some(block_view(state, loaded, part, typed).await?),
        None => None,
    };
    let next_step = answered.then(|| match next(course, &loaded.progress, position) {
        Next::Page(to) | Next::Resume(to) => NextStep::Link(page_url(loaded, to)),
        Next::FinishLesson(number) => {
            NextStep::FinishLesson(format!("{}/lessons/{number}/finish", loaded.base_path()))
        }
        Next::Complete => NextStep::Link(format!("{}/finished", loaded.base_path())),
    });
    let back_href = if position.segment > 0 {
        page_url(
            loaded,
            Position {
                segment: position.segment - 1,
                ..position
            },
        )
    } else {
        lesson_index
            .checked_sub(1)
            .and_then(|i| course.lessons.get(i))
            .map_or("/my-courses".to_owned(), |previous| {
                page_url(
                    loaded,
                    Position {
                        lesson: previous.number,
                        segment: segments(previous).len() - 1,
                    },
                )
            })
    };
    let view = LessonView {
        course_title: course.title.clone(),
        lesson_number: lesson_index + 1,
        lesson_count: course.lessons.len(),
        lesson_title: lesson.title.clone(),
        page_number: position.segment + 1,
        page_count: pages.len(),
        prose_html,
        block,
        form_action: page_url(loaded, position),
        back_href,
        saved_href: format!("{}/saved", loaded.base_path()),
        next: next_step,
        errors,
        attempt: loaded.progress.attempt,
    };
    Ok(render_view(state, headers, uri, true, status, view).await)
}

async fn block_view(
    state: &AppState,
    loaded: &Loaded,
    part: &LessonPart,
    typed: Option<String>,
) -> Result<BlockView, PageError> {
    let db = &state.db.connection;
    let assignment_id = loaded.assignment.id;
    Ok(match part {
        LessonPart::Quiz(quiz) => {
            let stored =
                journey::stored_answer(db, assignment_id, &quiz.id, loaded.assignment.attempt)
                    .await?;
            let chosen: Vec<usize> = stored
                .as_ref()
                .and_then(|a| serde_json::from_str(&a.value).ok())
                .unwrap_or_default();
            let result = stored.map(|answer| QuizResult {
                right: answer.first_try_correct.unwrap_or(false),
                right_options: quiz
                    .options
                    .iter()
                    .filter(|o| o.correct)
                    .map(|o| o.html.clone())
                    .collect(),
                explanation_html: quiz.explanation_html.clone(),
            });
            BlockView::Quiz {
                id: quiz.id.clone(),
                question_html: quiz.question_html.clone(),
                multiple: quiz.is_multiple_choice(),
                options: quiz.options.iter().map(|o| o.html.clone()).collect(),
                chosen,
                result,
            }
        }
        LessonPart::Reflect(reflect) => {
            let stored = journey::latest_answer(db, assignment_id, &reflect.id).await?;
            let answered = stored.is_some();
            let text = match (stored, typed) {
                (Some(answer), _) => {
                    serde_json::from_str::<String>(&answer.value).unwrap_or_default()
                }
                (None, Some(typed)) => typed,
                (None, None) => journey::draft(db, assignment_id, &reflect.id)
                    .await?
                    .unwrap_or_default(),
            };
            BlockView::Reflect {
                id: reflect.id.clone(),
                prompt_html: reflect.prompt_html.clone(),
                min_words: reflect.min_words,
                text,
                answered,
            }
        }
        LessonPart::Scale(scale) => {
            let stored = journey::latest_answer(db, assignment_id, &scale.id).await?;
            BlockView::Scale {
                id: scale.id.clone(),
                prompt_html: scale.prompt_html.clone(),
                min: scale.min,
                max: scale.max,
                low: scale.low.clone(),
                high: scale.high.clone(),
                value: stored
                    .as_ref()
                    .and_then(|a| serde_json::from_str(&a.value).ok()),
                answered: stored.is_some(),
            }
        }
        LessonPart::Html(_) => return Err(PageError::NotFound),
    })
}

fn field_error(field_id: &str, message: String) -> Vec<FieldError> {
    vec![FieldError {
        field_id: field_id.to_owned(),
        message,
    }]
}

/// Stores the answer to the page's block. The first answer in an attempt is the one that
/// counts; sending the same form again changes nothing.
pub async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, lesson, page)): PagePath,
    body: Bytes,
) -> Response {
    let result = async {
        let mut loaded = Loaded::load(&state, &headers, &id).await?;
        let Some(position) = position(&loaded, lesson, page) else {
            return Ok(Redirect::to(&where_now(&loaded)).into_response());
        };
        let form = FormFields::parse(&body)?;
        let part = loaded
            .course
            .lesson(lesson)
            .and_then(|l| {
                segments(l)
                    .get(position.segment)
                    .and_then(|s| s.block)
                    .and_then(|i| l.parts.get(i))
            })
            .cloned()
            .ok_or(PageError::BadRequest("There is no question on this page."))?;
        let here = page_url(&loaded, position);
        if loaded.progress.is_answered(&part) {
            return Ok(Redirect::to(&here).into_response());
        }
        let now = Utc::now();
        let db = &state.db.connection;
        let mut new = NewAnswer {
            assignment_id: loaded.assignment.id,
            block_id: part.block_id().unwrap_or_default().to_owned(),
            attempt: loaded.assignment.attempt,
            kind: "quiz",
            value: String::new(),
            first_try_correct: None,
        };
        match &part {
            LessonPart::Quiz(quiz) => {
                let chosen: Option<Vec<usize>> = form
                    .get_all("choice")
                    .iter()
                    .map(|c| c.parse().ok())
                    .collect();
                let chosen = chosen
                    .filter(|c| c.iter().all(|i| *i < quiz.options.len()))
                    .ok_or(PageError::BadRequest(
                        "That answer is not one of the choices.",
                    ))?;
                if chosen.is_empty() {
                    let message = if quiz.is_multiple_choice() {
                        "Choose at least one answer"
                    } else {
                        "Choose an answer"
                    };
                    return render_lesson(
                        &state,
                        &headers,
                        &uri,
                        &loaded,
                        position,
                        field_error("choice-0", message.to_owned()),
                        None,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                }
                new.first_try_correct = Some(quiz.is_right_answer(&chosen));
                new.value = serde_json::to_string(&chosen).unwrap_or_default();
            }
            LessonPart::Reflect(reflect) => {
                let text = form.get("text").to_owned();
                if form.get("intent") == "save" {
                    journey::save_draft(db, loaded.assignment.id, &reflect.id, &text, now).await?;
                    return Ok(
                        Redirect::to(&format!("{}/saved", loaded.base_path())).into_response()
                    );
                }
                if !reflect.is_long_enough(&text) {
                    journey::save_draft(db, loaded.assignment.id, &reflect.id, &text, now).await?;
                    let words = text
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .count();
                    let message = if text.is_empty() {
                        "Write your answer in the box".to_owned()
                    } else {
                        format!(
                            "Write at least {} words. You have written {words}.",
                            reflect.min_words
                        )
                    };
                    return render_lesson(
                        &state,
                        &headers,
                        &uri,
                        &loaded,
                        position,
                        field_error("answer", message),
                        Some(text),
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                }
                new.kind = "reflect";
                new.value = serde_json::to_string(&text).unwrap_or_default();
            }
            LessonPart::Scale(scale) => {
                let Some(value) = form
                    .get("value")
                    .parse::<i32>()
                    .ok()
                    .filter(|v| scale.accepts(*v))
                else {
                    let message = format!("Choose a number from {} to {}", scale.min, scale.max);
                    return render_lesson(
                        &state,
                        &headers,
                        &uri,
                        &loaded,
                        position,
                        field_error(&format!("scale-{}", scale.min), message),
                        None,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await;
                };
                new.kind = "scale";
                new.value = value.to_string();
            }
            LessonPart::Html(_) => {
                return Err(PageError::BadRequest("There is no question on this page."));
            }
        }
        journey::record_answer(db, new, now).await?;
        journey::visit_lesson(db, loaded.assignment.id, lesson, now).await?;
        loaded.refresh(&state).await?;
        loaded.conclude_if_complete(&state).await?;
        // A quiz answer shows its explanation on the same page; other answers move on.
        let to = match (&part, next(&loaded.course, &loaded.progress, position)) {
            (LessonPart::Quiz(_), _) => here,
            (_, Next::Page(to)) => page_url(&loaded, to),
            _ => here,
        };
        Ok(Redirect::to(&to).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Records that the participant reached the end of a lesson, then moves on.
pub async fn finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path((id, lesson)): Path<(String, u32)>,
) -> Response {
    let result = async {
        let mut loaded = Loaded::load(&state, &headers, &id).await?;
        let Some(current) = loaded.course.lesson(lesson) else {
            return Err(PageError::NotFound);
        };
        let all_answered = current
            .blocks()
            .all(|part| loaded.progress.is_answered(part));
        let last = Position {
            lesson,
            segment: segments(current).len() - 1,
        };
        if loaded.assignment.declared_at.is_some()
            && all_answered
            && may_view(&loaded.course, &loaded.progress, last)
        {
            journey::finish_lesson(
                &state.db.connection,
                loaded.assignment.id,
                lesson,
                Utc::now(),
            )
            .await?;
            loaded.refresh(&state).await?;
            loaded.conclude_if_complete(&state).await?;
        }
        Ok(Redirect::to(&where_now(&loaded)).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}
