//! Sign in with the code from the letter and a date of birth (GOV.UK date input).

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::SignInView;
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

#[component]
pub fn SignInPage() -> impl IntoView {
    let page = use_context::<SignInView>().unwrap_or_default();
    let title = if page.errors.is_empty() {
        "Start your course – Reroute"
    } else {
        "Error: Start your course – Reroute"
    };
    let code_error = field_error(&page.errors, "code");
    let dob_error = field_error(&page.errors, "dob-day");
    let code_described = if code_error.is_some() {
        "code-hint code-error"
    } else {
        "code-hint"
    };
    let dob_described = if dob_error.is_some() {
        "dob-hint dob-error"
    } else {
        "dob-hint"
    };
    let group_class = |error: &Option<String>| {
        if error.is_some() {
            "form-group form-group--error"
        } else {
            "form-group"
        }
    };
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <h1>"Start your course"</h1>
        <form method="post" action="/start" novalidate>
            <div class=group_class(&code_error)>
                <label class="label" for="code">"Your code"</label>
                <p class="hint" id="code-hint">"This is on your letter. It looks like K7PM-4XRT-9WQC."</p>
                <ErrorMessage message=code_error.clone() id="code-error".to_string()/>
                <input class="input input--code" id="code" name="code" type="text" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" aria-describedby=code_described/>
            </div>
            <div class=group_class(&dob_error)>
                <fieldset class="fieldset" role="group" aria-describedby=dob_described>
                    <legend class="label">"Your date of birth"</legend>
                    <p class="hint" id="dob-hint">"For example, 27 3 2001"</p>
                    <ErrorMessage message=dob_error.clone() id="dob-error".to_string()/>
                    <div class="date-input">
                        <div class="date-input__item">
                            <label class="label" for="dob-day">"Day"</label>
                            <input class="input input--width-2" id="dob-day" name="day" type="text"
                                inputmode="numeric" autocomplete="bday-day" value=page.day/>
                        </div>
                        <div class="date-input__item">
                            <label class="label" for="dob-month">"Month"</label>
                            <input class="input input--width-2" id="dob-month" name="month" type="text"
                                inputmode="numeric" autocomplete="bday-month" value=page.month/>
                        </div>
                        <div class="date-input__item">
                            <label class="label" for="dob-year">"Year"</label>
                            <input class="input input--width-4" id="dob-year" name="year" type="text"
                                inputmode="numeric" autocomplete="bday-year" value=page.year/>
                        </div>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="button">"Continue"</button>
        </form>
        <h2>"If you have lost your letter"</h2>
        <p>"Contact the police officer or caseworker who gave you the course. They can give you a new code."</p>
    }
}
