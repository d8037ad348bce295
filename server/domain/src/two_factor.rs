//! Two-factor sign-in for staff: six-digit time-based one-time codes (TOTP, RFC 6238,
//! HMAC-SHA1, 30-second steps) from an authenticator app, the kind every phone has.
//!
//! A code is accepted one step either side of the server's clock (so a phone a little
//! out, or a slow typist, still gets in) and each step is accepted once only: the caller
//! stores the step of the last code accepted and passes it back, so a code seen over
//! someone's shoulder or replayed from a log cannot be used again.

use rand::RngCore;
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Digits in a code.
pub const DIGITS: usize = 6;
/// Seconds each code lasts: what every authenticator app assumes.
pub const STEP_SECONDS: u64 = 30;
/// Steps either side of now that are accepted. RFC 6238 recommends one.
pub const SKEW_STEPS: u16 = 1;
/// The name authenticator apps show above the code.
pub const ISSUER: &str = "Reroute";
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;

/// Why a typed code was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    Missing,
    /// Not six digits once spaces and dashes are taken out.
    NotSixDigits,
    /// Six digits, but not the code for now (or the step either side).
    Wrong,
    /// The right code, but one already used: each code works once.
    AlreadyUsed,
}

impl CodeProblem {
    /// What the form says, in the GOV.UK style.
    pub fn message(self) -> &'static str {
        match self {
            Self::Missing => "Enter the 6-digit code from your authenticator app",
            Self::NotSixDigits => "The code must be 6 digits",
            Self::Wrong => "The code is not right. Enter the code your authenticator app shows now",
            Self::AlreadyUsed => {
                "This code has already been used. Wait for your authenticator app to show a new code, then enter it"
            }
        }
    }

    /// Why, for the audit log.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Missing | Self::NotSixDigits => "code not given",
            Self::Wrong => "wrong code",
            Self::AlreadyUsed => "code already used",
        }
    }

    /// Whether this counts as a guess towards the wrong-sign-in lockout: an empty or
    /// malformed code tells an attacker nothing, a wrong or replayed one might.
    pub fn is_a_guess(self) -> bool {
        matches!(self, Self::Wrong | Self::AlreadyUsed)
    }
}

/// A new random secret, in the base32 form authenticator apps take.
pub fn new_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

/// The secret in groups of four, as it is easier to type into an app by hand.
pub fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect::<Vec<_>>()
        .join(" ")
}

fn totp(secret: &str, account: &str) -> Option<Totp> {
    let bytes = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS as u8)
        .with_step_duration(STEP_SECONDS)
        .with_skew(SKEW_STEPS)
        .with_secret(bytes)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .ok()
}

/// The `otpauth://` address a QR code carries, so an app can be set up by scanning.
/// `None` if the account name cannot go in one (it contains a colon).
pub fn setup_uri(secret: &str, account: &str) -> Option<String> {
    totp(secret, account)?.to_url().ok()
}

/// Checks a typed code against the secret at `now_unix` (seconds), refusing the step of
/// the last code accepted and any before it. Returns the step this code belongs to,
/// which the caller stores as the new last step.
pub fn check(
    secret: &str,
    typed: &str,
    now_unix: u64,
    last_used_step: Option<i64>,
) -> Result<i64, CodeProblem> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if code.is_empty() {
        return Err(CodeProblem::Missing);
    }
    if code.len() != DIGITS || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(CodeProblem::NotSixDigits);
    }
    let step = totp(secret, "")
        .and_then(|totp| totp.check(&code, now_unix))
        .and_then(|step| i64::try_from(step).ok())
        .ok_or(CodeProblem::Wrong)?;
    if last_used_step.is_some_and(|last| step <= last) {
        return Err(CodeProblem::AlreadyUsed);
    }
    Ok(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238's SHA-1 test secret ("12345678901234567890").
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    fn code_at(secret: &str, unix: u64) -> String {
        totp(secret, "").unwrap().generate(unix).to_string()
    }

    #[test]
    fn matches_the_rfc_test_vectors() {
        // RFC 6238 appendix B, truncated to six digits.
        assert_eq!(code_at(RFC_SECRET, 59), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109), "081804");
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890), "005924");
    }

    #[test]
    fn accepts_one_step_either_side_and_no_further() {
        let now = 1_800_000_000;
        let step = (now / STEP_SECONDS) as i64;
        for (offset, accepted) in [
            (-60i64, false),
            (-30, true),
            (0, true),
            (30, true),
            (60, false),
        ] {
            let code = code_at(RFC_SECRET, now.saturating_add_signed(offset));
            let result = check(RFC_SECRET, &code, now, None);
            if accepted {
                assert_eq!(result, Ok(step + offset / 30), "offset {offset}");
            } else {
                assert_eq!(result, Err(CodeProblem::Wrong), "offset {offset}");
            }
        }
    }

    #[test]
    fn a_code_works_once() {
        let now = 1_800_000_000;
        let code = code_at(RFC_SECRET, now);
        let step = check(RFC_SECRET, &code, now, None).unwrap();
        assert_eq!(
            check(RFC_SECRET, &code, now, Some(step)),
            Err(CodeProblem::AlreadyUsed)
        );
        // The code from the step before the last one used is refused too.
        let earlier = code_at(RFC_SECRET, now - STEP_SECONDS);
        assert_eq!(
            check(RFC_SECRET, &earlier, now, Some(step)),
            Err(CodeProblem::AlreadyUsed)
        );
        // The next step's code is still fine.
        let later = code_at(RFC_SECRET, now + STEP_SECONDS);
        assert_eq!(check(RFC_SECRET, &later, now, Some(step)), Ok(step + 1));
    }

    #[test]
    fn typed_codes_may_have_spaces_but_must_be_six_digits() {
        let now = 1_800_000_000;
        let code = code_at(RFC_SECRET, now);
        let spaced = format!(" {} {} ", &code[..3], &code[3..]);
        assert!(check(RFC_SECRET, &spaced, now, None).is_ok());
        assert_eq!(
            check(RFC_SECRET, "  ", now, None),
            Err(CodeProblem::Missing)
        );
        for bad in ["12345", "1234567", "12345a", "١٢٣٤٥٦"] {
            assert_eq!(
                check(RFC_SECRET, bad, now, None),
                Err(CodeProblem::NotSixDigits),
                "{bad}"
            );
        }
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(check(RFC_SECRET, wrong, now, None), Err(CodeProblem::Wrong));
    }

    #[test]
    fn new_secrets_are_random_160_bit_base32() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(check(&a, &code_at(&a, 1_000), 1_000, None).is_ok());
        assert_eq!(grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }

    #[test]
    fn the_setup_address_names_the_issuer_and_account() {
        let uri = setup_uri(RFC_SECRET, "sam@force.police.uk").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Reroute:sam%40force.police.uk?"),
            "{uri}"
        );
        assert!(uri.contains(&format!("secret={RFC_SECRET}")));
        assert!(uri.contains("issuer=Reroute"));
        assert_eq!(setup_uri(RFC_SECRET, "a:b"), None);
    }

    #[test]
    fn only_guesses_count_towards_the_lockout() {
        assert!(CodeProblem::Wrong.is_a_guess() && CodeProblem::AlreadyUsed.is_a_guess());
        assert!(!CodeProblem::Missing.is_a_guess() && !CodeProblem::NotSixDigits.is_a_guess());
    }
}
