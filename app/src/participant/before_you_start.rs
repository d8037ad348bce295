//! Before the first lesson: what to expect, and the declaration.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::BeforeYouStartView;
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::components::missing_data::MissingData;

#[component]
pub fn BeforeYouStartPage() -> impl IntoView {
    let Some(page) = use_context::<BeforeYouStartView>() else {
        return view! { <MissingData/> }.into_any();
    };
    let title = if page.errors.is_empty() {
        format!("Before you start: {} – Reroute", page.title)
    } else {
        format!("Error: Before you start: {} – Reroute", page.title)
    };
    let declare_error = field_error(&page.errors, "declare");
    let group_class = if declare_error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    };
    view! {
        <PageTitle text=title/>
        <a class="back-link" href="/my-courses">"Back to your courses"</a>
        <ErrorSummary errors=page.errors.clone()/>
        <h1>"Before you start"</h1>
        <p class="lead">{page.title.clone()}</p>
        <p>{page.summary}</p>
        <h2>"What to expect"</h2>
        <ul class="list">
            <li>"There are "{page.lesson_count}" short lessons."</li>
            <li>"It takes about "{page.minutes}" minutes in all."</li>
            <li>"You read a little, then answer a question. One thing at a time."</li>
            <li>"You can stop and come back later. Your answers are saved as you go."</li>
            <li>"The person who set your course can read your answers."</li>
            <li><strong>{page.deadline_text}</strong></li>
        </ul>
        <h2>"If you need help"</h2>
        <p>"You can ask someone to read the lessons with you. You must give the answers yourself."</p>
        <p><a href="#help">"See who you can call for help"</a></p>
        <form method="post" action=page.form_action>
            <div class=group_class>
                <ErrorMessage message=declare_error id="declare-error".to_string()/>
                <div class="checkbox">
                    <input class="checkbox__input" id="declare" name="declare" type="checkbox" value="yes"/>
                    <label class="checkbox__label" for="declare">
                        "I am "{page.participant_name}". I will do this course myself."
                    </label>
                </div>
            </div>
            <button type="submit" class="button button--start">"Start the course"</button>
        </form>
    }
    .into_any()
}
