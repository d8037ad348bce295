//! The JSON body of each event. It names the assignment and the force's own reference
//! for the person, and links to the API for the rest: a receiver that needs the answers
//! or the completion record fetches them with its API token, so nothing more personal
//! travels in a webhook than the force's records system needs to match the case.

use chrono::{DateTime, SecondsFormat, Utc};
use reroute_db::entity::assignment;
use reroute_domain::webhook::WebhookEvent;
use serde_json::json;
use uuid::Uuid;

/// An event ready to queue: its de-duplication key and its body.
pub struct EventBody {
    pub key: String,
    pub json: String,
}

fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The body announcing `event` about `assignment`, whose person has the force
/// reference `reference`. `base_url` is this site's address, for the API links.
pub fn assignment_event(
    event: WebhookEvent,
    assignment: &assignment::Model,
    reference: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> EventBody {
    let id = assignment.id;
    let deadline = assignment.deadline.format("%Y-%m-%d").to_string();
    let status = match event {
        WebhookEvent::Overdue => "overdue",
        _ => assignment.status.as_str(),
    };
    let body = json!({
        "id": Uuid::new_v4(),
        "type": event.as_str(),
        "created_at": timestamp(now),
        "data": {
            "assignment_id": id,
            "reference": reference,
            "course_id": assignment.course_id,
            "disposal_type": assignment.disposal_type,
            "status": status,
            "deadline": deadline,
            "completed_at": assignment.completed_at.map(timestamp),
            "links": {
                "assignment": format!("{base_url}/api/v1/assignments/{id}"),
            },
        },
    });
    EventBody {
        key: event.key(&id.to_string(), &deadline),
        json: body.to_string(),
    }
}

/// The body of a test event an admin sends to check an endpoint.
pub fn test_event(now: DateTime<Utc>) -> EventBody {
    let id = Uuid::new_v4();
    let body = json!({
        "id": id,
        "type": WebhookEvent::Test.as_str(),
        "created_at": timestamp(now),
        "data": {
            "message": "This is a test event from Reroute. Your endpoint received it.",
        },
    });
    EventBody {
        key: format!("{}:{id}", WebhookEvent::Test.as_str()),
        json: body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use serde_json::Value;

    fn assignment() -> assignment::Model {
        let at = Utc
            .with_ymd_and_hms(2027, 3, 4, 10, 30, 0)
            .single()
            .unwrap_or_default();
        assignment::Model {
            id: Uuid::from_u128(42),
            organisation_id: Uuid::from_u128(1),
            participant_id: Uuid::from_u128(2),
            course_id: "alcohol".to_owned(),
            course_version: Some("v".to_owned()),
            disposal_type: "community-resolution".to_owned(),
            condition_text: "Complete the course".to_owned(),
            deadline: NaiveDate::from_ymd_opt(2027, 3, 20).unwrap_or_default(),
            status: "completed".to_owned(),
            access_code_hash: "hash".to_owned(),
            failed_code_tries: 0,
            code_locked_until: None,
            created_by: None,
            created_at: at,
            updated_at: at,
            declared_at: Some(at),
            started_at: Some(at),
            completed_at: Some(at),
            attempt: 1,
            outcome: None,
            outcome_reason: Some("private".to_owned()),
        }
    }

    #[test]
    fn a_completion_names_the_case_and_links_to_the_api_and_nothing_more() {
        let now = Utc::now();
        let body = assignment_event(
            WebhookEvent::Completed,
            &assignment(),
            "REF/1",
            "https://reroute.example",
            now,
        );
        assert_eq!(
            body.key,
            "assignment.completed:00000000-0000-0000-0000-00000000002a"
        );
        let json: Value = serde_json::from_str(&body.json).unwrap_or_default();
        assert_eq!(json["type"], "assignment.completed");
        assert!(
            json["id"]
                .as_str()
                .is_some_and(|id| Uuid::try_parse(id).is_ok())
        );
        let data = &json["data"];
        assert_eq!(data["reference"], "REF/1");
        assert_eq!(data["status"], "completed");
        assert_eq!(data["deadline"], "2027-03-20");
        assert_eq!(data["completed_at"], "2027-03-04T10:30:00Z");
        assert_eq!(
            data["links"]["assignment"],
            "https://reroute.example/api/v1/assignments/00000000-0000-0000-0000-00000000002a"
        );
        for private in ["private", "Complete the course", "hash"] {
            assert!(!body.json.contains(private), "{private}");
        }
    }

    #[test]
    fn an_overdue_event_says_overdue_and_is_keyed_by_its_deadline() {
        let mut open = assignment();
        open.status = "in-progress".to_owned();
        open.completed_at = None;
        let body = assignment_event(WebhookEvent::Overdue, &open, "R", "http://x", Utc::now());
        let json: Value = serde_json::from_str(&body.json).unwrap_or_default();
        assert_eq!(json["data"]["status"], "overdue");
        assert_eq!(json["data"]["completed_at"], Value::Null);
        assert!(body.key.ends_with(":2027-03-20"), "{}", body.key);
    }

    #[test]
    fn each_test_event_is_new() {
        let now = Utc::now();
        let (one, two) = (test_event(now), test_event(now));
        assert_ne!(one.key, two.key);
        let json: Value = serde_json::from_str(&one.json).unwrap_or_default();
        assert_eq!(json["type"], "webhook.test");
    }
}
