//! Assigning a course: the form for the person and the course, and the page that shows
//! the access code once.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{
    DateInput, Radios, StaffMissingData, SummaryRow, WarningText, choose, described_by,
    group_class, select_options, staff_title,
};
use super::view_model::{AssignFormView, AssignedView, ExistingParticipant};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::view_model::FieldError;

/// A one-line text input with its label, optional hint and error.
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    errors: Vec<FieldError>,
    #[prop(optional)] width_class: Option<&'static str>,
) -> impl IntoView {
    let error = field_error(&errors, id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(&[
        hint.map(|_| hint_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]);
    let class = format!("input {}", width_class.unwrap_or("input--width-20"));
    let group = group_class(&error);
    view! {
        <div class=group>
            <label class="label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <ErrorMessage message=error id=error_id/>
            <input class=class id=id name=id type="text" autocomplete="off" spellcheck="false"
                value=value aria-describedby=described/>
        </div>
    }
}

/// A textarea with its label, optional hint and error.
#[component]
fn TextArea(
    id: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    value: String,
    errors: Vec<FieldError>,
) -> impl IntoView {
    let error = field_error(&errors, id);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(&[
        hint.map(|_| hint_id.as_str()),
        error.as_ref().map(|_| error_id.as_str()),
    ]);
    let group = group_class(&error);
    view! {
        <div class=group>
            <label class="label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <ErrorMessage message=error id=error_id/>
            <textarea class="textarea" id=id name=id rows="4" aria-describedby=described>{value}</textarea>
        </div>
    }
}

/// `/staff/assign`: the person, the course, the disposal and the deadline, in one form.
#[component]
pub fn AssignPage() -> impl IntoView {
    let Some(page) = use_context::<AssignFormView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let errors = page.errors.clone();
    let values = page.values;
    let dob_error = field_error(&errors, "dob-day");
    let deadline_error = field_error(&errors, "deadline-day");
    let course_error = field_error(&errors, "course");
    let disposal_error = field_error(&errors, "disposal");
    let disposal_described = disposal_error.as_ref().map(|_| "disposal-error");
    let courses = choose(page.courses, &values.course);
    let disposals = choose(page.disposals, &values.disposal);
    let existing_id = page.existing.as_ref().map(|existing| existing.id.clone());
    view! {
        <PageTitle text=staff_title("Assign a course", !errors.is_empty())/>
        <ErrorSummary errors=errors.clone()/>
        <h1>"Assign a course"</h1>
        {page.existing.map(|existing| view! { <ExistingPanel existing/> })}
        <form method="post" action="/staff/assign" novalidate>
            <h2>"The person"</h2>
            <TextField id="name" label="Full name" value=values.name errors=errors.clone()/>
            <DateInput prefix="dob" legend="Date of birth" hint="For example, 27 3 2001".to_string()
                day=values.dob_day month=values.dob_month year=values.dob_year error=dob_error/>
            <TextField id="force-reference" label="Force reference"
                hint="For example, the crime or custody reference"
                value=values.force_reference errors=errors.clone()/>
            <TextField id="contact" label="Phone number or email (optional)"
                value=values.contact errors=errors.clone() width_class="input--width-30"/>
            <TextArea id="accessibility-notes" label="Accessibility needs (optional)"
                hint="For example, needs larger text or help reading"
                value=values.accessibility_notes errors=errors.clone()/>

            <h2>"The course"</h2>
            <Radios name="course" legend="Course" options=courses error=course_error/>
            <div class=group_class(&disposal_error)>
                <label class="label" for="disposal">"Disposal"</label>
                <ErrorMessage message=disposal_error.clone() id="disposal-error".to_string()/>
                <select class="select" id="disposal" name="disposal" aria-describedby=disposal_described>
                    {select_options(disposals, Some("Choose a disposal"))}
                </select>
            </div>
            <TextArea id="condition-text" label="The condition, as worded on the disposal"
                value=values.condition_text errors=errors.clone()/>
            <DateInput prefix="deadline" legend="Deadline (optional)" hint=page.deadline_hint
                day=values.deadline_day month=values.deadline_month year=values.deadline_year
                error=deadline_error/>

            <div class="button-group">
                <button type="submit" class="button">"Assign course"</button>
                // The person's id is sent only when this button is pressed, so pressing
                // Enter or "Assign course" after changing the reference never assigns to them.
                {existing_id.map(|id| view! {
                    <button type="submit" class="button button--secondary" name="existing-participant" value=id>
                        "Assign to this person"
                    </button>
                })}
            </div>
        </form>
    }
    .into_any()
}

/// The force already has someone with this reference: who they are, and the choice.
#[component]
fn ExistingPanel(existing: ExistingParticipant) -> impl IntoView {
    view! {
        <section class="warning-panel" aria-labelledby="existing-heading">
            <h2 class="warning-panel__title" id="existing-heading">"This force reference is already in use"</h2>
            <dl class="summary-list">
                <SummaryRow key="Name">{existing.name}</SummaryRow>
                <SummaryRow key="Date of birth">{existing.date_of_birth}</SummaryRow>
                <SummaryRow key="Force reference">{existing.force_reference}</SummaryRow>
                <SummaryRow key="Earlier courses">
                    {if existing.assignments.is_empty() {
                        view! { "None" }.into_any()
                    } else {
                        view! {
                            <ul class="list list--tight">
                                {existing.assignments.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </SummaryRow>
            </dl>
            <p>"If this is the same person, check the course details below and press "
                <strong>"Assign to this person"</strong>" at the end of the form to give them this course too."</p>
            <p>"If it is someone else, change the force reference."</p>
        </section>
    }
}

/// `/staff/assigned`: the course is assigned (or a new code issued); the code, shown once.
#[component]
pub fn AssignedPage() -> impl IntoView {
    let Some(page) = use_context::<AssignedView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let heading = if page.reissued {
        "New code issued"
    } else {
        "Course assigned"
    };
    view! {
        <PageTitle text=staff_title(heading, false)/>
        <div class="panel panel--confirmation">
            <h1>{heading}</h1>
            <p class="panel__body">{page.name.clone()}<br/>{page.course}<br/>"Finish by "{page.deadline}</p>
        </div>
        <div class="code-box">
            <p class="code-box__label">"Access code for "{page.name}</p>
            <p class="access-code">{page.code.clone()}</p>
        </div>
        <WarningText>
            "This is the only time the code is shown. Give it to the person now, or print the letter."
            {page.reissued.then_some(" The old code no longer works.")}
        </WarningText>
        <form method="post" action=page.letter_action>
            <input type="hidden" name="code" value=page.code/>
            <button type="submit" class="button">"Print the letter"</button>
        </form>
        <ul class="link-list">
            <li><a href=page.assignment_href>"Go to the assignment"</a></li>
            <li><a href="/staff/assign">"Assign another course"</a></li>
        </ul>
    }
    .into_any()
}
