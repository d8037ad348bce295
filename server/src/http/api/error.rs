//! The API's one error shape, `{"error": {"code", "message", "field"}}`, and its JSON
//! body reader: size and nesting depth are limited, unknown fields are refused, and a
//! bad value names the field it is in (for example `participant.date_of_birth`).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// The largest request body the API reads.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;
/// The deepest nesting of objects and arrays accepted in a request body.
pub const MAX_DEPTH: usize = 16;

/// What went wrong, as a stable code for programs to act on:
///
/// - `invalid_json` (400): the body is not JSON, or is nested more than 16 levels deep
/// - `invalid_field` (400): a field has the wrong type or a value that is not allowed
/// - `unknown_field` (400): the body has a field this endpoint does not know
/// - `missing_field` (400): a required field is missing
/// - `invalid_query` (400): a query parameter is malformed or unknown
/// - `body_too_large` (413): the body is larger than 64 KiB
/// - `unauthorized` (401): no bearer token, or one that is unknown or revoked
/// - `rate_limited` (429): too many requests; wait for `Retry-After` seconds
/// - `not_found` (404): no such assignment (or endpoint) in the client's force
/// - `conflict` (409): the assignment's state does not allow this change
/// - `internal` (500): something went wrong on the server; nothing was changed
///
/// `field` names the field or parameter at fault where there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON, or is nested too deeply.
    InvalidJson,
    /// A field has the wrong type or a value that is not allowed (see `field`).
    InvalidField,
    /// The body has a field this endpoint does not know (see `field`).
    UnknownField,
    /// A required field is missing (see `field`).
    MissingField,
    /// A query parameter is malformed (see `field`).
    InvalidQuery,
    /// The body is larger than 64 KiB.
    BodyTooLarge,
    /// No bearer token, or one that is unknown or revoked.
    Unauthorized,
    /// Too many requests: wait for the number of seconds in `Retry-After`.
    RateLimited,
    /// No such assignment in the client's force.
    NotFound,
    /// The assignment's state does not allow this change (for example it is withdrawn).
    Conflict,
    /// Something went wrong on the server; nothing was changed.
    Internal,
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// A sentence for a person reading the logs of the calling system.
    pub message: String,
    /// The field at fault, as a path such as `participant.date_of_birth`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: ErrorCode,
    message: String,
    field: Option<String>,
    retry_after_seconds: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
            retry_after_seconds: None,
        }
    }

    pub fn field(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.into()),
            ..Self::new(StatusCode::BAD_REQUEST, code, message)
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "Send a valid, unrevoked API token as `Authorization: Bearer rr_live_…`.",
        )
    }

    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self {
            retry_after_seconds: Some(retry_after_seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RateLimited,
                "Too many requests. Wait, then try again.",
            )
        }
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "There is no such assignment in your force.",
        )
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }
}

impl From<reroute_db::sea_orm::DbErr> for ApiError {
    fn from(err: reroute_db::sea_orm::DbErr) -> Self {
        tracing::error!(%err, "database error in the API");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "Something went wrong on the server. Try again later.",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                field: self.field,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A JSON request body, checked for size and depth and read strictly.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT_BYTES)
            .await
            .map_err(|_| {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::BodyTooLarge,
                    "The request body is larger than 64 KiB.",
                )
            })?;
        parse(&bytes).map(ApiJson)
    }
}

/// Reads `bytes` as a `T`, naming the field at fault when it does not fit.
pub fn parse<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, ApiError> {
    if nesting_depth(bytes) > MAX_DEPTH {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("The JSON is nested more than {MAX_DEPTH} levels deep."),
        ));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(field_error)?;
    deserializer.end().map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("The body is not valid JSON: {err}."),
        )
    })?;
    Ok(value)
}

fn field_error(err: serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = err.path().to_string();
    let inner = err.inner();
    let message = inner.to_string();
    let detail = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_owned();
    let join = |parent: &str, name: &str| {
        if parent == "." || parent.is_empty() {
            name.to_owned()
        } else if parent.ends_with(&format!(".{name}")) || parent == name {
            parent.to_owned()
        } else {
            format!("{parent}.{name}")
        }
    };
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    if !inner.is_data() {
        let mut error = ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidJson,
            format!("The body is not valid JSON: {message}."),
        );
        error.field = (path != ".").then_some(path);
        return error;
    }
    if detail.starts_with("unknown field") {
        let name = quoted(&detail).unwrap_or_default();
        let field = join(&path, &name);
        return ApiError::field(
            ErrorCode::UnknownField,
            field.clone(),
            format!("`{field}` is not a field of this request."),
        );
    }
    if detail.starts_with("missing field") {
        let name = quoted(&detail).unwrap_or_default();
        let field = join(&path, &name);
        return ApiError::field(
            ErrorCode::MissingField,
            field.clone(),
            format!("`{field}` is required."),
        );
    }
    let field = if path == "." { String::new() } else { path };
    ApiError::field(
        ErrorCode::InvalidField,
        field.clone(),
        format!("`{field}` is not valid: {detail}."),
    )
}

/// How deeply objects and arrays nest in `bytes`, counted without parsing (strings are
/// skipped), so that a deeply nested body is refused before serde recurses into it.
fn nesting_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &byte in bytes {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        inner: Inner,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        count: u32,
    }

    fn problem(body: &'static str) -> (ErrorCode, Option<String>) {
        let err = parse::<Outer>(&Bytes::from_static(body.as_bytes())).unwrap_err();
        (err.code, err.field)
    }

    #[test]
    fn errors_name_the_field() {
        assert_eq!(
            problem(r#"{"inner": {"count": "x"}}"#),
            (ErrorCode::InvalidField, Some("inner.count".to_owned()))
        );
        assert_eq!(
            problem(r#"{"inner": {"count": 1, "extra": 2}}"#),
            (ErrorCode::UnknownField, Some("inner.extra".to_owned()))
        );
        assert_eq!(
            problem(r#"{"inner": {}}"#),
            (ErrorCode::MissingField, Some("inner.count".to_owned()))
        );
        assert_eq!(problem(r#"{"inner": "#).0, ErrorCode::InvalidJson);
        assert_eq!(
            problem(r#"{"inner": {"count": 1}} x"#).0,
            ErrorCode::InvalidJson
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        assert_eq!(nesting_depth(br#"{"a": "[[[[{{{{"}"#), 1);
        assert_eq!(nesting_depth(br#"[[{"a": [1]}]]"#), 4);
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let err = parse::<Outer>(&Bytes::from(deep)).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidJson);
    }
}
