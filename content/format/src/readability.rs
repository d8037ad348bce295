//! Plain-English measures of a lesson's prose.
//!
//! Prose is the text a participant reads: paragraphs, headings, list items,
//! table cells, link text, and the questions, options, explanations and
//! prompts of interactive blocks. Code, image alt text and block attributes
//! are not prose.
//!
//! Words are runs of non-space characters that contain a letter or digit.
//! A sentence ends at the end of a paragraph, heading, list item or cell, or
//! after a word ending in `!`, `?`, `…` or `.` (but not `.` followed by a
//! lowercase word, as in "e.g. this").

use pulldown_cmark::{Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::markdown::SourceEvent;

/// Sentences with more words than this get a warning.
pub(crate) const LONG_SENTENCE_WORDS: usize = 25;

/// Word, sentence and syllable counts of some prose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Readability {
    /// The Flesch–Kincaid grade level:
    /// `0.39 × words/sentences + 11.8 × syllables/words − 15.59`.
    /// `None` when there are no words.
    pub fn grade_level(&self) -> Option<f64> {
        if self.words == 0 || self.sentences == 0 {
            return None;
        }
        let words = self.words as f64;
        let words_per_sentence = words / self.sentences as f64;
        let syllables_per_word = self.syllables as f64 / words;
        Some(0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59)
    }

    /// The reading age in years, by the UK convention of US grade + 5.
    /// Reports round it to the nearest year.
    pub fn reading_age(&self) -> Option<f64> {
        self.grade_level().map(|grade| grade + 5.0)
    }
}

/// A sentence over [`LONG_SENTENCE_WORDS`] words, at the file offset of its
/// first word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LongSentence {
    pub(crate) at: usize,
    pub(crate) words: usize,
}

/// Counts words, sentences and syllables over runs of events.
#[derive(Debug, Default)]
pub(crate) struct ProseCounter {
    counts: Readability,
    long_sentences: Vec<LongSentence>,
    word: String,
    word_at: usize,
    sentence_words: usize,
    sentence_at: usize,
    /// The sentence-ending mark after the last word, if any.
    pending_end: Option<char>,
}

impl ProseCounter {
    pub(crate) fn add(&mut self, events: &[SourceEvent<'_>]) {
        // Depth inside code blocks and images, whose text is not prose.
        let mut hidden = 0usize;
        for (event, range) in events {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::Image { .. }) => hidden += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::Image) => hidden = hidden.saturating_sub(1),
                _ if hidden > 0 => {}
                Event::Text(text) => {
                    // Text that differs from its source (an entity, an
                    // escape) is placed at the start of its range.
                    let exact = text.len() == range.len();
                    for (i, c) in text.char_indices() {
                        self.character(c, if exact { range.start + i } else { range.start });
                    }
                }
                Event::SoftBreak | Event::HardBreak => self.end_word(),
                Event::Start(tag) if is_unit(tag) => self.end_sentence(),
                Event::End(tag) if ends_unit(*tag) => self.end_sentence(),
                _ => {}
            }
        }
        self.end_sentence();
    }

    pub(crate) fn finish(mut self) -> (Readability, Vec<LongSentence>) {
        self.end_sentence();
        (self.counts, self.long_sentences)
    }

    fn character(&mut self, c: char, at: usize) {
        if c.is_whitespace() {
            self.end_word();
        } else {
            if self.word.is_empty() {
                self.word_at = at;
            }
            self.word.push(c);
        }
    }

    fn end_word(&mut self) {
        let word = std::mem::take(&mut self.word);
        if word.chars().any(char::is_alphanumeric) {
            let starts_lowercase = word
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_lowercase);
            let continues = matches!(self.pending_end, Some('.')) && starts_lowercase;
            if self.pending_end.is_some() && !continues {
                self.end_sentence();
            }
            if self.sentence_words == 0 {
                self.sentence_at = self.word_at;
            }
            self.sentence_words += 1;
            self.counts.words += 1;
            self.counts.syllables += syllables(&word);
        }
        if !word.is_empty() {
            self.pending_end = sentence_end(&word);
        }
    }

    fn end_sentence(&mut self) {
        self.end_word();
        if self.sentence_words > 0 {
            self.counts.sentences += 1;
            if self.sentence_words > LONG_SENTENCE_WORDS {
                self.long_sentences.push(LongSentence {
                    at: self.sentence_at,
                    words: self.sentence_words,
                });
            }
        }
        self.sentence_words = 0;
        self.pending_end = None;
    }
}

/// Elements whose start and end are sentence boundaries.
fn is_unit(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableCell
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Table(_)
    )
}

fn ends_unit(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Table
    )
}

/// The mark that ends a sentence, if `word` ends with one (before any
/// closing quotes or brackets).
fn sentence_end(word: &str) -> Option<char> {
    word.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_'])
        .chars()
        .next_back()
        .filter(|c| matches!(c, '.' | '!' | '?' | '…'))
}

/// Estimated syllables of an English word: groups of vowels (`y` counts),
/// less a silent final `e` (but not the `le` of "table"), less the `e` of an
/// `-es` or `-ed` ending that is not said ("makes", "jumped", but not
/// "boxes", "wanted"). At least one; a number counts as one.
fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let is_vowel = |c: char| "aeiouyàáâäèéêëìíîïòóôöùúûü".contains(c);
    let mut groups = 0;
    let mut previous_vowel = false;
    for &c in &letters {
        let vowel = is_vowel(c);
        if vowel && !previous_vowel {
            groups += 1;
        }
        previous_vowel = vowel;
    }
    let n = letters.len();
    let at = |back: usize| n.checked_sub(back).and_then(|i| letters.get(i)).copied();
    let silent = match (at(3), at(2), at(1)) {
        (Some(before), Some('e'), Some('d')) => !matches!(before, 't' | 'd') && !is_vowel(before),
        (Some(before), Some('e'), Some('s')) => {
            !matches!(before, 's' | 'x' | 'z' | 'h' | 'c' | 'g') && !is_vowel(before)
        }
        (Some(before), Some('l'), Some('e')) => is_vowel(before),
        (_, Some(before), Some('e')) => !is_vowel(before),
        _ => false,
    };
    if silent && groups > 1 {
        groups -= 1;
    }
    groups.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{SourceMap, parse_markdown};

    fn count(markdown: &str) -> (Readability, Vec<LongSentence>) {
        let mut counter = ProseCounter::default();
        counter.add(&parse_markdown(markdown, &SourceMap::starting_at(0)));
        counter.finish()
    }

    #[test]
    fn estimates_syllables_of_common_words() {
        for (word, expected) in [
            ("the", 1),
            ("make", 1),
            ("table", 2),
            ("people", 2),
            ("jumped", 1),
            ("wanted", 2),
            ("makes", 1),
            ("boxes", 2),
            ("victims", 2),
            ("affected", 3),
            ("police", 2),
            ("every", 3),
            ("you", 1),
            ("Insured,", 2),
            ("116", 1),
        ] {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn counts_sentences_by_marks_and_block_ends() {
        let (counts, _) =
            count("# Who is hurt\n\nStaff feel unsafe. Prices go up! Why?\n\n- one item\n- two\n");
        assert_eq!(counts.words, 13);
        assert_eq!(counts.sentences, 6);
    }

    #[test]
    fn does_not_end_a_sentence_at_an_abbreviation_before_a_lowercase_word() {
        let (counts, _) = count("Talk to someone, e.g. a friend. Then rest.");
        assert_eq!(counts.sentences, 2);
    }

    #[test]
    fn leaves_out_code_and_image_alt_text() {
        let (counts, _) = count("Read `this code` now ![a long description here](media/x.png)\n");
        assert_eq!(counts.words, 2);
    }

    #[test]
    fn joins_words_split_by_emphasis() {
        let (counts, _) = count("un*believ*able\n");
        assert_eq!(counts.words, 1);
        assert_eq!(counts.syllables, 5);
    }

    #[test]
    fn reports_long_sentences_at_their_first_word() {
        let long = format!(
            "Short one. Then {}end.\n",
            "word ".repeat(LONG_SENTENCE_WORDS - 1)
        );
        let (_, long_sentences) = count(&long);
        assert_eq!(
            long_sentences,
            vec![LongSentence {
                at: 11,
                words: LONG_SENTENCE_WORDS + 1
            }]
        );
    }

    #[test]
    fn computes_flesch_kincaid_grade_and_reading_age() {
        let counts = Readability {
            words: 100,
            sentences: 10,
            syllables: 130,
        };
        let grade = counts.grade_level().unwrap();
        assert!((grade - (0.39 * 10.0 + 11.8 * 1.3 - 15.59)).abs() < 1e-9);
        assert!((counts.reading_age().unwrap() - (grade + 5.0)).abs() < 1e-9);
        assert_eq!(Readability::default().reading_age(), None);
    }
}
