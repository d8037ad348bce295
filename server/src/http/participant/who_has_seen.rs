//! `/my-courses/who-has-seen-my-record`: every time a member of staff looked at or
//! copied the signed-in participant's record, from the audit log.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use reroute_app::participant::view_model::{SeenEntry, WhoHasSeenView};
use reroute_db::queries::{audit_search, journey};
use reroute_domain::staff::Role;
use uuid::Uuid;

use super::super::AppState;
use super::super::page::{PageError, render_view, respond};
use super::session;

pub async fn show(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let result = async {
        let signed_in = session::current(&state, &headers)
            .await?
            .ok_or(PageError::SignInNeeded)?;
        let db = &state.db.connection;
        let person = journey::participant(db, signed_in.participant_id)
            .await?
            .ok_or(PageError::SignInNeeded)?;
        let mut records = vec![person.id.to_string()];
        records.extend(
            journey::assignments_of(db, person.id)
                .await?
                .into_iter()
                .map(|a| a.id.to_string()),
        );
        let reads = audit_search::reads_of(db, person.organisation_id, &records).await?;
        let staff_ids = reads
            .iter()
            .filter(|event| event.actor_kind == "staff")
            .filter_map(|event| event.actor_id.as_deref())
            .filter_map(|id| Uuid::try_parse(id).ok());
        let names: HashMap<Uuid, (String, String)> = audit_search::staff_names(db, staff_ids)
            .await?
            .into_iter()
            .map(|(id, name, role)| (id, (name, role)))
            .collect();
        let entries = reads
            .iter()
            .map(|event| {
                let who = if event.actor_kind == "api-client" {
                    format!("{}'s case records system", state.content.site.organisation)
                } else {
                    event
                        .actor_id
                        .as_deref()
                        .and_then(|id| Uuid::try_parse(id).ok())
                        .and_then(|id| names.get(&id))
                        .map_or_else(
                            || "A member of staff".to_owned(),
                            |(name, role)| {
                                let role = Role::parse(role).map_or("staff", Role::label);
                                format!("{name}, {}", role.to_lowercase())
                            },
                        )
                };
                SeenEntry {
                    when: event
                        .occurred_at
                        .format("%-d %B %Y at %-I:%M%P")
                        .to_string(),
                    who,
                    what: what_they_did(&event.action).to_owned(),
                }
            })
            .collect();
        let view = WhoHasSeenView {
            organisation: state.content.site.organisation.clone(),
            entries,
        };
        Ok(render_view(&state, &headers, &uri, true, StatusCode::OK, view).await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

/// The action in plain words for the participant.
fn what_they_did(action: &str) -> &'static str {
    match action {
        "staff.exported-subject-access" => "downloaded a copy of everything held about you",
        "staff.viewed-subject-access" => "looked at everything held about you",
        "staff.viewed-participant" => "looked at your name and date of birth",
        "api.viewed-assignment" | "api.listed-assignment" => {
            "copied how your course is going into its own records"
        }
        "staff.viewed-certificate" => "looked at your course certificate",
        _ => "looked at your course record",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_staff_read_is_described_in_plain_words() {
        for action in audit_search::STAFF_READS
            .iter()
            .chain(&audit_search::API_READS)
        {
            assert!(!what_they_did(action).is_empty());
        }
        assert_eq!(
            what_they_did("staff.viewed-assignment"),
            "looked at your course record"
        );
    }
}
