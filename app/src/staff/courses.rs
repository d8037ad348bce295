//! The course library: every course the force can assign, and a preview of each.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{StaffMissingData, staff_title};
use super::view_model::{CourseLibraryView, CoursePreviewView, CourseSummary};

/// "N lessons · about M minutes · pass mark P% · version V".
fn course_facts(course: &CourseSummary) -> String {
    let lessons = if course.lesson_count == 1 {
        "1 lesson".to_string()
    } else {
        format!("{} lessons", course.lesson_count)
    };
    format!(
        "{lessons} · about {} minutes · pass mark {}% · version {}",
        course.minutes, course.pass_mark, course.version
    )
}

/// `/staff/courses`: a card per course, linking to its preview.
#[component]
pub fn CourseLibraryPage() -> impl IntoView {
    let Some(page) = use_context::<CourseLibraryView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let empty = page.courses.is_empty();
    view! {
        <PageTitle text=staff_title("Courses", false)/>
        <h1>"Courses"</h1>
        {empty.then(|| view! { <p>"There are no courses yet."</p> })}
        <ul class="course-cards">
            {page.courses.into_iter().map(|course| {
                let facts = course_facts(&course);
                view! {
                    <li class="course-card">
                        <h2 class="course-card__title"><a href=course.href>{course.title}</a></h2>
                        <p>{course.summary}</p>
                        <p class="course-card__facts">{facts}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/staff/courses/{id}`: the whole course as participants see it, lesson by lesson.
#[component]
pub fn CoursePreviewPage() -> impl IntoView {
    let Some(page) = use_context::<CoursePreviewView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    view! {
        <PageTitle text=staff_title(&page.title, false)/>
        <a class="back-link" href="/staff/courses">"Back to courses"</a>
        <span class="caption">"Course preview"</span>
        <h1 class="heading--after-caption">{page.title}</h1>
        <p class="lead">{page.summary}</p>
        <p class="course-card__facts">"Version "<code class="code">{page.version}</code></p>
        {page.lessons.into_iter().map(|lesson| view! {
            <section class="preview-lesson">
                <h2>{lesson.title}</h2>
                // Trusted: sanitised by the course renderer from what course authors wrote.
                {lesson.parts_html.into_iter().map(|html| view! { <div class="prose" inner_html=html></div> }).collect_view()}
            </section>
        }).collect_view()}
    }
    .into_any()
}
