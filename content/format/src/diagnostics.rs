//! Problems found in content files, with the place they were found.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How bad a problem is: errors keep a course from being served, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one file. Displays as `path:line:col: error: message`.
///
/// `path` is relative to the content folder and uses `/`. `line` and `col` are
/// 1-based; `col` counts characters (not bytes) from the start of the line.
/// Problems with a whole file or folder point at `1:1`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    /// A problem with a whole file or folder, reported at `1:1`.
    pub(crate) fn whole_file(path: &str, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line: 1,
            col: 1,
            severity,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path, self.line, self.col, self.severity, self.message
        )
    }
}

/// Turns byte offsets in a text into 1-based lines and character columns.
#[derive(Debug)]
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            // "\n", "\r\n" and a lone "\r" all end a line, as in CommonMark.
            let ends_line = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        LineIndex { text, line_starts }
    }

    /// The line and column of `offset`; offsets past the end point just after
    /// the last character, and offsets inside a character point at it.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        let col = self.text[line_start..offset].chars().count() + 1;
        (line, col)
    }
}

/// Collects the diagnostics of one file, turning offsets into positions.
#[derive(Debug)]
pub(crate) struct FileDiagnostics<'a> {
    path: &'a str,
    lines: LineIndex<'a>,
    list: Vec<Diagnostic>,
}

impl<'a> FileDiagnostics<'a> {
    pub(crate) fn new(path: &'a str, text: &'a str) -> Self {
        FileDiagnostics {
            path,
            lines: LineIndex::new(text),
            list: Vec::new(),
        }
    }

    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.position(offset)
    }

    pub(crate) fn error(&mut self, offset: usize, message: impl Into<String>) {
        self.push(offset, Severity::Error, message.into());
    }

    pub(crate) fn warning(&mut self, offset: usize, message: impl Into<String>) {
        self.push(offset, Severity::Warning, message.into());
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    pub(crate) fn error_count(&self) -> usize {
        self.list.iter().filter(|d| d.is_error()).count()
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.list
    }

    fn push(&mut self, offset: usize, severity: Severity, message: String) {
        let (line, col) = self.lines.position(offset);
        self.list.push(Diagnostic {
            path: self.path.to_owned(),
            line,
            col,
            severity,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_as_path_line_col_severity_message() {
        let d = Diagnostic {
            path: "courses/a/01-x.md".into(),
            line: 3,
            col: 7,
            severity: Severity::Warning,
            message: "too long".into(),
        };
        assert_eq!(d.to_string(), "courses/a/01-x.md:3:7: warning: too long");
    }

    #[test]
    fn counts_columns_in_characters_not_bytes() {
        let lines = LineIndex::new("ab\nçé x\n");
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(3), (2, 1));
        // "çé " is 5 bytes; "x" is the fourth character of line 2.
        assert_eq!(lines.position(8), (2, 4));
    }

    #[test]
    fn treats_crlf_and_lone_cr_as_line_ends() {
        let lines = LineIndex::new("a\r\nb\rc");
        assert_eq!(lines.position(3), (2, 1));
        assert_eq!(lines.position(5), (3, 1));
    }

    #[test]
    fn clamps_offsets_past_the_end_or_inside_a_character() {
        let lines = LineIndex::new("é");
        assert_eq!(lines.position(1), (1, 1));
        assert_eq!(lines.position(99), (1, 2));
        assert_eq!(LineIndex::new("").position(5), (1, 1));
    }
}
