//! API client tokens: `rr_live_` followed by 32 random bytes in unpadded base64url. Only
//! the SHA-256 of a token is stored. A fast hash is right here, unlike for passwords:
//! 256 random bits cannot be guessed or searched for from the hash, so a slow hash would
//! add nothing but a delay to every API request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const PREFIX: &str = "rr_live_";

/// A new token, to show once, and the hash to store.
pub fn generate() -> (String, String) {
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let token = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(secret));
    let hash = hash(&token);
    (token, hash)
}

/// The stored form of a token: SHA-256, lower-case hex.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_prefixed_random_and_hashed() {
        let (first, first_hash) = generate();
        let (second, _) = generate();
        assert!(first.starts_with(PREFIX));
        assert_eq!(first.len(), PREFIX.len() + 43);
        assert_ne!(first, second);
        assert_eq!(first_hash, hash(&first));
        assert_eq!(first_hash.len(), 64);
    }
}
