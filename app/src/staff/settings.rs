//! The force's settings (admins only): the default deadline of each disposal type.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{NoticeBanner, StaffMissingData, described_by, group_class, staff_title};
use super::view_model::{DeadlineDefaultRow, ForceSettingsView};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::view_model::FieldError;

/// `/staff/settings`: default deadlines, in days, one per disposal type.
#[component]
pub fn ForceSettingsPage() -> impl IntoView {
    let Some(page) = use_context::<ForceSettingsView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let errors = page.errors.clone();
    view! {
        <PageTitle text=staff_title("Force settings", !errors.is_empty())/>
        <ErrorSummary errors=errors.clone()/>
        <NoticeBanner notice=page.notice success=true/>
        <h1>"Force settings"</h1>
        <form method="post" action="/staff/settings" novalidate>
            <fieldset class="fieldset" aria-describedby="defaults-hint">
                <legend class="fieldset__legend">
                    <h2 class="fieldset__heading">"Default deadlines"</h2>
                </legend>
                <p class="hint" id="defaults-hint">"Used when a caseworker leaves the deadline blank."</p>
                {page.rows.into_iter().map(|row| view! { <DaysField row errors=errors.clone()/> }).collect_view()}
            </fieldset>
            <button type="submit" class="button">"Save settings"</button>
        </form>
    }
    .into_any()
}

/// One disposal type's default deadline: a number of days.
#[component]
fn DaysField(row: DeadlineDefaultRow, errors: Vec<FieldError>) -> impl IntoView {
    let error = field_error(&errors, &row.field);
    let error_id = format!("{}-error", row.field);
    let suffix_id = format!("{}-suffix", row.field);
    let described = described_by(&[
        Some(suffix_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]);
    let group = group_class(&error);
    view! {
        <div class=group>
            <label class="label" for=row.field.clone()>{row.label}</label>
            <ErrorMessage message=error id=error_id.clone()/>
            <div class="input__wrapper">
                <input class="input input--width-4" id=row.field.clone() name=row.field type="text"
                    inputmode="numeric" spellcheck="false" value=row.days aria-describedby=described/>
                <span class="input__suffix" id=suffix_id.clone()>"days"</span>
            </div>
        </div>
    }
}
