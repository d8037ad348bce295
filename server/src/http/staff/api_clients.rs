//! `/staff/api-clients` (admins): the force's API clients, adding one (its token is shown
//! on that response only; only its hash is kept) and revoking one. Each change is
//! audited.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use reroute_app::staff::view_model::{ApiClientRow, ApiClientsView, CreatedApiClient};
use reroute_app::view_model::FieldError;
use reroute_db::queries::api_clients;
use serde::Deserialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::form::FormFields;
use super::super::page::{PageError, respond};
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;
use super::time_format::date_time;
use crate::api_token;

const MAX_NAME: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

async fn view(
    state: &AppState,
    staff: &Staff,
    new_name: String,
    errors: Vec<FieldError>,
    notice: Option<String>,
    created: Option<CreatedApiClient>,
) -> Result<ApiClientsView, PageError> {
    let clients = api_clients::list_for(&state.db.connection, staff.organisation.id).await?;
    Ok(ApiClientsView {
        clients: clients
            .into_iter()
            .map(|client| ApiClientRow {
                created: date_time(client.created_at),
                last_used: client
                    .last_used_at
                    .map_or_else(|| "Never".to_owned(), date_time),
                state_label: client.revoked_at.map_or_else(
                    || "Active".to_owned(),
                    |at| format!("Revoked {}", date_time(at)),
                ),
                revoke_action: client
                    .revoked_at
                    .is_none()
                    .then(|| format!("/staff/api-clients/{}/revoke", client.id)),
                name: client.name,
            })
            .collect(),
        errors,
        new_name,
        notice,
        created,
    })
}

async fn page(
    state: &AppState,
    staff: &Staff,
    headers: &HeaderMap,
    status: StatusCode,
    view: ApiClientsView,
) -> Response {
    staff_page(
        state,
        headers,
        "/staff/api-clients",
        Some(staff),
        status,
        view,
    )
    .await
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(done): Query<Done>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let notice = (done.done == "revoked")
            .then(|| "API client revoked. Its token no longer works.".to_owned());
        let view = view(&state, &staff, String::new(), Vec::new(), notice, None).await?;
        Ok(page(&state, &staff, &headers, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// Checks the new client's name.
pub fn check_name(name: &str) -> Result<(), FieldError> {
    let problem = if name.is_empty() {
        "Enter a name for the API client"
    } else if name.chars().count() > MAX_NAME {
        "The name must be 100 characters or fewer"
    } else {
        return Ok(());
    };
    Err(FieldError {
        field_id: "name".to_owned(),
        message: problem.to_owned(),
    })
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
        let name = form.get("name").trim().to_owned();
        if let Err(error) = check_name(&name) {
            let view = view(&state, &staff, name, vec![error], None, None).await?;
            return Ok(page(
                &state,
                &staff,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                view,
            )
            .await);
        }
        let (token, hash) = api_token::generate();
        let db = &state.db.connection;
        let client = api_clients::create(
            db,
            staff.organisation.id,
            &name,
            &hash,
            Some(staff.user.id),
            Utc::now(),
        )
        .await?;
        meta.record_change(
            db,
            &staff,
            "staff.created-api-client",
            ("api-client", client.id),
        )
        .await?;
        let created = CreatedApiClient { name, token };
        let view = view(
            &state,
            &staff,
            String::new(),
            Vec::new(),
            None,
            Some(created),
        )
        .await?;
        Ok(page(&state, &staff, &headers, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn revoke(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Path(client): Path<String>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let client_id = Uuid::try_parse(&client).map_err(|_| PageError::NotFound)?;
        let db = &state.db.connection;
        if !api_clients::revoke(db, staff.organisation.id, client_id, Utc::now()).await? {
            return Err(PageError::NotFound);
        }
        meta.record_change(
            db,
            &staff,
            "staff.revoked-api-client",
            ("api-client", client_id),
        )
        .await?;
        Ok(Redirect::to("/staff/api-clients?done=revoked").into_response())
    }
    .await;
    respond(&state, &headers, &uri, result).await
}
