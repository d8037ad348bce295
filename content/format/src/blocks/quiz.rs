//! Quiz blocks: a question, a task list of options, an optional explanation.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::BlockParser;
use crate::course::{Quiz, QuizOption};
use crate::markdown::{SourceEvent, end_of, plain_text, top_level};

impl BlockParser<'_, '_, '_> {
    /// A quiz: the question is everything before the first list, the list is
    /// the options, and an optional blockquote after it is the explanation.
    pub(super) fn quiz(
        &mut self,
        id: Option<String>,
        label: &str,
        events: &[SourceEvent<'_>],
    ) -> Option<Quiz> {
        let elements = top_level(events);
        let list_index = elements
            .iter()
            .position(|element| matches!(events[element.start].0, Event::Start(Tag::List(_))));
        let question = &elements[..list_index.unwrap_or(elements.len())];
        let question_html = match (question.first(), question.last()) {
            (Some(first), Some(last)) => Some(self.render(&events[first.start..last.end])),
            _ => {
                self.diags.error(
                    self.block.fence_at,
                    format!("{label} has no question: write the question above the options"),
                );
                None
            }
        };
        let Some(list_index) = list_index else {
            self.diags.error(
                self.block.fence_at,
                format!(
                    "{label} has no options: add a task list under the question, like - [x] a right answer and - [ ] a wrong one"
                ),
            );
            return None;
        };
        let options = self.options(label, &events[elements[list_index].clone()]);
        let explanation_html = self.explanation(events, &elements[list_index + 1..]);
        Some(Quiz {
            id: id?,
            question_html: question_html?,
            options: options?,
            explanation_html,
        })
    }

    fn options(&mut self, label: &str, list: &[SourceEvent<'_>]) -> Option<Vec<QuizOption>> {
        let list_at = list
            .first()
            .map_or(self.block.fence_at, |(_, range)| range.start);
        let inner = list.get(1..list.len().saturating_sub(1)).unwrap_or(&[]);
        let mut options = Vec::new();
        let mut all_good = true;
        for item in top_level(inner) {
            let item_at = inner[item.start].1.start;
            let item_inner = inner
                .get(item.start + 1..item.end.saturating_sub(1))
                .unwrap_or(&[]);
            match self.option(item_at, item_inner) {
                Some(option) => options.push(option),
                None => all_good = false,
            }
        }
        if options.len() + usize::from(!all_good) < 2 {
            self.diags.error(
                list_at,
                format!("{label} has only one option: add at least two"),
            );
            return None;
        }
        if all_good && !options.iter().any(|option| option.correct) {
            self.diags.error(
                list_at,
                format!("{label} has no right option: mark at least one option with [x]"),
            );
            return None;
        }
        all_good.then_some(options)
    }

    /// One option: a task list item holding one paragraph of inline text.
    fn option(&mut self, at: usize, item: &[SourceEvent<'_>]) -> Option<QuizOption> {
        let (correct, content) = match item {
            [(Event::TaskListMarker(correct), _), rest @ ..] => (*correct, rest),
            // In a loose list the marker sits inside the item's paragraph,
            // which must then be all the item holds.
            [
                (Event::Start(Tag::Paragraph), _),
                (Event::TaskListMarker(correct), _),
                ..,
            ] if end_of(item, 0) == item.len() => (*correct, &item[2..item.len() - 1]),
            [
                (Event::Start(Tag::Paragraph), _),
                (Event::TaskListMarker(_), _),
                ..,
            ] => {
                self.diags.error(at, ONE_LINE_OPTION);
                return None;
            }
            _ => {
                self.diags.error(
                    at,
                    "quiz option is not a task list item: start it with [ ] for a wrong option or [x] for a right one",
                );
                return None;
            }
        };
        let has_blocks = content.iter().any(|(event, _)| {
            matches!(
                event,
                Event::Start(
                    Tag::Paragraph
                        | Tag::List(_)
                        | Tag::BlockQuote(_)
                        | Tag::CodeBlock(_)
                        | Tag::Heading { .. }
                        | Tag::Table(_)
                        | Tag::HtmlBlock
                ) | Event::Rule
            )
        });
        if has_blocks {
            self.diags.error(at, ONE_LINE_OPTION);
            return None;
        }
        if plain_text(content).is_empty() {
            self.diags.error(
                at,
                "quiz option has no text: write the option after [ ] or [x]",
            );
            return None;
        }
        let html = self.render(content).trim_end().to_owned();
        Some(QuizOption { html, correct })
    }

    /// The optional blockquote after the options; anything else there is an
    /// error. `None` inside means no explanation.
    fn explanation(
        &mut self,
        events: &[SourceEvent<'_>],
        after_list: &[Range<usize>],
    ) -> Option<String> {
        let mut explanation = None;
        for (index, element) in after_list.iter().enumerate() {
            let (event, range) = &events[element.start];
            match event {
                Event::Start(Tag::BlockQuote(_)) if index == 0 => {
                    let inner = events
                        .get(element.start + 1..element.end.saturating_sub(1))
                        .unwrap_or(&[]);
                    explanation = Some(self.render(inner));
                }
                Event::Start(Tag::List(_)) => self.diags.error(
                    range.start,
                    "quiz options must be one list: use the same marker (like -) for every option, \
                     with nothing between them",
                ),
                _ => self.diags.error(
                    range.start,
                    "a quiz ends with its options and one optional > explanation: \
                     move this into the question or the explanation",
                ),
            }
        }
        explanation
    }
}

const ONE_LINE_OPTION: &str = "quiz option has more than one paragraph, or a nested list: \
     keep each option to one short line";

#[cfg(test)]
mod tests {
    use crate::blocks::tests::block;
    use crate::course::LessonPart;

    #[test]
    fn reads_a_quiz_from_a_loose_list_with_inline_markup() {
        let (parsed, diagnostics) = block(
            "```quiz id=q\nWho *can* be hurt?\n\n- [x] The **staff**\n\n- [X] Customers\n\n- [ ] Nobody\n```\n",
        );
        assert_eq!(diagnostics, vec![]);
        let Some(LessonPart::Quiz(quiz)) = parsed.part else {
            panic!("not a quiz: {:?}", parsed.part);
        };
        assert_eq!(quiz.question_html, "<p>Who <em>can</em> be hurt?</p>\n");
        let options: Vec<(&str, bool)> = quiz
            .options
            .iter()
            .map(|o| (o.html.as_str(), o.correct))
            .collect();
        assert_eq!(
            options,
            [
                ("The <strong>staff</strong>", true),
                ("Customers", true),
                ("Nobody", false)
            ]
        );
        assert_eq!(quiz.explanation_html, None);
        assert_eq!(parsed.id, Some(("q".to_owned(), 11)));
    }
}
