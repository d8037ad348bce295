//! A member of staff's own account: who they are, and their two-factor sign-in.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{NoticeBanner, StaffMissingData, SummaryRow, staff_title};
use super::two_factor::CodeField;
use super::view_model::StaffAccountView;
use crate::components::error_summary::ErrorSummary;
use crate::view_model::FieldError;

/// `/staff/account`: any member of staff.
#[component]
pub fn StaffAccountPage() -> impl IntoView {
    let Some(page) = use_context::<StaffAccountView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let errors = page.errors.clone();
    let status = page
        .two_factor_since
        .clone()
        .map_or_else(|| "Off".to_owned(), |since| format!("On since {since}"));
    let on = page.two_factor_since.is_some();
    view! {
        <PageTitle text=staff_title("Your account", !errors.is_empty())/>
        <ErrorSummary errors=errors.clone()/>
        <NoticeBanner notice=page.notice success=true/>
        <h1>"Your account"</h1>
        <dl class="summary-list">
            <SummaryRow key="Name">{page.name}</SummaryRow>
            <SummaryRow key="Email address">{page.email}</SummaryRow>
            <SummaryRow key="Role">{page.role_label}</SummaryRow>
            <SummaryRow key="Force">{page.organisation}</SummaryRow>
            <SummaryRow key="Two-factor sign-in">{status}</SummaryRow>
        </dl>
        <h2>"Two-factor sign-in"</h2>
        <p>"With two-factor sign-in, you enter a code from an authenticator app on your phone after your password. Someone who learns your password still cannot sign in as you."</p>
        {match (on, page.required_by_force) {
            (false, _) => view! {
                <a class="button" href="/staff/account/two-factor">"Set up two-factor sign-in"</a>
            }.into_any(),
            (true, true) => view! {
                <p>"Your force requires two-factor sign-in, so it cannot be turned off."</p>
            }.into_any(),
            (true, false) => view! { <TurnOffForm errors/> }.into_any(),
        }}
    }
    .into_any()
}

/// Turning two-factor sign-in off needs a current code, so a session left open on a
/// shared computer is not enough to weaken the account.
#[component]
fn TurnOffForm(errors: Vec<FieldError>) -> impl IntoView {
    view! {
        <form method="post" action="/staff/account/two-factor/off" novalidate>
            <CodeField errors label="Code from your authenticator app"
                hint="To turn two-factor sign-in off, enter the 6-digit code your app shows now."/>
            <button type="submit" class="button button--warning">"Turn off two-factor sign-in"</button>
        </form>
    }
}
