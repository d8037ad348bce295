//! The state of an assignment, as stored and as shown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Assigned,
    InProgress,
    Completed,
    NotPassed,
    Overdue,
    Withdrawn,
}

impl Status {
    /// The value stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::InProgress => "in-progress",
            Self::Completed => "completed",
            Self::NotPassed => "not-passed",
            Self::Overdue => "overdue",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        [
            Self::Assigned,
            Self::InProgress,
            Self::Completed,
            Self::NotPassed,
            Self::Overdue,
            Self::Withdrawn,
        ]
        .into_iter()
        .find(|status| status.as_str() == stored)
    }

    /// Whether the participant has nothing more to do.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Completed | Self::NotPassed | Self::Withdrawn)
    }

    /// What a participant sees.
    pub fn participant_label(self) -> &'static str {
        match self {
            Self::Assigned => "Not started",
            Self::InProgress => "Started",
            Self::Completed => "Finished",
            Self::NotPassed => "Finished, not passed",
            Self::Overdue => "Late",
            Self::Withdrawn => "Cancelled",
        }
    }
}

/// The status to show today. Overdue is never stored: an open assignment whose deadline
/// has passed is overdue without anyone running anything.
pub fn effective(stored: Status, deadline: NaiveDate, today: NaiveDate) -> Status {
    if !stored.is_closed() && today > deadline {
        Status::Overdue
    } else {
        stored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default()
    }

    #[test]
    fn open_assignments_become_overdue_the_day_after_the_deadline() {
        assert_eq!(
            effective(Status::Assigned, day(10), day(10)),
            Status::Assigned
        );
        assert_eq!(
            effective(Status::Assigned, day(10), day(11)),
            Status::Overdue
        );
        assert_eq!(
            effective(Status::InProgress, day(10), day(11)),
            Status::Overdue
        );
    }

    #[test]
    fn closed_assignments_never_become_overdue() {
        for status in [Status::Completed, Status::NotPassed, Status::Withdrawn] {
            assert_eq!(effective(status, day(1), day(20)), status);
        }
    }

    #[test]
    fn stored_values_round_trip() {
        for status in [
            Status::Assigned,
            Status::InProgress,
            Status::Completed,
            Status::NotPassed,
            Status::Withdrawn,
        ] {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("nonsense"), None);
    }
}
