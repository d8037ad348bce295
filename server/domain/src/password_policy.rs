//! What makes a staff password acceptable: long, and not one that attackers try first
//! (NCSC guidance: length over complexity, with a deny list of common passwords).

use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_CHARS: usize = 12;
/// Long enough for any passphrase, short enough to bound hashing work.
pub const MAX_CHARS: usize = 128;

static COMMON_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common_passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

/// Why a password was refused, worded for the person choosing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    Missing,
    TooShort,
    TooLong,
    Common,
    ContainsEmail,
}

impl PasswordProblem {
    pub fn message(self) -> &'static str {
        match self {
            Self::Missing => "Enter a password",
            Self::TooShort => "Password must be 12 characters or more",
            Self::TooLong => "Password must be 128 characters or fewer",
            Self::Common => {
                "Password is too easy to guess: choose one that is not a common word or pattern, for example three random words"
            }
            Self::ContainsEmail => "Password must not contain your email address",
        }
    }
}

/// Checks a new password for the account with this email address.
pub fn check(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let length = password.chars().count();
    if length == 0 {
        return Err(PasswordProblem::Missing);
    }
    if length < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if length > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let mailbox = email.split('@').next().unwrap_or_default().to_lowercase();
    if mailbox.chars().count() >= 4 && lower.contains(&mailbox) {
        return Err(PasswordProblem::ContainsEmail);
    }
    if is_guessable(&lower) {
        return Err(PasswordProblem::Common);
    }
    Ok(())
}

/// Made of common words once digits and symbols are removed (also reading "p@ssw0rd" as
/// "password"), or one or two characters repeated, or a run such as "123456789012".
fn is_guessable(lower: &str) -> bool {
    let letters: String = lower.chars().filter(|c| c.is_alphabetic()).collect();
    let distinct: HashSet<char> = lower.chars().collect();
    letters.is_empty() && is_run(lower)
        || distinct.len() <= 2
        || is_made_of_common_words(&letters)
        || is_made_of_common_words(&unleet(lower))
}

/// The password's core (digits and symbols trimmed from both ends) with look-alike
/// characters read as letters, then letters only.
fn unleet(lower: &str) -> String {
    lower
        .trim_matches(|c: char| !c.is_alphabetic())
        .chars()
        .map(|c| match c {
            '@' | '4' => 'a',
            '0' => 'o',
            '1' | '!' => 'i',
            '3' => 'e',
            '5' | '$' => 's',
            '7' => 't',
            other => other,
        })
        .filter(|c| c.is_alphabetic())
        .collect()
}

/// "123456789012", "987654321098", "abcdefghijkl": each character one after the other.
fn is_run(text: &str) -> bool {
    let codes: Vec<u32> = text.chars().map(u32::from).collect();
    let steps = |step: i64| {
        codes.windows(2).all(|pair| {
            let difference = i64::from(pair[1]) - i64::from(pair[0]);
            // Digits wrap around: 8901 is a run.
            difference == step || difference == -9 * step
        })
    };
    steps(1) || steps(-1)
}

/// Whether the text splits entirely into words from the list (at most three of them).
fn is_made_of_common_words(letters: &str) -> bool {
    fn splits(rest: &str, words_left: u8) -> bool {
        if rest.is_empty() {
            return true;
        }
        words_left > 0
            && rest
                .char_indices()
                .skip(1)
                .map(|(i, _)| i)
                .chain([rest.len()])
                .any(|end| {
                    COMMON_WORDS.contains(&rest[..end]) && splits(&rest[end..], words_left - 1)
                })
    }
    !letters.is_empty() && splits(letters, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "sam.jones@force.police.uk";

    #[test]
    fn accepts_long_uncommon_passwords() {
        for good in [
            "correct horse battery staple",
            "plum-kettle-orbit",
            "Marmalade sky 47",
            "tractor umbrella",
        ] {
            assert_eq!(check(good, EMAIL), Ok(()), "{good}");
        }
    }

    #[test]
    fn refuses_short_missing_and_overlong_passwords() {
        assert_eq!(check("", EMAIL), Err(PasswordProblem::Missing));
        assert_eq!(check("short pass", EMAIL), Err(PasswordProblem::TooShort));
        assert_eq!(
            check(&"x".repeat(129), EMAIL),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn refuses_common_passwords_dressed_up_with_digits_and_symbols() {
        for bad in [
            "password1234",
            "Password2026!",
            "P@ssw0rd12345",
            "qwertyuiop12",
            "123456789012",
            "987654321098",
            "iloveyou1234",
            "letmein!letmein",
            "welcomeadmin1",
            "aaaaaaaaaaaa",
            "abababababab",
            "summer2026!!",
        ] {
            assert_eq!(check(bad, EMAIL), Err(PasswordProblem::Common), "{bad}");
        }
    }

    #[test]
    fn refuses_a_password_containing_the_email_name() {
        assert_eq!(
            check("sam.jones-is-great", EMAIL),
            Err(PasswordProblem::ContainsEmail)
        );
    }
}
