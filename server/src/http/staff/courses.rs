//! `/staff/courses`: the course library, and each course as participants will see it.
//! Every member of staff may look; there is nothing about participants here.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use reroute_app::staff::view_model::{
    CourseLibraryView, CoursePreviewView, CourseSummary, PreviewLesson,
};
use reroute_content::LessonPart;

use super::super::AppState;
use super::super::page::{PageError, respond};
use super::render::staff_page;
use super::session::Staff;

fn short_version(version: &str) -> String {
    version.chars().take(12).collect()
}

pub async fn library(staff: Staff, State(state): State<AppState>, headers: HeaderMap) -> Response {
    let view = CourseLibraryView {
        courses: state
            .content
            .courses()
            .map(|course| CourseSummary {
                href: format!("/staff/courses/{}", course.id),
                title: course.title.clone(),
                summary: course.summary.clone(),
                minutes: course.minutes,
                lesson_count: course.lessons.len(),
                pass_mark: course.pass_mark,
                version: short_version(&course.version),
            })
            .collect(),
    };
    staff_page(
        &state,
        &headers,
        "/staff/courses",
        Some(&staff),
        StatusCode::OK,
        view,
    )
    .await
}

pub async fn preview(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(course_id): Path<String>,
) -> Response {
    let result = async {
        let course = state
            .content
            .current(&course_id)
            .ok_or(PageError::NotFound)?;
        let view = CoursePreviewView {
            title: course.title.clone(),
            summary: course.summary.clone(),
            version: short_version(&course.version),
            lessons: course
                .lessons
                .iter()
                .map(|lesson| PreviewLesson {
                    title: format!("{}. {}", lesson.number, lesson.title),
                    parts_html: lesson.parts.iter().map(part_html).collect(),
                })
                .collect(),
        };
        let route = format!("/staff/courses/{}", course.id);
        Ok::<_, PageError>(
            staff_page(&state, &headers, &route, Some(&staff), StatusCode::OK, view).await,
        )
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Escapes plain text (scale labels) for HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One part of a lesson as HTML for the preview. Prose and questions come from the
/// course renderer, which already made them safe; the rest is escaped here.
fn part_html(part: &LessonPart) -> String {
    match part {
        LessonPart::Html(html) => html.clone(),
        LessonPart::Quiz(quiz) => {
            let options: String = quiz
                .options
                .iter()
                .map(|option| {
                    let mark = if option.correct {
                        " <strong class=\"tag tag--green\">Right answer</strong>"
                    } else {
                        ""
                    };
                    format!("<li>{}{mark}</li>", option.html)
                })
                .collect();
            let explanation = quiz
                .explanation_html
                .as_ref()
                .map(|html| format!("<div class=\"inset-text\"><p><strong>Shown after answering:</strong></p>{html}</div>"))
                .unwrap_or_default();
            format!(
                "<div class=\"block\"><p class=\"caption\">Question</p>{}<ul class=\"list\">{options}</ul>{explanation}</div>",
                quiz.question_html
            )
        }
        LessonPart::Reflect(reflect) => format!(
            "<div class=\"block\"><p class=\"caption\">Written answer (at least {} words)</p>{}</div>",
            reflect.min_words, reflect.prompt_html
        ),
        LessonPart::Scale(scale) => {
            let end = |n: i32, label: &Option<String>| match label {
                Some(label) => format!("{n} ({})", escape(label)),
                None => n.to_string(),
            };
            format!(
                "<div class=\"block\"><p class=\"caption\">Scale from {} to {}</p>{}</div>",
                end(scale.min, &scale.low),
                end(scale.max, &scale.high),
                scale.prompt_html
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reroute_content::Scale;

    #[test]
    fn scale_labels_are_escaped_in_the_preview() {
        let html = part_html(&LessonPart::Scale(Scale {
            id: "s".into(),
            prompt_html: "<p>How sure?</p>".into(),
            min: 1,
            max: 5,
            low: Some("<script>".into()),
            high: None,
        }));
        assert!(html.contains("1 (&lt;script&gt;)") && !html.contains("<script>"));
    }
}
