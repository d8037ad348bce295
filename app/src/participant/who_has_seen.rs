//! "Who has seen your record": each time someone at the force looked at the
//! participant's course record, so they can see it is not looked at without reason.

use leptos::prelude::*;

use super::view_model::WhoHasSeenView;
use crate::components::missing_data::MissingData;
use crate::components::page_title::PageTitle;

#[component]
pub fn WhoHasSeenPage() -> impl IntoView {
    let Some(page) = use_context::<WhoHasSeenView>() else {
        return view! { <MissingData/> }.into_any();
    };
    let empty = page.entries.is_empty();
    view! {
        <PageTitle text="Who has seen your record – Reroute"/>
        <a class="back-link" href="/my-courses">"Back"</a>
        <h1>"Who has seen your record"</h1>
        <p>"Staff at "{page.organisation.clone()}" can look at your record to check how your course is going. Each time they do, it is written down. This is the list."</p>
        {empty.then(|| view! { <p>"No one has looked at your record yet."</p> })}
        <ul class="list seen-list">
            {page.entries.into_iter().map(|entry| view! {
                <li>
                    <strong>{entry.when}</strong><br/>
                    {entry.who}" "{entry.what}"."
                </li>
            }).collect_view()}
        </ul>
        <p>"If you think someone looked at your record without a good reason, contact "{page.organisation}"."</p>
    }
    .into_any()
}
