//! `course.toml`: a course's metadata.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, FileDiagnostics};
use crate::toml_fields::{Invalid, TableReader, parse_table};

/// The contents of a valid `course.toml`, with defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CourseMeta {
    pub title: String,
    pub summary: String,
    /// Tags used to filter and report, like `"theft"`.
    pub offences: Vec<String>,
    /// Estimated minutes to complete.
    pub minutes: u32,
    /// Percent of quiz questions right first time needed to pass; 0 means none.
    pub pass_mark: u8,
    /// Quiz attempts allowed; at least 1, default 3.
    pub attempts: u32,
    /// BCP 47 language tag; default `"en"`.
    pub language: String,
    /// Target reading age; lessons above it get a warning.
    pub reading_age: Option<u32>,
}

const COURSE_KEYS: &[&str] = &[
    "title",
    "summary",
    "offences",
    "minutes",
    "pass_mark",
    "attempts",
    "language",
    "reading_age",
];

const DEFAULT_ATTEMPTS: i64 = 3;
const DEFAULT_LANGUAGE: &str = "en";
const MAX_U32: i64 = u32::MAX as i64;

/// Parses a `course.toml`. `path` names the file in diagnostics. Returns the
/// metadata only if there were no errors.
pub fn parse_course_toml(path: &str, source: &str) -> (Option<CourseMeta>, Vec<Diagnostic>) {
    let mut diags = FileDiagnostics::new(path, source);
    let meta = read_course_meta(source, &mut diags).filter(|_| !diags.has_errors());
    (meta, diags.into_vec())
}

fn read_course_meta(source: &str, diags: &mut FileDiagnostics<'_>) -> Option<CourseMeta> {
    if source.trim().is_empty() {
        diags.error(
            0,
            "course.toml is empty: it needs at least title, summary and minutes",
        );
        return None;
    }
    let table = parse_table(source, 0, diags)?;
    let reader = TableReader::new(&table, 0, "course.toml", COURSE_KEYS, diags);
    let title = reader.required_string("title", "title = \"Thinking about victims\"", diags);
    let summary = reader.required_string(
        "summary",
        "summary = \"What happens to people after a crime.\"",
        diags,
    );
    let offences = reader.string_array(
        "offences",
        "offences = [\"theft\", \"criminal-damage\"]",
        diags,
    );
    let minutes = reader.required_integer("minutes", 1..=MAX_U32, "minutes = 45", diags);
    let pass_mark = reader.optional_integer("pass_mark", 0..=100, "pass_mark = 70", diags);
    let attempts = reader.optional_integer("attempts", 1..=MAX_U32, "attempts = 3", diags);
    let language = read_language(&reader, diags);
    let reading_age = reader.optional_integer("reading_age", 1..=MAX_U32, "reading_age = 9", diags);
    Some(CourseMeta {
        title: title.ok()?,
        summary: summary.ok()?,
        offences: offences.ok()?.unwrap_or_default(),
        minutes: u32::try_from(minutes.ok()?).ok()?,
        pass_mark: u8::try_from(pass_mark.ok()?.unwrap_or(0)).ok()?,
        attempts: u32::try_from(attempts.ok()?.unwrap_or(DEFAULT_ATTEMPTS)).ok()?,
        language: language.ok()?,
        reading_age: reading_age.ok()?.map(u32::try_from).transpose().ok()?,
    })
}

fn read_language(
    reader: &TableReader<'_, '_>,
    diags: &mut FileDiagnostics<'_>,
) -> Result<String, Invalid> {
    let Some(language) = reader.optional_string("language", "language = \"en\"", diags)? else {
        return Ok(DEFAULT_LANGUAGE.to_owned());
    };
    if is_language_tag(&language) {
        return Ok(language);
    }
    diags.error(
        reader.value_offset("language").unwrap_or(0),
        format!(
            "`language` \"{language}\" is not a BCP 47 language tag: use one like \"en\", \"cy\" or \"pt-BR\""
        ),
    );
    Err(Invalid)
}

/// A well-formed BCP 47 tag, checked loosely: a language subtag of 2 or 3
/// letters (longer ones are reserved and unused), then subtags of 1 to 8
/// letters or digits, joined by `-`.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let Some(language) = subtags.next() else {
        return false;
    };
    let language_ok =
        matches!(language.len(), 2 | 3) && language.bytes().all(|b| b.is_ascii_alphabetic());
    language_ok
        && subtags.all(|subtag| {
            (1..=8).contains(&subtag.len()) && subtag.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key_of_the_format_example() {
        let source = r#"title = "Thinking about victims"
summary = "What happens to people after a crime, and how to make better choices."
offences = ["theft", "criminal-damage"]   # tags used to filter and report
minutes = 45                              # estimated time to complete
pass_mark = 70                            # percent of quiz questions right first time; 0 = none
attempts = 3                              # quiz attempts allowed (default 3)
language = "en"                           # BCP 47 tag (default "en")
reading_age = 9                           # optional target; the checker warns above it
"#;
        let (meta, diagnostics) = parse_course_toml("course.toml", source);
        assert_eq!(diagnostics, vec![]);
        assert_eq!(
            meta,
            Some(CourseMeta {
                title: "Thinking about victims".into(),
                summary: "What happens to people after a crime, and how to make better choices."
                    .into(),
                offences: vec!["theft".into(), "criminal-damage".into()],
                minutes: 45,
                pass_mark: 70,
                attempts: 3,
                language: "en".into(),
                reading_age: Some(9),
            })
        );
    }

    #[test]
    fn fills_in_defaults() {
        let (meta, _) = parse_course_toml("c", "title = \"T\"\nsummary = \"S\"\nminutes = 1\n");
        let meta = meta.unwrap();
        assert_eq!(
            (meta.pass_mark, meta.attempts, meta.language.as_str()),
            (0, 3, "en")
        );
        assert_eq!((meta.offences.len(), meta.reading_age), (0, None));
    }

    #[test]
    fn reports_all_problems_at_once() {
        let (meta, diagnostics) = parse_course_toml(
            "c",
            "title = 3\nminutes = 0\npass_mark = -1\nreading_age = 1.5\noffences = \"theft\"\nlanguage = \"\"\n",
        );
        assert_eq!(meta, None);
        let mut lines: Vec<usize> = diagnostics.iter().map(|d| d.line).collect();
        lines.sort();
        // summary is missing (reported at 1:1), and each line has an error.
        assert_eq!(lines, vec![1, 1, 2, 3, 4, 5, 6], "{diagnostics:#?}");
    }

    #[test]
    fn accepts_language_tags_and_rejects_names() {
        for tag in ["en", "cy", "pt-BR", "zh-Hant-HK", "en-GB-oxendict"] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for tag in ["English", "e", "en_GB", "en-", "-en", "en-toolongsubtag"] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }
}
