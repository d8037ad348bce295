//! Staff roles, what each may do, and the rules of a staff session and sign-in.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Every member of staff belongs to one force and has one role in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Caseworker,
    Author,
    Admin,
}

impl Role {
    pub const ALL: [Self; 3] = [Self::Caseworker, Self::Author, Self::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Caseworker => "caseworker",
            Self::Author => "author",
            Self::Admin => "admin",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == stored)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Caseworker => "Caseworker",
            Self::Author => "Author",
            Self::Admin => "Admin",
        }
    }

    /// Caseworkers and admins see and change their own force's participants and
    /// assignments; authors see courses only.
    pub fn sees_participants(self) -> bool {
        matches!(self, Self::Caseworker | Self::Admin)
    }

    /// Admins manage their force's staff accounts and settings.
    pub fn manages_force(self) -> bool {
        self == Self::Admin
    }
}

/// A staff session ends after this long without a request.
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// A staff session ends this long after sign-in, however busy.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);

/// Whether a staff session may still be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionState {
    Active,
    /// Unused for longer than [`IDLE_TIMEOUT`].
    Idle,
    /// Older than [`ABSOLUTE_TIMEOUT`].
    Expired,
    /// Ended by signing out, or by disabling the account.
    Revoked,
}

pub fn session_state(
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    revoked: bool,
    now: DateTime<Utc>,
) -> SessionState {
    if revoked {
        SessionState::Revoked
    } else if now - created_at >= ABSOLUTE_TIMEOUT {
        SessionState::Expired
    } else if now - last_seen_at >= IDLE_TIMEOUT {
        SessionState::Idle
    } else {
        SessionState::Active
    }
}

/// Wrong passwords in a row that lock an account.
pub const MAX_FAILED_SIGN_INS: i32 = 10;
/// How long a locked account stays locked.
pub const LOCKOUT: Duration = Duration::minutes(15);

/// After one more wrong password: the new count, and the time the account is locked
/// until when this one reached the limit (the count then starts again).
pub fn after_wrong_password(
    failed_so_far: i32,
    now: DateTime<Utc>,
) -> (i32, Option<DateTime<Utc>>) {
    let failed = failed_so_far.saturating_add(1);
    if failed >= MAX_FAILED_SIGN_INS {
        (0, Some(now + LOCKOUT))
    } else {
        (failed, None)
    }
}

/// Whether a lock set earlier still holds.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|until| now < until)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + Duration::minutes(minutes)
    }

    #[test]
    fn roles_round_trip_and_carry_their_permissions() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
        assert!(Role::Caseworker.sees_participants() && !Role::Caseworker.manages_force());
        assert!(!Role::Author.sees_participants() && !Role::Author.manages_force());
        assert!(Role::Admin.sees_participants() && Role::Admin.manages_force());
    }

    #[test]
    fn a_session_idles_out_after_30_quiet_minutes() {
        assert_eq!(
            session_state(at(0), at(0), false, at(29)),
            SessionState::Active
        );
        assert_eq!(
            session_state(at(0), at(0), false, at(30)),
            SessionState::Idle
        );
        assert_eq!(
            session_state(at(0), at(20), false, at(49)),
            SessionState::Active
        );
    }

    #[test]
    fn a_busy_session_still_ends_after_12_hours() {
        assert_eq!(
            session_state(at(0), at(719), false, at(720)),
            SessionState::Expired
        );
        assert_eq!(
            session_state(at(0), at(718), false, at(719)),
            SessionState::Active
        );
    }

    #[test]
    fn a_revoked_session_is_never_active() {
        assert_eq!(
            session_state(at(0), at(0), true, at(1)),
            SessionState::Revoked
        );
    }

    #[test]
    fn the_tenth_wrong_password_locks_the_account_for_15_minutes() {
        let mut failed = 0;
        for _ in 0..9 {
            let (count, lock) = after_wrong_password(failed, at(0));
            assert_eq!(lock, None);
            failed = count;
        }
        assert_eq!(after_wrong_password(failed, at(0)), (0, Some(at(15))));
        assert!(is_locked(Some(at(15)), at(14)));
        assert!(!is_locked(Some(at(15)), at(15)));
        assert!(!is_locked(None, at(0)));
    }
}
