//! A course's version: a hash of all its files.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// Builds a course version: the hex SHA-256 of, for each file in byte order
/// of its path, the path's length (8 bytes, little-endian), the path
/// (relative to the course folder, with `/`) and the SHA-256 of the file's
/// contents. Any change to any file's contents or name changes the version.
#[derive(Debug, Default)]
pub(crate) struct VersionHasher {
    files: BTreeMap<String, [u8; 32]>,
}

impl VersionHasher {
    pub(crate) fn add(&mut self, path: &str, contents: &[u8]) {
        self.files
            .insert(path.to_owned(), Sha256::digest(contents).into());
    }

    pub(crate) fn finish(self) -> String {
        let mut hasher = Sha256::new();
        for (path, digest) in &self.files {
            hasher.update((path.len() as u64).to_le_bytes());
            hasher.update(path.as_bytes());
            hasher.update(digest);
        }
        hex::encode(hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(files: &[(&str, &str)]) -> String {
        let mut hasher = VersionHasher::default();
        for (path, contents) in files {
            hasher.add(path, contents.as_bytes());
        }
        hasher.finish()
    }

    #[test]
    fn is_hex_sha256_and_ignores_the_order_files_are_added_in() {
        let a = version(&[("course.toml", "x"), ("01-a.md", "y")]);
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(a, version(&[("01-a.md", "y"), ("course.toml", "x")]));
    }

    #[test]
    fn changes_when_any_content_or_name_changes() {
        let base = version(&[("course.toml", "x"), ("01-a.md", "y")]);
        assert_ne!(base, version(&[("course.toml", "x"), ("01-a.md", "y ")]));
        assert_ne!(base, version(&[("course.toml", "x"), ("02-a.md", "y")]));
        assert_ne!(
            base,
            version(&[("course.toml", "x"), ("01-a.md", "y"), ("media/e", "")])
        );
        // Moving bytes between a path and the contents is not the same file set.
        assert_ne!(version(&[("ab", "c")]), version(&[("a", "bc")]));
    }
}
