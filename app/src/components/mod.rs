//! Pieces shared by pages.

pub mod error_summary;
pub mod focus;
pub mod layout;
pub mod missing_data;
pub mod page_title;
pub mod read_aloud;
