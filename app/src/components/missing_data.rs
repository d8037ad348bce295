//! Shown if a page is reached without the data the server should have given it.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

#[component]
pub fn MissingData() -> impl IntoView {
    view! {
        <PageTitle text="Sorry, there is a problem – Reroute"/>
        <h1>"Sorry, there is a problem"</h1>
        <p>"This page could not be shown. Your answers are saved."</p>
        <p><a href="/my-courses">"Go to your courses"</a></p>
    }
}
