//! The states a caseworker's dashboard sorts a force's assignments into.
//!
//! These are not the stored [`Status`]: they mix the stored status with the deadline
//! (what is due soon or overdue today) and with whether the caseworker has recorded an
//! outcome (what still needs their review). The data layer's SQL conditions implement
//! [`DashboardState::matches`] exactly, and its tests check the two agree.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::status::Status;

/// How many days ahead an open assignment's deadline counts as due soon.
pub const DUE_SOON_DAYS: u64 = 7;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DashboardState {
    Assigned,
    InProgress,
    DueSoon,
    Overdue,
    AwaitingReview,
    NotPassed,
    Closed,
    Withdrawn,
}

impl DashboardState {
    /// Every state, in the order the dashboard's filter offers them.
    pub const ALL: [Self; 8] = [
        Self::Assigned,
        Self::InProgress,
        Self::DueSoon,
        Self::Overdue,
        Self::AwaitingReview,
        Self::NotPassed,
        Self::Closed,
        Self::Withdrawn,
    ];

    /// The states the dashboard shows a count of, in the order it shows them.
    pub const COUNTED: [Self; 6] = [
        Self::Assigned,
        Self::InProgress,
        Self::DueSoon,
        Self::Overdue,
        Self::AwaitingReview,
        Self::NotPassed,
    ];

    /// The value used in URLs and forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Assigned => "assigned",
            Self::InProgress => "in-progress",
            Self::DueSoon => "due-soon",
            Self::Overdue => "overdue",
            Self::AwaitingReview => "awaiting-review",
            Self::NotPassed => "not-passed",
            Self::Closed => "closed",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == value)
    }

    /// What a caseworker sees.
    pub fn label(self) -> &'static str {
        match self {
            Self::Assigned => "Assigned",
            Self::InProgress => "In progress",
            Self::DueSoon => "Due within 7 days",
            Self::Overdue => "Overdue",
            Self::AwaitingReview => "Completed, awaiting review",
            Self::NotPassed => "Not passed",
            Self::Closed => "Outcome recorded",
            Self::Withdrawn => "Withdrawn",
        }
    }

    /// Whether an assignment with this stored status, outcome and deadline is in this
    /// state `today`. The states overlap on purpose (an assignment due tomorrow is both
    /// assigned and due soon); each is a filter, not a partition.
    pub fn matches(
        self,
        stored: Status,
        outcome_recorded: bool,
        deadline: NaiveDate,
        today: NaiveDate,
    ) -> bool {
        let open = matches!(stored, Status::Assigned | Status::InProgress);
        match self {
            Self::Assigned => stored == Status::Assigned && deadline >= today,
            Self::InProgress => stored == Status::InProgress && deadline >= today,
            Self::DueSoon => open && deadline >= today && deadline <= due_soon_until(today),
            Self::Overdue => open && deadline < today,
            Self::AwaitingReview => stored == Status::Completed && !outcome_recorded,
            Self::NotPassed => stored == Status::NotPassed && !outcome_recorded,
            Self::Closed => outcome_recorded,
            Self::Withdrawn => stored == Status::Withdrawn,
        }
    }
}

/// The last deadline that is due soon `today`: [`DUE_SOON_DAYS`] days ahead.
pub fn due_soon_until(today: NaiveDate) -> NaiveDate {
    today
        .checked_add_days(Days::new(DUE_SOON_DAYS))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DashboardState as S;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, d).unwrap_or_default()
    }

    /// The states an assignment is in on 10 March.
    fn states(stored: Status, outcome: bool, deadline: NaiveDate) -> Vec<DashboardState> {
        DashboardState::ALL
            .into_iter()
            .filter(|state| state.matches(stored, outcome, deadline, day(10)))
            .collect()
    }

    #[test]
    fn values_round_trip_and_counted_states_come_first() {
        for state in DashboardState::ALL {
            assert_eq!(DashboardState::parse(state.as_str()), Some(state));
        }
        assert_eq!(DashboardState::parse("open"), None);
        assert_eq!(DashboardState::COUNTED, DashboardState::ALL[..6]);
        assert_eq!(S::AwaitingReview.as_str(), "awaiting-review");
        assert_eq!(S::Closed.label(), "Outcome recorded");
    }

    #[test]
    fn open_assignments_due_today_or_within_a_week_are_due_soon() {
        assert_eq!(
            states(Status::Assigned, false, day(10)),
            [S::Assigned, S::DueSoon]
        );
        assert_eq!(
            states(Status::InProgress, false, day(17)),
            [S::InProgress, S::DueSoon]
        );
        assert_eq!(states(Status::Assigned, false, day(18)), [S::Assigned]);
    }

    #[test]
    fn open_assignments_past_their_deadline_are_only_overdue() {
        assert_eq!(states(Status::Assigned, false, day(9)), [S::Overdue]);
        assert_eq!(states(Status::InProgress, false, day(1)), [S::Overdue]);
    }

    #[test]
    fn finished_assignments_await_review_until_an_outcome_is_recorded() {
        assert_eq!(
            states(Status::Completed, false, day(1)),
            [S::AwaitingReview]
        );
        assert_eq!(states(Status::NotPassed, false, day(20)), [S::NotPassed]);
        assert_eq!(states(Status::Completed, true, day(1)), [S::Closed]);
        assert_eq!(states(Status::NotPassed, true, day(20)), [S::Closed]);
    }

    #[test]
    fn withdrawn_assignments_are_withdrawn_whatever_the_deadline() {
        assert_eq!(states(Status::Withdrawn, false, day(1)), [S::Withdrawn]);
        assert_eq!(
            states(Status::Withdrawn, true, day(20)),
            [S::Closed, S::Withdrawn]
        );
    }

    #[test]
    fn due_soon_ends_seven_days_ahead() {
        assert_eq!(due_soon_until(day(10)), day(17));
        assert_eq!(due_soon_until(NaiveDate::MAX), NaiveDate::MAX);
    }
}
