//! Staff passwords, hashed with argon2id.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, SaltString};

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

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

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
}
