//! The built site: where the wasm bundle and stylesheet are, what they are called, and
//! how long browsers may cache them.

use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, header};
use leptos::prelude::LeptosOptions;
use tower::Layer;
use tower_http::services::ServeDir;
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// The name cargo-leptos gives the bundle (`output-name` in Cargo.toml).
const OUTPUT_NAME: &str = "reroute";
const PKG_DIR: &str = "pkg";

/// Content hashes that `cargo leptos build` (with `hash-files`) wrote to `hash.txt` beside
/// the binary, one per bundle file.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FileHashes {
    pub js: Option<String>,
    pub wasm: Option<String>,
    pub css: Option<String>,
}

impl FileHashes {
    pub fn parse(text: &str) -> Self {
        let mut hashes = Self::default();
        for line in text.lines() {
            let Some((kind, hash)) = line.split_once(':') else {
                continue;
            };
            let hash = Some(hash.trim().to_owned());
            match kind.trim() {
                "js" => hashes.js = hash,
                "wasm" => hashes.wasm = hash,
                "css" => hashes.css = hash,
                _ => {}
            }
        }
        hashes
    }

    fn complete(&self) -> bool {
        self.js.is_some() && self.wasm.is_some() && self.css.is_some()
    }
}

#[derive(Debug, Clone)]
pub struct SiteAssets {
    site_root: PathBuf,
    hashes: Option<FileHashes>,
}

impl SiteAssets {
    /// Looks for `hash.txt` beside the running binary. Without it the files have plain
    /// names and browsers must revalidate them.
    pub fn discover(site_root: &Path) -> Self {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .map(|text| FileHashes::parse(&text))
            .filter(FileHashes::complete);
        if !site_root.join(PKG_DIR).is_dir() {
            tracing::warn!(
                site_root = %site_root.display(),
                "no built site found: pages will render but without their stylesheet and islands; run `cargo leptos build --release` first"
            );
        }
        Self {
            site_root: site_root.to_owned(),
            hashes,
        }
    }

    pub fn site_root(&self) -> &Path {
        &self.site_root
    }

    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name(OUTPUT_NAME)
            .site_root(self.site_root.to_string_lossy().as_ref())
            .site_pkg_dir(PKG_DIR)
            .hash_files(self.hashes.is_some())
            .build()
    }

    pub fn stylesheet_href(&self) -> String {
        match self.hashes.as_ref().and_then(|h| h.css.as_deref()) {
            Some(hash) => format!("/{PKG_DIR}/{OUTPUT_NAME}.{hash}.css"),
            None => format!("/{PKG_DIR}/{OUTPUT_NAME}.css"),
        }
    }

    /// Hashed files never change, so they may be cached for a year; plain names must be
    /// checked with the server each time (it answers 304 when unchanged).
    fn cache_control(&self) -> HeaderValue {
        if self.hashes.is_some() {
            HeaderValue::from_static("public, max-age=31536000, immutable")
        } else {
            HeaderValue::from_static("public, no-cache")
        }
    }

    /// Serves `/pkg/*` (bundle and stylesheet) with cache headers.
    pub fn pkg_service(&self) -> SetResponseHeader<ServeDir, HeaderValue> {
        SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, self.cache_control())
            .layer(ServeDir::new(self.site_root.join(PKG_DIR)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_hash_file_cargo_leptos_writes() {
        let hashes = FileHashes::parse("js: abc\nwasm: def\ncss: ghi\n");
        assert_eq!(hashes.js.as_deref(), Some("abc"));
        assert_eq!(hashes.wasm.as_deref(), Some("def"));
        assert_eq!(hashes.css.as_deref(), Some("ghi"));
        assert!(hashes.complete());
    }

    #[test]
    fn incomplete_hash_file_is_not_used() {
        assert!(!FileHashes::parse("js: abc\n").complete());
    }

    #[test]
    fn plain_names_without_hashes() {
        let assets = SiteAssets {
            site_root: PathBuf::from("target/site"),
            hashes: None,
        };
        assert_eq!(assets.stylesheet_href(), "/pkg/reroute.css");
        assert_eq!(assets.cache_control(), "public, no-cache");
    }

    #[test]
    fn hashed_names_are_cached_for_a_year() {
        let assets = SiteAssets {
            site_root: PathBuf::from("target/site"),
            hashes: Some(FileHashes::parse("js: a\nwasm: b\ncss: c\n")),
        };
        assert_eq!(assets.stylesheet_href(), "/pkg/reroute.c.css");
        assert!(
            assets
                .cache_control()
                .to_str()
                .unwrap_or("")
                .contains("immutable")
        );
    }
}
