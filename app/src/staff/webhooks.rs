//! The force's webhooks (admins only): the addresses its records system receives events
//! at, adding one (its signing secret is shown once), and each one's delivery log.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use super::common::{
    NoticeBanner, StaffMissingData, SummaryRow, TableRegion, described_by, group_class, staff_title,
};
use super::view_model::{
    WebhookDeliveryRow, WebhookEndpointRow, WebhookEndpointView, WebhooksView,
};
use crate::components::error_summary::{ErrorMessage, ErrorSummary, field_error};

/// `/staff/webhooks`: the endpoints table and the form to add one.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let Some(page) = use_context::<WebhooksView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    let errors = page.errors.clone();
    let url_error = field_error(&errors, "url");
    let events_error = field_error(&errors, "events");
    let url_described = described_by(&[Some("url-hint"), url_error.as_ref().map(|_| "url-error")]);
    let events_described = described_by(&[
        Some("events-hint"),
        events_error.as_ref().map(|_| "events-error"),
    ]);
    view! {
        <PageTitle text=staff_title("Webhooks", !errors.is_empty())/>
        <ErrorSummary errors=errors/>
        <NoticeBanner notice=page.notice success=true/>
        <h1>"Webhooks"</h1>
        <p>
            "Your records system can be told at once when a course is completed, finished without passing, or overdue. "
            "Reroute sends a signed message to the address you give, and tries again for about two days if it is not accepted."
        </p>
        {page.created.map(|created| view! {
            <div class="panel panel--confirmation">
                <h2>"Webhook added"</h2>
                <p class="panel__body table__break">{created.url.clone()}</p>
            </div>
            <div class="code-box">
                <p class="code-box__label">"Signing secret"</p>
                <p class="table__break"><code>{created.secret}</code></p>
            </div>
            <p>
                <strong>"Copy the signing secret into your records system now. It is not shown again."</strong>
                " Your system uses it to check that each message came from Reroute. If it is lost, turn this webhook off and add another."
            </p>
            <p><a href=created.href>"See this webhook and send a test event"</a></p>
        })}
        <EndpointsTable endpoints=page.endpoints/>

        <h2 id="add-heading">"Add a webhook"</h2>
        <form method="post" action="/staff/webhooks" novalidate aria-labelledby="add-heading">
            <div class=group_class(&url_error)>
                <label class="label" for="url">"Address"</label>
                <p class="hint" id="url-hint">"It must start with https://, for example https://records.example.police.uk/reroute-events"</p>
                <ErrorMessage message=url_error.clone() id="url-error".to_string()/>
                <input class="input" id="url" name="url" type="url" autocomplete="off"
                    spellcheck="false" value=page.new_url aria-describedby=url_described/>
            </div>
            <div class=group_class(&events_error)>
                <fieldset class="fieldset" aria-describedby=events_described>
                    <legend class="fieldset__legend">"Events to send"</legend>
                    <p class="hint" id="events-hint">"Select all that apply."</p>
                    <ErrorMessage message=events_error.clone() id="events-error".to_string()/>
                    {page.events.into_iter().enumerate().map(|(index, event)| {
                        let id = if index == 0 { "events".to_owned() } else { format!("events-{index}") };
                        view! {
                            <div class="checkbox">
                                <input class="checkbox__input" id=id.clone() name="events" type="checkbox"
                                    value=event.value checked=event.selected/>
                                <label class="checkbox__label" for=id>{event.label}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
            </div>
            <button type="submit" class="button">"Add webhook"</button>
        </form>
    }
    .into_any()
}

#[component]
fn EndpointsTable(endpoints: Vec<WebhookEndpointRow>) -> impl IntoView {
    if endpoints.is_empty() {
        return view! { <p>"There are no webhooks yet."</p> }.into_any();
    }
    view! {
        <TableRegion label="Webhooks table">
            <table class="table">
                <caption class="table__caption">"Webhooks"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Address"</th>
                        <th scope="col">"Events"</th>
                        <th scope="col">"Added"</th>
                        <th scope="col">"State"</th>
                    </tr>
                </thead>
                <tbody>
                    {endpoints.into_iter().map(|endpoint| view! {
                        <tr>
                            <th scope="row" class="table__break"><a href=endpoint.href>{endpoint.url}</a></th>
                            <td>{endpoint.events}</td>
                            <td>{endpoint.created}</td>
                            <td>{endpoint.state_label}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableRegion>
    }
    .into_any()
}

/// `/staff/webhooks/{id}`: one endpoint and its delivery log.
#[component]
pub fn WebhookEndpointPage() -> impl IntoView {
    let Some(page) = use_context::<WebhookEndpointView>() else {
        return view! { <StaffMissingData/> }.into_any();
    };
    view! {
        <PageTitle text=staff_title("Webhook", false)/>
        <NoticeBanner notice=page.notice success=true/>
        <a class="back-link" href="/staff/webhooks">"All webhooks"</a>
        <h1>"Webhook"</h1>
        <dl class="summary-list">
            <SummaryRow key="Address"><span class="table__break">{page.url}</span></SummaryRow>
            <SummaryRow key="Events">{page.events}</SummaryRow>
            <SummaryRow key="Added">{page.created}</SummaryRow>
            <SummaryRow key="State">{page.state_label}</SummaryRow>
        </dl>
        {page.test_action.map(|action| view! {
            <form method="post" action=action class="inline-form">
                <button type="submit" class="button button--secondary">"Send a test event"</button>
            </form>
        })}
        {page.disable_action.map(|action| view! {
            <form method="post" action=action class="inline-form">
                <button type="submit" class="button button--warning">"Turn this webhook off"</button>
            </form>
        })}
        <h2>"Delivery log"</h2>
        <DeliveryLog deliveries=page.deliveries/>
    }
    .into_any()
}

#[component]
fn DeliveryLog(deliveries: Vec<WebhookDeliveryRow>) -> impl IntoView {
    if deliveries.is_empty() {
        return view! { <p>"Nothing has been sent to this webhook yet."</p> }.into_any();
    }
    view! {
        <p>"The newest 100 messages, newest first."</p>
        <TableRegion label="Delivery log table">
            <table class="table">
                <caption class="table__caption visually-hidden">"Delivery log"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Event"</th>
                        <th scope="col">"Case"</th>
                        <th scope="col">"Happened"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Tries"</th>
                        <th scope="col">"Last try"</th>
                        <th scope="col">"Send again"</th>
                    </tr>
                </thead>
                <tbody>
                    {deliveries.into_iter().map(|delivery| view! {
                        <tr>
                            <td>{delivery.event.clone()}</td>
                            <td>{delivery.assignment.map(|(href, label)| view! { <a href=href>{label}</a> })}</td>
                            <td>{delivery.created}</td>
                            <td><strong class=delivery.state_class>{delivery.state_label}</strong></td>
                            <td>{delivery.attempts}</td>
                            <td>
                                {delivery.last_result}
                                {delivery.next_try.map(|next| view! { <br/>{next} })}
                            </td>
                            <td>
                                {delivery.retry_action.map(|action| view! {
                                    <form method="post" action=action class="table-form">
                                        <button type="submit" class="button button--secondary button--small">
                                            "Send again"<span class="visually-hidden">" "{delivery.event.clone()}</span>
                                        </button>
                                    </form>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableRegion>
    }
    .into_any()
}
