//! Server-held keys: generated on first start into the data folder (readable by the
//! owner only), or supplied by environment variables in production, where several server
//! processes must share them.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};

/// Bytes in every generated key.
const KEY_BYTES: usize = 32;

#[derive(Clone)]
pub struct ServerKeys {
    /// Keys the HMAC under which access codes are stored.
    pub access_code: Vec<u8>,
    /// Signs session cookies.
    pub session: Vec<u8>,
    /// Sign completion records.
    pub evidence: crate::evidence_keys::EvidenceKeys,
    /// Webhook endpoints' signing secrets are derived from it.
    pub webhook: Vec<u8>,
}

impl std::fmt::Debug for ServerKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKeys(…)")
    }
}

impl ServerKeys {
    pub fn load_or_create(data_dir: &Path) -> anyhow::Result<Self> {
        let dir = data_dir.join("keys");
        Ok(Self {
            access_code: key("REROUTE_ACCESS_CODE_KEY", &dir.join("access-code.key"))?,
            session: key("REROUTE_SESSION_KEY", &dir.join("session.key"))?,
            evidence: crate::evidence_keys::EvidenceKeys::load_or_create(data_dir)?,
            webhook: key("REROUTE_WEBHOOK_KEY", &dir.join("webhook.key"))?,
        })
    }
}

/// A hex key from `env_var` if set, else from `file`, created with a new random key if
/// it does not exist yet.
fn key(env_var: &str, file: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(value) = std::env::var(env_var) {
        return decode(value.trim())
            .with_context(|| format!("{env_var} must be at least {KEY_BYTES} bytes, hex encoded"));
    }
    match std::fs::read_to_string(file) {
        Ok(text) => decode(text.trim()).with_context(|| {
            format!(
                "the key file {} is damaged: restore it from backup",
                file.display()
            )
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => create(file),
        Err(err) => {
            Err(err).with_context(|| format!("cannot read the key file {}", file.display()))
        }
    }
}

fn decode(text: &str) -> anyhow::Result<Vec<u8>> {
    let bytes = hex::decode(text)?;
    if bytes.len() < KEY_BYTES {
        bail!("too short");
    }
    Ok(bytes)
}

fn create(file: &Path) -> anyhow::Result<Vec<u8>> {
    let key: [u8; KEY_BYTES] = rand::random();
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the key folder {}", dir.display()))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options
        .open(file)
        .with_context(|| format!("cannot create the key file {}", file.display()))?;
    out.write_all(hex::encode(key).as_bytes())
        .and_then(|()| out.sync_all())
        .with_context(|| format!("cannot write the key file {}", file.display()))?;
    tracing::info!(file = %file.display(), "generated a new key");
    Ok(key.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_then_reused() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let first = ServerKeys::load_or_create(dir.path()).expect("created");
        let second = ServerKeys::load_or_create(dir.path()).expect("reloaded");
        assert_eq!(first.access_code.len(), KEY_BYTES);
        assert_eq!(first.access_code, second.access_code);
        assert_eq!(first.session, second.session);
        assert_ne!(first.access_code, first.session);
    }

    #[cfg(unix)]
    #[test]
    fn key_files_are_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temporary directory");
        ServerKeys::load_or_create(dir.path()).expect("created");
        let mode = std::fs::metadata(dir.path().join("keys/access-code.key"))
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn a_damaged_key_file_is_an_error() {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::create_dir_all(dir.path().join("keys")).expect("key folder");
        std::fs::write(dir.path().join("keys/access-code.key"), "not hex").expect("write");
        assert!(ServerKeys::load_or_create(dir.path()).is_err());
    }
}
