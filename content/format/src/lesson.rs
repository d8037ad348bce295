//! One lesson file: front matter, title, prose and interactive blocks.

use std::collections::BTreeSet;

use pulldown_cmark::{Event, HeadingLevel, Tag};

use crate::blocks::{FencedBlock, parse_block};
use crate::course::{Lesson, LessonPart};
use crate::diagnostics::{Diagnostic, FileDiagnostics};
use crate::front_matter::read_front_matter;
use crate::lesson_name::{parse_lesson_name, slug_warning};
use crate::markdown::{SourceEvent, SourceMap, parse_markdown, plain_text, top_level};
use crate::readability::{LONG_SENTENCE_WORDS, ProseCounter, Readability};
use crate::render::{RenderContext, Rendered, render};

/// The URL prefix under which the server serves a course's `media/` folder:
/// `/courses/<id>/media/`. Lesson HTML links `media/x.png` as
/// `/courses/<id>/media/x.png`.
pub fn media_base_url(course_id: &str) -> String {
    format!("/courses/{course_id}/media/")
}

/// What parsing a lesson needs to know about its course.
#[derive(Clone, Copy, Debug)]
pub struct LessonContext<'a> {
    /// Replaces `media/` in links and images; see [`media_base_url`].
    pub media_base_url: &'a str,
    /// Every file of the course, relative to its folder, with `/`
    /// (`media/a.png`), so that links to missing files are caught.
    pub course_files: &'a BTreeSet<String>,
    /// The course's `reading_age`: lessons above it get a warning.
    pub reading_age_target: Option<u32>,
}

/// The result of parsing one lesson file.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedLesson {
    /// The lesson, rendered as well as it could be (for previews); `None`
    /// without a title or a valid file name. Never serve it if
    /// `diagnostics` has an error.
    pub lesson: Option<Lesson>,
    pub diagnostics: Vec<Diagnostic>,
    pub readability: Readability,
    /// How many quiz, reflect and scale blocks the lesson has.
    pub(crate) blocks: usize,
    /// Block ids with their line and column, for course-wide uniqueness.
    pub(crate) block_ids: Vec<(String, usize, usize)>,
    /// The `media/` files the lesson uses.
    pub(crate) media: BTreeSet<String>,
}

/// Parses, checks and renders one lesson. `path` is the file's path for
/// diagnostics, ending in its file name (`courses/x/01-intro.md`), which
/// gives the lesson's number and slug.
pub fn parse_lesson(path: &str, source: &str, ctx: &LessonContext<'_>) -> ParsedLesson {
    let mut diags = FileDiagnostics::new(path, source);
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let name = match parse_lesson_name(file_name) {
        Ok(name) => {
            if let Some(warning) = slug_warning(&name) {
                diags.warning(0, warning);
            }
            Some(name)
        }
        Err(message) => {
            diags.error(0, message);
            None
        }
    };
    if source.trim().is_empty() {
        diags.error(0, "lesson is empty: give it a # Title and some text");
        return ParsedLesson {
            lesson: None,
            diagnostics: diags.into_vec(),
            readability: Readability::default(),
            blocks: 0,
            block_ids: Vec::new(),
            media: BTreeSet::new(),
        };
    }
    let mut body = Body::parse(source, ctx, &mut diags);
    let title = body.title.take();
    let (readability, long_sentences) = body.prose.finish();
    for sentence in long_sentences {
        diags.warning(
            sentence.at,
            format!(
                "sentence has {} words, more than {LONG_SENTENCE_WORDS}: split it into shorter sentences",
                sentence.words
            ),
        );
    }
    warn_above_reading_age(&readability, ctx.reading_age_target, &mut diags);
    if body.parts.is_empty() {
        diags.warning(
            0,
            "lesson has nothing after its title: add some text or an interactive block",
        );
    }
    let block_ids = body
        .block_ids
        .iter()
        .map(|(id, at)| {
            let (line, col) = diags.position(*at);
            (id.clone(), line, col)
        })
        .collect();
    let lesson = match (name, title) {
        (Some(name), Some(title)) => Some(Lesson {
            number: name.number,
            slug: name.slug.to_owned(),
            title,
            parts: body.parts,
        }),
        _ => None,
    };
    ParsedLesson {
        lesson,
        diagnostics: diags.into_vec(),
        readability,
        blocks: body.blocks,
        block_ids,
        media: body.media,
    }
}

fn warn_above_reading_age(
    readability: &Readability,
    target: Option<u32>,
    diags: &mut FileDiagnostics<'_>,
) {
    let (Some(target), Some(grade), Some(age)) =
        (target, readability.grade_level(), readability.reading_age())
    else {
        return;
    };
    if age.round() > f64::from(target) {
        diags.warning(
            0,
            format!(
                "reading age is {age:.0} (Flesch–Kincaid grade {grade:.1} + 5), above the course's reading_age of {target}: \
                 use shorter sentences and everyday words"
            ),
        );
    }
}

/// The lesson body, split into parts.
struct Body {
    title: Option<String>,
    parts: Vec<LessonPart>,
    prose: ProseCounter,
    blocks: usize,
    block_ids: Vec<(String, usize)>,
    media: BTreeSet<String>,
}

impl Body {
    fn parse(source: &str, ctx: &LessonContext<'_>, diags: &mut FileDiagnostics<'_>) -> Self {
        let front = read_front_matter(source, diags);
        let body_text = source.get(front.body_at..).unwrap_or("");
        let events = parse_markdown(body_text, &SourceMap::starting_at(front.body_at));
        let elements = top_level(&events);
        // The title is the front matter's, or else the first `# ` heading,
        // which then becomes the page's <h1> instead of part of the body.
        let title_element = match front.title {
            Some(_) => None,
            None => elements.iter().position(|element| {
                matches!(
                    events[element.start].0,
                    Event::Start(Tag::Heading {
                        level: HeadingLevel::H1,
                        ..
                    })
                )
            }),
        };
        let title_is_explained = front.is_broken || title_element.is_some();
        let mut body = Body {
            title: front.title.map(|(title, _)| title),
            parts: Vec::new(),
            prose: ProseCounter::default(),
            blocks: 0,
            block_ids: Vec::new(),
            media: BTreeSet::new(),
        };
        let render_ctx = RenderContext {
            media_base_url: ctx.media_base_url,
            course_files: ctx.course_files,
            top_heading: top_heading(&events, title_element.map(|i| elements[i].clone())),
        };
        let mut prose_start = None;
        for (index, element) in elements.iter().enumerate() {
            let element_events = &events[element.clone()];
            if Some(index) == title_element {
                body.flush_prose(&events, &mut prose_start, element.start, &render_ctx, diags);
                body.title_heading(element_events, &render_ctx, diags);
            } else if let Some(block) = FencedBlock::from_element(source, element_events) {
                body.flush_prose(&events, &mut prose_start, element.start, &render_ctx, diags);
                let parsed = parse_block(&block, &render_ctx, diags, &mut body.prose);
                body.blocks += usize::from(parsed.is_interactive);
                body.block_ids.extend(parsed.id);
                body.media.extend(parsed.media);
                body.parts.extend(parsed.part);
            } else {
                prose_start.get_or_insert(element.start);
            }
        }
        body.flush_prose(&events, &mut prose_start, events.len(), &render_ctx, diags);
        // An empty title heading or broken front matter has been reported.
        if body.title.is_none() && !title_is_explained {
            diags.error(
                0,
                "lesson has no title: start it with a # Title heading, or put title = \"...\" \
                 in front matter between +++ lines at the top",
            );
        }
        body
    }

    /// Renders the prose from `start` (if any) up to `end` into a part.
    fn flush_prose(
        &mut self,
        events: &[SourceEvent<'_>],
        start: &mut Option<usize>,
        end: usize,
        ctx: &RenderContext<'_>,
        diags: &mut FileDiagnostics<'_>,
    ) {
        let Some(start) = start.take() else {
            return;
        };
        let prose = &events[start..end];
        self.prose.add(prose);
        let Rendered { html, media } = render(prose, ctx, diags);
        self.media.extend(media);
        if !html.trim().is_empty() {
            self.parts.push(LessonPart::Html(html));
        }
    }

    /// Takes the title from a `# ` heading, still checking what is in it.
    fn title_heading(
        &mut self,
        heading: &[SourceEvent<'_>],
        ctx: &RenderContext<'_>,
        diags: &mut FileDiagnostics<'_>,
    ) {
        self.prose.add(heading);
        // Only the checks matter: the title is plain text.
        let Rendered { media, .. } = render(heading, ctx, diags);
        self.media.extend(media);
        let title = plain_text(heading);
        if title.is_empty() {
            let at = heading.first().map_or(0, |(_, range)| range.start);
            diags.error(at, "the # heading is empty: write the lesson title after #");
        } else {
            self.title = Some(title);
        }
    }
}

/// The biggest heading level in the body, not counting the title heading;
/// it will become `<h2>`.
fn top_heading(events: &[SourceEvent<'_>], title: Option<std::ops::Range<usize>>) -> HeadingLevel {
    events
        .iter()
        .enumerate()
        .filter(|(index, _)| title.as_ref().is_none_or(|title| !title.contains(index)))
        .filter_map(|(_, (event, _))| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(HeadingLevel::H1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> ParsedLesson {
        let files = BTreeSet::from(["media/a.png".to_owned()]);
        let ctx = LessonContext {
            media_base_url: "/courses/c/media/",
            course_files: &files,
            reading_age_target: None,
        };
        parse_lesson("courses/c/02-next-time.md", source, &ctx)
    }

    #[test]
    fn takes_the_title_from_the_first_h1_and_leaves_it_out_of_the_body() {
        let parsed = parse("Intro text.\r\n\r\n# Next time\r\n\r\n## Plan\r\n");
        assert_eq!(parsed.diagnostics, vec![]);
        let lesson = parsed.lesson.unwrap();
        assert_eq!(
            (lesson.number, lesson.slug.as_str(), lesson.title.as_str()),
            (2, "next-time", "Next time")
        );
        assert_eq!(
            lesson.parts,
            [
                LessonPart::Html("<p>Intro text.</p>\n".into()),
                LessonPart::Html("<h2>Plan</h2>\n".into())
            ]
        );
    }

    #[test]
    fn prefers_the_front_matter_title_and_keeps_h1_headings() {
        let lesson = parse("+++\ntitle = \"Plan *it*\"\n+++\n# Next time\n")
            .lesson
            .unwrap();
        assert_eq!(lesson.title, "Plan *it*");
        assert_eq!(
            lesson.parts,
            [LessonPart::Html("<h2>Next time</h2>\n".into())]
        );
    }

    #[test]
    fn splits_prose_around_blocks_and_records_ids_and_media() {
        let parsed = parse(
            "# T\n\n![A](media/a.png)\n\n```reflect id=why\nWhy?\n```\n\nAfter.\n\n```reflect id=how\nHow?\n```\n",
        );
        assert_eq!(parsed.diagnostics, vec![]);
        let kinds: Vec<Option<&str>> = parsed
            .lesson
            .as_ref()
            .unwrap()
            .parts
            .iter()
            .map(LessonPart::block_id)
            .collect();
        assert_eq!(kinds, [None, Some("why"), None, Some("how")]);
        assert_eq!(
            parsed.block_ids,
            [("why".to_owned(), 5, 15), ("how".to_owned(), 11, 15)]
        );
        assert_eq!(parsed.blocks, 2);
        assert_eq!(parsed.media, BTreeSet::from(["media/a.png".to_owned()]));
    }

    #[test]
    fn counts_block_prompts_as_prose() {
        let parsed = parse("# T\n\n```reflect id=r\nWhat will you do next time?\n```\n");
        assert_eq!(parsed.readability.words, 7);
        assert_eq!(parsed.readability.sentences, 2);
    }

    #[test]
    fn warns_about_a_lesson_with_only_a_title() {
        let printed: Vec<String> = parse("# Only a title\n")
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            printed,
            [
                "courses/c/02-next-time.md:1:1: warning: lesson has nothing after its title: add some text or an interactive block"
            ]
        );
    }

    #[test]
    fn gives_media_urls_under_the_course() {
        assert_eq!(media_base_url("anger"), "/courses/anger/media/");
    }
}
