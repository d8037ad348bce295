//! Reroute's domain rules, as pure functions over plain data, each unit-tested without a
//! database or a browser.

pub mod access_code;
pub mod audit;
pub mod case_actions;
pub mod dashboard;
pub mod deadline;
pub mod disposal;
pub mod evidence;
pub mod journey;
pub mod password_policy;
pub mod retention;
pub mod scoring;
pub mod staff;
pub mod status;
pub mod time_spent;
pub mod two_factor;
pub mod webhook;
pub mod xapi;
