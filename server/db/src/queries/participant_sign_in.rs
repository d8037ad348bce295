//! Signing a participant in with the access code from their letter and their date of
//! birth, with lockout and throttling.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    TransactionSession, TransactionTrait,
};
use uuid::Uuid;

use super::{participant_sessions, rate_limits};
use crate::entity::{assignment, participant};
use reroute_domain::status::Status;

/// Wrong tries on one code before it is locked.
pub const MAX_WRONG_TRIES: i32 = 5;
pub const LOCK_DURATION: Duration = Duration::minutes(15);
/// Sign-in attempts allowed from one address per window, across all codes.
pub const ADDRESS_LIMIT: i32 = 20;
pub const ADDRESS_WINDOW: Duration = Duration::minutes(15);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn {
        participant_id: Uuid,
        organisation_id: Uuid,
        session_id: Uuid,
    },
    /// The code or the date of birth is wrong (which one is never said).
    Wrong,
    /// Too many wrong tries on this code: it is locked until then.
    Locked {
        assignment_id: Uuid,
        organisation_id: Uuid,
        until: DateTime<Utc>,
    },
    /// Too many tries from this address.
    Throttled,
}

/// `code_digest` is the keyed hash of the typed code, or `None` when what was typed
/// cannot be a code at all (it still counts against the address).
pub async fn sign_in<C>(
    db: &C,
    code_digest: Option<&str>,
    date_of_birth: NaiveDate,
    address: &str,
    now: DateTime<Utc>,
) -> Result<SignInOutcome, DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let address_key = format!("participant-sign-in:{address}");
    if !rate_limits::hit(db, &address_key, ADDRESS_LIMIT, ADDRESS_WINDOW, now).await? {
        return Ok(SignInOutcome::Throttled);
    }
    let Some(digest) = code_digest else {
        return Ok(SignInOutcome::Wrong);
    };
    let txn = db.begin().await?;
    let Some(found) = assignment::Entity::find()
        .filter(assignment::Column::AccessCodeHash.eq(digest))
        .one(&txn)
        .await?
    else {
        return Ok(SignInOutcome::Wrong);
    };
    if let Some(until) = found.code_locked_until.filter(|until| *until > now) {
        return Ok(SignInOutcome::Locked {
            assignment_id: found.id,
            organisation_id: found.organisation_id,
            until,
        });
    }
    if Status::parse(&found.status) == Some(Status::Withdrawn) {
        return Ok(SignInOutcome::Wrong);
    }
    let right_person = participant::Entity::find_by_id(found.participant_id)
        .one(&txn)
        .await?
        .filter(|person| person.date_of_birth == date_of_birth);
    let tries = found.failed_code_tries;
    let assignment_id = found.id;
    let organisation_id = found.organisation_id;
    let mut active: assignment::ActiveModel = found.into();
    let outcome = if let Some(person) = right_person {
        active.failed_code_tries = Set(0);
        active.code_locked_until = Set(None);
        active.update(&txn).await?;
        let participant_id = person.id;
        let session_id = participant_sessions::create(&txn, participant_id, now).await?;
        SignInOutcome::SignedIn {
            participant_id,
            organisation_id,
            session_id,
        }
    } else if tries + 1 >= MAX_WRONG_TRIES {
        let until = now + LOCK_DURATION;
        active.failed_code_tries = Set(0);
        active.code_locked_until = Set(Some(until));
        active.update(&txn).await?;
        SignInOutcome::Locked {
            assignment_id,
            organisation_id,
            until,
        }
    } else {
        active.failed_code_tries = Set(tries + 1);
        active.update(&txn).await?;
        SignInOutcome::Wrong
    };
    txn.commit().await?;
    Ok(outcome)
}
