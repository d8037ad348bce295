//! The Ed25519 keys that sign completion records (see `reroute_domain::evidence`).
//!
//! Keys are generated on first start into `<data-dir>/keys/evidence/<kid>.key`, readable
//! by the owner only. Each file holds the hex seed on its first line and the time it was
//! made on its second; the newest key signs, and every key still verifies, so records
//! signed before `reroute keys rotate` stay genuine. A key's id (`kid`) is the first 16
//! hex digits of the SHA-256 of its public key. Where several server processes share
//! the keys, `REROUTE_EVIDENCE_KEY` supplies them instead: hex seeds, comma separated,
//! oldest first (the last one signs).
//!
//! The public halves are published as a JSON Web Key Set at `/.well-known/jwks.json`.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use reroute_domain::evidence::CompletionClaims;
use sha2::{Digest, Sha256};

pub const ENV_VAR: &str = "REROUTE_EVIDENCE_KEY";

/// The signing keys, oldest first: the last one signs.
#[derive(Clone)]
pub struct EvidenceKeys {
    keys: Vec<(String, SigningKey)>,
}

impl std::fmt::Debug for EvidenceKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EvidenceKeys({})", self.kids().join(", "))
    }
}

fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("evidence")
}

/// A key's id: the first 16 hex digits of the SHA-256 of its public key.
pub fn kid_of(public: &[u8; 32]) -> String {
    hex::encode(Sha256::digest(public))[..16].to_owned()
}

impl EvidenceKeys {
    /// The keys from the environment, else from the data folder, creating the first one
    /// if there is none.
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        if let Some(keys) = Self::from_env()? {
            return Ok(keys);
        }
        let keys = Self::from_folder(data_dir)?;
        if keys.keys.is_empty() {
            Self::rotate(data_dir)?;
            return Self::from_folder(data_dir);
        }
        Ok(keys)
    }

    /// The keys from the environment, else from the data folder, without creating any.
    pub fn load_existing(data_dir: &Path) -> anyhow::Result<Self> {
        match Self::from_env()? {
            Some(keys) => Ok(keys),
            None => Self::from_folder(data_dir),
        }
    }

    fn from_env() -> anyhow::Result<Option<Self>> {
        let Ok(value) = std::env::var(ENV_VAR) else {
            return Ok(None);
        };
        let keys = value
            .split(',')
            .map(|seed| {
                let key = signing_key(seed.trim()).with_context(|| {
                    format!("{ENV_VAR} must be 32-byte hex seeds, comma separated")
                })?;
                Ok((kid_of(key.verifying_key().as_bytes()), key))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Some(Self { keys }))
    }

    fn from_folder(data_dir: &Path) -> anyhow::Result<Self> {
        let dir = folder(data_dir);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self { keys: Vec::new() });
            }
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("cannot read the key folder {}", dir.display()));
            }
        };
        let mut keys: Vec<(DateTime<Utc>, String, SigningKey)> = Vec::new();
        for entry in entries {
            let path = entry?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("key") {
                continue;
            }
            let damaged = || {
                format!(
                    "the evidence key file {} is damaged: restore it from backup",
                    path.display()
                )
            };
            let text = std::fs::read_to_string(&path).with_context(damaged)?;
            let mut lines = text.lines();
            let key = signing_key(lines.next().unwrap_or_default().trim()).with_context(damaged)?;
            let created = lines
                .next()
                .and_then(|line| DateTime::parse_from_rfc3339(line.trim()).ok())
                .map(|at| at.with_timezone(&Utc))
                .with_context(damaged)?;
            keys.push((created, kid_of(key.verifying_key().as_bytes()), key));
        }
        keys.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        Ok(Self {
            keys: keys.into_iter().map(|(_, kid, key)| (kid, key)).collect(),
        })
    }

    /// Adds a new key to the data folder, which signs from the next start on; returns
    /// its id.
    pub fn rotate(data_dir: &Path) -> anyhow::Result<String> {
        let seed: [u8; 32] = rand::random();
        let key = SigningKey::from_bytes(&seed);
        let kid = kid_of(key.verifying_key().as_bytes());
        let dir = folder(data_dir);
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the key folder {}", dir.display()))?;
        let file = dir.join(format!("{kid}.key"));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut out = options
            .open(&file)
            .with_context(|| format!("cannot create the key file {}", file.display()))?;
        let created = Utc::now();
        out.write_all(format!("{}\n{}\n", hex::encode(seed), created.to_rfc3339()).as_bytes())
            .and_then(|()| out.sync_all())
            .with_context(|| format!("cannot write the key file {}", file.display()))?;
        tracing::info!(file = %file.display(), kid, "generated a new evidence signing key");
        Ok(kid)
    }

    pub fn kids(&self) -> Vec<String> {
        self.keys.iter().map(|(kid, _)| kid.clone()).collect()
    }

    /// Signs a record with the newest key: (kid, token).
    pub fn sign(&self, claims: &CompletionClaims) -> anyhow::Result<(String, String)> {
        let Some((kid, key)) = self.keys.last() else {
            bail!("there is no evidence signing key");
        };
        let der = key
            .to_pkcs8_der()
            .map_err(|err| anyhow::anyhow!("cannot encode the signing key: {err}"))?;
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(kid.clone());
        let token =
            jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(der.as_bytes()))
                .context("cannot sign the completion record")?;
        Ok((kid.clone(), token))
    }

    /// The public halves.
    pub fn public(&self) -> PublicKeys {
        PublicKeys {
            keys: self
                .keys
                .iter()
                .map(|(kid, key)| (kid.clone(), key.verifying_key().to_bytes()))
                .collect(),
        }
    }
}

fn signing_key(seed_hex: &str) -> anyhow::Result<SigningKey> {
    let bytes: [u8; 32] = hex::decode(seed_hex)?
        .try_into()
        .map_err(|_| anyhow::anyhow!("a seed is 32 bytes"))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// Public keys by id: what verifies a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKeys {
    keys: Vec<(String, [u8; 32])>,
}

/// Why a token is not a genuine record.
#[derive(Debug, thiserror::Error)]
pub enum NotGenuine {
    #[error("the token is not signed with EdDSA")]
    WrongAlgorithm,
    #[error("the token names no signing key")]
    NoKeyId,
    #[error("the token was signed by a key this server does not know ({0})")]
    UnknownKey(String),
    #[error("the token is damaged, changed or expired: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
}

impl PublicKeys {
    /// The JSON Web Key Set published at `/.well-known/jwks.json`.
    pub fn to_jwks(&self) -> serde_json::Value {
        let keys: Vec<serde_json::Value> = self
            .keys
            .iter()
            .map(|(kid, x)| {
                serde_json::json!({
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": URL_SAFE_NO_PAD.encode(x),
                    "kid": kid,
                    "alg": "EdDSA",
                    "use": "sig",
                })
            })
            .collect();
        serde_json::json!({ "keys": keys })
    }

    /// Reads a JSON Web Key Set, keeping its Ed25519 keys.
    pub fn from_jwks(text: &str) -> anyhow::Result<Self> {
        let set: serde_json::Value = serde_json::from_str(text).context("not JSON")?;
        let mut keys = Vec::new();
        for key in set["keys"].as_array().context("no \"keys\" list")? {
            if key["kty"] != "OKP" || key["crv"] != "Ed25519" {
                continue;
            }
            let x: [u8; 32] = URL_SAFE_NO_PAD
                .decode(key["x"].as_str().context("a key has no \"x\"")?)?
                .try_into()
                .map_err(|_| anyhow::anyhow!("an Ed25519 key is 32 bytes"))?;
            let kid = key["kid"]
                .as_str()
                .map_or_else(|| kid_of(&x), str::to_owned);
            keys.push((kid, x));
        }
        Ok(Self { keys })
    }

    /// The claims of `token` if it is a genuine, unchanged record signed by one of these
    /// keys (and not past its `exp`, if it has one).
    pub fn verify(&self, token: &str) -> Result<CompletionClaims, NotGenuine> {
        let header = jsonwebtoken::decode_header(token.trim())?;
        if header.alg != Algorithm::EdDSA {
            return Err(NotGenuine::WrongAlgorithm);
        }
        let kid = header.kid.ok_or(NotGenuine::NoKeyId)?;
        let (_, x) = self
            .keys
            .iter()
            .find(|(known, _)| *known == kid)
            .ok_or_else(|| NotGenuine::UnknownKey(kid.clone()))?;
        let key = DecodingKey::from_ed_components(&URL_SAFE_NO_PAD.encode(x))?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        // A completion record is permanent (no `exp`); one that has an `exp` is held to it.
        validation.required_spec_claims = HashSet::new();
        validation.validate_exp = true;
        validation.leeway = 0;
        Ok(jsonwebtoken::decode::<CompletionClaims>(token.trim(), &key, &validation)?.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use reroute_domain::evidence::{
        CompletionFacts, CourseClaims, OrganisationClaims, ParticipantClaims, ScoreClaims, claims,
    };
    use uuid::Uuid;

    fn sample() -> CompletionClaims {
        let now = Utc::now();
        claims(CompletionFacts {
            issuer: "https://reroute.example".into(),
            record_id: Uuid::new_v4(),
            issued_at: now,
            assignment_id: Uuid::new_v4(),
            participant: ParticipantClaims {
                force_reference: "CR/1".into(),
                name: "Jamie Lee".into(),
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
            assigned_at: now,
            first_sign_in_at: None,
            declared_at: None,
            completed_at: now,
            deadline: NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
            time_spent_seconds: 60,
            score: ScoreClaims {
                right: 1,
                total: 1,
                percent: 100,
            },
            pass_mark: 70,
            passed: true,
            attempts_used: 1,
            attempts_allowed: 2,
        })
    }

    fn keys() -> (tempfile::TempDir, EvidenceKeys) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let keys = EvidenceKeys::load_or_create(dir.path()).expect("keys");
        (dir, keys)
    }

    fn b64(json: &serde_json::Value) -> String {
        URL_SAFE_NO_PAD.encode(json.to_string())
    }

    #[test]
    fn a_signed_record_verifies() {
        let (_dir, keys) = keys();
        let claims = sample();
        let (kid, token) = keys.sign(&claims).expect("signed");
        assert_eq!(kid.len(), 16);
        assert_eq!(keys.public().verify(&token).expect("genuine"), claims);
    }

    #[test]
    fn a_changed_byte_is_rejected() {
        let (_dir, keys) = keys();
        let (_, token) = keys.sign(&sample()).expect("signed");
        let payload_start = token.find('.').expect("dot") + 1;
        for at in [payload_start + 5, token.len() - 3] {
            let mut bytes = token.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).expect("ascii");
            assert!(keys.public().verify(&changed).is_err(), "changed at {at}");
        }
    }

    #[test]
    fn a_record_signed_by_another_key_is_rejected() {
        let (_dir, keys) = keys();
        let (_other_dir, other) = super::tests::keys();
        let (other_kid, forged) = other.sign(&sample()).expect("signed");
        assert!(matches!(
            keys.public().verify(&forged),
            Err(NotGenuine::UnknownKey(kid)) if kid == other_kid
        ));
        // The same forgery claiming our key id fails on the signature.
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(keys.kids()[0].clone());
        let der = other.keys[0].1.to_pkcs8_der().expect("der");
        let forged = jsonwebtoken::encode(
            &header,
            &sample(),
            &EncodingKey::from_ed_der(der.as_bytes()),
        )
        .expect("signed");
        assert!(matches!(
            keys.public().verify(&forged),
            Err(NotGenuine::Invalid(_))
        ));
    }

    #[test]
    fn alg_none_is_rejected() {
        let (_dir, keys) = keys();
        let header = serde_json::json!({"alg": "none", "typ": "JWT", "kid": keys.kids()[0]});
        let payload = serde_json::to_value(sample()).expect("json");
        for token in [
            format!("{}.{}.", b64(&header), b64(&payload)),
            format!("{}.{}", b64(&header), b64(&payload)),
        ] {
            assert!(keys.public().verify(&token).is_err());
        }
    }

    #[test]
    fn hs256_signed_with_the_public_key_is_rejected() {
        let (_dir, keys) = keys();
        let public = keys.keys[0].1.verifying_key().to_bytes();
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.kids()[0].clone());
        for secret in [public.to_vec(), URL_SAFE_NO_PAD.encode(public).into_bytes()] {
            let token =
                jsonwebtoken::encode(&header, &sample(), &EncodingKey::from_secret(&secret))
                    .expect("signed");
            assert!(matches!(
                keys.public().verify(&token),
                Err(NotGenuine::WrongAlgorithm)
            ));
        }
    }

    #[test]
    fn an_expired_token_is_rejected_and_a_current_one_accepted() {
        let (_dir, keys) = keys();
        let mut expired = sample();
        expired.exp = Some(Utc::now().timestamp() - 10);
        let (_, token) = keys.sign(&expired).expect("signed");
        assert!(matches!(
            keys.public().verify(&token),
            Err(NotGenuine::Invalid(_))
        ));
        let mut current = sample();
        current.exp = Some(Utc::now().timestamp() + 600);
        let (_, token) = keys.sign(&current).expect("signed");
        assert!(keys.public().verify(&token).is_ok());
    }

    #[test]
    fn after_rotation_the_new_key_signs_and_old_records_still_verify() {
        let (dir, keys) = keys();
        let (old_kid, old_token) = keys.sign(&sample()).expect("signed");
        let new_kid = EvidenceKeys::rotate(dir.path()).expect("rotated");
        let rotated = EvidenceKeys::load_or_create(dir.path()).expect("reloaded");
        assert_eq!(rotated.kids(), vec![old_kid, new_kid.clone()]);
        let (kid, _) = rotated.sign(&sample()).expect("signed");
        assert_eq!(kid, new_kid);
        assert!(rotated.public().verify(&old_token).is_ok());
        // The published set reads back to the same keys.
        let jwks = rotated.public().to_jwks().to_string();
        assert_eq!(
            PublicKeys::from_jwks(&jwks).expect("jwks"),
            rotated.public()
        );
    }

    #[cfg(unix)]
    #[test]
    fn key_files_are_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, keys) = keys();
        let file = folder(dir.path()).join(format!("{}.key", keys.kids()[0]));
        let mode = std::fs::metadata(file)
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
