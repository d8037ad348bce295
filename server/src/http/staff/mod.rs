//! The staff console: sign-in, the dashboard, assigning, case pages and their actions,
//! staff accounts, force settings and the course library. Every route checks the staff
//! session (the `Staff` extractor), then the role, then that any record named in the
//! path belongs to the signed-in person's force.

mod actions;
mod assign;
mod assignment;
mod courses;
mod csv_export;
mod dashboard;
mod date_fields;
mod letter;
mod render;
mod request_meta;
pub mod session;
mod settings;
mod sign_in;
mod users;

use axum::Router;
use axum::routing::{get, post};

use super::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/sign-in", get(sign_in::show).post(sign_in::submit))
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
            "/staff/assignments/{assignment}/{action}",
            get(actions::show).post(actions::submit),
        )
        .route("/staff/users", get(users::show).post(users::create))
        .route("/staff/users/{user}/{change}", post(users::change))
        .route("/staff/settings", get(settings::show).post(settings::save))
        .route("/staff/courses", get(courses::library))
        .route("/staff/courses/{course}", get(courses::preview))
}
