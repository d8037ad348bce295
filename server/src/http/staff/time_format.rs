//! How admin pages write a moment in time.

use chrono::{DateTime, Utc};

/// "4 March 2027, 10:30 UTC".
pub fn date_time(at: DateTime<Utc>) -> String {
    at.format("%-d %B %Y, %H:%M UTC").to_string()
}
