//! Reroute's domain rules, as pure functions over plain data, each unit-tested without a
//! database or a browser.

pub mod access_code;
pub mod audit;
pub mod deadline;
pub mod journey;
pub mod scoring;
pub mod status;
pub mod time_spent;
