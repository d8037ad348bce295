//! The page a member of staff sees when their role does not allow a page.

use leptos::prelude::*;

use crate::components::page_title::PageTitle;

/// Says plainly that this role cannot use the page, and where to go instead.
#[component]
pub fn ForbiddenPage() -> impl IntoView {
    view! {
        <PageTitle text="You cannot use this page – Reroute staff"/>
        <h1>"You cannot use this page"</h1>
        <p>"Your role does not include this page. Authors see the course library; caseworkers also see participants and assignments; admins also manage staff and settings."</p>
        <p>"If you need to use it, ask an admin in your force to change your role."</p>
        <p><a href="/staff/courses">"Go to the course library"</a></p>
    }
}
