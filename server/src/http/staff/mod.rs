//! The staff console: sign-in (with two-factor codes), the dashboard, assigning, case
//! pages and their actions, staff accounts, each member's own account, force settings
//! and the course library. Every route checks the staff session (the `Staff`
//! extractor), then the role, then that any record named in the path belongs to the
//! signed-in person's force.

mod account;
mod actions;
mod api_clients;
pub(super) mod assign;
mod assignment;
mod audit_log;
mod certificate;
mod courses;
mod csv_export;
mod dashboard;
mod date_fields;
mod letter;
mod participants;
mod render;
pub(super) mod request_meta;
pub mod session;
mod settings;
mod sign_in;
mod time_format;
mod two_factor;
mod users;
mod webhooks;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/sign-in", get(sign_in::show).post(sign_in::submit))
        .route(
            "/staff/sign-in/code",
            get(two_factor::show_code).post(two_factor::submit_code),
        )
        .route("/staff/sign-out", post(sign_in::sign_out))
        .route("/staff", get(dashboard::show))
        .route("/staff/export.csv", get(dashboard::export))
        .route("/staff/assign", get(assign::show).post(assign::submit))
        .route("/staff/assignments/{assignment}", get(assignment::show))
        .route(
            "/staff/assignments/{assignment}/letter",
            post(letter::print),
        )
        .route(
            "/staff/assignments/{assignment}/certificate",
            get(certificate::show),
        )
        .route(
            "/staff/assignments/{assignment}/{action}",
            get(actions::show).post(actions::submit),
        )
        .route(
            "/staff/participants/{participant}/export.json",
            get(participants::export),
        )
        .route(
            "/staff/participants/{participant}/record",
            get(participants::record),
        )
        .route(
            "/staff/participants/{participant}/erase",
            get(participants::show_erase).post(participants::erase),
        )
        .route("/staff/users", get(users::show).post(users::create))
        .route("/staff/users/{user}/{change}", post(users::change))
        .route(
            "/staff/api-clients",
            get(api_clients::show).post(api_clients::create),
        )
        .route(
            "/staff/api-clients/{client}/revoke",
            post(api_clients::revoke),
        )
        .route(
            "/staff/webhooks",
            get(webhooks::show).post(webhooks::create),
        )
        .route("/staff/webhooks/{endpoint}", get(webhooks::endpoint))
        .route("/staff/webhooks/{endpoint}/test", post(webhooks::send_test))
        .route(
            "/staff/webhooks/{endpoint}/disable",
            post(webhooks::disable),
        )
        .route(
            "/staff/webhooks/deliveries/{delivery}/retry",
            post(webhooks::retry),
        )
        .route("/staff/settings", get(settings::show).post(settings::save))
        .route("/staff/audit", get(audit_log::show))
        .route("/staff/audit.csv", get(audit_log::export))
        .route(
            "/staff/settings/two-factor",
            post(two_factor::save_requirement),
        )
        .route("/staff/account", get(account::show))
        .route(
            "/staff/account/two-factor",
            get(account::setup).post(account::confirm),
        )
        .route("/staff/account/two-factor/off", post(account::turn_off))
        .route("/staff/courses", get(courses::library))
        .route("/staff/courses/{course}", get(courses::preview))
}
