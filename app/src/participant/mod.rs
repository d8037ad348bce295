//! The participant's pages: sign in, their courses, and the course itself.

pub mod before_you_start;
pub mod finished;
pub mod lesson;
pub mod my_courses;
pub mod saved;
pub mod sign_in;
pub mod view_model;
pub mod who_has_seen;
