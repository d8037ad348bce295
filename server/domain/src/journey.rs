//! Where a participant is in a course, and where they go next.
//!
//! A lesson is shown a piece at a time: each *segment* is the prose before one
//! interactive block together with that block, and a last segment holds any prose after
//! the final block. So a participant answers one thing per page, and nothing typed into
//! one block can be lost by submitting another.

use std::collections::{BTreeSet, HashMap};

use reroute_content::{Course, Lesson, LessonPart};
use serde::{Deserialize, Serialize};

/// A run of a lesson's parts (`start..end`), ending with the block at `block` if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub block: Option<usize>,
}

/// Splits a lesson into segments; a lesson always has at least one.
pub fn segments(lesson: &Lesson) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut start = 0;
    for (index, part) in lesson.parts.iter().enumerate() {
        if part.block_id().is_some() {
            segments.push(Segment {
                start,
                end: index + 1,
                block: Some(index),
            });
            start = index + 1;
        }
    }
    if start < lesson.parts.len() || segments.is_empty() {
        segments.push(Segment {
            start,
            end: lesson.parts.len(),
            block: None,
        });
    }
    segments
}

/// A page of the course: a lesson number and a segment index (from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub lesson: u32,
    pub segment: usize,
}

/// What the participant has done so far, as plain data.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    /// The quiz attempt under way (from 1).
    pub attempt: u32,
    pub finished_lessons: BTreeSet<u32>,
    /// For each answered block, the attempts it was answered in.
    pub answered: HashMap<String, BTreeSet<u32>>,
}

impl Progress {
    /// Quiz questions are asked again in each attempt; reflections and scales are
    /// answered once.
    pub fn is_answered(&self, part: &LessonPart) -> bool {
        let Some(id) = part.block_id() else {
            return true;
        };
        let Some(attempts) = self.answered.get(id) else {
            return false;
        };
        match part {
            LessonPart::Quiz(_) => attempts.contains(&self.attempt),
            _ => !attempts.is_empty(),
        }
    }

    fn segment_done(&self, lesson: &Lesson, segment: &Segment) -> bool {
        segment
            .block
            .and_then(|index| lesson.parts.get(index))
            .is_none_or(|part| self.is_answered(part))
    }
}

/// The first page with something left to do, or `None` when the course is complete: every
/// lesson reached to its end and every block answered.
pub fn resume_position(course: &Course, progress: &Progress) -> Option<Position> {
    for lesson in &course.lessons {
        let segments = segments(lesson);
        if let Some(index) = segments
            .iter()
            .position(|s| !progress.segment_done(lesson, s))
        {
            return Some(Position {
                lesson: lesson.number,
                segment: index,
            });
        }
        if !progress.finished_lessons.contains(&lesson.number) {
            return Some(Position {
                lesson: lesson.number,
                segment: segments.len() - 1,
            });
        }
    }
    None
}

pub fn is_complete(course: &Course, progress: &Progress) -> bool {
    resume_position(course, progress).is_none()
}

/// Whether a page may be shown: anything up to the first page with something left to
/// do (no skipping ahead past an unanswered block), and any page of a finished lesson.
pub fn may_view(course: &Course, progress: &Progress, position: Position) -> bool {
    let Some(lesson) = course.lesson(position.lesson) else {
        return false;
    };
    if position.segment >= segments(lesson).len() {
        return false;
    }
    if progress.finished_lessons.contains(&position.lesson) {
        return true;
    }
    resume_position(course, progress).is_none_or(|resume| position <= resume)
}

/// Where "Continue" leads from a page whose block (if any) is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Another page of the same lesson.
    Page(Position),
    /// The end of the lesson: record it as finished, then go on.
    FinishLesson(u32),
    /// The next page with something to do (used in later attempts, where the lessons are
    /// already finished and only quiz questions are asked again).
    Resume(Position),
    /// Nothing left: the course is complete.
    Complete,
}

pub fn next(course: &Course, progress: &Progress, from: Position) -> Next {
    let Some(lesson) = course.lesson(from.lesson) else {
        return resume_or_complete(course, progress);
    };
    if progress.finished_lessons.contains(&from.lesson) {
        return resume_or_complete(course, progress);
    }
    if from.segment + 1 < segments(lesson).len() {
        Next::Page(Position {
            lesson: from.lesson,
            segment: from.segment + 1,
        })
    } else {
        Next::FinishLesson(from.lesson)
    }
}

fn resume_or_complete(course: &Course, progress: &Progress) -> Next {
    resume_position(course, progress).map_or(Next::Complete, Next::Resume)
}

/// How far through the course the participant is, in whole percent of pages done.
pub fn percent_done(course: &Course, progress: &Progress) -> u32 {
    let mut total = 0u32;
    let mut done = 0u32;
    for lesson in &course.lessons {
        let finished = progress.finished_lessons.contains(&lesson.number);
        for segment in segments(lesson) {
            total += 1;
            // A page with a block is done once answered; a page of prose once the lesson is.
            if progress.segment_done(lesson, &segment) && (segment.block.is_some() || finished) {
                done += 1;
            }
        }
    }
    (done * 100).checked_div(total).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reroute_content::{Quiz, QuizOption, Reflect};

    fn html(text: &str) -> LessonPart {
        LessonPart::Html(format!("<p>{text}</p>"))
    }

    fn quiz(id: &str) -> LessonPart {
        LessonPart::Quiz(Quiz {
            id: id.into(),
            question_html: "<p>?</p>".into(),
            options: vec![
                QuizOption {
                    html: "yes".into(),
                    correct: true,
                },
                QuizOption {
                    html: "no".into(),
                    correct: false,
                },
            ],
            explanation_html: None,
        })
    }

    fn reflect(id: &str) -> LessonPart {
        LessonPart::Reflect(Reflect {
            id: id.into(),
            prompt_html: "<p>Why?</p>".into(),
            min_words: 1,
        })
    }

    fn lesson(number: u32, parts: Vec<LessonPart>) -> Lesson {
        Lesson {
            number,
            slug: format!("l{number}"),
            title: format!("Lesson {number}"),
            parts,
        }
    }

    fn course() -> Course {
        Course {
            id: "c".into(),
            title: "C".into(),
            summary: "S".into(),
            offences: vec![],
            minutes: 30,
            pass_mark: 50,
            attempts: 3,
            language: "en".into(),
            reading_age: None,
            version: "v".into(),
            lessons: vec![
                lesson(
                    1,
                    vec![html("a"), quiz("q1"), html("b"), reflect("r1"), html("c")],
                ),
                lesson(2, vec![html("d"), quiz("q2")]),
            ],
        }
    }

    fn progress(attempt: u32, finished: &[u32], answered: &[(&str, u32)]) -> Progress {
        let mut p = Progress {
            attempt,
            finished_lessons: finished.iter().copied().collect(),
            answered: HashMap::new(),
        };
        for (id, attempt) in answered {
            p.answered
                .entry((*id).to_owned())
                .or_default()
                .insert(*attempt);
        }
        p
    }

    fn at(lesson: u32, segment: usize) -> Position {
        Position { lesson, segment }
    }

    #[test]
    fn a_lesson_is_split_into_one_block_per_page_plus_trailing_prose() {
        let c = course();
        let first = segments(&c.lessons[0]);
        assert_eq!(first.len(), 3);
        assert_eq!(
            first[0],
            Segment {
                start: 0,
                end: 2,
                block: Some(1)
            }
        );
        assert_eq!(
            first[1],
            Segment {
                start: 2,
                end: 4,
                block: Some(3)
            }
        );
        assert_eq!(
            first[2],
            Segment {
                start: 4,
                end: 5,
                block: None
            }
        );
        // No trailing prose: the last block's page ends the lesson.
        assert_eq!(segments(&c.lessons[1]).len(), 1);
    }

    #[test]
    fn a_lesson_without_blocks_is_one_page() {
        assert_eq!(
            segments(&lesson(1, vec![html("x")])),
            vec![Segment {
                start: 0,
                end: 1,
                block: None
            }]
        );
        assert_eq!(segments(&lesson(1, vec![])).len(), 1);
    }

    #[test]
    fn resumes_at_the_first_unanswered_block() {
        let c = course();
        assert_eq!(resume_position(&c, &progress(1, &[], &[])), Some(at(1, 0)));
        assert_eq!(
            resume_position(&c, &progress(1, &[], &[("q1", 1)])),
            Some(at(1, 1))
        );
        assert_eq!(
            resume_position(&c, &progress(1, &[], &[("q1", 1), ("r1", 1)])),
            Some(at(1, 2))
        );
        assert_eq!(
            resume_position(&c, &progress(1, &[1], &[("q1", 1), ("r1", 1)])),
            Some(at(2, 0))
        );
    }

    #[test]
    fn complete_when_every_lesson_is_finished_and_every_block_answered() {
        let c = course();
        let all = [("q1", 1), ("r1", 1), ("q2", 1)];
        assert!(!is_complete(&c, &progress(1, &[1], &all)));
        assert!(is_complete(&c, &progress(1, &[1, 2], &all)));
    }

    #[test]
    fn a_new_attempt_asks_the_quiz_questions_again_but_not_the_reflections() {
        let c = course();
        let p = progress(2, &[1, 2], &[("q1", 1), ("r1", 1), ("q2", 1)]);
        assert_eq!(resume_position(&c, &p), Some(at(1, 0)));
        let p = progress(2, &[1, 2], &[("q1", 1), ("q1", 2), ("r1", 1), ("q2", 1)]);
        assert_eq!(resume_position(&c, &p), Some(at(2, 0)));
        assert_eq!(next(&c, &p, at(1, 0)), Next::Resume(at(2, 0)));
    }

    #[test]
    fn continue_goes_page_by_page_then_finishes_the_lesson() {
        let c = course();
        let p = progress(1, &[], &[("q1", 1), ("r1", 1)]);
        assert_eq!(next(&c, &p, at(1, 0)), Next::Page(at(1, 1)));
        assert_eq!(next(&c, &p, at(1, 2)), Next::FinishLesson(1));
        let done = progress(1, &[1, 2], &[("q1", 1), ("r1", 1), ("q2", 1)]);
        assert_eq!(next(&c, &done, at(2, 0)), Next::Complete);
    }

    #[test]
    fn cannot_skip_ahead_of_an_unanswered_block() {
        let c = course();
        let p = progress(1, &[], &[("q1", 1)]);
        assert!(may_view(&c, &p, at(1, 0)));
        assert!(may_view(&c, &p, at(1, 1)));
        assert!(!may_view(&c, &p, at(1, 2)));
        assert!(!may_view(&c, &p, at(2, 0)));
        assert!(!may_view(&c, &p, at(9, 0)));
        assert!(!may_view(&c, &p, at(1, 7)));
    }

    #[test]
    fn percent_done_counts_answered_and_finished_pages() {
        let c = course();
        assert_eq!(percent_done(&c, &progress(1, &[], &[])), 0);
        assert_eq!(
            percent_done(&c, &progress(1, &[], &[("q1", 1), ("r1", 1)])),
            50
        );
        assert_eq!(
            percent_done(
                &c,
                &progress(1, &[1, 2], &[("q1", 1), ("r1", 1), ("q2", 1)])
            ),
            100
        );
    }
}
