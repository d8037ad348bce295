//! What a caseworker may still do to an assignment.

use crate::status::Status;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CaseAction {
    Note,
    Extend,
    Withdraw,
    Reissue,
    Outcome,
}

impl CaseAction {
    pub const ALL: [Self; 5] = [
        Self::Extend,
        Self::Reissue,
        Self::Outcome,
        Self::Withdraw,
        Self::Note,
    ];

    /// The last part of the action's address.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Note => "note",
            Self::Extend => "extend",
            Self::Withdraw => "withdraw",
            Self::Reissue => "reissue",
            Self::Outcome => "outcome",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.slug() == slug)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Note => "Add a note",
            Self::Extend => "Extend the deadline",
            Self::Withdraw => "Withdraw the course",
            Self::Reissue => "Issue a new code",
            Self::Outcome => "Record the outcome",
        }
    }

    /// A note can always be added. Once an outcome is recorded the case is closed and
    /// only notes follow; a withdrawn course takes no outcome; only a course the person
    /// can still do can be extended, withdrawn or given a new code.
    pub fn allowed(self, stored: Status, outcome_recorded: bool) -> bool {
        let open = matches!(
            stored,
            Status::Assigned | Status::InProgress | Status::Overdue
        );
        match self {
            Self::Note => true,
            Self::Extend | Self::Withdraw | Self::Reissue => open && !outcome_recorded,
            Self::Outcome => stored != Status::Withdrawn && !outcome_recorded,
        }
    }
}

/// The actions open for an assignment, in the order they are offered.
pub fn available(stored: Status, outcome_recorded: bool) -> Vec<CaseAction> {
    CaseAction::ALL
        .into_iter()
        .filter(|action| action.allowed(stored, outcome_recorded))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_course_can_be_extended_withdrawn_reissued_and_closed() {
        assert_eq!(
            available(Status::InProgress, false),
            CaseAction::ALL.to_vec()
        );
    }

    #[test]
    fn a_finished_course_takes_an_outcome_and_notes_only() {
        assert_eq!(
            available(Status::Completed, false),
            vec![CaseAction::Outcome, CaseAction::Note]
        );
        assert_eq!(
            available(Status::NotPassed, false),
            vec![CaseAction::Outcome, CaseAction::Note]
        );
    }

    #[test]
    fn after_an_outcome_or_a_withdrawal_only_notes_remain() {
        assert_eq!(available(Status::Completed, true), vec![CaseAction::Note]);
        assert_eq!(available(Status::Withdrawn, false), vec![CaseAction::Note]);
    }

    #[test]
    fn slugs_round_trip() {
        for action in CaseAction::ALL {
            assert_eq!(CaseAction::from_slug(action.slug()), Some(action));
        }
        assert_eq!(CaseAction::from_slug("delete"), None);
    }
}
