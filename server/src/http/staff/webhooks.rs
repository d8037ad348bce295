//! `/staff/webhooks` (admins): the force's webhook endpoints, adding one (its signing
//! secret is shown on that response only), each one's delivery log, a test event,
//! sending a delivery again, and turning an endpoint off. Each change is audited.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use reroute_app::staff::view_model::{
    CreatedWebhook, OptionItem, WebhookDeliveryRow, WebhookEndpointRow, WebhookEndpointView,
    WebhooksView,
};
use reroute_app::view_model::FieldError;
use reroute_db::entity::{webhook_delivery, webhook_endpoint};
use reroute_db::queries::webhooks;
use reroute_domain::webhook::{DeliveryState, WebhookEvent, check_address, parse_event_list};
use serde::Deserialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;
use super::time_format::date_time;
use crate::webhook::{payload, signing};

/// Deliveries shown in an endpoint's log.
const LOG_LENGTH: u64 = 100;

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

fn event_labels(stored: &str) -> String {
    parse_event_list(stored)
        .into_iter()
        .map(WebhookEvent::label)
        .collect::<Vec<_>>()
        .join(", ")
}

fn state_label(endpoint: &webhook_endpoint::Model) -> String {
    endpoint.disabled_at.map_or_else(
        || "On".to_owned(),
        |at| format!("Turned off {}", date_time(at)),
    )
}

fn endpoint_href(id: Uuid) -> String {
    format!("/staff/webhooks/{id}")
}

/// The event checkboxes, ticked as chosen.
fn event_options(chosen: &[WebhookEvent]) -> Vec<OptionItem> {
    WebhookEvent::SUBSCRIBABLE
        .into_iter()
        .map(|event| OptionItem {
            value: event.as_str().to_owned(),
            label: event.label().to_owned(),
            selected: chosen.contains(&event),
        })
        .collect()
}

async fn list_view(
    state: &AppState,
    staff: &Staff,
    form: (String, Vec<WebhookEvent>),
    errors: Vec<FieldError>,
    created: Option<CreatedWebhook>,
) -> Result<WebhooksView, PageError> {
    let endpoints = webhooks::endpoints_for(&state.db.connection, staff.organisation.id).await?;
    let (new_url, chosen) = form;
    Ok(WebhooksView {
        endpoints: endpoints
            .iter()
            .map(|endpoint| WebhookEndpointRow {
                url: endpoint.url.clone(),
                href: endpoint_href(endpoint.id),
                events: event_labels(&endpoint.events),
                created: date_time(endpoint.created_at),
                state_label: state_label(endpoint),
            })
            .collect(),
        errors,
        new_url,
        events: event_options(&chosen),
        notice: None,
        created,
    })
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    status: StatusCode,
    view: WebhooksView,
) -> Response {
    staff_page(state, headers, "/staff/webhooks", Some(staff), status, view).await
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let fresh_form = (String::new(), WebhookEvent::SUBSCRIBABLE.to_vec());
        let view = list_view(&state, &staff, fresh_form, Vec::new(), None).await?;
        Ok(list_page(&state, &staff, &headers, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Checks the form; the address problem and the events problem are reported together.
fn check_form(
    url: &str,
    events: &[WebhookEvent],
    allow_private: bool,
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err(problem) = check_address(url, allow_private) {
        errors.push(FieldError {
            field_id: "url".to_owned(),
            message: problem.message().to_owned(),
        });
    }
    if events.is_empty() {
        errors.push(FieldError {
            field_id: "events".to_owned(),
            message: "Select at least one event to send".to_owned(),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

pub async fn create(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let form = FormFields::parse(&body)?;
        let url = form.get("url").trim().to_owned();
        let events: Vec<WebhookEvent> = WebhookEvent::SUBSCRIBABLE
            .into_iter()
            .filter(|event| form.get_all("events").contains(&event.as_str()))
            .collect();
        if let Err(errors) = check_form(&url, &events, state.webhooks.allow_private) {
            let view = list_view(&state, &staff, (url, events), errors, None).await?;
            return Ok(list_page(
                &state,
                &staff,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                view,
            )
            .await);
        }
        let db = &state.db.connection;
        let endpoint = webhooks::create_endpoint(
            db,
            staff.organisation.id,
            &url,
            &events,
            Some(staff.user.id),
            Utc::now(),
        )
        .await?;
        meta.record_change(
            db,
            &staff,
            "staff.created-webhook",
            ("webhook", endpoint.id),
        )
        .await?;
        let created = CreatedWebhook {
            url: endpoint.url.clone(),
            href: endpoint_href(endpoint.id),
            secret: signing::secret_for(&state.keys.webhook, endpoint.id, endpoint.secret_version),
        };
        let fresh_form = (String::new(), WebhookEvent::SUBSCRIBABLE.to_vec());
        let view = list_view(&state, &staff, fresh_form, Vec::new(), Some(created)).await?;
        Ok(list_page(&state, &staff, &headers, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// The force's endpoint named in the path; another force's is not found.
async fn find_endpoint(
    state: &AppState,
    staff: &Staff,
    endpoint: &str,
) -> Result<webhook_endpoint::Model, PageError> {
    let id = Uuid::try_parse(endpoint).map_err(|_| PageError::NotFound)?;
    webhooks::endpoint(&state.db.connection, staff.organisation.id, id)
        .await?
        .ok_or(PageError::NotFound)
}

/// A row of the log; a delivery can be sent again unless it was delivered or its
/// endpoint is off.
fn delivery_row(delivery: webhook_delivery::Model, endpoint_active: bool) -> WebhookDeliveryRow {
    let state = DeliveryState::parse(&delivery.state).unwrap_or(DeliveryState::Failed);
    let (state_label, state_class) = match state {
        DeliveryState::Delivered => ("Delivered", "tag tag--green"),
        DeliveryState::Pending if delivery.attempts == 0 => ("Sending", "tag tag--blue"),
        DeliveryState::Pending => ("Waiting to try again", "tag tag--orange"),
        DeliveryState::Failed => ("Failed", "tag tag--red"),
    };
    let last_result = match (&delivery.last_error, delivery.last_status_code) {
        (Some(error), _) => error.clone(),
        (None, Some(status)) => format!("Accepted ({status})"),
        (None, None) => "Not tried yet".to_owned(),
    };
    let last_result = match delivery.last_attempt_at {
        Some(at) => format!("{}: {last_result}", date_time(at)),
        None => last_result,
    };
    let waiting = state == DeliveryState::Pending && delivery.attempts > 0;
    WebhookDeliveryRow {
        event: WebhookEvent::parse(&delivery.event_type).map_or_else(
            || delivery.event_type.clone(),
            |event| event.label().to_owned(),
        ),
        assignment: delivery.assignment_id.map(|id| {
            let short: String = id.to_string().chars().take(8).collect();
            (format!("/staff/assignments/{id}"), format!("Case {short}"))
        }),
        created: date_time(delivery.created_at),
        state_label: state_label.to_owned(),
        state_class: state_class.to_owned(),
        attempts: delivery.attempts.to_string(),
        last_result,
        next_try: waiting.then(|| format!("Next try {}", date_time(delivery.next_attempt_at))),
        retry_action: (endpoint_active && state != DeliveryState::Delivered)
            .then(|| format!("/staff/webhooks/deliveries/{}/retry", delivery.id)),
    }
}

fn done_notice(done: &str) -> Option<String> {
    match done {
        "test" => Some("Test event queued. It appears in the delivery log below.".to_owned()),
        "retry" => Some("The message will be sent again now.".to_owned()),
        "disabled" => Some("Webhook turned off. Nothing more will be sent to it.".to_owned()),
        _ => None,
    }
}

pub async fn endpoint(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Path(endpoint): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let endpoint = find_endpoint(&state, &staff, &endpoint).await?;
        let deliveries = webhooks::deliveries_for(
            &state.db.connection,
            staff.organisation.id,
            endpoint.id,
            LOG_LENGTH,
        )
        .await?;
        let active = endpoint.disabled_at.is_none();
        let href = endpoint_href(endpoint.id);
        let view = WebhookEndpointView {
            url: endpoint.url.clone(),
            events: event_labels(&endpoint.events),
            created: date_time(endpoint.created_at),
            state_label: state_label(&endpoint),
            test_action: active.then(|| format!("{href}/test")),
            disable_action: active.then(|| format!("{href}/disable")),
            notice: done_notice(&done.done),
            deliveries: deliveries
                .into_iter()
                .map(|delivery| delivery_row(delivery, active))
                .collect(),
        };
        Ok(staff_page(&state, &headers, &href, Some(&staff), StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn send_test(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(endpoint): Path<String>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let endpoint = find_endpoint(&state, &staff, &endpoint).await?;
        if endpoint.disabled_at.is_some() {
            return Err(PageError::NotFound);
        }
        let now = Utc::now();
        let body = payload::test_event(now);
        let event = webhooks::NewEvent {
            event: WebhookEvent::Test,
            key: body.key,
            assignment_id: None,
            assignment_deadline: None,
            payload: &body.json,
            now,
        };
        let db = &state.db.connection;
        webhooks::enqueue_for(db, &endpoint, &event).await?;
        meta.record_change(
            db,
            &staff,
            "staff.sent-test-webhook",
            ("webhook", endpoint.id),
        )
        .await?;
        state.webhooks.wake();
        Ok(Redirect::to(&format!("{}?done=test", endpoint_href(endpoint.id))).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn disable(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(endpoint): Path<String>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let endpoint = find_endpoint(&state, &staff, &endpoint).await?;
        let db = &state.db.connection;
        if webhooks::disable_endpoint(db, staff.organisation.id, endpoint.id, Utc::now()).await? {
            meta.record_change(
                db,
                &staff,
                "staff.disabled-webhook",
                ("webhook", endpoint.id),
            )
            .await?;
        }
        Ok(Redirect::to(&format!("{}?done=disabled", endpoint_href(endpoint.id))).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn retry(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(delivery): Path<String>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let delivery_id = Uuid::try_parse(&delivery).map_err(|_| PageError::NotFound)?;
        let db = &state.db.connection;
        let endpoint_id = webhooks::retry_now(db, staff.organisation.id, delivery_id, Utc::now())
            .await?
            .ok_or(PageError::NotFound)?;
        meta.record_change(
            db,
            &staff,
            "staff.retried-webhook-delivery",
            ("webhook-delivery", delivery_id),
        )
        .await?;
        state.webhooks.wake();
        Ok(Redirect::to(&format!("{}?done=retry", endpoint_href(endpoint_id))).into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reports_the_address_and_the_events_together() {
        let errors = check_form("http://records.example.org", &[], false).err();
        let fields: Vec<String> = errors
            .unwrap_or_default()
            .into_iter()
            .map(|error| error.field_id)
            .collect();
        assert_eq!(fields, vec!["url", "events"]);
        assert!(
            check_form(
                "https://records.example.org",
                &[WebhookEvent::Overdue],
                false
            )
            .is_ok()
        );
    }
}
