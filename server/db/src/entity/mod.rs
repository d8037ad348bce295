//! One module per table.

pub mod answer;
pub mod answer_draft;
pub mod api_client;
pub mod assignment;
pub mod audit_event;
pub mod case_event;
pub mod course_version;
pub mod deadline_default;
pub mod erased_assignment_count;
pub mod evidence;
pub mod lesson_progress;
pub mod organisation;
pub mod participant;
pub mod participant_session;
pub mod rate_limit;
pub mod retention_rule;
pub mod staff_session;
pub mod staff_user;
pub mod webhook_delivery;
pub mod webhook_endpoint;
