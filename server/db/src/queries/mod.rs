//! Queries and changes as plain async functions over a connection, used by the pages and
//! handlers (which only parse, authorise, call these, and map errors).

pub mod api_clients;
pub mod assignments;
pub mod audit;
pub mod audit_search;
pub mod case_events;
pub mod case_record;
pub mod course_versions;
pub mod dashboard;
pub mod deadline_defaults;
pub mod evidence;
pub mod journey;
pub mod learning_records;
pub mod participant_sessions;
pub mod participant_sign_in;
pub mod rate_limits;
pub mod retention;
pub mod staff_accounts;
pub mod staff_sessions;
pub mod two_factor;
pub mod webhooks;
