//! One assignment, in full: the person, the course, what happened and what they answered.
//! Everything here is plain text; what participants wrote is never treated as HTML.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{NoticeBanner, StaffMissingData, SummaryRow, TableRegion, staff_title};
use super::view_model::{AnswerItem, AssignmentView, LessonAnswers, ScaleChange, TimelineItem};

/// `/staff/assignments/{id}`: the whole case and the actions still open.
#[component]
pub fn AssignmentPage() -> impl IntoView {
    let Some(page) = use_context::<AssignmentView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let tag = format!("tag tag--{}", page.status_colour);
    let progress_label = format!("Progress: {}", page.progress);
    view! {
        <PageTitle text=staff_title(&page.name, false)/>
        <a class="back-link" href="/staff">"Back to the dashboard"</a>
        <NoticeBanner notice=page.notice success=true/>
        <span class="caption">"Assignment"</span>
        <h1 class="heading--after-caption">{page.name}</h1>

        <h2>"The person"</h2>
        <dl class="summary-list">
            <SummaryRow key="Date of birth">{page.date_of_birth}</SummaryRow>
            <SummaryRow key="Force reference">{page.force_reference}</SummaryRow>
            <SummaryRow key="Contact">{page.contact.unwrap_or_else(|| "Not given".to_string())}</SummaryRow>
            <SummaryRow key="Accessibility needs">
                <span class="pre-wrap">{page.accessibility_notes.unwrap_or_else(|| "None recorded".to_string())}</span>
            </SummaryRow>
        </dl>

        <h2>"The course"</h2>
        <dl class="summary-list">
            <SummaryRow key="Course">{page.course}</SummaryRow>
            {page.course_version.map(|version| view! {
                <SummaryRow key="Version"><code class="code">{version}</code></SummaryRow>
            })}
            <SummaryRow key="Disposal">{page.disposal}</SummaryRow>
            <SummaryRow key="Condition"><span class="pre-wrap">{page.condition_text}</span></SummaryRow>
            <SummaryRow key="Deadline">{page.deadline}</SummaryRow>
            <SummaryRow key="Status"><strong class=tag>{page.status_label}</strong></SummaryRow>
            <SummaryRow key="Outcome">{page.outcome.unwrap_or_else(|| "Not recorded yet".to_string())}</SummaryRow>
            <SummaryRow key="Progress">
                {page.progress}
                <progress class="progress" max="100" value=page.percent_done.min(100) aria-label=progress_label></progress>
            </SummaryRow>
            <SummaryRow key="Time spent">{page.time_spent}</SummaryRow>
            <SummaryRow key="Result">{page.result.unwrap_or_else(|| "No result yet".to_string())}</SummaryRow>
        </dl>

        {page.evidence.map(|evidence| view! {
            <h2>"Completion record"</h2>
            <dl class="summary-list">
                <SummaryRow key="Verification code"><span class="code">{evidence.verify_code}</span></SummaryRow>
                <SummaryRow key="Signed by key"><code class="code">{evidence.key_id}</code></SummaryRow>
                <SummaryRow key="Issued">{evidence.issued}</SummaryRow>
            </dl>
            <p><a href=evidence.certificate_href>"View and print the certificate"</a></p>
        })}

        {(!page.actions.is_empty()).then(|| view! {
            <h2>"Actions"</h2>
            <ul class="action-links">
                {page.actions.into_iter().map(|(label, href)| view! {
                    <li><a class="button button--secondary" href=href>{label}</a></li>
                }).collect_view()}
            </ul>
        })}

        <Timeline items=page.timeline/>
        <Answers lessons=page.lessons/>
        <Scales scales=page.scales/>

        {(!page.admin_links.is_empty()).then(|| view! {
            <h2>"This person's data"</h2>
            <ul class="link-list">
                {page.admin_links.into_iter().map(|(label, href)| view! {
                    <li><a href=href>{label}</a></li>
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}

/// What happened, oldest first.
#[component]
fn Timeline(items: Vec<TimelineItem>) -> impl IntoView {
    view! {
        <h2>"Timeline"</h2>
        {if items.is_empty() {
            view! { <p>"Nothing has happened yet."</p> }.into_any()
        } else {
            view! {
                <ol class="timeline">
                    {items.into_iter().map(|item| view! {
                        <li class="timeline__item">
                            <h3 class="timeline__title">{item.title}</h3>
                            <p class="timeline__when">{item.when}</p>
                            {item.detail.map(|detail| view! { <p class="pre-wrap">{detail}</p> })}
                            {item.by.map(|by| view! { <p class="timeline__by">"By "{by}</p> })}
                            {item.reason.map(|reason| view! { <p class="pre-wrap">"Reason: "{reason}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

/// Every answer the participant gave, lesson by lesson.
#[component]
fn Answers(lessons: Vec<LessonAnswers>) -> impl IntoView {
    view! {
        <h2>"Answers"</h2>
        {if lessons.is_empty() {
            view! { <p>"No answers yet."</p> }.into_any()
        } else {
            lessons.into_iter().map(|lesson| view! {
                <section class="lesson-answers">
                    <h3>{lesson.title}</h3>
                    <p class="lesson-answers__summary">{lesson.summary}</p>
                    {if lesson.answers.is_empty() {
                        view! { <p>"No answers in this lesson yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="answer-list">
                                {lesson.answers.into_iter().map(|answer| view! { <Answer answer/> }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
            }).collect_view().into_any()
        }}
    }
}

/// One answer: the question, the answer in full, and for quizzes whether it was right.
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

/// The scales asked at the start and the end of the course, side by side.
#[component]
fn Scales(scales: Vec<ScaleChange>) -> impl IntoView {
    let not_answered = || "Not answered".to_string();
    view! {
        <h2>"Scales: before and after"</h2>
        {if scales.is_empty() {
            view! { <p>"No scales answered yet."</p> }.into_any()
        } else {
            view! {
                <TableRegion label="Scales table">
                    <table class="table">
                        <caption class="visually-hidden">"Scales: before and after"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Question"</th>
                                <th scope="col">"Before"</th>
                                <th scope="col">"After"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {scales.into_iter().map(|scale| view! {
                                <tr>
                                    <th scope="row">{scale.prompt}</th>
                                    <td>{scale.before.unwrap_or_else(not_answered)}</td>
                                    <td>{scale.after.unwrap_or_else(not_answered)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableRegion>
            }.into_any()
        }}
    }
}
