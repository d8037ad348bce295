//! The GOV.UK error summary: what is wrong and how to fix it, each linked to its field.

use leptos::prelude::*;

use crate::components::focus::FocusOnLoad;
use crate::view_model::FieldError;

#[component]
pub fn ErrorSummary(errors: Vec<FieldError>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <ul class="error-summary__list">
                    {errors.into_iter().map(|error| {
                        let href = format!("#{}", error.field_id);
                        view! { <li><a href=href>{error.message}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
            <FocusOnLoad target="error-summary".to_string()/>
        }
    })
}

/// The message for one field, shown above it, if that field has a problem.
pub fn field_error(errors: &[FieldError], field_id: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field_id == field_id)
        .map(|e| e.message.clone())
}

#[component]
pub fn ErrorMessage(message: Option<String>, id: String) -> impl IntoView {
    message.map(|message| {
        view! {
            <p class="error-message" id=id>
                <span class="visually-hidden">"Error: "</span>
                {message}
            </p>
        }
    })
}
