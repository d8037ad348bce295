//! Completion records: the printable certificate (for the participant and for staff)
//! and the public pages that check one by its verification code.

use leptos::prelude::*;

use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};
use crate::components::missing_data::MissingData;
use crate::components::page_title::PageTitle;
use crate::staff::common::SummaryRow;
use crate::staff::view_model::QrCodeView;
use crate::view_model::FieldError;

/// One A4 certificate: what the signed record says, the code to check it and a QR code
/// of the address that checks it.
#[derive(Clone, Debug, Default)]
pub struct CertificateView {
    /// The browser tab's title.
    pub page_title: String,
    pub back_href: String,
    pub organisation: String,
    pub name: String,
    pub date_of_birth: String,
    pub force_reference: String,
    pub course: String,
    pub course_version: String,
    pub disposal: String,
    pub assigned: String,
    pub first_sign_in: Option<String>,
    pub declared: Option<String>,
    pub completed: String,
    pub deadline: String,
    pub time_spent: String,
    pub score: String,
    pub passed: bool,
    pub attempts: String,
    /// The code as printed, `ABCDE-23456`.
    pub verify_code: String,
    pub verify_url: String,
    pub qr: Option<QrCodeView>,
    pub key_id: String,
    pub issued: String,
}

#[component]
pub fn CertificatePage() -> impl IntoView {
    let Some(page) = use_context::<CertificateView>() else {
        return view! { <MissingData/> }.into_any();
    };
    let result = if page.passed { "Passed" } else { "Not passed" };
    view! {
        <PageTitle text=page.page_title.clone()/>
        <div class="no-print">
            <a class="back-link" href=page.back_href.clone()>"Back"</a>
            <p class="inset-text">"Use your browser’s print option to print this certificate. It fits on one A4 page."</p>
        </div>
        <article class="letter certificate" aria-labelledby="certificate-heading">
            <p class="letter__from">{page.organisation.clone()}</p>
            <h1 class="letter__heading" id="certificate-heading">"Course certificate"</h1>
            <p>{page.name.clone()}" "{if page.passed { "finished and passed" } else { "finished, but did not pass," }}" the course "<strong>{page.course.clone()}</strong>"."</p>
            <dl class="summary-list">
                <SummaryRow key="Name">{page.name}</SummaryRow>
                <SummaryRow key="Date of birth">{page.date_of_birth}</SummaryRow>
                <SummaryRow key="Force reference">{page.force_reference}</SummaryRow>
                <SummaryRow key="Course">{page.course}</SummaryRow>
                <SummaryRow key="Course version"><code class="code">{page.course_version}</code></SummaryRow>
                <SummaryRow key="Disposal">{page.disposal}</SummaryRow>
                <SummaryRow key="Assigned">{page.assigned}</SummaryRow>
                <SummaryRow key="First signed in">{page.first_sign_in.unwrap_or_else(|| "Not recorded".to_string())}</SummaryRow>
                <SummaryRow key="Agreed to do the course">{page.declared.unwrap_or_else(|| "Not recorded".to_string())}</SummaryRow>
                <SummaryRow key="Finished">{page.completed}</SummaryRow>
                <SummaryRow key="Deadline">{page.deadline}</SummaryRow>
                <SummaryRow key="Time spent">{page.time_spent}</SummaryRow>
                <SummaryRow key="Score">{page.score}</SummaryRow>
                <SummaryRow key="Result">{result}</SummaryRow>
                <SummaryRow key="Attempts">{page.attempts}</SummaryRow>
            </dl>
            <h2 class="letter__subheading">"Check this certificate"</h2>
            <div class="certificate__check">
                {page.qr.map(|qr| {
                    let extent = qr.size + 8;
                    view! {
                        <svg class="qr-code certificate__qr" xmlns="http://www.w3.org/2000/svg" viewBox=format!("-4 -4 {extent} {extent}")
                            width="140" height="140" shape-rendering="crispEdges" role="img" aria-label="QR code of the address that checks this certificate">
                            <rect x="-4" y="-4" width=extent.to_string() height=extent.to_string() fill="#fff"/>
                            <path d=qr.path fill="#000"/>
                        </svg>
                    }
                })}
                <div>
                    <p>"Go to "<strong class="letter__address">{page.verify_url.clone()}</strong>" or scan the QR code."</p>
                    <p>"Verification code: "<span class="letter__code">{page.verify_code}</span></p>
                    <p class="hint">"Signed record issued "{page.issued}", key "<code class="code">{page.key_id}</code>"."</p>
                </div>
            </div>
        </article>
    }
    .into_any()
}

/// The signed record as the case page shows it.
#[derive(Clone, Debug, Default)]
pub struct CaseEvidence {
    /// The code as printed, `ABCDE-23456`.
    pub verify_code: String,
    pub key_id: String,
    pub issued: String,
    pub certificate_href: String,
}

/// `/verify`: the form for a verification code.
#[derive(Clone, Debug, Default)]
pub struct VerifyView {
    pub code: String,
    pub errors: Vec<FieldError>,
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let page = use_context::<VerifyView>().unwrap_or_default();
    let title = if page.errors.is_empty() {
        "Check a course certificate – Reroute"
    } else {
        "Error: Check a course certificate – Reroute"
    };
    let error = field_error(&page.errors, "code");
    let described = if error.is_some() {
        "code-hint code-error"
    } else {
        "code-hint"
    };
    let group = if error.is_some() {
        "form-group form-group--error"
    } else {
        "form-group"
    };
    view! {
        <PageTitle text=title/>
        <ErrorSummary errors=page.errors.clone()/>
        <h1>"Check a course certificate"</h1>
        <p>"Use this to check that a Reroute course certificate is genuine and has not been changed."</p>
        <form method="get" action="/verify" novalidate>
            <div class=group>
                <label class="label" for="code">"Verification code"</label>
                <p class="hint" id="code-hint">"This is on the certificate. It looks like K7PMX-4RT9W."</p>
                <ErrorMessage message=error.clone() id="code-error".to_string()/>
                <input class="input input--code" id="code" name="code" type="text" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" aria-describedby=described value=page.code/>
            </div>
            <button type="submit" class="button">"Check"</button>
        </form>
    }
}

/// `/verify/{code}`: what a genuine record shows, or that there is none.
#[derive(Clone, Debug, Default)]
pub struct VerifyResultView {
    pub code: String,
    pub genuine: Option<VerifiedRecord>,
    /// Too many checks from this address: try again later.
    pub too_many: bool,
}

/// Only what someone holding the certificate needs to match it to the person.
#[derive(Clone, Debug, Default)]
pub struct VerifiedRecord {
    pub course: String,
    pub completed: String,
    pub passed: bool,
    pub initials: String,
    pub year_of_birth: String,
    pub force: String,
}

#[component]
pub fn VerifyResultPage() -> impl IntoView {
    let Some(page) = use_context::<VerifyResultView>() else {
        return view! { <MissingData/> }.into_any();
    };
    match page.genuine {
        Some(record) => view! {
            <PageTitle text="Genuine and unchanged – Reroute".to_string()/>
            <div class="panel panel--confirmation">
                <h1>"Genuine and unchanged"</h1>
                <p class="panel__body">"Verification code "{page.code}</p>
            </div>
            <p>"This certificate was issued by Reroute and has not been changed since."</p>
            <dl class="summary-list">
                <SummaryRow key="Course">{record.course}</SummaryRow>
                <SummaryRow key="Finished on">{record.completed}</SummaryRow>
                <SummaryRow key="Passed">{if record.passed { "Yes" } else { "No" }}</SummaryRow>
                <SummaryRow key="Initials">{record.initials}</SummaryRow>
                <SummaryRow key="Year of birth">{record.year_of_birth}</SummaryRow>
                <SummaryRow key="Police force">{record.force}</SummaryRow>
            </dl>
            <p>"Check these match the certificate you were given. If they do not, the certificate has been changed."</p>
            <p><a href="/verify">"Check another certificate"</a></p>
        }
        .into_any(),
        None if page.too_many => view! {
            <PageTitle text="Too many checks – Reroute".to_string()/>
            <h1>"Too many checks"</h1>
            <p>"You have checked a lot of certificates in a short time. Wait an hour, then try again."</p>
        }
        .into_any(),
        None => view! {
            <PageTitle text="Certificate not found – Reroute".to_string()/>
            <h1>"We could not find a genuine certificate with that code"</h1>
            <p>"Check the code on the certificate and try again. It has 10 letters and numbers, like K7PMX-4RT9W."</p>
            <p>"If the code is right and it still does not work, the certificate is not genuine, or its record has been deleted. Contact the police force named on it."</p>
            <p><a href="/verify">"Try another code"</a></p>
        }
        .into_any(),
    }
}
