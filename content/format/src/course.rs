//! The parsed course: what the server stores (as JSON, keyed by version) and
//! renders lessons from.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::course_meta::CourseMeta;

/// A checked course, ready to serve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Course {
    /// The folder name under `courses/`.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub offences: Vec<String>,
    pub minutes: u32,
    /// Percent of quiz questions right first time needed to pass; 0 means none.
    pub pass_mark: u8,
    pub attempts: u32,
    pub language: String,
    pub reading_age: Option<u32>,
    /// Hex SHA-256 over all the course's files: for each, in byte order of
    /// its path, the path's length (u64, little-endian), the path and the
    /// SHA-256 of its contents. Any edit or rename changes it.
    pub version: String,
    /// In lesson-number order.
    pub lessons: Vec<Lesson>,
}

/// One lesson page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lesson {
    /// The number prefix of the file name (`01-intro.md` is 1).
    pub number: u32,
    /// The rest of the file name (`01-intro.md` is `intro`).
    pub slug: String,
    /// Plain text, for the page's `<h1>` (escape it when writing HTML).
    pub title: String,
    /// The lesson body in order: prose and interactive blocks.
    pub parts: Vec<LessonPart>,
}

/// A piece of a lesson: rendered prose, or an interactive block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonPart {
    /// Safe HTML of the prose between blocks.
    Html(String),
    Quiz(Quiz),
    Reflect(Reflect),
    Scale(Scale),
}

/// One question with options; see [`Quiz::is_right_answer`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quiz {
    pub id: String,
    pub question_html: String,
    /// At least two, at least one of them right.
    pub options: Vec<QuizOption>,
    /// Shown after answering.
    pub explanation_html: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizOption {
    /// Inline HTML (no surrounding `<p>`).
    pub html: String,
    pub correct: bool,
}

/// A written answer of at least `min_words` words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflect {
    pub id: String,
    pub prompt_html: String,
    pub min_words: u32,
}

/// A whole number from `min` to `max`, with optional labels for the ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub id: String,
    pub prompt_html: String,
    pub min: i32,
    pub max: i32,
    /// Plain text labels (escape them when writing HTML).
    pub low: Option<String>,
    pub high: Option<String>,
}

impl Course {
    pub(crate) fn new(id: String, meta: CourseMeta, version: String, lessons: Vec<Lesson>) -> Self {
        Course {
            id,
            title: meta.title,
            summary: meta.summary,
            offences: meta.offences,
            minutes: meta.minutes,
            pass_mark: meta.pass_mark,
            attempts: meta.attempts,
            language: meta.language,
            reading_age: meta.reading_age,
            version,
            lessons,
        }
    }

    /// The lesson with this number.
    pub fn lesson(&self, number: u32) -> Option<&Lesson> {
        self.lessons.iter().find(|lesson| lesson.number == number)
    }

    /// Every interactive block (quiz, reflect, scale), in course order.
    pub fn blocks(&self) -> impl Iterator<Item = &LessonPart> {
        self.lessons.iter().flat_map(Lesson::blocks)
    }

    /// The ids of every interactive block, in course order.
    pub fn block_ids(&self) -> Vec<&str> {
        self.blocks().filter_map(LessonPart::block_id).collect()
    }

    /// The interactive block with this id.
    pub fn block(&self, id: &str) -> Option<&LessonPart> {
        self.blocks().find(|part| part.block_id() == Some(id))
    }

    /// Every quiz question, in course order; the score is out of these.
    pub fn quizzes(&self) -> impl Iterator<Item = &Quiz> {
        self.blocks().filter_map(|part| match part {
            LessonPart::Quiz(quiz) => Some(quiz),
            _ => None,
        })
    }
}

impl Lesson {
    /// The interactive blocks of this lesson, in order.
    pub fn blocks(&self) -> impl Iterator<Item = &LessonPart> {
        self.parts.iter().filter(|part| part.block_id().is_some())
    }
}

impl LessonPart {
    /// The id of an interactive block; `None` for prose.
    pub fn block_id(&self) -> Option<&str> {
        match self {
            LessonPart::Html(_) => None,
            LessonPart::Quiz(quiz) => Some(&quiz.id),
            LessonPart::Reflect(reflect) => Some(&reflect.id),
            LessonPart::Scale(scale) => Some(&scale.id),
        }
    }
}

impl Quiz {
    /// A choose-all-that-apply question (more than one right option), as
    /// opposed to a single-choice one.
    pub fn is_multiple_choice(&self) -> bool {
        self.options.iter().filter(|option| option.correct).count() > 1
    }

    /// Whether `chosen` (option indexes, from 0) is exactly the set of right
    /// options. Repeats are ignored; an index out of range is never right.
    pub fn is_right_answer(&self, chosen: &[usize]) -> bool {
        let chosen: BTreeSet<usize> = chosen.iter().copied().collect();
        chosen.iter().all(|&index| index < self.options.len())
            && self
                .options
                .iter()
                .enumerate()
                .all(|(index, option)| option.correct == chosen.contains(&index))
    }
}

impl Reflect {
    /// Whether `answer` has at least `min_words` words (runs of characters
    /// between whitespace that contain a letter or digit).
    pub fn is_long_enough(&self, answer: &str) -> bool {
        let words = answer
            .split_whitespace()
            .filter(|word| word.chars().any(char::is_alphanumeric))
            .count();
        u32::try_from(words).unwrap_or(u32::MAX) >= self.min_words
    }
}

impl Scale {
    /// Whether `value` is on the scale.
    pub fn accepts(&self, value: i32) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quiz(rights: &[bool]) -> Quiz {
        Quiz {
            id: "q".into(),
            question_html: "<p>Q?</p>".into(),
            options: rights
                .iter()
                .map(|&correct| QuizOption {
                    html: "x".into(),
                    correct,
                })
                .collect(),
            explanation_html: None,
        }
    }

    #[test]
    fn one_right_option_makes_a_single_choice_question() {
        assert!(!quiz(&[true, false]).is_multiple_choice());
        assert!(quiz(&[true, true, false]).is_multiple_choice());
    }

    #[test]
    fn a_multiple_choice_answer_is_right_only_when_exactly_the_right_options_are_chosen() {
        let q = quiz(&[true, true, false]);
        assert!(q.is_right_answer(&[1, 0]));
        assert!(q.is_right_answer(&[0, 1, 1]));
        assert!(!q.is_right_answer(&[0]));
        assert!(!q.is_right_answer(&[0, 1, 2]));
        assert!(!q.is_right_answer(&[0, 1, 7]));
        assert!(!q.is_right_answer(&[]));
    }

    #[test]
    fn reflect_counts_words_with_letters_or_digits() {
        let reflect = Reflect {
            id: "r".into(),
            prompt_html: String::new(),
            min_words: 3,
        };
        assert!(reflect.is_long_enough("I would  walk\naway"));
        assert!(!reflect.is_long_enough("no - ! way"));
    }

    #[test]
    fn scale_accepts_its_ends_and_nothing_outside() {
        let scale = Scale {
            id: "s".into(),
            prompt_html: String::new(),
            min: 1,
            max: 10,
            low: None,
            high: None,
        };
        assert!(scale.accepts(1) && scale.accepts(10));
        assert!(!scale.accepts(0) && !scale.accepts(11));
    }

    #[test]
    fn lists_block_ids_in_course_order_and_finds_blocks_by_id() {
        let course = Course {
            id: "c".into(),
            title: "t".into(),
            summary: "s".into(),
            offences: vec![],
            minutes: 1,
            pass_mark: 0,
            attempts: 3,
            language: "en".into(),
            reading_age: None,
            version: "v".into(),
            lessons: vec![
                Lesson {
                    number: 1,
                    slug: "a".into(),
                    title: "A".into(),
                    parts: vec![
                        LessonPart::Html("<p>x</p>".into()),
                        LessonPart::Quiz(quiz(&[true, false])),
                    ],
                },
                Lesson {
                    number: 2,
                    slug: "b".into(),
                    title: "B".into(),
                    parts: vec![LessonPart::Reflect(Reflect {
                        id: "r".into(),
                        prompt_html: String::new(),
                        min_words: 1,
                    })],
                },
            ],
        };
        assert_eq!(course.block_ids(), vec!["q", "r"]);
        assert!(matches!(course.block("r"), Some(LessonPart::Reflect(_))));
        assert_eq!(course.block("nope"), None);
        assert_eq!(course.quizzes().count(), 1);
        assert_eq!(course.lesson(2).map(|l| l.slug.as_str()), Some("b"));
        let json = serde_json::to_string(&course).unwrap();
        assert!(
            json.contains(r#""parts":[{"html":"<p>x</p>"},{"quiz":{"id":"q""#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Course>(&json).unwrap(), course);
    }
}
