//! Two-factor sign-in pages: the code asked for after the password, and setting up an
//! authenticator app.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{StaffMissingData, described_by, group_class, staff_title};
use super::view_model::{QrCodeView, StaffSignInCodeView, TwoFactorSetupView};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::view_model::FieldError;

/// The six-digit code field, as GOV.UK's security code pattern: numeric keyboard, and
/// `one-time-code` so phones can offer the code.
#[component]
pub fn CodeField(
    errors: Vec<FieldError>,
    label: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let error = field_error(&errors, "code");
    let described = described_by(&[Some("code-hint"), error.as_ref().map(|_| "code-error")]);
    view! {
        <div class=group_class(&error)>
            <label class="label" for="code">{label}</label>
            <p class="hint" id="code-hint">{hint}</p>
            <ErrorMessage message=error.clone() id="code-error".to_string()/>
            <input class="input input--width-4" id="code" name="code" type="text" inputmode="numeric"
                autocomplete="one-time-code" spellcheck="false" aria-describedby=described/>
        </div>
    }
}

/// `/staff/sign-in/code`: the second step of signing in.
#[component]
pub fn StaffSignInCodePage() -> impl IntoView {
    let page = use_context::<StaffSignInCodeView>().unwrap_or_default();
    let title = staff_title("Enter your sign-in code", !page.errors.is_empty());
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <h1>"Enter your sign-in code"</h1>
        <p>"Open the authenticator app on your phone and enter the code it shows for Reroute."</p>
        <form method="post" action="/staff/sign-in/code" novalidate>
            {(!page.next.is_empty()).then(|| view! { <input type="hidden" name="next" value=page.next.clone()/> })}
            <CodeField errors=page.errors label="Code" hint="The code is 6 digits, for example 123456."/>
            <button type="submit" class="button">"Sign in"</button>
        </form>
        <p>"Lost your phone? Ask an admin in your force for help. "
            <a href="/staff/sign-in">"Start signing in again"</a>"."</p>
    }
}

/// `/staff/account/two-factor`: scan the QR code (or type the key), then confirm with a code.
#[component]
pub fn TwoFactorSetupPage() -> impl IntoView {
    let Some(page) = use_context::<TwoFactorSetupView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let title = staff_title("Set up two-factor sign-in", !page.errors.is_empty());
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <h1>"Set up two-factor sign-in"</h1>
        {page.required_by_force.then(|| view! {
            <div class="inset-text">
                <p>"Your force requires two-factor sign-in. Set it up to carry on using Reroute."</p>
            </div>
        })}
        <p>"When you sign in, you will enter your password and then a code from an authenticator app on your phone."</p>
        <h2>"1. Add Reroute to your authenticator app"</h2>
        <p>"Use an authenticator app such as Microsoft Authenticator or Google Authenticator. Scan this QR code with it:"</p>
        {page.qr.map(|qr| view! { <QrCode qr/> })}
        <p>"If you cannot scan it, add an account by hand and type in this key:"</p>
        <p class="code" id="setup-key">{page.secret}</p>
        <h2>"2. Enter the code from the app"</h2>
        <form method="post" action="/staff/account/two-factor" novalidate>
            <CodeField errors=page.errors label="Code from your authenticator app"
                hint="The code is 6 digits and changes every 30 seconds."/>
            <button type="submit" class="button">"Turn on two-factor sign-in"</button>
        </form>
    }
    .into_any()
}

/// The QR code as an inline SVG (a white margin of four modules, as scanners expect).
#[component]
fn QrCode(qr: QrCodeView) -> impl IntoView {
    let extent = qr.size + 8;
    view! {
        <svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox=format!("-4 -4 {extent} {extent}")
            width="220" height="220" shape-rendering="crispEdges" role="img" aria-label="QR code for your authenticator app">
            <rect x="-4" y="-4" width=extent.to_string() height=extent.to_string() fill="#fff"/>
            <path d=qr.path fill="#000"/>
        </svg>
    }
}
