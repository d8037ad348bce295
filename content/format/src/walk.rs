//! Listing the files of a course folder.

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Severity};

/// Folders nested deeper than this inside a course are not read.
const MAX_DEPTH: usize = 16;

/// A regular file inside a course folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundFile {
    /// Relative to the course folder, with `/`.
    pub(crate) path: String,
    pub(crate) full_path: PathBuf,
}

/// Lists the regular files under `dir`, sorted by path. Hidden files and
/// folders (names starting with `.`, like `.DS_Store`) are not part of a
/// course and are skipped. Symbolic links are not followed (a warning says
/// so), and names that are not UTF-8 or folders that cannot be read are
/// errors. `shown_as` is `dir` as diagnostics name it.
pub(crate) fn list_files(
    dir: &Path,
    shown_as: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FoundFile> {
    let mut files = Vec::new();
    visit(dir, "", shown_as, 0, &mut files, diagnostics);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn visit(
    dir: &Path,
    prefix: &str,
    shown_as: &str,
    depth: usize,
    files: &mut Vec<FoundFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let shown = |name: &str| format!("{shown_as}/{prefix}{name}");
    let folder = shown("").trim_end_matches('/').to_owned();
    if depth > MAX_DEPTH {
        diagnostics.push(Diagnostic::whole_file(
            &folder,
            Severity::Error,
            format!("folders are nested more than {MAX_DEPTH} deep here: flatten them"),
        ));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(Diagnostic::whole_file(
                &folder,
                Severity::Error,
                format!("cannot read this folder: {error}"),
            ));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.push(Diagnostic::whole_file(
                    &folder,
                    Severity::Error,
                    format!("cannot read this folder: {error}"),
                ));
                continue;
            }
        };
        let os_name = entry.file_name();
        let Some(name) = os_name.to_str() else {
            diagnostics.push(Diagnostic::whole_file(
                &shown(&os_name.to_string_lossy()),
                Severity::Error,
                "file name is not valid UTF-8: rename it with plain letters, digits and hyphens",
            ));
            continue;
        };
        if is_hidden(name) {
            continue;
        }
        let file_type = match entry.file_type() {
            Ok(file_type) => file_type,
            Err(error) => {
                diagnostics.push(Diagnostic::whole_file(
                    &shown(name),
                    Severity::Error,
                    format!("cannot read: {error}"),
                ));
                continue;
            }
        };
        let path = format!("{prefix}{name}");
        if file_type.is_dir() {
            visit(
                &entry.path(),
                &format!("{path}/"),
                shown_as,
                depth + 1,
                files,
                diagnostics,
            );
        } else if file_type.is_file() {
            files.push(FoundFile {
                path,
                full_path: entry.path(),
            });
        } else {
            diagnostics.push(Diagnostic::whole_file(
                &shown(name),
                Severity::Warning,
                "is a symbolic link or special file, which is not read: put the real file here instead",
            ));
        }
    }
}

/// Names starting with `.`: editor and system files, not course content.
pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_files_sorted_with_slashes_and_skips_hidden_ones() {
        let dir = std::env::temp_dir().join(format!("reroute-walk-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("media/sub")).unwrap();
        fs::create_dir_all(dir.join(".git")).unwrap();
        for file in ["b.md", "a.md", "media/sub/x.png", ".DS_Store", ".git/HEAD"] {
            fs::write(dir.join(file), "x").unwrap();
        }
        let mut diagnostics = Vec::new();
        let files = list_files(&dir, "courses/c", &mut diagnostics);
        let _ = fs::remove_dir_all(&dir);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["a.md", "b.md", "media/sub/x.png"]);
        assert_eq!(diagnostics, vec![]);
    }
}
