//! Lesson file names: `NN-slug.md`, where the number orders the lessons.

use crate::names::{is_valid_id, suggest_id};

/// The parts of a lesson file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LessonName<'a> {
    pub(crate) number: u32,
    pub(crate) slug: &'a str,
}

/// Splits `NN-slug.md`; the error is a message saying how to fix the name.
pub(crate) fn parse_lesson_name(file_name: &str) -> Result<LessonName<'_>, String> {
    let stem = file_name.strip_suffix(".md").unwrap_or(file_name);
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    let (number, rest) = stem.split_at(digits);
    if digits == 0 {
        return Err(format!(
            "lesson file `{file_name}` has no number prefix: name it like 01-{}.md; the number sets its place in the course",
            suggested_slug(stem)
        ));
    }
    let slug = match rest.strip_prefix('-') {
        Some(slug) if !slug.is_empty() => slug,
        _ if rest.trim_start_matches(['-', '_', ' ', '.']).is_empty() => {
            return Err(format!(
                "lesson file `{file_name}` has no slug after its number: name it like {number}-introduction.md"
            ));
        }
        _ => {
            return Err(format!(
                "lesson file `{file_name}` needs a hyphen after its number: name it like {number}-{}.md",
                suggested_slug(rest)
            ));
        }
    };
    let number = number.parse().map_err(|_| {
        format!("lesson number {number} in `{file_name}` is too big: use a number like 01")
    })?;
    Ok(LessonName { number, slug })
}

/// A warning message if the slug would make an awkward web address.
pub(crate) fn slug_warning(name: &LessonName<'_>) -> Option<String> {
    (!is_valid_id(name.slug)).then(|| {
        format!(
            "lesson slug `{}` has characters other than lowercase letters, digits and hyphens: \
             rename the file to something like {:02}-{}.md",
            name.slug,
            name.number,
            suggested_slug(name.slug)
        )
    })
}

/// A slug suggestion from a file stem, without its number.
fn suggested_slug(stem: &str) -> String {
    suggest_id(stem.trim_start_matches(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_number_and_slug() {
        assert_eq!(
            parse_lesson_name("01-who-is-affected.md"),
            Ok(LessonName {
                number: 1,
                slug: "who-is-affected"
            })
        );
        assert_eq!(parse_lesson_name("120-x.md").map(|n| n.number), Ok(120));
    }

    #[test]
    fn rejects_names_without_a_number_prefix() {
        assert_eq!(
            parse_lesson_name("Intro Page.md"),
            Err("lesson file `Intro Page.md` has no number prefix: name it like 01-intro-page.md; the number sets its place in the course".into())
        );
        assert_eq!(
            parse_lesson_name("01_intro.md"),
            Err("lesson file `01_intro.md` needs a hyphen after its number: name it like 01-intro.md".into())
        );
        assert!(parse_lesson_name("-intro.md").is_err());
    }

    #[test]
    fn rejects_a_missing_slug_or_a_huge_number() {
        assert!(parse_lesson_name("01-.md").unwrap_err().contains("no slug"));
        assert!(parse_lesson_name("01.md").unwrap_err().contains("no slug"));
        assert!(
            parse_lesson_name("99999999999-x.md")
                .unwrap_err()
                .contains("too big")
        );
    }

    #[test]
    fn warns_about_slugs_that_make_awkward_addresses() {
        let name = parse_lesson_name("02-Who Is.md").unwrap();
        assert_eq!(
            slug_warning(&name).as_deref(),
            Some(
                "lesson slug `Who Is` has characters other than lowercase letters, digits and hyphens: rename the file to something like 02-who-is.md"
            )
        );
        assert_eq!(slug_warning(&parse_lesson_name("02-ok.md").unwrap()), None);
    }
}
