//! `/staff/audit` (admins): search the force's audit log; `/staff/audit.csv` exports the
//! entries that match. Searching and exporting are themselves audited.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{Days, NaiveDate};
use reroute_app::staff::view_model::{AuditLogView, AuditRow, OptionItem};
use reroute_app::view_model::FieldError;
use reroute_db::entity::audit_event;
use reroute_db::queries::audit;
use reroute_db::queries::audit_search::{self, AuditQuery};
use reroute_domain::staff::Role;
use serde::Deserialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::page::{PageError, respond};
use super::csv_export;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const PER_PAGE: u64 = 50;

/// The search as it arrives in the address; all text, so nothing here can fail to parse.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Search {
    #[serde(default)]
    action: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    page: String,
}

impl Search {
    /// The query, or a problem for each date that is not a real date.
    fn query(&self, organisation_id: Uuid) -> Result<AuditQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |field: &str, text: &str| {
            if text.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
            if parsed.is_none() {
                errors.push(FieldError {
                    field_id: field.to_owned(),
                    message: format!(
                        "Enter the {field} date as a real date, for example 2026-11-26"
                    ),
                });
            }
            parsed
        };
        let from = date("from", &self.from);
        let to = date("to", &self.to);
        if !errors.is_empty() {
            return Err(errors);
        }
        let page = self.page.parse::<u64>().unwrap_or(1).clamp(1, 1_000_000);
        let non_empty = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
        Ok(AuditQuery {
            organisation_id,
            action: non_empty(&self.action),
            subject: non_empty(&self.subject),
            from: from
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc()),
            // "To" includes the whole of that day.
            to: to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc()),
            offset: (page - 1) * PER_PAGE,
            limit: PER_PAGE,
        })
    }

    fn href(&self, path: &str, page: Option<u64>) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in [
            ("action", &self.action),
            ("subject", &self.subject),
            ("from", &self.from),
            ("to", &self.to),
        ] {
            if !value.is_empty() {
                query.append_pair(key, value);
            }
        }
        if let Some(page) = page.filter(|page| *page > 1) {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}

/// Who did it, in words: staff by name and role, others by kind.
async fn names_for(
    state: &AppState,
    events: &[audit_event::Model],
) -> Result<HashMap<Uuid, String>, PageError> {
    let ids = events
        .iter()
        .filter(|event| event.actor_kind == "staff")
        .filter_map(|event| event.actor_id.as_deref())
        .filter_map(|id| Uuid::try_parse(id).ok());
    Ok(audit_search::staff_names(&state.db.connection, ids)
        .await?
        .into_iter()
        .map(|(id, name, role)| {
            let role = Role::parse(&role).map_or("staff", Role::label);
            (id, format!("{name} ({})", role.to_lowercase()))
        })
        .collect())
}

fn row(event: &audit_event::Model, names: &HashMap<Uuid, String>) -> AuditRow {
    let actor = event.actor_id.as_deref().unwrap_or_default();
    let who = match event.actor_kind.as_str() {
        "staff" => Uuid::try_parse(actor)
            .ok()
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| format!("Staff {actor}")),
        "participant" => format!("Participant {actor}"),
        "system" => "System".to_owned(),
        "api-client" => format!("API client {actor}"),
        _ => "Not signed in".to_owned(),
    };
    AuditRow {
        when: event.occurred_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        who,
        action: event.action.clone(),
        record: match (&event.record_kind, &event.record_id) {
            (Some(kind), Some(id)) => format!("{kind} {id}"),
            (None, Some(id)) => id.clone(),
            _ => String::new(),
        },
        address: event.address.clone().unwrap_or_default(),
        reason: event.reason.clone().unwrap_or_default(),
    }
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Query(search): Query<Search>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let db = &state.db.connection;
        let actions = audit_search::actions(db, staff.organisation.id).await?;
        let mut view = AuditLogView {
            actions: actions
                .into_iter()
                .map(|action| OptionItem {
                    selected: action == search.action,
                    label: action.clone(),
                    value: action,
                })
                .collect(),
            subject: search.subject.clone(),
            from: search.from.clone(),
            to: search.to.clone(),
            export_href: search.href("/staff/audit.csv", None),
            ..AuditLogView::default()
        };
        let query = match search.query(staff.organisation.id) {
            Ok(query) => query,
            Err(errors) => {
                view.errors = errors;
                return Ok(staff_page(
                    &state,
                    &headers,
                    "/staff/audit",
                    Some(&staff),
                    StatusCode::UNPROCESSABLE_ENTITY,
                    view,
                )
                .await);
            }
        };
        audit::append(
            db,
            meta.staff_event(
                &staff,
                "staff.searched-audit-log",
                None,
                Some(search.href("/staff/audit", None)),
            ),
        )
        .await?;
        let (events, total) = audit_search::search(db, &query).await?;
        let names = names_for(&state, &events).await?;
        let page = query.offset / PER_PAGE + 1;
        let last = query.offset + events.len() as u64;
        view.showing = if total == 0 {
            "No entries".to_owned()
        } else {
            format!("Showing {} to {last} of {total} entries", query.offset + 1)
        };
        view.previous_href = (page > 1).then(|| search.href("/staff/audit", Some(page - 1)));
        view.next_href = (last < total).then(|| search.href("/staff/audit", Some(page + 1)));
        view.rows = events.iter().map(|event| row(event, &names)).collect();
        Ok(staff_page(
            &state,
            &headers,
            "/staff/audit",
            Some(&staff),
            StatusCode::OK,
            view,
        )
        .await)
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

pub async fn export(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Query(search): Query<Search>,
) -> Response {
    let result = async {
        staff.require_admin()?;
        let query = search
            .query(staff.organisation.id)
            .map_err(|_| PageError::BadRequest("A date in the search is not a real date."))?;
        let db = &state.db.connection;
        let events = audit_search::all_matching(db, &query).await?;
        audit::append(
            db,
            meta.staff_event(
                &staff,
                "staff.exported-audit-log",
                None,
                Some(format!(
                    "{} entries; {}",
                    events.len(),
                    search.href("/staff/audit", None)
                )),
            ),
        )
        .await?;
        let names = names_for(&state, &events).await?;
        let mut csv = csv_export::row(&[
            "When (UTC)",
            "Who",
            "Action",
            "Record",
            "From",
            "Reason",
            "Hash",
        ]);
        for event in &events {
            let shown = row(event, &names);
            csv.push_str(&csv_export::row(&[
                shown.when.as_str(),
                &shown.who,
                &shown.action,
                &shown.record,
                &shown.address,
                &shown.reason,
                &event.hash,
            ]));
        }
        Ok::<_, PageError>(
            (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"reroute-audit-log.csv\"".to_owned(),
                    ),
                    (header::CACHE_CONTROL, "no-store".to_owned()),
                ],
                csv,
            )
                .into_response(),
        )
    }
    .await;
    respond(&state, &headers, &uri, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_be_real_and_to_includes_its_whole_day() {
        let search = Search {
            from: "2026-02-30".into(),
            to: "nonsense".into(),
            ..Search::default()
        };
        let errors = search.query(Uuid::nil()).unwrap_err();
        assert_eq!(
            errors
                .iter()
                .map(|e| e.field_id.as_str())
                .collect::<Vec<_>>(),
            ["from", "to"]
        );
        let search = Search {
            to: "2026-11-26".into(),
            ..Search::default()
        };
        let query = search.query(Uuid::nil()).unwrap();
        assert_eq!(
            query.to.map(|t| t.to_rfc3339()),
            Some("2026-11-27T00:00:00+00:00".to_owned())
        );
    }

    #[test]
    fn links_keep_the_search_and_drop_page_one() {
        let search = Search {
            action: "staff.viewed-assignment".into(),
            ..Search::default()
        };
        assert_eq!(
            search.href("/staff/audit", Some(1)),
            "/staff/audit?action=staff.viewed-assignment"
        );
        assert_eq!(
            search.href("/staff/audit", Some(2)),
            "/staff/audit?action=staff.viewed-assignment&page=2"
        );
    }
}
