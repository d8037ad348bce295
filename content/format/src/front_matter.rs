//! A lesson's optional front matter: TOML between `+++` lines at the very top.

use crate::diagnostics::FileDiagnostics;
use crate::toml_fields::{TableReader, parse_table};

const FRONT_MATTER_KEYS: &[&str] = &["title"];

/// What the front matter says, and where the Markdown body starts.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// The title and the file offset of its value.
    pub(crate) title: Option<(String, usize)>,
    pub(crate) body_at: usize,
    /// Whether an error in the front matter has been reported (so a missing
    /// title need not be reported as well).
    pub(crate) is_broken: bool,
}

/// Reads the front matter of `source`, reporting problems with it.
pub(crate) fn read_front_matter(source: &str, diags: &mut FileDiagnostics<'_>) -> FrontMatter {
    let mut lines = lines_with_offsets(source);
    let Some((first, _, after_first)) = lines.next() else {
        return FrontMatter::default();
    };
    match first {
        "+++" => {}
        "---" => return skip_yaml(source, lines, diags),
        _ => return FrontMatter::default(),
    }
    let Some((_, close_at, body_at)) = lines.find(|(line, _, _)| *line == "+++") else {
        diags.error(
            0,
            "front matter opened with +++ is never closed: add a +++ line after its last key",
        );
        return FrontMatter {
            is_broken: true,
            ..FrontMatter::default()
        };
    };
    let toml = &source[after_first..close_at];
    let errors_before = diags.error_count();
    let Some(table) = parse_table(toml, after_first, diags) else {
        return FrontMatter {
            title: None,
            body_at,
            is_broken: true,
        };
    };
    let reader = TableReader::new(
        &table,
        after_first,
        "the front matter",
        FRONT_MATTER_KEYS,
        diags,
    );
    let title = reader
        .optional_string("title", "title = \"Who is affected?\"", diags)
        .ok()
        .flatten()
        .map(|title| (title, reader.value_offset("title").unwrap_or(after_first)));
    FrontMatter {
        title,
        body_at,
        is_broken: diags.error_count() > errors_before,
    }
}

/// YAML front matter (`---` lines around `key: value`) is a common mistake;
/// say so, and skip it so it is not read as Markdown.
fn skip_yaml<'a>(
    source: &str,
    mut lines: impl Iterator<Item = (&'a str, usize, usize)>,
    diags: &mut FileDiagnostics<'_>,
) -> FrontMatter {
    let looks_like_yaml = lines.next().is_some_and(|(line, _, _)| {
        line.split_once(": ")
            .is_some_and(|(key, _)| !key.contains(' '))
    });
    let close = lines.find(|(line, _, _)| *line == "---");
    match close {
        Some((_, _, body_at)) if looks_like_yaml => {
            diags.error(
                0,
                "front matter must be TOML between +++ lines, like +++ then title = \"Who is affected?\" then +++; \
                 this looks like YAML between --- lines",
            );
            FrontMatter {
                title: None,
                body_at: body_at.min(source.len()),
                is_broken: true,
            }
        }
        _ => FrontMatter::default(),
    }
}

/// Each line without its ending and trailing spaces, with the offset where
/// it starts and the offset just after its ending.
fn lines_with_offsets(source: &str) -> impl Iterator<Item = (&str, usize, usize)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= source.len() {
            return None;
        }
        let start = at;
        at = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i + 1);
        Some((source[start..at].trim_end(), start, at))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(source: &str) -> (FrontMatter, Vec<String>) {
        let mut diags = FileDiagnostics::new("l.md", source);
        let front = read_front_matter(source, &mut diags);
        (
            front,
            diags.into_vec().iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn reads_the_title_and_finds_the_body() {
        let source = "+++\r\ntitle = \"Who?\"\r\n+++\r\n# Body\n";
        let (front, messages) = read(source);
        assert_eq!(messages, Vec::<String>::new());
        assert_eq!(front.title, Some(("Who?".to_owned(), 13)));
        assert_eq!(&source[front.body_at..], "# Body\n");
    }

    #[test]
    fn has_no_front_matter_without_a_first_plus_line() {
        assert_eq!(read("# Title\n+++\n").0, FrontMatter::default());
        assert_eq!(read("").0, FrontMatter::default());
    }

    #[test]
    fn rejects_unknown_keys_at_their_line() {
        let (_, messages) = read("+++\ntitle = \"x\"\nauthor = \"me\"\n+++\n");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("l.md:3:1: error: unknown key `author` in the front matter"),
            "{messages:?}"
        );
    }

    #[test]
    fn rejects_unclosed_front_matter() {
        let (front, messages) = read("+++\ntitle = \"x\"\n\nText.\n");
        assert_eq!(front.body_at, 0);
        assert_eq!(
            messages,
            vec![
                "l.md:1:1: error: front matter opened with +++ is never closed: add a +++ line after its last key"
            ]
        );
    }

    #[test]
    fn rejects_yaml_front_matter_and_skips_it() {
        let source = "---\ntitle: Who?\n---\nBody\n";
        let (front, messages) = read(source);
        assert!(front.is_broken);
        assert_eq!(&source[front.body_at..], "Body\n");
        assert_eq!(messages.len(), 1);
        assert!(messages[0].contains("must be TOML between +++ lines"));
    }

    #[test]
    fn leaves_a_thematic_break_at_the_top_alone() {
        assert_eq!(
            read("---\n\nSome text.\n\n---\n"),
            (FrontMatter::default(), vec![])
        );
    }
}
