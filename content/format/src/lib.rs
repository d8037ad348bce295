//! Reads, checks, renders and versions Reroute course files, following
//! `CONTENT-FORMAT.md` (course format version 1).
//!
//! # Use
//!
//! - [`check_content`] reads a content folder (`site.toml`, `courses/<id>/`)
//!   and returns a [`CheckedContent`]: the site, the courses without errors,
//!   every [`Diagnostic`] (`path:line:col: error: message`), per-lesson
//!   reading ages and a [`Summary`]. [`CheckedContent::report`] formats it
//!   for `reroute check-content`. If the folder itself cannot be read it
//!   returns [`UnreadableDir`] (the CLI exits 2; 1 for errors; 0 otherwise).
//! - [`parse_lesson`], [`parse_course_toml`] and [`parse_site_toml`] parse
//!   one file's text; the fuzz targets call them directly.
//! - A [`Course`] is plain serde data: the server stores it as JSON keyed by
//!   [`Course::version`] and renders pages from its [`Lesson`]s, whose prose
//!   is already safe HTML ([`LessonPart::Html`]) and whose interactive
//!   blocks are typed ([`Quiz`], [`Reflect`], [`Scale`]).
//!
//! # Rendering
//!
//! Raw HTML is an error and is written out as escaped text; only `https:`,
//! `http:`, `mailto:` and `tel:` links and files under the course's `media/`
//! are allowed. External links get `rel="noopener noreferrer"` and open in
//! the same tab. Images get `alt` and `loading="lazy"`; `.mp3`, `.ogg`,
//! `.m4a` and `.wav` "images" become `<audio controls preload="none">`.
//! `media/x` becomes [`media_base_url`]`(id)` + `x`, that is
//! `/courses/<id>/media/x`. The lesson title is the page's `<h1>`, so the
//! body's biggest heading becomes `<h2>` and the rest follow it down.
//!
//! # Readability
//!
//! [`Readability::grade_level`] is the Flesch–Kincaid grade level and
//! [`Readability::reading_age`] is that plus 5 (UK convention); sentences
//! over 25 words get a warning.

mod blocks;
mod check;
mod course;
mod course_check;
mod course_meta;
mod diagnostics;
mod front_matter;
mod info_string;
mod lesson;
mod lesson_name;
mod markdown;
mod names;
mod readability;
mod render;
mod report;
mod site;
mod text_file;
mod toml_fields;
mod urls;
mod version;
mod walk;

pub use check::{UnreadableDir, check_content};
pub use course::{Course, Lesson, LessonPart, Quiz, QuizOption, Reflect, Scale};
pub use course_meta::{CourseMeta, parse_course_toml};
pub use diagnostics::{Diagnostic, Severity};
pub use lesson::{LessonContext, ParsedLesson, media_base_url, parse_lesson};
pub use readability::Readability;
pub use report::{CheckedContent, LessonReadingAge, Summary};
pub use site::{Site, SupportLine, parse_site_toml};
