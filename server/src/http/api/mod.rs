//! The REST API for a force's records system, under `/api/v1`: JSON in and out, bearer
//! tokens scoped to one force, one error shape. The OpenAPI document at
//! `/api/v1/openapi.json` is generated from these handlers and types, so it cannot drift
//! from them.

mod assignments;
mod auth;
mod error;
mod referrals;
mod xapi;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::{get, post};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Reroute API",
        version = "1",
        description = "For a force's records system: refer people to a course, follow their progress, and record the outcome. Every call needs `Authorization: Bearer rr_live_…` (a token made by the force's admin) and sees only that force's records; another force's assignment is not found (404). Every error has the body `{\"error\": {\"code\", \"message\", \"field\"}}`, where `code` is one of the stable values of `ErrorCode` and `field` names the field at fault (for example `participant.date_of_birth`). Request bodies: JSON, at most 64 KiB and 16 levels deep; unknown fields are refused. Each client may make 600 requests a minute (429 with `Retry-After` beyond that)."
    ),
    paths(
        referrals::create,
        assignments::show,
        assignments::list,
        assignments::extend,
        assignments::withdraw,
        assignments::outcome,
        xapi::statements,
    ),
    components(schemas(error::ErrorCode, error::ErrorBody, error::ErrorDetail)),
    modifiers(&BearerAuth),
    tags(
        (name = "referrals", description = "Giving a person a course"),
        (name = "assignments", description = "Following and changing assignments"),
        (name = "xapi", description = "Learning records as xAPI 1.0.3 statements, for a learning record store"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

async fn openapi_json() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}

/// The API's routes, to nest under `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi_json))
        .route("/referrals", post(referrals::create))
        .route("/assignments", get(assignments::list))
        .route("/assignments/{id}", get(assignments::show))
        .route("/assignments/{id}/extend", post(assignments::extend))
        .route("/assignments/{id}/withdraw", post(assignments::withdraw))
        .route("/assignments/{id}/outcome", post(assignments::outcome))
        .route("/xapi/statements", get(xapi::statements))
        .fallback(not_found)
        // Responses hold personal data: no cache keeps them.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

async fn not_found() -> error::ApiError {
    error::ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        error::ErrorCode::NotFound,
        "There is no such endpoint.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_lists_every_path_and_error_code() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for path in [
            "/api/v1/referrals",
            "/api/v1/assignments",
            "/api/v1/assignments/{id}",
            "/api/v1/assignments/{id}/extend",
            "/api/v1/assignments/{id}/withdraw",
            "/api/v1/assignments/{id}/outcome",
            "/api/v1/xapi/statements",
        ] {
            assert!(paths.contains_key(path), "{path}");
        }
        let codes = doc["components"]["schemas"]["ErrorCode"].to_string();
        for code in [
            "invalid_field",
            "unknown_field",
            "not_found",
            "rate_limited",
        ] {
            assert!(codes.contains(code), "{code} in {codes}");
        }
    }
}
