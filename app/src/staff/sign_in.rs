//! Staff sign in: email address and password.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{NoticeBanner, described_by, group_class, staff_title};
use super::view_model::StaffSignInView;
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

/// `/staff/sign-in`: the way in to the staff console.
#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let page = use_context::<StaffSignInView>().unwrap_or_default();
    let title = staff_title("Sign in", !page.errors.is_empty());
    let email_error = field_error(&page.errors, "email");
    let password_error = field_error(&page.errors, "password");
    let email_described = described_by(&[email_error.as_ref().map(|_| "email-error")]);
    let password_described = described_by(&[password_error.as_ref().map(|_| "password-error")]);
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <NoticeBanner notice=page.notice success=false/>
        <h1>"Sign in"</h1>
        <p>"For police staff who give courses and follow them up."</p>
        <form method="post" action="/staff/sign-in" novalidate>
            {(!page.next.is_empty()).then(|| view! { <input type="hidden" name="next" value=page.next.clone()/> })}
            <div class=group_class(&email_error)>
                <label class="label" for="email">"Email address"</label>
                <ErrorMessage message=email_error.clone() id="email-error".to_string()/>
                <input class="input input--width-30" id="email" name="email" type="email" autocomplete="username"
                    spellcheck="false" value=page.email aria-describedby=email_described/>
            </div>
            <div class=group_class(&password_error)>
                <label class="label" for="password">"Password"</label>
                <ErrorMessage message=password_error.clone() id="password-error".to_string()/>
                <input class="input input--width-30" id="password" name="password" type="password"
                    autocomplete="current-password" aria-describedby=password_described/>
            </div>
            <button type="submit" class="button">"Sign in"</button>
        </form>
        <p>"Doing a course? "<a href="/start">"Start your course here"</a>"."</p>
    }
}
