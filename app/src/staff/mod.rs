//! The staff console's pages: sign in, the dashboard, assigning courses, each assignment
//! and its actions, the letter, staff accounts, API clients, webhooks, force settings,
//! the audit log and the course library.

pub mod account;
pub mod action;
pub mod api_clients;
pub mod assign;
pub mod assignment;
pub mod audit_log;
pub mod common;
pub mod courses;
pub mod dashboard;
pub mod forbidden;
pub mod letter;
pub mod participant;
pub mod settings;
pub mod sign_in;
pub mod two_factor;
pub mod users;
pub mod view_model;
pub mod webhooks;
