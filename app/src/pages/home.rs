//! The start page: what Reroute is, and the way in for participants and for staff.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::components::read_aloud::ReadAloud;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageTitle text="Reroute – your online course"/>
        <ReadAloud target="main"/>
        <h1>"Do your online course"</h1>
        <p class="lead">
            "The police have asked you to do a short online course. "
            "You can do it on your phone or on a computer."
        </p>
        <div class="entry-points">
            <section class="entry" aria-labelledby="start-heading">
                <h2 id="start-heading">"Start or carry on with your course"</h2>
                <p>"You will need the code from your letter and your date of birth."</p>
                <a class="button button--start" href="/start">"Start now"</a>
            </section>
            <section class="entry" aria-labelledby="staff-heading">
                <h2 id="staff-heading">"Police staff"</h2>
                <p>"Sign in to give courses and see how people are getting on."</p>
                <a class="button button--secondary" href="/staff/sign-in">"Staff sign in"</a>
            </section>
        </div>
    }
}
