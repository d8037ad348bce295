//! Time spent, from server-side timestamps only.

use chrono::{DateTime, Utc};

/// The most one gap between two requests can count for: a tab left open overnight does
/// not add hours.
pub const MAX_CREDITED_GAP_SECONDS: i64 = 5 * 60;

/// Seconds to credit for the gap since the previous activity (none for the first).
pub fn credited_seconds(previous: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i32 {
    let Some(previous) = previous else {
        return 0;
    };
    let gap = (now - previous)
        .num_seconds()
        .clamp(0, MAX_CREDITED_GAP_SECONDS);
    i32::try_from(gap).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn credits_the_gap_between_requests() {
        assert_eq!(credited_seconds(Some(at(0)), at(90)), 90);
    }

    #[test]
    fn caps_long_gaps() {
        assert_eq!(credited_seconds(Some(at(0)), at(8 * 3600)), 300);
    }

    #[test]
    fn credits_nothing_for_the_first_request_or_a_clock_going_backwards() {
        assert_eq!(credited_seconds(None, at(0)), 0);
        assert_eq!(credited_seconds(Some(at(10)), at(0)), 0);
    }
}
