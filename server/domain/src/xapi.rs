//! A participant's learning record as xAPI 1.0.3 statements, for a force's learning
//! record store: who (an account on this site, never a name or email address: personal
//! data stays in the force's own system), did what (initialized, progressed, answered,
//! completed, passed, failed), to which activity (the course, a lesson or a question),
//! with the result and when. Every statement's id is derived from the event it
//! describes, so the same event always has the same id and paging is stable.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The xAPI version these statements follow.
pub const VERSION: &str = "1.0.3";
/// The language of every display and name map.
pub const LANGUAGE: &str = "en-GB";
/// `context.platform`.
pub const PLATFORM: &str = "Reroute";

/// What happened, as one of ADL's verbs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Initialized,
    Progressed,
    Answered,
    Completed,
    Passed,
    Failed,
}

impl Verb {
    pub const fn name(self) -> &'static str {
        match self {
            Self::Initialized => "initialized",
            Self::Progressed => "progressed",
            Self::Answered => "answered",
            Self::Completed => "completed",
            Self::Passed => "passed",
            Self::Failed => "failed",
        }
    }

    pub fn id(self) -> String {
        format!("http://adlnet.gov/expapi/verbs/{}", self.name())
    }
}

/// One lesson the participant reached.
#[derive(Clone, Debug)]
pub struct LessonRecord {
    pub number: u32,
    pub title: String,
    pub reached_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub seconds_spent: u32,
}

/// One answer to a quiz, reflect or scale block. What was answered is not included:
/// a reflection is the participant's own words.
#[derive(Clone, Debug)]
pub struct AnswerRecord {
    pub block_id: String,
    /// The question as plain text, for the activity's name.
    pub title: String,
    pub attempt: u32,
    /// For quiz questions: whether the first answer was right.
    pub first_try_correct: Option<bool>,
    pub answered_at: DateTime<Utc>,
}

/// The end of the course: when, the score, and whether it passed.
#[derive(Clone, Debug)]
pub struct CompletionRecord {
    pub completed_at: DateTime<Utc>,
    /// Quiz questions right first time, of `total`.
    pub right: u32,
    pub total: u32,
    /// Whole percent needed to pass.
    pub pass_mark: u8,
    pub passed: bool,
    /// Time spent on the whole course.
    pub seconds_spent: u32,
}

/// Everything known about one assignment, as plain data.
#[derive(Clone, Debug)]
pub struct LearningRecord {
    pub assignment_id: Uuid,
    pub participant_id: Uuid,
    pub course_id: String,
    pub course_title: String,
    pub declared_at: Option<DateTime<Utc>>,
    pub lessons: Vec<LessonRecord>,
    pub answers: Vec<AnswerRecord>,
    pub completion: Option<CompletionRecord>,
}

pub type LanguageMap = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    pub id: Uuid,
    pub actor: Actor,
    pub verb: StatementVerb,
    pub object: Activity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<StatementResult>,
    pub context: Context,
    /// RFC 3339, in UTC.
    pub timestamp: String,
    pub version: String,
    #[serde(skip)]
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    #[serde(rename = "objectType")]
    pub object_type: String,
    pub account: Account,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatementVerb {
    pub id: String,
    pub display: LanguageMap,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: String,
    pub id: String,
    pub definition: Definition,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Definition {
    pub name: LanguageMap,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StatementResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<ResultScore>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<bool>,
    /// ISO 8601, such as `PT38M12S`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResultScore {
    pub scaled: f64,
    pub raw: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Context {
    pub registration: Uuid,
    pub platform: String,
}

/// `seconds` as an ISO 8601 duration: `PT38M12S`, `PT1H2M`, `PT0S`.
pub fn iso_duration(seconds: u32) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut text = String::from("PT");
    if hours > 0 {
        text.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        text.push_str(&format!("{minutes}M"));
    }
    if seconds > 0 || (hours == 0 && minutes == 0) {
        text.push_str(&format!("{seconds}S"));
    }
    text
}

/// The score as xAPI has it: `raw` right of `max`, `scaled` from 0 to 1 (1 when the
/// course has no questions).
pub fn score(right: u32, total: u32) -> ResultScore {
    let right = right.min(total);
    let scaled = if total == 0 {
        1.0
    } else {
        f64::from(right) / f64::from(total)
    };
    ResultScore {
        scaled,
        raw: f64::from(right),
        min: 0.0,
        max: f64::from(total),
    }
}

/// A statement id derived from the event: the same assignment, kind and key always give
/// the same UUID (version 5 layout, from SHA-256).
pub fn statement_id(assignment_id: Uuid, kind: &str, key: &str) -> Uuid {
    let digest = Sha256::digest(format!("reroute-xapi|{assignment_id}|{kind}|{key}"));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

fn language_map(text: &str) -> LanguageMap {
    BTreeMap::from([(LANGUAGE.to_owned(), text.to_owned())])
}

struct Builder<'a> {
    record: &'a LearningRecord,
    home_page: &'a str,
    course_iri: String,
}

impl Builder<'_> {
    fn activity(&self, path: Option<String>, title: &str) -> Activity {
        Activity {
            object_type: "Activity".to_owned(),
            id: path.map_or_else(
                || self.course_iri.clone(),
                |path| format!("{}/{path}", self.course_iri),
            ),
            definition: Definition {
                name: language_map(title),
            },
        }
    }

    fn statement(
        &self,
        (kind, key): (&str, String),
        verb: Verb,
        object: Activity,
        result: Option<StatementResult>,
        at: DateTime<Utc>,
    ) -> Statement {
        let record = self.record;
        Statement {
            id: statement_id(record.assignment_id, kind, &key),
            actor: Actor {
                object_type: "Agent".to_owned(),
                account: Account {
                    home_page: self.home_page.to_owned(),
                    name: record.participant_id.to_string(),
                },
            },
            verb: StatementVerb {
                id: verb.id(),
                display: language_map(verb.name()),
            },
            object,
            result,
            context: Context {
                registration: record.assignment_id,
                platform: PLATFORM.to_owned(),
            },
            timestamp: at.to_rfc3339_opts(SecondsFormat::Millis, true),
            version: VERSION.to_owned(),
            at,
        }
    }
}

/// Every statement for one assignment, in (timestamp, id) order. `home_page` is the
/// site's public address, without a trailing slash.
pub fn statements(record: &LearningRecord, home_page: &str) -> Vec<Statement> {
    let home_page = home_page.trim_end_matches('/');
    let builder = Builder {
        record,
        home_page,
        course_iri: format!("{home_page}/courses/{}", record.course_id),
    };
    let course = || builder.activity(None, &record.course_title);
    let mut out = Vec::new();
    if let Some(at) = record.declared_at {
        out.push(builder.statement(
            ("initialized", String::new()),
            Verb::Initialized,
            course(),
            None,
            at,
        ));
    }
    for lesson in &record.lessons {
        let key = lesson.number.to_string();
        let activity = || builder.activity(Some(format!("lessons/{key}")), &lesson.title);
        out.push(builder.statement(
            ("lesson-reached", key.clone()),
            Verb::Progressed,
            activity(),
            Some(StatementResult {
                completion: Some(false),
                ..StatementResult::default()
            }),
            lesson.reached_at,
        ));
        if let Some(at) = lesson.finished_at {
            out.push(builder.statement(
                ("lesson-finished", key.clone()),
                Verb::Completed,
                activity(),
                Some(StatementResult {
                    completion: Some(true),
                    duration: Some(iso_duration(lesson.seconds_spent)),
                    ..StatementResult::default()
                }),
                at,
            ));
        }
    }
    for answer in &record.answers {
        let result = match answer.first_try_correct {
            Some(right) => StatementResult {
                success: Some(right),
                ..StatementResult::default()
            },
            None => StatementResult {
                completion: Some(true),
                ..StatementResult::default()
            },
        };
        out.push(builder.statement(
            (
                "answered",
                format!("{}|{}", answer.attempt, answer.block_id),
            ),
            Verb::Answered,
            builder.activity(
                Some(format!("questions/{}", answer.block_id)),
                &answer.title,
            ),
            Some(result),
            answer.answered_at,
        ));
    }
    if let Some(done) = &record.completion {
        out.push(builder.statement(
            ("completed", String::new()),
            Verb::Completed,
            course(),
            Some(StatementResult {
                completion: Some(true),
                duration: Some(iso_duration(done.seconds_spent)),
                ..StatementResult::default()
            }),
            done.completed_at,
        ));
        let verb = if done.passed {
            Verb::Passed
        } else {
            Verb::Failed
        };
        out.push(builder.statement(
            ("outcome", String::new()),
            verb,
            course(),
            Some(StatementResult {
                score: Some(score(done.right, done.total)),
                success: Some(done.passed),
                ..StatementResult::default()
            }),
            done.completed_at,
        ));
    }
    sort(&mut out);
    out
}

/// Sorts statements by timestamp, then id: the order pages are read in.
pub fn sort(statements: &mut [Statement]) {
    statements.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
}

/// Plain text of a fragment of HTML, for an activity's name.
pub fn plain_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + seconds, 0)
            .single()
            .unwrap_or_default()
    }

    fn record(passed: bool) -> LearningRecord {
        LearningRecord {
            assignment_id: Uuid::from_u128(1),
            participant_id: Uuid::from_u128(2),
            course_id: "victim-awareness".to_owned(),
            course_title: "Victim awareness".to_owned(),
            declared_at: Some(at(0)),
            lessons: vec![LessonRecord {
                number: 1,
                title: "Who gets hurt".to_owned(),
                reached_at: at(1),
                finished_at: Some(at(600)),
                seconds_spent: 2292,
            }],
            answers: vec![
                AnswerRecord {
                    block_id: "q1".to_owned(),
                    title: "Who is harmed?".to_owned(),
                    attempt: 1,
                    first_try_correct: Some(false),
                    answered_at: at(100),
                },
                AnswerRecord {
                    block_id: "r1".to_owned(),
                    title: "Reflect".to_owned(),
                    attempt: 1,
                    first_try_correct: None,
                    answered_at: at(200),
                },
            ],
            completion: Some(CompletionRecord {
                completed_at: at(700),
                right: 3,
                total: 4,
                pass_mark: 70,
                passed,
                seconds_spent: 3723,
            }),
        }
    }

    fn verbs(statements: &[Statement]) -> Vec<&str> {
        statements
            .iter()
            .map(|s| s.verb.id.rsplit('/').next().unwrap_or_default())
            .collect()
    }

    #[test]
    fn every_event_becomes_a_statement_in_time_order() {
        let all = statements(&record(true), "https://reroute.example/");
        let verbs = verbs(&all);
        assert_eq!(
            verbs[..5],
            [
                "initialized",
                "progressed",
                "answered",
                "answered",
                "completed"
            ]
        );
        // The course's completion and its outcome happen at once: in id order.
        let mut last_two = verbs[5..].to_vec();
        last_two.sort_unstable();
        assert_eq!(last_two, ["completed", "passed"]);
        assert!(
            all.windows(2)
                .all(|w| (w[0].at, w[0].id) <= (w[1].at, w[1].id))
        );
        let first = &all[0];
        assert_eq!(first.actor.object_type, "Agent");
        assert_eq!(first.actor.account.home_page, "https://reroute.example");
        assert_eq!(first.actor.account.name, Uuid::from_u128(2).to_string());
        assert_eq!(
            first.object.id,
            "https://reroute.example/courses/victim-awareness"
        );
        assert_eq!(first.verb.display["en-GB"], "initialized");
        assert_eq!(first.context.registration, Uuid::from_u128(1));
        assert_eq!(first.context.platform, "Reroute");
        assert_eq!(first.version, "1.0.3");
        assert_eq!(first.timestamp, "2027-01-15T08:00:00.000Z");
        assert!(first.result.is_none());
        assert_eq!(
            all[1].object.id,
            "https://reroute.example/courses/victim-awareness/lessons/1"
        );
        assert_eq!(
            all[2].object.id,
            "https://reroute.example/courses/victim-awareness/questions/q1"
        );
    }

    #[test]
    fn answers_carry_success_only_for_questions_with_a_right_answer() {
        let all = statements(&record(true), "https://r.example");
        let answered: Vec<_> = all
            .iter()
            .filter(|s| s.verb.id.ends_with("/answered"))
            .collect();
        assert_eq!(answered[0].result.as_ref().unwrap().success, Some(false));
        assert_eq!(answered[1].result.as_ref().unwrap().success, None);
        assert_eq!(answered[1].result.as_ref().unwrap().completion, Some(true));
    }

    #[test]
    fn completion_has_a_duration_and_the_outcome_a_scaled_score() {
        let all = statements(&record(false), "https://r.example");
        let completed = all
            .iter()
            .rfind(|s| s.verb.id.ends_with("/completed"))
            .unwrap();
        let result = completed.result.as_ref().unwrap();
        assert_eq!(result.completion, Some(true));
        assert_eq!(result.duration.as_deref(), Some("PT1H2M3S"));
        let lesson = all
            .iter()
            .find(|s| s.verb.id.ends_with("/completed"))
            .unwrap();
        assert_eq!(
            lesson.result.as_ref().unwrap().duration.as_deref(),
            Some("PT38M12S")
        );
        let failed = all.iter().find(|s| s.verb.id.ends_with("/failed")).unwrap();
        assert!(!all.iter().any(|s| s.verb.id.ends_with("/passed")));
        let result = failed.result.as_ref().unwrap();
        assert_eq!(result.success, Some(false));
        assert_eq!(
            result.score,
            Some(ResultScore {
                scaled: 0.75,
                raw: 3.0,
                min: 0.0,
                max: 4.0
            })
        );
    }

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(59), "PT59S");
        assert_eq!(iso_duration(2292), "PT38M12S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(3660), "PT1H1M");
    }

    #[test]
    fn scores_scale_from_zero_to_one() {
        assert!((score(0, 5).scaled).abs() < f64::EPSILON);
        assert!((score(5, 5).scaled - 1.0).abs() < f64::EPSILON);
        let none = score(0, 0);
        assert!((none.scaled - 1.0).abs() < f64::EPSILON);
        assert!(none.raw <= none.max);
        assert!((score(9, 5).raw - 5.0).abs() < f64::EPSILON);
    }

    #[test]
    fn ids_are_deterministic_and_distinct() {
        let a = statements(&record(true), "https://r.example");
        let b = statements(&record(true), "https://r.example");
        assert_eq!(
            a.iter().map(|s| s.id).collect::<Vec<_>>(),
            b.iter().map(|s| s.id).collect::<Vec<_>>()
        );
        let mut ids: Vec<_> = a.iter().map(|s| s.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), a.len());
        let id = statement_id(Uuid::from_u128(1), "answered", "1|q1");
        assert_eq!(id.get_version_num(), 5);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
        assert_ne!(id, statement_id(Uuid::from_u128(1), "answered", "2|q1"));
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain_text("<p>Who is <em>harmed</em> &amp; how?</p>"),
            "Who is harmed & how?"
        );
    }
}
