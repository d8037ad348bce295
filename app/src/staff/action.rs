//! One action on an assignment, on a page of its own: a note, a new deadline, withdrawing
//! the course, a new code or the outcome. Every action needs a reason.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{
    DateInput, Radios, StaffMissingData, WarningText, described_by, group_class, staff_title,
};
use super::view_model::{ActionFormView, ActionKind};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

/// The heading, the submit button's words and its classes for each kind of action.
fn wording(kind: ActionKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        ActionKind::Note => ("Add a note", "Save note", "button"),
        ActionKind::Extend => ("Extend the deadline", "Extend deadline", "button"),
        ActionKind::Withdraw => (
            "Withdraw the course",
            "Withdraw course",
            "button button--warning",
        ),
        ActionKind::Reissue => ("Issue a new code", "Issue new code", "button"),
        ActionKind::Outcome => ("Record the outcome", "Record outcome", "button"),
    }
}

/// `/staff/assignments/{id}/{action}`: the form for one action on an assignment.
#[component]
pub fn ActionPage() -> impl IntoView {
    let Some(page) = use_context::<ActionFormView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let (heading, button, button_class) = wording(page.kind);
    let title = staff_title(
        &format!("{heading} – {}", page.name),
        !page.errors.is_empty(),
    );
    let reason_error = field_error(&page.errors, "reason");
    let reason_described = described_by(&[
        Some("reason-hint"),
        reason_error.as_ref().map(|_| "reason-error"),
    ]);
    let reason_label = if page.kind == ActionKind::Note {
        "Note"
    } else {
        "Reason"
    };
    let name = page.name.clone();
    let details = match page.kind {
        ActionKind::Note => ().into_any(),
        ActionKind::Extend => {
            let error = field_error(&page.errors, "deadline-day");
            view! {
                <p>"The deadline is now "<strong>{page.current_deadline}</strong>"."</p>
                <DateInput prefix="deadline" legend="New deadline" hint="For example, 3 1 2027".to_string()
                    day=page.deadline_day month=page.deadline_month year=page.deadline_year error/>
            }
            .into_any()
        }
        ActionKind::Withdraw => view! {
            <WarningText>
                "The code stops working and "{name}" can no longer do the course."
            </WarningText>
        }
        .into_any(),
        ActionKind::Reissue => view! {
            <WarningText>
                "The old code stops working at once. You will see the new code on the next page."
            </WarningText>
        }
        .into_any(),
        ActionKind::Outcome => {
            let error = field_error(&page.errors, "outcome");
            view! { <Radios name="outcome" legend="Outcome" options=page.outcomes error/> }
                .into_any()
        }
    };
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <span class="caption">{page.name.clone()}" · "{page.course}</span>
        <h1 class="heading--after-caption">{heading}</h1>
        <form method="post" action=page.form_action novalidate>
            {details}
            <div class=group_class(&reason_error)>
                <label class="label" for="reason">{reason_label}</label>
                <p class="hint" id="reason-hint">"This is kept in the record and the audit log."</p>
                <ErrorMessage message=reason_error.clone() id="reason-error".to_string()/>
                <textarea class="textarea" id="reason" name="reason" rows="5"
                    aria-describedby=reason_described>{page.reason}</textarea>
            </div>
            <div class="button-group">
                <button type="submit" class=button_class>{button}</button>
                <a class="button-group__link" href=page.back_href>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}
