//! The result of checking a content folder, and its printed report.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::course::Course;
use crate::diagnostics::Diagnostic;
use crate::readability::Readability;
use crate::site::Site;

/// Everything [`crate::check_content`] found.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckedContent {
    /// `None` if `site.toml` is missing or has errors.
    pub site: Option<Site>,
    /// The courses without errors, by id.
    pub courses: Vec<Course>,
    /// Every problem, sorted by path, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per lesson file, by course and lesson.
    pub reading_ages: Vec<LessonReadingAge>,
    pub summary: Summary,
}

/// Counts for the last line of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Course folders found, with or without errors.
    pub courses: usize,
    /// Lesson files found.
    pub lessons: usize,
    /// Quiz, reflect and scale blocks found.
    pub blocks: usize,
    pub errors: usize,
    pub warnings: usize,
}

/// A lesson's measured readability, for `course/lesson: reading age N`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LessonReadingAge {
    pub course: String,
    /// The file name without `.md`, like `01-who-is-affected`.
    pub lesson: String,
    pub readability: Readability,
}

impl CheckedContent {
    /// Whether any error was found; warnings do not count.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }

    /// Every diagnostic, one a line, then the summary line.
    pub fn report(&self) -> String {
        let mut report = String::new();
        for diagnostic in &self.diagnostics {
            report.push_str(&diagnostic.to_string());
            report.push('\n');
        }
        report.push_str(&self.summary.to_string());
        report.push('\n');
        report
    }

    /// `course/lesson: reading age N`, one a lesson.
    pub fn reading_age_report(&self) -> String {
        self.reading_ages
            .iter()
            .map(|age| format!("{age}\n"))
            .collect()
    }
}

impl fmt::Display for LessonReadingAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}: ", self.course, self.lesson)?;
        match self.readability.reading_age() {
            Some(age) => write!(f, "reading age {age:.0}"),
            None => f.write_str("no prose to measure"),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "checked {}, {}, {}: {}, {}",
            counted(self.courses, "course"),
            counted(self.lessons, "lesson"),
            counted(self.blocks, "block"),
            counted(self.errors, "error"),
            counted(self.warnings, "warning"),
        )
    }
}

fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    #[test]
    fn prints_diagnostics_then_a_summary_line() {
        let checked = CheckedContent {
            site: None,
            courses: vec![],
            diagnostics: vec![Diagnostic {
                path: "site.toml".into(),
                line: 2,
                col: 1,
                severity: Severity::Error,
                message: "bad".into(),
            }],
            reading_ages: vec![LessonReadingAge {
                course: "c".into(),
                lesson: "01-a".into(),
                readability: Readability {
                    words: 10,
                    sentences: 2,
                    syllables: 12,
                },
            }],
            summary: Summary {
                courses: 1,
                lessons: 1,
                blocks: 3,
                errors: 1,
                warnings: 0,
            },
        };
        assert!(checked.has_errors());
        assert_eq!(
            checked.report(),
            "site.toml:2:1: error: bad\nchecked 1 course, 1 lesson, 3 blocks: 1 error, 0 warnings\n"
        );
        // 0.39 × 5 + 11.8 × 1.2 − 15.59 = 0.52, + 5 = 5.52
        assert_eq!(checked.reading_age_report(), "c/01-a: reading age 6\n");
    }
}
