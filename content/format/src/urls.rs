//! Where a link or image points, and whether lessons may point there.
//!
//! Allowed: `https:`, `http:`, `mailto:` and `tel:` addresses (links only),
//! and relative paths to files under the course's `media/` folder. Nothing
//! else, so `javascript:`, `data:` and the like can never reach a page.

use std::collections::BTreeSet;

/// A link destination that lessons may use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An address on another site, ready for `href`.
    External(String),
    /// A file in the course folder, `media/...` (decoded), plus any
    /// `?query` or `#fragment` as written.
    Media { path: String, suffix: String },
}

const EXTERNAL_SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// Classifies a destination as written in the Markdown. `course_files` holds
/// the paths of the course's files, relative to its folder, with `/`. The
/// error says what is wrong and how to fix it.
pub(crate) fn classify(
    destination: &str,
    course_files: &BTreeSet<String>,
) -> Result<Target, String> {
    let cleaned = browser_view(destination);
    if cleaned.is_empty() {
        return Err("has no address: put a web address or a media/ file in the brackets".into());
    }
    if cleaned.starts_with("//") || cleaned.starts_with("\\\\") {
        return Err(format!(
            "`{destination}` has no scheme: write the whole address, starting with https://"
        ));
    }
    if let Some(scheme) = scheme(&cleaned) {
        return external(destination, &cleaned, &scheme);
    }
    if cleaned.starts_with(['/', '\\']) {
        return Err(format!(
            "`{destination}` is an absolute path: write paths from the course folder, like media/picture.png"
        ));
    }
    if cleaned.starts_with(['#', '?']) {
        return Err(format!(
            "`{destination}` points within the page, but lessons have no anchors: link to a web address or a media/ file"
        ));
    }
    media(destination, &cleaned, course_files)
}

/// The destination as a browser reads it: without tabs and newlines anywhere,
/// and without leading or trailing control characters and spaces, so
/// `java\tscript:` is recognised for what it is.
fn browser_view(destination: &str) -> String {
    destination
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_owned()
}

/// The lowercased scheme, if the destination starts with one (`x:` where x
/// is a letter followed by letters, digits, `+`, `-` or `.`).
fn scheme(destination: &str) -> Option<String> {
    let (scheme, _) = destination.split_once(':')?;
    let mut chars = scheme.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| scheme.to_ascii_lowercase())
}

fn external(destination: &str, cleaned: &str, scheme: &str) -> Result<Target, String> {
    if !EXTERNAL_SCHEMES.contains(&scheme) {
        return Err(format!(
            "`{destination}` uses `{scheme}:`, which is not allowed: use an https:// address, \
             a mailto: or tel: link, or a file under media/"
        ));
    }
    let rest = &cleaned[scheme.len() + 1..];
    let is_web = scheme.starts_with("http");
    if (is_web && !rest.starts_with("//")) || rest.is_empty() {
        return Err(format!(
            "`{destination}` is not a complete address: write it like https://www.example.org/page"
        ));
    }
    Ok(Target::External(cleaned.to_owned()))
}

fn media(
    destination: &str,
    cleaned: &str,
    course_files: &BTreeSet<String>,
) -> Result<Target, String> {
    let split = cleaned.find(['?', '#']).unwrap_or(cleaned.len());
    let (raw_path, suffix) = cleaned.split_at(split);
    let decoded = percent_decode(raw_path);
    let mut segments: Vec<&str> = decoded.split('/').collect();
    while segments.first() == Some(&".") {
        segments.remove(0);
    }
    if segments.iter().any(|s| matches!(*s, "" | "." | "..")) {
        return Err(format!(
            "`{destination}` is not a plain path: write it from the course folder without `..` or `//`, like media/picture.png"
        ));
    }
    let path = segments.join("/");
    let exists = course_files.contains(&path);
    if segments.len() < 2 || segments[0] != "media" {
        return Err(if exists {
            format!(
                "`{destination}` is not under media/, so participants cannot open it: \
                 move the file into media/ and link to media/{path}"
            )
        } else {
            format!(
                "`{destination}` points at a file that is not in the course folder: \
                 put it in media/ and link to it as media/..."
            )
        });
    }
    if !exists {
        let hint = course_files
            .iter()
            .find(|file| file.eq_ignore_ascii_case(&path))
            .map_or_else(String::new, |file| {
                format!(" (there is `{file}`: names are case-sensitive)")
            });
        return Err(format!(
            "`{destination}` points at a missing file{hint}: add `{path}` to the course folder or fix the path"
        ));
    }
    Ok(Target::Media {
        path,
        suffix: suffix.to_owned(),
    })
}

/// Decodes `%XX` escapes; anything malformed is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                decoded.push(byte);
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Percent-encodes a path for a URL: everything but unreserved characters
/// and `/`, so the result is also safe inside an HTML attribute.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> BTreeSet<String> {
        [
            "course.toml",
            "01-a.md",
            "media/Photo One.png",
            "media/sub/a.mp3",
        ]
        .map(String::from)
        .into()
    }

    #[test]
    fn allows_web_mail_and_phone_addresses() {
        for url in [
            "https://example.org/x",
            "HTTP://example.org",
            "mailto:a@b.c",
            "tel:116123",
        ] {
            assert_eq!(classify(url, &files()), Ok(Target::External(url.into())));
        }
    }

    #[test]
    fn rejects_dangerous_schemes_however_they_are_disguised() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            let error = classify(url, &files()).unwrap_err();
            assert!(error.contains("which is not allowed"), "{url:?}: {error}");
        }
    }

    #[test]
    fn rejects_incomplete_and_protocol_relative_addresses() {
        assert!(classify("https:example.org", &files()).is_err());
        assert!(classify("//example.org", &files()).is_err());
        assert!(classify("/media/x.png", &files()).is_err());
        assert!(classify("#top", &files()).is_err());
        assert!(classify("", &files()).is_err());
    }

    #[test]
    fn resolves_media_files_with_escapes_and_suffixes() {
        assert_eq!(
            classify("./media/Photo%20One.png#x", &files()),
            Ok(Target::Media {
                path: "media/Photo One.png".into(),
                suffix: "#x".into()
            })
        );
        assert!(classify("media/sub/a.mp3", &files()).is_ok());
    }

    #[test]
    fn rejects_missing_files_with_a_case_hint() {
        assert_eq!(
            classify("media/photo one.png", &files()),
            Err("`media/photo one.png` points at a missing file (there is `media/Photo One.png`: names are case-sensitive): add `media/photo one.png` to the course folder or fix the path".into())
        );
    }

    #[test]
    fn rejects_files_outside_media_and_escapes_from_the_folder() {
        assert!(
            classify("course.toml", &files())
                .unwrap_err()
                .contains("not under media/")
        );
        assert!(
            classify("media/../course.toml", &files())
                .unwrap_err()
                .contains("without `..`")
        );
        assert!(classify("../other/media/x.png", &files()).is_err());
    }

    #[test]
    fn percent_encodes_everything_unsafe_in_a_path() {
        assert_eq!(
            percent_encode_path("media/a b\"<&>.png"),
            "media/a%20b%22%3C%26%3E.png"
        );
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%C3%A9%zz%+1"), "é%zz%+1");
    }
}
