//! A participant's rights (admins only): everything held about one person, readable, and
//! the page that erases it on their request. What the person and staff wrote is always
//! plain text here, never HTML.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{StaffMissingData, WarningText, described_by, group_class, staff_title};
use super::view_model::{
    AnswerItem, EraseParticipantView, ParticipantRecordView, RecordAssignment, TimelineItem,
};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

/// A summary list of (label, value) rows; values keep their line breaks.
fn rows(rows: Vec<(String, String)>) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {rows.into_iter().map(|(key, value)| view! {
                <div class="summary-list__row">
                    <dt class="summary-list__key">{key}</dt>
                    <dd class="summary-list__value"><span class="pre-wrap">{value}</span></dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// A plain list, or `empty` when there is nothing in it.
fn lines(items: Vec<String>, empty: &'static str) -> AnyView {
    if items.is_empty() {
        view! { <p>{empty}</p> }.into_any()
    } else {
        view! {
            <ul class="list">
                {items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// Events, oldest first, with who did them and why.
fn events(items: Vec<TimelineItem>, empty: &'static str) -> AnyView {
    if items.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    view! {
        <ol class="timeline">
            {items.into_iter().map(|item| view! {
                <li class="timeline__item">
                    <h4 class="timeline__title">{item.title}</h4>
                    <p class="timeline__when">{item.when}</p>
                    {item.detail.map(|detail| view! { <p class="pre-wrap">{detail}</p> })}
                    {item.by.map(|by| view! { <p class="timeline__by">"By "{by}</p> })}
                    {item.reason.map(|reason| view! { <p class="pre-wrap">"Reason: "{reason}</p> })}
                </li>
            }).collect_view()}
        </ol>
    }
    .into_any()
}

/// `/staff/participants/{id}/record`: everything Reroute holds about one person.
#[component]
pub fn ParticipantRecordPage() -> impl IntoView {
    let Some(page) = use_context::<ParticipantRecordView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    view! {
        <PageTitle text=staff_title(&format!("Everything held about {}", page.name), false)/>
        <a class="back-link" href="/staff">"Back to the dashboard"</a>
        <span class="caption">"Subject access"</span>
        <h1 class="heading--after-caption">"Everything held about "{page.name}</h1>
        <p>"This is every record Reroute holds about this person. Viewing it is written to the audit log."</p>
        <ul class="action-links">
            <li><a class="button button--secondary" href=page.export_href>"Export everything held about this person"</a></li>
            <li><a class="button button--warning" href=page.erase_href>"Erase this person's data"</a></li>
        </ul>

        <h2>"The person"</h2>
        {rows(page.person)}

        <h2>"Courses"</h2>
        {if page.assignments.is_empty() {
            view! { <p>"No courses."</p> }.into_any()
        } else {
            page.assignments.into_iter().map(|assignment| view! { <Assignment assignment/> })
                .collect_view().into_any()
        }}

        <h2>"Sign-ins"</h2>
        {lines(page.sessions, "They have never signed in.")}

        <h2>"Audit log"</h2>
        <p>"Everything done by them, or by staff to their records."</p>
        {events(page.audit, "Nothing recorded.")}
    }
    .into_any()
}

/// One course given to the person, with everything that hangs off it.
#[component]
fn Assignment(assignment: RecordAssignment) -> impl IntoView {
    view! {
        <section class="lesson-answers">
            <h3><a href=assignment.href>{assignment.title}</a></h3>
            {rows(assignment.details)}
            <h4>"Answers"</h4>
            {if assignment.answers.is_empty() {
                view! { <p>"No answers."</p> }.into_any()
            } else {
                view! {
                    <ul class="answer-list">
                        {assignment.answers.into_iter().map(|answer| view! { <Answer answer/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h4>"Unsent answers"</h4>
            {if assignment.drafts.is_empty() {
                view! { <p>"None."</p> }.into_any()
            } else {
                rows(assignment.drafts).into_any()
            }}
            <h4>"Lessons"</h4>
            {lines(assignment.lessons, "No lessons reached.")}
            <h4>"Case history"</h4>
            {events(assignment.events, "Nothing recorded.")}
            <h4>"Completion records"</h4>
            {lines(assignment.evidence, "None issued.")}
        </section>
    }
}

#[component]
fn Answer(answer: AnswerItem) -> impl IntoView {
    let verdict = answer.first_try_right.map(|right| {
        if right {
            view! { <strong class="tag tag--green">"Right first time"</strong> }.into_any()
        } else {
            view! { <strong class="tag tag--red">"Wrong first time"</strong> }.into_any()
        }
    });
    view! {
        <li class="answer">
            <p class="answer__question">{answer.question}</p>
            <p class="answer__text">{answer.answer}</p>
            <p class="answer__meta">
                {verdict}
                <span>"Attempt "{answer.attempt}" · "{answer.answered_at}</span>
            </p>
        </li>
    }
}

/// `/staff/participants/{id}/erase`: a warning, what will go, and the reason to give.
#[component]
pub fn EraseParticipantPage() -> impl IntoView {
    let Some(page) = use_context::<EraseParticipantView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let title = staff_title(
        &format!("Erase {}'s data", page.name),
        !page.errors.is_empty(),
    );
    let reason_error = field_error(&page.errors, "reason");
    let reason_described = described_by(&[
        Some("reason-hint"),
        reason_error.as_ref().map(|_| "reason-error"),
    ]);
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <span class="caption">{page.name.clone()}" · "{page.force_reference}</span>
        <h1 class="heading--after-caption">"Erase this person's data"</h1>
        <WarningText>
            "This cannot be undone. "{page.name}", every course given to them, their answers, "
            "progress, case history and completion records will be deleted. Only anonymous "
            "counts and the audit log remain."
        </WarningText>
        <p>"These courses will be erased:"</p>
        {lines(page.assignments, "They have no courses.")}
        <form method="post" action=page.form_action novalidate>
            <div class=group_class(&reason_error)>
                <label class="label" for="reason">"Reason"</label>
                <p class="hint" id="reason-hint">
                    "For example, how and when they asked. This is kept in the audit log."
                </p>
                <ErrorMessage message=reason_error.clone() id="reason-error".to_string()/>
                <textarea class="textarea" id="reason" name="reason" rows="5"
                    aria-describedby=reason_described>{page.reason}</textarea>
            </div>
            <div class="button-group">
                <button type="submit" class="button button--warning">"Erase this person's data"</button>
                <a class="button-group__link" href=page.back_href>"Cancel"</a>
            </div>
        </form>
    }
    .into_any()
}
