//! Interactive blocks: fenced blocks whose info string starts with `quiz`,
//! `reflect` or `scale`.
//!
//! Every fenced block at the top level of a lesson must be one of these:
//! lessons have no code blocks, so an unknown kind (`quizz`, `Quiz`, a bare
//! fence) is an error rather than a silently shown code sample.

use pulldown_cmark::CodeBlockKind;

use crate::course::LessonPart;
use crate::diagnostics::FileDiagnostics;
use crate::info_string::{Attribute, parse_info_string};
use crate::markdown::{SourceEvent, parse_markdown};
use crate::names::{did_you_mean, is_valid_id, suggest_id};
use crate::readability::ProseCounter;
use crate::render::{RenderContext, render};

mod fence;
mod quiz;
mod reflect;
mod scale;

pub(crate) use fence::FencedBlock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockKind {
    Quiz,
    Reflect,
    Scale,
}

const KIND_NAMES: &[&str] = &["quiz", "reflect", "scale"];

impl BlockKind {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "quiz" => Some(BlockKind::Quiz),
            "reflect" => Some(BlockKind::Reflect),
            "scale" => Some(BlockKind::Scale),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            BlockKind::Quiz => "quiz",
            BlockKind::Reflect => "reflect",
            BlockKind::Scale => "scale",
        }
    }

    fn attributes(self) -> &'static [&'static str] {
        match self {
            BlockKind::Quiz => &["id"],
            BlockKind::Reflect => &["id", "min-words"],
            BlockKind::Scale => &["id", "min", "max", "low", "high"],
        }
    }
}

/// The error for a code block that is not an interactive block at the top
/// level of a lesson.
pub(crate) fn code_block_message(kind: &CodeBlockKind<'_>) -> String {
    match kind {
        CodeBlockKind::Indented => "indented text makes a code block, which lessons do not have: \
             remove the spaces or tab at the start of these lines"
            .into(),
        CodeBlockKind::Fenced(info) => {
            let kind = info.split_whitespace().next().unwrap_or("");
            if BlockKind::from_name(kind).is_some() {
                format!(
                    "{kind} block is inside a list or quote: start its fence at the left margin, \
                     outside lists and quotes"
                )
            } else {
                unknown_kind_message(kind)
            }
        }
    }
}

fn unknown_kind_message(kind: &str) -> String {
    if kind.is_empty() {
        "fenced block has no kind, and lessons have no code blocks: start it with ```quiz, \
         ```reflect or ```scale"
            .into()
    } else {
        format!(
            "unknown block kind `{kind}`{}: interactive blocks are quiz, reflect and scale, \
             and lessons have no code blocks",
            did_you_mean(kind, KIND_NAMES)
        )
    }
}
/// What an interactive block yields.
#[derive(Debug, Default)]
pub(crate) struct ParsedBlock {
    /// Whether the kind was quiz, reflect or scale.
    pub(crate) is_interactive: bool,
    /// `None` if the block lacks something it needs (an id, a question,
    /// valid options…) or has an unknown kind. A block with other errors,
    /// like raw HTML in its question, is still rendered for previews.
    pub(crate) part: Option<LessonPart>,
    /// The block's id and its file offset, for checking uniqueness.
    pub(crate) id: Option<(String, usize)>,
    pub(crate) media: Vec<String>,
}

/// Parses and checks an interactive block, adding its prose to `prose`.
pub(crate) fn parse_block(
    block: &FencedBlock,
    ctx: &RenderContext<'_>,
    diags: &mut FileDiagnostics<'_>,
    prose: &mut ProseCounter,
) -> ParsedBlock {
    let info = parse_info_string(&block.info);
    for problem in &info.problems {
        diags.error(block.info_at + problem.at, problem.message.clone());
    }
    let Some(kind) = BlockKind::from_name(info.kind) else {
        diags.error(block.fence_at, unknown_kind_message(info.kind));
        return ParsedBlock::default();
    };
    if !block.closed {
        diags.error(
            block.fence_at,
            format!(
                "{} block is never closed, so it runs to the end of the file: add a line with {} after it",
                kind.name(),
                block.fence
            ),
        );
    }
    let mut parser = BlockParser {
        block,
        kind,
        attributes: info.attributes,
        ctx,
        diags,
        media: Vec::new(),
    };
    parser.check_attribute_names();
    let id = parser.id();
    let events = parse_markdown(&block.content, &block.map);
    prose.add(&events);
    let label = match &id {
        Some((id, _)) => format!("{} block \"{id}\"", kind.name()),
        None => format!("{} block", kind.name()),
    };
    let id_text = id.as_ref().map(|(id, _)| id.clone());
    let part = match kind {
        BlockKind::Quiz => parser.quiz(id_text, &label, &events).map(LessonPart::Quiz),
        BlockKind::Reflect => parser
            .reflect(id_text, &label, &events)
            .map(LessonPart::Reflect),
        BlockKind::Scale => parser
            .scale(id_text, &label, &events)
            .map(LessonPart::Scale),
    };
    ParsedBlock {
        is_interactive: true,
        part,
        id,
        media: parser.media,
    }
}

/// Checks and builds one block, collecting the media its content uses.
struct BlockParser<'b, 'd, 'f> {
    block: &'b FencedBlock,
    kind: BlockKind,
    attributes: Vec<Attribute<'b>>,
    ctx: &'b RenderContext<'b>,
    diags: &'d mut FileDiagnostics<'f>,
    media: Vec<String>,
}

impl BlockParser<'_, '_, '_> {
    fn check_attribute_names(&mut self) {
        let known = self.kind.attributes();
        for (index, attribute) in self.attributes.iter().enumerate() {
            let at = self.block.info_at + attribute.key_at;
            if !known.contains(&attribute.key) {
                self.diags.error(
                    at,
                    format!(
                        "attribute `{}` is not defined for {kind} blocks{}: {kind} takes {}",
                        attribute.key,
                        did_you_mean(attribute.key, known),
                        known.join(", "),
                        kind = self.kind.name(),
                    ),
                );
            } else if self.attributes[..index]
                .iter()
                .any(|a| a.key == attribute.key)
            {
                self.diags.error(
                    at,
                    format!(
                        "attribute `{}` is given twice: keep only one",
                        attribute.key
                    ),
                );
            }
        }
    }

    /// The first attribute called `key`, with the file offset of its value.
    fn attribute(&self, key: &str) -> Option<(&str, usize)> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| (a.value, self.block.info_at + a.value_at))
    }

    fn id(&mut self) -> Option<(String, usize)> {
        let Some((id, at)) = self.attribute("id") else {
            self.diags.error(
                self.block.fence_at,
                format!(
                    "{kind} block has no id: add one to its first line, like {}{kind} id=who-is-affected",
                    self.block.fence,
                    kind = self.kind.name()
                ),
            );
            return None;
        };
        if !is_valid_id(id) {
            self.diags.error(
                at,
                format!(
                    "id \"{id}\" must be lowercase letters, digits and hyphens: write id={}",
                    suggest_id(id)
                ),
            );
            return None;
        }
        Some((id.to_owned(), at))
    }

    fn render(&mut self, events: &[SourceEvent<'_>]) -> String {
        let rendered = render(events, self.ctx, self.diags);
        self.media.extend(rendered.media);
        rendered.html
    }
    /// The block's content as its prompt, which must not be empty.
    fn prompt(&mut self, label: &str, events: &[SourceEvent<'_>]) -> Option<String> {
        if events.is_empty() {
            self.diags.error(
                self.block.fence_at,
                format!("{label} has no prompt: write the question inside the block"),
            );
            return None;
        }
        Some(self.render(events))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::BTreeSet;

    use pulldown_cmark::HeadingLevel;

    use super::*;
    use crate::diagnostics::Diagnostic;
    use crate::markdown::{SourceMap, top_level};

    /// Parses the first top-level element of `source` as a block.
    pub(super) fn block(source: &str) -> (ParsedBlock, Vec<Diagnostic>) {
        let files: BTreeSet<String> = ["media/a.png".to_owned()].into();
        let ctx = RenderContext {
            media_base_url: "/m/",
            course_files: &files,
            top_heading: HeadingLevel::H1,
        };
        let mut diags = FileDiagnostics::new("l.md", source);
        let events = parse_markdown(source, &SourceMap::starting_at(0));
        let element = top_level(&events).remove(0);
        let fenced = FencedBlock::from_element(source, &events[element]).unwrap();
        let parsed = parse_block(&fenced, &ctx, &mut diags, &mut ProseCounter::default());
        (parsed, diags.into_vec())
    }

    #[test]
    fn still_renders_a_complete_block_whose_content_has_errors() {
        let (parsed, diagnostics) = block("```reflect id=r\nWhy <b>now</b>?\n```\n");
        assert_eq!(diagnostics.len(), 2);
        let Some(LessonPart::Reflect(reflect)) = parsed.part else {
            panic!("not a reflect: {:?}", parsed.part);
        };
        assert_eq!(reflect.prompt_html, "<p>Why &lt;b&gt;now&lt;/b&gt;?</p>\n");
        assert_eq!(reflect.min_words, 1);
    }

    #[test]
    fn points_at_attribute_problems_within_the_fence_line() {
        let (parsed, diagnostics) = block("  ```scale id=s min=1 max=x\n  How?\n  ```\n");
        assert_eq!(parsed.part, None);
        let printed: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            printed,
            ["l.md:1:27: error: `max` must be a whole number, like max=10, not `x`"]
        );
    }

    #[test]
    fn explains_code_blocks_by_where_they_are() {
        assert!(code_block_message(&CodeBlockKind::Indented).starts_with("indented text"));
        assert!(
            code_block_message(&CodeBlockKind::Fenced("quiz id=a".into()))
                .contains("inside a list or quote")
        );
        assert!(
            code_block_message(&CodeBlockKind::Fenced("".into()))
                .starts_with("fenced block has no kind")
        );
        assert!(
            code_block_message(&CodeBlockKind::Fenced("Quiz".into()))
                .contains("(did you mean `quiz`?)")
        );
    }
}
