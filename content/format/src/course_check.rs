//! Checking one course folder: its files, course.toml, lessons, and the
//! rules that span lessons.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::course::{Course, LessonPart};
use crate::course_meta::{CourseMeta, parse_course_toml};
use crate::diagnostics::{Diagnostic, LineIndex, Severity};
use crate::lesson::{LessonContext, ParsedLesson, media_base_url, parse_lesson};
use crate::lesson_name::parse_lesson_name;
use crate::names::{is_valid_id, suggest_id};
use crate::report::LessonReadingAge;
use crate::text_file::decode_text;
use crate::version::VersionHasher;
use crate::walk::{FoundFile, list_files};

/// What checking one course folder found.
pub(crate) struct CheckedCourse {
    pub(crate) course: Option<Course>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) reading_ages: Vec<LessonReadingAge>,
    pub(crate) lessons: usize,
    pub(crate) blocks: usize,
}

/// The files of a course folder, sorted into their roles.
#[derive(Default)]
struct CourseFiles {
    all: BTreeSet<String>,
    course_toml: Option<String>,
    /// Lesson files found, readable or not.
    lesson_files: usize,
    /// Lesson file names with their text.
    lessons: Vec<(String, String)>,
    media: Vec<String>,
}

/// Checks the course folder `course_dir`, whose name is `id`.
pub(crate) fn check_course(course_dir: &Path, id: &str) -> CheckedCourse {
    let shown_as = format!("courses/{id}");
    let mut diagnostics = Vec::new();
    if !is_valid_id(id) {
        diagnostics.push(Diagnostic::whole_file(
            &shown_as,
            Severity::Error,
            format!(
                "course id `{id}` must be lowercase letters, digits and hyphens: rename the folder to {}",
                suggest_id(id)
            ),
        ));
    }
    let found = list_files(course_dir, &shown_as, &mut diagnostics);
    let (files, version) = read_course_files(&found, &shown_as, &mut diagnostics);
    let meta = match &files.course_toml {
        Some(text) => {
            let (meta, found) = parse_course_toml(&format!("{shown_as}/course.toml"), text);
            diagnostics.extend(found);
            meta
        }
        None => {
            if !found.iter().any(|file| file.path == "course.toml") {
                diagnostics.push(Diagnostic::whole_file(
                    &shown_as,
                    Severity::Error,
                    "course folder has no course.toml: add one with title, summary and minutes",
                ));
            }
            None
        }
    };
    let media_url = media_base_url(id);
    let ctx = LessonContext {
        media_base_url: &media_url,
        course_files: &files.all,
        reading_age_target: meta.as_ref().and_then(|meta| meta.reading_age),
    };
    let parsed = parse_lessons(&files.lessons, &shown_as, &ctx, &mut diagnostics);
    check_course_wide(&files, &parsed, meta.as_ref(), &shown_as, &mut diagnostics);
    let reading_ages = parsed
        .iter()
        .map(|(file_name, lesson)| LessonReadingAge {
            course: id.to_owned(),
            lesson: file_name.trim_end_matches(".md").to_owned(),
            readability: lesson.readability,
        })
        .collect();
    let blocks = parsed.iter().map(|(_, lesson)| lesson.blocks).sum();
    let lessons = files.lesson_files;
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let course = match (meta, has_errors) {
        (Some(meta), false) => Some(Course::new(
            id.to_owned(),
            meta,
            version,
            parsed
                .into_iter()
                .filter_map(|(_, lesson)| lesson.lesson)
                .collect(),
        )),
        _ => None,
    };
    CheckedCourse {
        course,
        diagnostics,
        reading_ages,
        lessons,
        blocks,
    }
}

/// Reads every file once: to hash it, and to keep the text of course.toml
/// and the lessons. Files that are neither, nor under media/, are reported.
fn read_course_files(
    found: &[FoundFile],
    shown_as: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (CourseFiles, String) {
    let mut files = CourseFiles::default();
    let mut version = VersionHasher::default();
    for file in found {
        let shown = format!("{shown_as}/{}", file.path);
        files.all.insert(file.path.clone());
        let bytes = match fs::read(&file.full_path) {
            Ok(bytes) => bytes,
            Err(error) => {
                diagnostics.push(Diagnostic::whole_file(
                    &shown,
                    Severity::Error,
                    format!("cannot read this file: {error}"),
                ));
                continue;
            }
        };
        version.add(&file.path, &bytes);
        let is_lesson = file.path.ends_with(".md") && !file.path.contains('/');
        files.lesson_files += usize::from(is_lesson);
        if file.path == "course.toml" || is_lesson {
            match decode_text(&shown, &bytes) {
                Ok(text) if is_lesson => files.lessons.push((file.path.clone(), text.to_owned())),
                Ok(text) => files.course_toml = Some(text.to_owned()),
                Err(problem) => diagnostics.push(problem),
            }
        } else if file.path.starts_with("media/") {
            files.media.push(file.path.clone());
        } else {
            diagnostics.push(Diagnostic::whole_file(
                &shown,
                Severity::Warning,
                "is not part of the course, so it is ignored: a course folder holds course.toml, \
                 lessons named like 01-intro.md, and files under media/",
            ));
        }
    }
    (files, version.finish())
}

/// Parses the lessons in number order, reporting numbers used twice.
fn parse_lessons(
    lessons: &[(String, String)],
    shown_as: &str,
    ctx: &LessonContext<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, ParsedLesson)> {
    let mut ordered: Vec<(Option<u32>, &String, &String)> = lessons
        .iter()
        .map(|(name, text)| (parse_lesson_name(name).ok().map(|n| n.number), name, text))
        .collect();
    ordered.sort();
    let mut first_with_number: BTreeMap<u32, &str> = BTreeMap::new();
    let mut parsed = Vec::with_capacity(ordered.len());
    for (number, name, text) in ordered {
        let path = format!("{shown_as}/{name}");
        if let Some(number) = number {
            if let Some(first) = first_with_number.get(&number) {
                diagnostics.push(Diagnostic::whole_file(
                    &path,
                    Severity::Error,
                    format!(
                        "lesson number {number} is also used by {first}: give each lesson its own number"
                    ),
                ));
            } else {
                first_with_number.insert(number, name);
            }
        }
        let lesson = parse_lesson(&path, text, ctx);
        diagnostics.extend(lesson.diagnostics.iter().cloned());
        parsed.push((name.clone(), lesson));
    }
    parsed
}

/// Rules about the course as a whole: it has lessons, block ids are unique,
/// media are used, a pass mark has quizzes to count.
fn check_course_wide(
    files: &CourseFiles,
    parsed: &[(String, ParsedLesson)],
    meta: Option<&CourseMeta>,
    shown_as: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if files.lesson_files == 0 {
        diagnostics.push(Diagnostic::whole_file(
            shown_as,
            Severity::Error,
            "course has no lessons: add a lesson file like 01-introduction.md",
        ));
    }
    let mut first_use: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (file_name, lesson) in parsed {
        for (id, line, col) in &lesson.block_ids {
            match first_use.get(id.as_str()) {
                Some((first_file, first_line)) => diagnostics.push(Diagnostic {
                    path: format!("{shown_as}/{file_name}"),
                    line: *line,
                    col: *col,
                    severity: Severity::Error,
                    message: format!(
                        "block id \"{id}\" is already used in {first_file} line {first_line}: \
                         give each block its own id"
                    ),
                }),
                None => {
                    first_use.insert(id, (file_name, *line));
                }
            }
        }
    }
    let used: BTreeSet<&String> = parsed
        .iter()
        .flat_map(|(_, lesson)| &lesson.media)
        .collect();
    for media in &files.media {
        if !used.contains(media) {
            diagnostics.push(Diagnostic::whole_file(
                &format!("{shown_as}/{media}"),
                Severity::Warning,
                "is not used by any lesson: link to it or delete it",
            ));
        }
    }
    let has_quiz = parsed.iter().any(|(_, lesson)| {
        lesson.lesson.as_ref().is_some_and(|lesson| {
            lesson
                .parts
                .iter()
                .any(|part| matches!(part, LessonPart::Quiz(_)))
        })
    });
    if let (Some(meta), Some(text)) = (meta, &files.course_toml)
        && meta.pass_mark > 0
        && !has_quiz
    {
        let (line, col) = key_position(text, "pass_mark");
        diagnostics.push(Diagnostic {
            path: format!("{shown_as}/course.toml"),
            line,
            col,
            severity: Severity::Warning,
            message: format!(
                "pass_mark is {} but the course has no quiz blocks to score: add quizzes or set pass_mark = 0",
                meta.pass_mark
            ),
        });
    }
}

/// The line and column of the line that sets `key` in TOML text, or 1:1.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with(key) {
            return LineIndex::new(text).position(offset + line.len() - line.trim_start().len());
        }
        offset += line.len();
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_that_sets_a_key() {
        assert_eq!(
            key_position("title = \"x\"\n  pass_mark = 70\n", "pass_mark"),
            (2, 3)
        );
        assert_eq!(key_position("title = \"x\"\n", "pass_mark"), (1, 1));
    }
}
