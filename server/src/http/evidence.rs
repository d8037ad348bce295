//! Completion records on the web: the published public keys, the printable certificate
//! (for the participant and for staff) and the public `/verify` pages.

use std::fmt::Write;
use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use reroute_app::evidence::{CertificateView, VerifiedRecord, VerifyResultView, VerifyView};
use reroute_app::staff::view_model::QrCodeView;
use reroute_app::view_model::FieldError;
use reroute_db::queries::{evidence as stored, rate_limits};
use reroute_domain::deadline::long_date;
use reroute_domain::disposal::Disposal;
use reroute_domain::evidence::{grouped, normalise_code, public_summary};
use serde::Deserialize;
use uuid::Uuid;

use super::AppState;
use super::page::{PageError, render_view, respond};

/// This site's address: `--public-url` if set, else as the request reached it
/// (`https://host` when served over HTTPS).
pub fn origin(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.public_url {
        return url.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// `GET /.well-known/jwks.json`: the public halves of every signing key.
pub async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(state.keys.evidence.public().to_jwks()),
    )
}

/// A QR code of `content` as an SVG path, one run of dark modules at a time.
fn qr_code(content: &str) -> Option<QrCodeView> {
    let code = qrcode::QrCode::new(content.as_bytes()).ok()?;
    let size = code.width();
    let mut path = String::new();
    for (y, row) in code.to_colors().chunks(size).enumerate() {
        let mut x = 0;
        while x < row.len() {
            let run = row[x..]
                .iter()
                .take_while(|colour| **colour == qrcode::Color::Dark)
                .count();
            if run > 0 {
                let _ = write!(path, "M{x} {y}h{run}v1h-{run}z");
            }
            x += run.max(1);
        }
    }
    Some(QrCodeView { size, path })
}

fn when(time: DateTime<Utc>) -> String {
    time.format("%-d %B %Y, %H:%M UTC").to_string()
}

/// The certificate of a closed assignment, from its signed record (checked against the
/// server's keys first, so what is printed is what was signed). `None` when there is no
/// genuine record.
pub async fn certificate(
    state: &AppState,
    headers: &HeaderMap,
    assignment_id: Uuid,
    page_title: String,
    back_href: String,
) -> Result<Option<CertificateView>, PageError> {
    let Some(record) = stored::record_for(&state.db.connection, assignment_id).await? else {
        return Ok(None);
    };
    let claims = match state.keys.evidence.public().verify(&record.token) {
        Ok(claims) => claims,
        Err(err) => {
            tracing::error!(assignment = %assignment_id, "a stored completion record does not verify: {err}");
            return Ok(None);
        }
    };
    let code = record.verify_code.unwrap_or_default();
    let verify_url = format!("{}/verify/{}", origin(state, headers), grouped(&code));
    let minutes = claims.time_spent_seconds / 60;
    Ok(Some(CertificateView {
        page_title,
        back_href,
        organisation: claims.organisation.name.clone(),
        name: claims.participant.name.clone(),
        date_of_birth: long_date(claims.participant.date_of_birth),
        force_reference: claims.participant.force_reference.clone(),
        course: claims.course.title.clone(),
        course_version: claims.course.version.chars().take(12).collect(),
        disposal: Disposal::parse(&claims.disposal)
            .map_or_else(|| claims.disposal.clone(), |d| d.label().to_owned()),
        assigned: when(claims.assigned_at),
        first_sign_in: claims.first_sign_in_at.map(when),
        declared: claims.declared_at.map(when),
        completed: when(claims.completed_at),
        deadline: long_date(claims.deadline),
        time_spent: if minutes == 1 {
            "1 minute".to_owned()
        } else {
            format!("{minutes} minutes")
        },
        score: format!(
            "{} of {} ({}%). Pass mark {}%.",
            claims.score.right, claims.score.total, claims.score.percent, claims.pass_mark
        ),
        passed: claims.passed,
        attempts: format!("{} of {}", claims.attempts_used, claims.attempts_allowed),
        verify_code: grouped(&code),
        qr: qr_code(&verify_url),
        verify_url,
        key_id: record.key_id,
        issued: when(record.issued_at),
    }))
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: Option<String>,
}

/// `GET /verify`: the form; with `?code=…` (the form sent), on to that code's page.
pub async fn verify_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(query): Query<CodeQuery>,
) -> Response {
    let Some(typed) = query.code else {
        return render_view(
            &state,
            &headers,
            &uri,
            false,
            StatusCode::OK,
            VerifyView::default(),
        )
        .await;
    };
    match normalise_code(&typed) {
        Some(code) => Redirect::to(&format!("/verify/{}", grouped(&code))).into_response(),
        None => {
            let message = if typed.trim().is_empty() {
                "Enter the verification code from the certificate"
            } else {
                "Enter the code as it is on the certificate: 10 letters and numbers, like K7PMX-4RT9W"
            };
            let view = VerifyView {
                code: typed.chars().take(40).collect(),
                errors: vec![FieldError {
                    field_id: "code".to_owned(),
                    message: message.to_owned(),
                }],
            };
            render_view(
                &state,
                &headers,
                &uri,
                false,
                StatusCode::UNPROCESSABLE_ENTITY,
                view,
            )
            .await
        }
    }
}

/// Lookups per address per hour: plenty for anyone checking certificates by hand, far
/// too few to guess codes.
const LOOKUPS_PER_HOUR: i32 = 60;

/// `GET /verify/{code}`: whether the record with this code is genuine and unchanged.
pub async fn verify_code(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    uri: Uri,
    Path(typed): Path<String>,
) -> Response {
    let result = async {
        let db = &state.db.connection;
        let key = format!("verify:{}", peer.ip());
        let allowed =
            rate_limits::hit(db, &key, LOOKUPS_PER_HOUR, Duration::hours(1), Utc::now()).await?;
        let mut view = VerifyResultView {
            code: grouped(&typed),
            genuine: None,
            too_many: !allowed,
        };
        let (status, found) = match normalise_code(&typed) {
            Some(code) if allowed => (
                StatusCode::NOT_FOUND,
                stored::by_verify_code(db, &code).await?,
            ),
            _ if !allowed => (StatusCode::TOO_MANY_REQUESTS, None),
            _ => (StatusCode::NOT_FOUND, None),
        };
        let genuine =
            found.and_then(|record| state.keys.evidence.public().verify(&record.token).ok());
        let status = match genuine {
            Some(claims) => {
                let summary = public_summary(&claims);
                view.genuine = Some(VerifiedRecord {
                    course: summary.course_title,
                    completed: long_date(summary.completed_on),
                    passed: summary.passed,
                    initials: summary.initials,
                    year_of_birth: summary.year_of_birth.to_string(),
                    force: summary.force,
                });
                StatusCode::OK
            }
            None => status,
        };
        Ok(render_view(&state, &headers, &uri, false, status, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}
