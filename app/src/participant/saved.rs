//! "Save and come back later": reassurance that nothing is lost.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::view_model::SavedView;
use crate::components::missing_data::MissingData;

#[component]
pub fn SavedPage() -> impl IntoView {
    let Some(page) = use_context::<SavedView>() else {
        return view! { <MissingData/> }.into_any();
    };
    view! {
        <PageTitle text="Your answers are saved – Reroute"/>
        <div class="panel panel--confirmation">
            <h1>"Your answers are saved"</h1>
        </div>
        <p>"You can come back to "{page.title}" at any time before your deadline."</p>
        <p>"Sign in again with the code from your letter and your date of birth. You will start where you stopped."</p>
        <a class="button" href=page.continue_href>"Carry on now"</a>
        <form method="post" action="/sign-out">
            <button type="submit" class="button button--secondary">"Sign out"</button>
        </form>
    }
    .into_any()
}
