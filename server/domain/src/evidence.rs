//! The completion record: what the server signs when an assignment closes as completed or
//! not passed, and the short code printed on the certificate to look it up.
//!
//! The record is a JSON Web Token signed with EdDSA (Ed25519). Its claims, with their
//! names as they appear in the token:
//!
//! | claim | meaning |
//! |---|---|
//! | `iss` | the issuing server's public address |
//! | `jti` | a unique id for this record |
//! | `iat` | when it was issued (seconds since 1970, UTC) |
//! | `sub` | the assignment id |
//! | `participant` | `force_reference`, `name`, `date_of_birth` (`YYYY-MM-DD`) |
//! | `organisation` | `id` and `name` of the force |
//! | `course` | `id`, `title` and `version` (the content hash) |
//! | `disposal` | the disposal type, as stored (`community-resolution`, …) |
//! | `assigned_at`, `first_sign_in_at`, `declared_at`, `completed_at` | RFC 3339 times, UTC; the middle two may be absent |
//! | `deadline` | `YYYY-MM-DD` |
//! | `time_spent_seconds` | time credited in lessons |
//! | `score` | `right`, `total`, `percent` on the final attempt |
//! | `pass_mark` | percent needed to pass |
//! | `passed` | whether the course was passed |
//! | `attempts_used`, `attempts_allowed` | attempts at the questions |
//!
//! There is no `exp`: the record is evidence of something that happened, and a court or
//! a force may need to check it years later, for as long as the force keeps the case.
//! Trust is withdrawn by retiring the signing key (or erasing the record), not by
//! expiry. A verifier still honours `exp` when a token carries one, so a token made for
//! a short-lived purpose cannot be used after it runs out.

use chrono::{DateTime, NaiveDate, Utc};
use rand::Rng;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::access_code::ALPHABET;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionClaims {
    pub iss: String,
    pub jti: String,
    pub iat: i64,
    /// Only for tokens made for a limited purpose; never set on a completion record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    pub sub: String,
    pub participant: ParticipantClaims,
    pub organisation: OrganisationClaims,
    pub course: CourseClaims,
    pub disposal: String,
    pub assigned_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sign_in_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_at: Option<DateTime<Utc>>,
    pub completed_at: DateTime<Utc>,
    pub deadline: NaiveDate,
    pub time_spent_seconds: i64,
    pub score: ScoreClaims,
    pub pass_mark: u32,
    pub passed: bool,
    pub attempts_used: u32,
    pub attempts_allowed: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipantClaims {
    pub force_reference: String,
    pub name: String,
    pub date_of_birth: NaiveDate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationClaims {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseClaims {
    pub id: String,
    pub title: String,
    pub version: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreClaims {
    pub right: u32,
    pub total: u32,
    pub percent: u32,
}

/// Everything a record is made from, as plain data.
#[derive(Clone, Debug)]
pub struct CompletionFacts {
    pub issuer: String,
    pub record_id: Uuid,
    pub issued_at: DateTime<Utc>,
    pub assignment_id: Uuid,
    pub participant: ParticipantClaims,
    pub organisation: OrganisationClaims,
    pub course: CourseClaims,
    pub disposal: String,
    pub assigned_at: DateTime<Utc>,
    pub first_sign_in_at: Option<DateTime<Utc>>,
    pub declared_at: Option<DateTime<Utc>>,
    pub completed_at: DateTime<Utc>,
    pub deadline: NaiveDate,
    pub time_spent_seconds: i64,
    pub score: ScoreClaims,
    pub pass_mark: u32,
    pub passed: bool,
    pub attempts_used: u32,
    pub attempts_allowed: u32,
}

/// The claims of a completion record (permanent: no `exp`).
pub fn claims(facts: CompletionFacts) -> CompletionClaims {
    CompletionClaims {
        iss: facts.issuer.trim_end_matches('/').to_owned(),
        jti: facts.record_id.to_string(),
        iat: facts.issued_at.timestamp(),
        exp: None,
        sub: facts.assignment_id.to_string(),
        participant: facts.participant,
        organisation: facts.organisation,
        course: facts.course,
        disposal: facts.disposal,
        assigned_at: facts.assigned_at,
        first_sign_in_at: facts.first_sign_in_at,
        declared_at: facts.declared_at,
        completed_at: facts.completed_at,
        deadline: facts.deadline,
        time_spent_seconds: facts.time_spent_seconds.max(0),
        score: facts.score,
        pass_mark: facts.pass_mark,
        passed: facts.passed,
        attempts_used: facts.attempts_used,
        attempts_allowed: facts.attempts_allowed,
    }
}

/// What `/verify` shows: only what someone holding the certificate needs to match it to
/// the person in front of them, not the full name or date of birth.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicSummary {
    pub course_title: String,
    pub completed_on: NaiveDate,
    pub passed: bool,
    pub initials: String,
    pub year_of_birth: i32,
    pub force: String,
}

pub fn public_summary(claims: &CompletionClaims) -> PublicSummary {
    use chrono::Datelike;
    PublicSummary {
        course_title: claims.course.title.clone(),
        completed_on: claims.completed_at.date_naive(),
        passed: claims.passed,
        initials: initials(&claims.participant.name),
        year_of_birth: claims.participant.date_of_birth.year(),
        force: claims.organisation.name.clone(),
    }
}

/// "Alex de la Cruz-Smith" → "A D L C".
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|part| part.chars().find(|c| c.is_alphabetic()))
        .flat_map(char::to_uppercase)
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Characters in a verification code: 10 from the access-code alphabet, about 49 bits,
/// far more than rate-limited guessing can search.
pub const CODE_LENGTH: usize = 10;

/// A new random verification code, in canonical form (no dash).
pub fn new_verify_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LENGTH)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A code as printed: two groups of five, `ABCDE-23456`.
pub fn grouped(code: &str) -> String {
    if code.len() == CODE_LENGTH && code.is_ascii() {
        format!("{}-{}", &code[..5], &code[5..])
    } else {
        code.to_owned()
    }
}

/// What someone typed as a canonical code (upper case, no spaces or dashes), or `None`
/// if it cannot be one.
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '–')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LENGTH && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> CompletionFacts {
        let at = |h| {
            DateTime::parse_from_rfc3339(&format!("2026-11-{h:02}T10:00:00Z"))
                .expect("time")
                .with_timezone(&Utc)
        };
        CompletionFacts {
            issuer: "https://reroute.example/".into(),
            record_id: Uuid::nil(),
            issued_at: at(20),
            assignment_id: Uuid::nil(),
            participant: ParticipantClaims {
                force_reference: "CR/1".into(),
                name: "Jamie Lee-Smith".into(),
                date_of_birth: NaiveDate::from_ymd_opt(2001, 4, 5).expect("date"),
            },
            organisation: OrganisationClaims {
                id: "org".into(),
                name: "Northshire Police".into(),
            },
            course: CourseClaims {
                id: "victim-awareness".into(),
                title: "Victim awareness".into(),
                version: "abc".into(),
            },
            disposal: "community-resolution".into(),
            assigned_at: at(1),
            first_sign_in_at: Some(at(2)),
            declared_at: Some(at(2)),
            completed_at: at(20),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            time_spent_seconds: 1800,
            score: ScoreClaims {
                right: 8,
                total: 10,
                percent: 80,
            },
            pass_mark: 70,
            passed: true,
            attempts_used: 1,
            attempts_allowed: 2,
        }
    }

    #[test]
    fn a_record_is_permanent_and_names_its_issuer() {
        let claims = claims(facts());
        assert_eq!(claims.exp, None);
        assert_eq!(claims.iss, "https://reroute.example");
        let json = serde_json::to_value(&claims).expect("json");
        assert!(json.get("exp").is_none());
        assert_eq!(json["participant"]["date_of_birth"], "2001-04-05");
        assert_eq!(json["score"]["percent"], 80);
    }

    #[test]
    fn the_public_summary_has_initials_and_year_only() {
        let summary = public_summary(&claims(facts()));
        assert_eq!(summary.initials, "J L S");
        assert_eq!(summary.year_of_birth, 2001);
        assert_eq!(summary.force, "Northshire Police");
    }

    #[test]
    fn codes_are_grouped_and_typed_back_loosely() {
        let code = new_verify_code();
        assert_eq!(code.len(), CODE_LENGTH);
        let printed = grouped(&code);
        assert_eq!(printed.len(), CODE_LENGTH + 1);
        assert_eq!(
            normalise_code(&printed.to_lowercase()).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(normalise_code("ABCDE 0OIL1"), None);
        assert_eq!(normalise_code("ABC"), None);
    }
}
