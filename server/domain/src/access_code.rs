//! Access codes: what a participant types, with their date of birth, to sign in.
//!
//! A code is 12 characters from a 30-symbol alphabet (about 59 bits), printed in three
//! groups of four (`K7PM-4XRT-9WQC`). The alphabet leaves out 0/O, 1/I/L and U, so that a
//! code read aloud or copied by hand cannot be mistyped into another one; typing is
//! case-insensitive and spaces and dashes are ignored. Only a keyed hash is stored.

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

/// The symbols a code is made of: no 0, O, 1, I, L or U.
pub const ALPHABET: &[u8; 30] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";
pub const LENGTH: usize = 12;
const GROUP: usize = 4;

/// A freshly generated code, in its printed form.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessCode(String);

impl AccessCode {
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        let symbols: String = (0..LENGTH)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        Self(group(&symbols))
    }

    /// The code as printed on the participant's letter.
    pub fn printed(&self) -> &str {
        &self.0
    }
}

// Never print a code into a log by accident.
impl std::fmt::Debug for AccessCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessCode(…)")
    }
}

/// Why typed text is not a possible code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Empty,
    WrongLength,
    InvalidCharacter,
}

/// Turns what a person typed into the canonical form: upper case, no spaces or dashes.
/// Common misreadings of letters the alphabet leaves out (O for 0 and the like) are
/// rejected rather than guessed, so a wrong code never matches someone else's.
pub fn normalise(typed: &str) -> Result<String, CodeProblem> {
    let canonical: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '–')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if canonical.is_empty() {
        return Err(CodeProblem::Empty);
    }
    if canonical.chars().count() != LENGTH {
        return Err(CodeProblem::WrongLength);
    }
    if !canonical.bytes().all(|b| ALPHABET.contains(&b)) {
        return Err(CodeProblem::InvalidCharacter);
    }
    Ok(canonical)
}

/// The stored form: HMAC-SHA256 of the canonical code under a server-held key, hex
/// encoded. Without the key, a copy of the database does not reveal the codes.
pub fn digest(canonical: &str, key: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(canonical.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn group(symbols: &str) -> String {
    symbols
        .as_bytes()
        .chunks(GROUP)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_codes_are_printed_in_three_groups() {
        let code = AccessCode::generate();
        let printed = code.printed();
        assert_eq!(printed.len(), 14);
        assert_eq!(printed.matches('-').count(), 2);
        assert!(normalise(printed).is_ok());
    }

    #[test]
    fn codes_carry_at_least_forty_bits() {
        let bits = (LENGTH as f64) * (ALPHABET.len() as f64).log2();
        assert!(bits >= 40.0, "{bits} bits");
    }

    #[test]
    fn alphabet_has_no_confusable_symbols() {
        for confusable in b"0O1ILU" {
            assert!(!ALPHABET.contains(confusable));
        }
    }

    #[test]
    fn typing_ignores_case_spaces_and_dashes() {
        assert_eq!(normalise(" k7pm 4xrt-9wqc "), Ok("K7PM4XRT9WQC".to_owned()));
    }

    #[test]
    fn wrong_length_and_characters_are_refused() {
        assert_eq!(normalise(""), Err(CodeProblem::Empty));
        assert_eq!(normalise("K7PM-4XRT"), Err(CodeProblem::WrongLength));
        assert_eq!(
            normalise("K7PM-4XRT-9WQ0"),
            Err(CodeProblem::InvalidCharacter)
        );
    }

    #[test]
    fn digest_depends_on_code_and_key() {
        let a = digest("K7PM4XRT9WQC", b"key one");
        assert_eq!(a.len(), 64);
        assert_eq!(a, digest("K7PM4XRT9WQC", b"key one"));
        assert_ne!(a, digest("K7PM4XRT9WQD", b"key one"));
        assert_ne!(a, digest("K7PM4XRT9WQC", b"key two"));
    }

    #[test]
    fn debug_output_hides_the_code() {
        assert_eq!(format!("{:?}", AccessCode::generate()), "AccessCode(…)");
    }
}
