//! The letter for the participant: what the course is, the deadline, how to start, the
//! code and where to get help. Plain words, one A4 page when printed.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{StaffMissingData, staff_title};
use super::view_model::LetterView;

/// `/staff/assignments/{id}/letter`: the printable letter with the access code.
#[component]
pub fn LetterPage() -> impl IntoView {
    let Some(page) = use_context::<LetterView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let lessons = if page.lesson_count == 1 {
        "1 short lesson".to_string()
    } else {
        format!("{} short lessons", page.lesson_count)
    };
    let has_condition = !page.condition_text.trim().is_empty();
    let has_support = !page.support.is_empty();
    view! {
        <PageTitle text=staff_title(&format!("Letter for {}", page.name), false)/>
        <div class="no-print">
            <a class="back-link" href=page.back_href>"Back"</a>
            <p class="inset-text">"Use your browser’s print option to print this letter. It fits on one A4 page."</p>
        </div>
        <article class="letter" aria-labelledby="letter-heading">
            <p class="letter__from">{page.organisation.clone()}</p>
            <h1 class="letter__heading" id="letter-heading">"Your online course"</h1>
            <p>"Hello "{page.name}","</p>
            <p>"You need to do an online course: "<strong>{page.course}</strong>"."</p>
            <p>"It has "{lessons}" and takes about "{page.minutes}" minutes. You can stop and come back."</p>
            {has_condition.then(|| view! {
                <p>"This is what you agreed to:"</p>
                <blockquote class="letter__condition">{page.condition_text}</blockquote>
            })}
            <p class="letter__deadline"><strong>"Finish it by "{page.deadline}"."</strong></p>
            <p>"If you do not finish it by then, the police may take other action. If something gets in the way, ask for help before then."</p>
            <h2 class="letter__subheading">"How to start"</h2>
            <ol class="letter__steps">
                <li>"Go to "<strong class="letter__address">{page.web_address}</strong>" on a phone, tablet or computer."</li>
                <li>
                    "Type your code:"
                    <span class="letter__code">{page.code}</span>
                </li>
                <li>"Type your date of birth."</li>
            </ol>
            <p>"Keep this letter. You need the code each time you go back to the course."</p>
            {has_support.then(|| view! {
                <h2 class="letter__subheading">"If you need help"</h2>
                <ul class="letter__support">
                    {page.support.into_iter().map(|line| view! {
                        <li>
                            <strong>{line.name}</strong>
                            {line.phone.map(|phone| view! { " – call "{phone} })}
                            {line.text.map(|text| view! { <br/>{text} })}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <p class="letter__sign-off">"From "{page.organisation}</p>
        </article>
    }
    .into_any()
}
