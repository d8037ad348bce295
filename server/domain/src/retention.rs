//! How long a force keeps a closed assignment's personal data, and when it must go.
//!
//! A force keeps what it needs as evidence for as long as a case might come back, and no
//! longer (UK GDPR storage limitation, and the Management of Police Information code).
//! Each force's admin sets two periods, in whole calendar months after the assignment
//! closed: one for assignments the person completed, one for everything else.
//!
//! **Closed.** An assignment is closed once the caseworker has recorded an outcome, or
//! its status is completed, not passed or withdrawn. Assigned and in-progress
//! assignments (overdue or not) are open and never erased by the rule.
//!
//! **Closure time.** The latest of `completed_at` and `updated_at`. Every change to an
//! assignment sets `updated_at`; once it is closed the only changes left are recording
//! the outcome (and, if the outcome was recorded while it was open, the participant
//! finishing), so `updated_at` is then the moment the last of those happened: the
//! withdrawal, the outcome or the finish. Taking the latest errs on the side of keeping
//! evidence a little longer rather than erasing it early.
//!
//! **Completed.** The outcome is "complied", or the status is completed. Everything else
//! (not passed, withdrawn, referred elsewhere) uses the other period.
//!
//! **Due.** From the closure time plus the period, added as calendar months (31 January
//! plus one month is 28 or 29 February), at that instant or later.

use chrono::{DateTime, Months, Utc};

use crate::disposal::Outcome;
use crate::status::Status;

/// The longest period an admin may set: twenty years.
pub const MAX_MONTHS: u32 = 240;

/// A force's retention periods, in calendar months after closure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionRule {
    /// For assignments the person completed.
    pub completed_months: u32,
    /// For assignments not passed, withdrawn, or closed with another outcome.
    pub other_months: u32,
}

impl Default for RetentionRule {
    /// Three years and six months after a completion (long enough for any challenge to
    /// the disposal), twelve months otherwise.
    fn default() -> Self {
        Self {
            completed_months: 42,
            other_months: 12,
        }
    }
}

impl RetentionRule {
    /// The period that applies to an assignment, completed or not.
    pub fn months(self, completed: bool) -> u32 {
        if completed {
            self.completed_months
        } else {
            self.other_months
        }
    }

    /// Whether both periods are from 1 to [`MAX_MONTHS`].
    pub fn is_valid(self) -> bool {
        let allowed = 1..=MAX_MONTHS;
        allowed.contains(&self.completed_months) && allowed.contains(&self.other_months)
    }
}

/// The facts about one assignment that decide when it closed, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClosureFacts {
    pub status: Status,
    pub outcome: Option<Outcome>,
    pub completed_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

impl ClosureFacts {
    /// Whether the assignment is closed (see the module's rules).
    pub fn is_closed(&self) -> bool {
        self.outcome.is_some()
            || matches!(
                self.status,
                Status::Completed | Status::NotPassed | Status::Withdrawn
            )
    }

    /// When it closed: the latest of `completed_at` and `updated_at`; `None` while open.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.is_closed().then(|| match self.completed_at {
            Some(completed) => completed.max(self.updated_at),
            None => self.updated_at,
        })
    }

    /// Whether the person completed it: complied, or the course completed.
    pub fn completed(&self) -> bool {
        self.outcome == Some(Outcome::Complied) || self.status == Status::Completed
    }

    /// When its personal data is due to be erased under `rule`; `None` while open.
    pub fn erase_after(&self, rule: RetentionRule) -> Option<DateTime<Utc>> {
        self.closed_at()
            .map(|closed| erase_after(closed, self.completed(), rule))
    }

    /// Whether its personal data is due to be erased at `now` under `rule`.
    pub fn is_due(&self, rule: RetentionRule, now: DateTime<Utc>) -> bool {
        self.erase_after(rule).is_some_and(|due| is_due(due, now))
    }
}

/// The moment an assignment closed at `closed_at` is due for erasure: the period's
/// calendar months later (clamped to the end of a shorter month). A time past the end
/// of the calendar means never.
pub fn erase_after(
    closed_at: DateTime<Utc>,
    completed: bool,
    rule: RetentionRule,
) -> DateTime<Utc> {
    closed_at
        .checked_add_months(Months::new(rule.months(completed)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// Whether an erasure due at `due` should happen at `now`: at that instant or after.
pub fn is_due(due: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= due
}

/// The closing month of an assignment as "YYYY-MM", the only time the aggregate counts
/// keep.
pub fn closed_month(closed_at: DateTime<Utc>) -> String {
    closed_at.format("%Y-%m").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).single().unwrap()
    }

    fn facts(status: Status, outcome: Option<Outcome>) -> ClosureFacts {
        ClosureFacts {
            status,
            outcome,
            completed_at: None,
            updated_at: at(2026, 1, 10, 9),
        }
    }

    #[test]
    fn the_defaults_are_three_and_a_half_years_and_one_year() {
        let rule = RetentionRule::default();
        assert_eq!(rule.months(true), 42);
        assert_eq!(rule.months(false), 12);
        assert!(rule.is_valid());
    }

    #[test]
    fn periods_must_be_from_one_month_to_twenty_years() {
        let rule = |completed_months, other_months| RetentionRule {
            completed_months,
            other_months,
        };
        assert!(rule(1, 240).is_valid());
        assert!(!rule(0, 12).is_valid());
        assert!(!rule(42, 241).is_valid());
    }

    #[test]
    fn open_assignments_are_never_closed_or_due() {
        for status in [Status::Assigned, Status::InProgress, Status::Overdue] {
            let open = facts(status, None);
            assert!(!open.is_closed(), "{status:?}");
            assert_eq!(open.closed_at(), None);
            assert!(!open.is_due(RetentionRule::default(), at(2100, 1, 1, 0)));
        }
    }

    #[test]
    fn a_finished_withdrawn_or_decided_assignment_is_closed() {
        for status in [Status::Completed, Status::NotPassed, Status::Withdrawn] {
            assert!(facts(status, None).is_closed(), "{status:?}");
        }
        // An outcome closes the case even before the participant finishes.
        let decided = facts(Status::InProgress, Some(Outcome::ReferredForProsecution));
        assert_eq!(decided.closed_at(), Some(at(2026, 1, 10, 9)));
    }

    #[test]
    fn closure_is_the_latest_of_finishing_and_the_last_change() {
        let finished_then_decided = ClosureFacts {
            status: Status::Completed,
            outcome: Some(Outcome::Complied),
            completed_at: Some(at(2026, 1, 2, 12)),
            updated_at: at(2026, 2, 3, 15),
        };
        assert_eq!(finished_then_decided.closed_at(), Some(at(2026, 2, 3, 15)));
        let decided_then_finished = ClosureFacts {
            completed_at: Some(at(2026, 3, 1, 8)),
            updated_at: at(2026, 2, 3, 15),
            ..finished_then_decided
        };
        assert_eq!(decided_then_finished.closed_at(), Some(at(2026, 3, 1, 8)));
    }

    #[test]
    fn completed_means_complied_or_a_completed_course() {
        assert!(facts(Status::Completed, None).completed());
        assert!(facts(Status::Withdrawn, Some(Outcome::Complied)).completed());
        assert!(!facts(Status::NotPassed, None).completed());
        assert!(!facts(Status::Withdrawn, None).completed());
        assert!(facts(Status::Completed, Some(Outcome::ReferredToFaceToFace)).completed());
        assert!(!facts(Status::NotPassed, Some(Outcome::ReferredToFaceToFace)).completed());
    }

    #[test]
    fn months_are_calendar_months_clamped_to_the_month_end() {
        let rule = RetentionRule {
            completed_months: 1,
            other_months: 13,
        };
        // 31 January plus one month: the end of February, in a common and a leap year.
        assert_eq!(
            erase_after(at(2027, 1, 31, 10), true, rule),
            at(2027, 2, 28, 10)
        );
        assert_eq!(
            erase_after(at(2028, 1, 31, 10), true, rule),
            at(2028, 2, 29, 10)
        );
        // 29 February plus thirteen months: 29 March of the next year.
        assert_eq!(
            erase_after(at(2028, 2, 29, 10), false, rule),
            at(2029, 3, 29, 10)
        );
        // 30 April plus one month keeps the day.
        assert_eq!(
            erase_after(at(2027, 4, 30, 10), true, rule),
            at(2027, 5, 30, 10)
        );
    }

    #[test]
    fn the_default_completed_period_from_a_leap_day() {
        // 29 February 2028 plus 42 months: 29 August 2031.
        let due = erase_after(at(2028, 2, 29, 23), true, RetentionRule::default());
        assert_eq!(due, at(2031, 8, 29, 23));
        // 31 August 2027 plus 42 months: the end of February 2031 (not a leap year).
        let due = erase_after(at(2027, 8, 31, 6), true, RetentionRule::default());
        assert_eq!(due, at(2031, 2, 28, 6));
    }

    #[test]
    fn due_at_the_exact_instant_and_not_a_second_before() {
        let closed = ClosureFacts {
            status: Status::NotPassed,
            outcome: None,
            completed_at: Some(at(2026, 5, 15, 14)),
            updated_at: at(2026, 5, 15, 14),
        };
        let rule = RetentionRule::default();
        let due = closed.erase_after(rule).unwrap();
        assert_eq!(due, at(2027, 5, 15, 14));
        assert!(!closed.is_due(rule, due - Duration::seconds(1)));
        assert!(closed.is_due(rule, due));
        assert!(closed.is_due(rule, due + Duration::days(400)));
    }

    #[test]
    fn a_completed_assignment_waits_for_the_longer_period() {
        let completed = ClosureFacts {
            status: Status::Completed,
            outcome: None,
            completed_at: Some(at(2026, 5, 15, 14)),
            updated_at: at(2026, 5, 15, 14),
        };
        let rule = RetentionRule::default();
        assert!(!completed.is_due(rule, at(2029, 11, 15, 13)));
        assert!(completed.is_due(rule, at(2029, 11, 15, 14)));
    }

    #[test]
    fn a_period_past_the_end_of_the_calendar_means_never() {
        let far = DateTime::<Utc>::MAX_UTC - Duration::days(10);
        assert_eq!(
            erase_after(far, true, RetentionRule::default()),
            DateTime::<Utc>::MAX_UTC
        );
    }

    #[test]
    fn the_closing_month_is_year_and_month_only() {
        assert_eq!(closed_month(at(2026, 3, 9, 23)), "2026-03");
    }
}
