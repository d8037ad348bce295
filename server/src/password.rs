//! Staff passwords, hashed with argon2id.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Hashes a password with argon2id and a fresh salt (the PHC string keeps both).
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt_bytes: [u8; 16] = rand::random();
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|err| anyhow::anyhow!("could not encode a salt: {err}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| anyhow::anyhow!("could not hash the password: {err}"))
}

/// Whether the password matches the stored PHC string; a malformed one never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A hash to check a password against when the email address matches no account, so
/// that a wrong address takes as long to refuse as a wrong password.
static DECOY: LazyLock<String> = LazyLock::new(|| hash("no account has this").unwrap_or_default());

/// Spends the time of one verification, for an unknown account.
pub fn verify_decoy(password: &str) {
    verify(password, &DECOY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_with_argon2id_and_a_fresh_salt() {
        let stored = hash("correct horse battery").expect("hash");
        assert!(stored.starts_with("$argon2id$"));
        assert_ne!(stored, hash("correct horse battery").expect("hash"));
        let parsed = PasswordHash::new(&stored).expect("PHC string");
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery", &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"correct horse battery!", &parsed)
                .is_err()
        );
    }

    #[test]
    fn verifies_only_the_right_password() {
        let stored = hash("plum kettle orbit").expect("hash");
        assert!(verify("plum kettle orbit", &stored));
        assert!(!verify("plum kettle orbit ", &stored));
        assert!(!verify("plum kettle orbit", "not a hash"));
    }
}
