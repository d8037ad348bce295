//! Checking a whole content folder: `site.toml` and every course.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::course_check::check_course;
use crate::diagnostics::{Diagnostic, Severity};
use crate::report::{CheckedContent, Summary};
use crate::site::{Site, parse_site_toml};
use crate::text_file::decode_text;
use crate::walk::is_hidden;

/// The content folder itself cannot be read (missing, not a folder, no
/// permission). The CLI exits with status 2 for this.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the content folder {}: {source}", path.display())]
pub struct UnreadableDir {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

/// Reads and checks the content folder `dir` (holding `site.toml` and
/// `courses/`), reporting every problem in every file. Courses with errors
/// are left out of the result; warnings never leave anything out.
pub fn check_content(dir: &Path) -> Result<CheckedContent, UnreadableDir> {
    fs::read_dir(dir).map_err(|source| UnreadableDir {
        path: dir.to_owned(),
        source,
    })?;
    let mut diagnostics = Vec::new();
    let site = check_site(dir, &mut diagnostics);
    let mut courses = Vec::new();
    let mut reading_ages = Vec::new();
    let mut summary = Summary::default();
    for id in course_folders(dir, &mut diagnostics) {
        let checked = check_course(&dir.join("courses").join(&id), &id);
        summary.courses += 1;
        summary.lessons += checked.lessons;
        summary.blocks += checked.blocks;
        courses.extend(checked.course);
        reading_ages.extend(checked.reading_ages);
        diagnostics.extend(checked.diagnostics);
    }
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    summary.errors = diagnostics.iter().filter(|d| d.is_error()).count();
    summary.warnings = diagnostics.len() - summary.errors;
    Ok(CheckedContent {
        site,
        courses,
        diagnostics,
        reading_ages,
        summary,
    })
}

/// Reads a file as text, or gives the diagnostic that says why it is not.
fn read_text(full_path: &Path, shown_as: &str) -> Result<String, Diagnostic> {
    let bytes = fs::read(full_path).map_err(|error| {
        let message = if error.kind() == io::ErrorKind::NotFound {
            format!("{shown_as} is missing: create it")
        } else {
            format!("cannot read this file: {error}")
        };
        Diagnostic::whole_file(shown_as, Severity::Error, message)
    })?;
    decode_text(shown_as, &bytes).map(str::to_owned)
}

fn check_site(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<Site> {
    let text = match read_text(&dir.join("site.toml"), "site.toml") {
        Ok(text) => text,
        Err(mut problem) => {
            if problem.message.ends_with("is missing: create it") {
                problem.message = "site.toml is missing: create it with organisation = \"...\" \
                                   and [[support]] lines"
                    .into();
            }
            diagnostics.push(problem);
            return None;
        }
    };
    let (site, found) = parse_site_toml("site.toml", &text);
    diagnostics.extend(found);
    site
}

/// The names of the folders under `courses/`, sorted; other entries there
/// are reported.
fn course_folders(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let entries = match fs::read_dir(dir.join("courses")) {
        Ok(entries) => entries,
        Err(error) => {
            let message = if error.kind() == io::ErrorKind::NotFound {
                "there is no courses/ folder: create courses/<course-id>/ with a course.toml and lessons".to_owned()
            } else {
                format!("cannot read the courses/ folder: {error}")
            };
            diagnostics.push(Diagnostic::whole_file("courses", Severity::Error, message));
            return Vec::new();
        }
    };
    let mut folders = Vec::new();
    for entry in entries {
        let Ok(entry) = entry else {
            diagnostics.push(Diagnostic::whole_file(
                "courses",
                Severity::Error,
                "cannot read the courses/ folder: an entry could not be listed",
            ));
            continue;
        };
        let name = entry.file_name();
        if name.to_str().is_some_and(is_hidden) {
            continue;
        }
        let Some(name) = name.to_str() else {
            diagnostics.push(Diagnostic::whole_file(
                &format!("courses/{}", name.to_string_lossy()),
                Severity::Error,
                "folder name is not valid UTF-8: use lowercase letters, digits and hyphens",
            ));
            continue;
        };
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push(name.to_owned());
        } else {
            diagnostics.push(Diagnostic::whole_file(
                &format!("courses/{name}"),
                Severity::Warning,
                "is not a course folder, so it is ignored: courses/ should hold only course folders",
            ));
        }
    }
    if folders.is_empty() {
        diagnostics.push(Diagnostic::whole_file(
            "courses",
            Severity::Warning,
            "courses/ has no course folders yet",
        ));
    }
    folders.sort();
    folders
}
