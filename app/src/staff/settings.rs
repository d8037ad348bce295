//! The force's settings (admins only): the default deadline of each disposal type, and
//! whether two-factor sign-in is required, and how long personal data is kept after a
//! course is closed.

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
            <fieldset class="fieldset" aria-describedby="retention-hint">
                <legend class="fieldset__legend">
                    <h2 class="fieldset__heading">"How long to keep personal data"</h2>
                </legend>
                <p class="hint" id="retention-hint">
                    "Months after a course is closed. Then the person's details, answers and case history "
                    "are erased; anonymous counts are kept."
                </p>
                <MonthsField field="retention-completed" label="When the person completed the course"
                    months=page.retention_completed errors=errors.clone()/>
                <MonthsField field="retention-other" label="Otherwise (not passed, withdrawn or not complied)"
                    months=page.retention_other errors=errors.clone()/>
            </fieldset>
            <button type="submit" class="button">"Save settings"</button>
        </form>
        <TwoFactorRequirement required=page.require_totp/>
    }
    .into_any()
}

/// Whether everyone in the force must use two-factor sign-in: its own form, so saving it
/// never touches the other settings.
#[component]
fn TwoFactorRequirement(required: bool) -> impl IntoView {
    view! {
        <form method="post" action="/staff/settings/two-factor" novalidate>
            <div class="form-group">
                <fieldset class="fieldset" aria-describedby="require-totp-hint">
                    <legend class="fieldset__legend">
                        <h2 class="fieldset__heading">"Two-factor sign-in"</h2>
                    </legend>
                    <p class="hint" id="require-totp-hint">
                        "Everyone then enters a code from an authenticator app after their password. Anyone who has not set it up, including you, is asked to at their next page."
                    </p>
                    <div class="checkbox">
                        <input class="checkbox__input" id="require-totp" name="require-totp" type="checkbox"
                            value="yes" checked=required/>
                        <label class="checkbox__label" for="require-totp">
                            "Require two-factor sign-in for everyone in this force"
                        </label>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="button">"Save two-factor setting"</button>
        </form>
    }
}

/// One retention period: a number of months.
#[component]
fn MonthsField(
    field: &'static str,
    label: &'static str,
    months: String,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let error = field_error(&errors, field);
    let error_id = format!("{field}-error");
    let suffix_id = format!("{field}-suffix");
    let described = described_by(&[
        Some(suffix_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]);
    let group = group_class(&error);
    view! {
        <div class=group>
            <label class="label" for=field>{label}</label>
            <ErrorMessage message=error id=error_id.clone()/>
            <div class="input__wrapper">
                <input class="input input--width-4" id=field name=field type="text"
                    inputmode="numeric" spellcheck="false" value=months aria-describedby=described/>
                <span class="input__suffix" id=suffix_id.clone()>"months"</span>
            </div>
        </div>
    }
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
