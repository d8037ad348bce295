//! The end of a course: finished or not, passed or not, and what happens next.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::FinishedView;
use crate::components::missing_data::MissingData;

#[component]
pub fn FinishedPage() -> impl IntoView {
    let Some(page) = use_context::<FinishedView>() else {
        return view! { <MissingData/> }.into_any();
    };
    let score = format!(
        "You got {} out of {} questions right first time ({}%).",
        page.right, page.total, page.percent
    );
    let heading = if page.passed {
        "You have finished the course"
    } else if page.try_again.is_some() {
        "You need to try the questions again"
    } else {
        "You have finished the course, but not passed"
    };
    view! {
        <PageTitle text=format!("{heading} – Reroute")/>
        <div class="panel" class:panel--confirmation=page.passed>
            <h1>{heading}</h1>
            <p class="panel__body">{page.title.clone()}</p>
        </div>
        <p>{score}</p>
        {if page.passed {
            view! {
                <h2>"What happens next"</h2>
                <p>"The police have been told that you have finished. You do not need to do anything else for this course."</p>
                <p>"Keep your letter. If you are asked, you can say you finished on this date."</p>
            }.into_any()
        } else if let Some((left, action)) = page.try_again.clone() {
            let needed = format!("You need {}% to pass.", page.pass_mark);
            let left_text = if left == 1 { "You can try 1 more time.".to_string() } else { format!("You can try {left} more times.") };
            view! {
                <p>{needed}" "{left_text}</p>
                <p>"You only need to answer the questions again. Your other answers are saved."</p>
                <form method="post" action=action>
                    <input type="hidden" name="attempt" value=page.attempt/>
                    <button type="submit" class="button">"Try the questions again"</button>
                </form>
            }.into_any()
        } else {
            view! {
                <h2>"What happens next"</h2>
                <p>"You have used all your tries. The person who set your course will contact you about what happens next."</p>
                <p>"If you are worried, use the help numbers on this page."</p>
            }.into_any()
        }}
        {page.certificate_href.clone().map(|href| view! {
            <h2>"Your certificate"</h2>
            <p>"You can print a certificate that shows you finished the course. Anyone you show it to can check it is genuine."</p>
            <p><a href=href>"View and print your certificate"</a></p>
        })}
        <p><a href="/my-courses">"Go to your courses"</a></p>
    }
    .into_any()
}
