//! Scores and pass marks: the percentage of quiz questions right first time in an attempt.

use std::collections::HashMap;

use reroute_content::Course;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub right: u32,
    pub total: u32,
    /// Whole percent, rounded down; 100 when the course has no questions.
    pub percent: u32,
    pub passed: bool,
}

/// Scores one attempt from the first answer to each question in it (`true` = right).
/// A question not answered counts as wrong.
pub fn score(course: &Course, first_try_right: &HashMap<String, bool>) -> Score {
    let mut right: u32 = 0;
    let mut total: u32 = 0;
    for quiz in course.quizzes() {
        total += 1;
        if first_try_right.get(&quiz.id).copied().unwrap_or(false) {
            right += 1;
        }
    }
    let percent = (right * 100).checked_div(total).unwrap_or(100);
    Score {
        right,
        total,
        percent,
        passed: course.pass_mark == 0 || percent >= u32::from(course.pass_mark),
    }
}

/// What an attempt that has just ended means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttemptOutcome {
    Passed,
    /// Under the pass mark, with this many attempts still allowed.
    TryAgain {
        attempts_left: u32,
    },
    /// Under the pass mark with no attempts left.
    NotPassed,
}

pub fn attempt_outcome(course: &Course, score: &Score, attempt: u32) -> AttemptOutcome {
    if score.passed {
        AttemptOutcome::Passed
    } else if attempt < course.attempts {
        AttemptOutcome::TryAgain {
            attempts_left: course.attempts - attempt,
        }
    } else {
        AttemptOutcome::NotPassed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reroute_content::{Lesson, LessonPart, Quiz, QuizOption};

    fn course(pass_mark: u8, questions: usize) -> Course {
        let parts = (0..questions)
            .map(|i| {
                LessonPart::Quiz(Quiz {
                    id: format!("q{i}"),
                    question_html: String::new(),
                    options: vec![
                        QuizOption {
                            html: "a".into(),
                            correct: true,
                        },
                        QuizOption {
                            html: "b".into(),
                            correct: false,
                        },
                    ],
                    explanation_html: None,
                })
            })
            .collect();
        Course {
            id: "c".into(),
            title: "C".into(),
            summary: String::new(),
            offences: vec![],
            minutes: 30,
            pass_mark,
            attempts: 3,
            language: "en".into(),
            reading_age: None,
            version: "v".into(),
            lessons: vec![Lesson {
                number: 1,
                slug: "a".into(),
                title: "A".into(),
                parts,
            }],
        }
    }

    fn answers(right: &[bool]) -> HashMap<String, bool> {
        right
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("q{i}"), *r))
            .collect()
    }

    #[test]
    fn score_is_the_percentage_right_first_time_rounded_down() {
        let c = course(70, 3);
        let s = score(&c, &answers(&[true, true, false]));
        assert_eq!((s.right, s.total, s.percent, s.passed), (2, 3, 66, false));
        assert!(score(&c, &answers(&[true, true, true])).passed);
    }

    #[test]
    fn exactly_the_pass_mark_passes() {
        let c = course(50, 2);
        assert!(score(&c, &answers(&[true, false])).passed);
    }

    #[test]
    fn pass_mark_zero_always_passes_and_no_questions_scores_full_marks() {
        assert!(score(&course(0, 2), &answers(&[false, false])).passed);
        assert_eq!(score(&course(80, 0), &HashMap::new()).percent, 100);
    }

    #[test]
    fn unanswered_questions_count_as_wrong() {
        assert_eq!(score(&course(50, 2), &answers(&[true])).right, 1);
    }

    #[test]
    fn under_the_pass_mark_allows_more_attempts_until_they_run_out() {
        let c = course(100, 1);
        let failed = score(&c, &answers(&[false]));
        assert_eq!(
            attempt_outcome(&c, &failed, 1),
            AttemptOutcome::TryAgain { attempts_left: 2 }
        );
        assert_eq!(attempt_outcome(&c, &failed, 3), AttemptOutcome::NotPassed);
        let passed = score(&c, &answers(&[true]));
        assert_eq!(attempt_outcome(&c, &passed, 3), AttemptOutcome::Passed);
    }
}
