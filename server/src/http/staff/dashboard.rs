//! `/staff`: counts, filters and one page of the force's assignments; and the same table
//! as CSV.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, Utc};
use reroute_app::staff::view_model::{
    ColumnHeader, DashboardRow as RowView, DashboardView, OptionItem, StateCount,
};
use reroute_db::queries::audit;
use reroute_db::queries::dashboard::{self, DashboardQuery, DashboardRow, SortColumn};
use reroute_domain::dashboard::DashboardState;
use reroute_domain::disposal::{Disposal, Outcome};
use reroute_domain::status::{self, Status};
use serde::Deserialize;
use uuid::Uuid;

use super::super::AppState;
use super::super::page::{PageError, respond};
use super::csv_export;
use super::render::staff_page;
use super::request_meta::RequestMeta;
use super::session::Staff;

const PER_PAGE: u64 = 25;

/// The table's filters as they arrive in the address. Every field is text, so a
/// malformed address gives the unfiltered table rather than an error.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    state: String,
    #[serde(default)]
    course: String,
    #[serde(default)]
    disposal: String,
    #[serde(default)]
    caseworker: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    page: String,
}

/// Sortable columns: the value in `sort` (a leading `-` means descending).
const SORTS: [(&str, SortColumn); 4] = [
    ("deadline", SortColumn::Deadline),
    ("name", SortColumn::Name),
    ("course", SortColumn::Course),
    ("assigned", SortColumn::Assigned),
];

impl Filters {
    fn sort(&self) -> (&'static str, SortColumn, bool) {
        let descending = self.sort.starts_with('-');
        let key = self.sort.trim_start_matches('-');
        SORTS.iter().find(|(name, _)| *name == key).map_or(
            ("deadline", SortColumn::Deadline, false),
            |(name, column)| (*name, *column, descending),
        )
    }

    fn page_number(&self) -> u64 {
        self.page.parse::<u64>().unwrap_or(1).clamp(1, 1_000_000)
    }

    fn query(&self, staff: &Staff, today: NaiveDate) -> DashboardQuery {
        let (_, sort, descending) = self.sort();
        let non_empty = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
        DashboardQuery {
            organisation_id: staff.organisation.id,
            today,
            state: DashboardState::parse(&self.state),
            course_id: non_empty(&self.course),
            disposal_type: Disposal::parse(&self.disposal).map(|d| d.as_str().to_owned()),
            caseworker: Uuid::try_parse(&self.caseworker).ok(),
            search: non_empty(&self.q).map(|q| q.chars().take(100).collect()),
            sort,
            descending,
            offset: (self.page_number() - 1) * PER_PAGE,
            limit: PER_PAGE,
        }
    }

    /// The address of the table with these filters, changed by `change`.
    fn href(&self, path: &str, change: impl FnOnce(&mut Self)) -> String {
        let mut filters = self.clone();
        change(&mut filters);
        let pairs = [
            ("state", &filters.state),
            ("course", &filters.course),
            ("disposal", &filters.disposal),
            ("caseworker", &filters.caseworker),
            ("q", &filters.q),
            ("sort", &filters.sort),
            ("page", &filters.page),
        ];
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (key, value) in pairs {
            let default_page = key == "page" && value == "1";
            if !value.is_empty() && !default_page {
                query.append_pair(key, value);
            }
        }
        let query = query.finish();
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }
}

/// How an assignment's state is shown to staff: words and a tag colour.
pub fn status_tag(
    stored: &str,
    outcome: Option<&str>,
    deadline: NaiveDate,
    today: NaiveDate,
) -> (String, &'static str) {
    if let Some(outcome) = outcome.and_then(Outcome::parse) {
        return (outcome.label().to_owned(), "grey");
    }
    let Some(stored) = Status::parse(stored) else {
        return ("Unknown".to_owned(), "grey");
    };
    let (label, colour) = match status::effective(stored, deadline, today) {
        Status::Assigned => ("Assigned", "grey"),
        Status::InProgress => ("In progress", "blue"),
        Status::Overdue => ("Overdue", "red"),
        Status::Completed => ("Completed, awaiting review", "green"),
        Status::NotPassed => ("Not passed", "orange"),
        Status::Withdrawn => ("Withdrawn", "purple"),
    };
    (label.to_owned(), colour)
}

fn options(
    all_label: &str,
    current: &str,
    items: impl IntoIterator<Item = (String, String)>,
) -> Vec<OptionItem> {
    std::iter::once((String::new(), all_label.to_owned()))
        .chain(items)
        .map(|(value, label)| OptionItem {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

/// Where the dashboard was sent from, for a one-off confirmation.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: String,
}

fn notice_for(done: &str) -> Option<String> {
    (done == "erased").then(|| "The person's data has been erased.".to_owned())
}

pub async fn show(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Query(filters): Query<Filters>,
    Query(done): Query<Done>,
) -> Response {
    let result = build(&state, &staff, &meta, filters)
        .await
        .map(|view| DashboardView {
            notice: notice_for(&done.done),
            ..view
        });
    let result = match result {
        Ok(view) => Ok(staff_page(
            &state,
            &headers,
            "/staff",
            Some(&staff),
            StatusCode::OK,
            view,
        )
        .await),
        Err(err) => Err(err),
    };
    respond(&state, &headers, &uri, result).await
}

async fn build(
    state: &AppState,
    staff: &Staff,
    meta: &RequestMeta,
    filters: Filters,
) -> Result<DashboardView, PageError> {
    staff.require_participants()?;
    let db = &state.db.connection;
    let today = Utc::now().date_naive();
    let query = filters.query(staff, today);
    let counts = dashboard::counts(db, staff.organisation.id, today).await?;
    let (rows, total) = dashboard::page(db, &query).await?;
    let caseworkers = dashboard::caseworkers(db, staff.organisation.id).await?;
    audit::append(
        db,
        meta.staff_event(
            staff,
            "staff.listed-assignments",
            Some(("assignment-list", filters.href("/staff", |_| {}))),
            None,
        ),
    )
    .await?;
    let (sort_key, _, descending) = filters.sort();
    let columns = [
        ("Name", Some("name")),
        ("Force reference", None),
        ("Course", Some("course")),
        ("Disposal", None),
        ("Deadline", Some("deadline")),
        ("Status", None),
        ("Caseworker", None),
    ]
    .into_iter()
    .map(|(label, key)| ColumnHeader {
        label: label.to_owned(),
        href: key.map(|key| {
            let sort = if key == sort_key && !descending {
                format!("-{key}")
            } else {
                key.to_owned()
            };
            filters.href("/staff", |f| {
                f.sort = sort;
                f.page = String::new();
            })
        }),
        aria_sort: key.map(|key| {
            match (key == sort_key, descending) {
                (true, false) => "ascending",
                (true, true) => "descending",
                (false, _) => "none",
            }
            .to_owned()
        }),
    })
    .collect();
    let page = filters.page_number();
    let first = query.offset + 1;
    let last = query.offset + rows.len() as u64;
    let showing = if total == 0 {
        "No assignments".to_owned()
    } else {
        format!("Showing {first} to {last} of {total} assignments")
    };
    let course_title = |id: &str| {
        state
            .content
            .current(id)
            .map_or_else(|| id.to_owned(), |course| course.title.clone())
    };
    Ok(DashboardView {
        counts: counts
            .into_iter()
            .map(|(counted, count)| StateCount {
                label: counted.label().to_owned(),
                count,
                href: format!("/staff?state={}", counted.as_str()),
                selected: filters.state == counted.as_str(),
            })
            .collect(),
        states: options(
            "All",
            &filters.state,
            DashboardState::ALL
                .iter()
                .map(|s| (s.as_str().to_owned(), s.label().to_owned())),
        ),
        courses: options(
            "All courses",
            &filters.course,
            state
                .content
                .courses()
                .map(|c| (c.id.clone(), c.title.clone())),
        ),
        disposals: options(
            "All disposals",
            &filters.disposal,
            Disposal::ALL
                .iter()
                .map(|d| (d.as_str().to_owned(), d.label().to_owned())),
        ),
        caseworkers: options(
            "Everyone",
            &filters.caseworker,
            caseworkers
                .into_iter()
                .map(|(id, name)| (id.to_string(), name)),
        ),
        search: filters.q.clone(),
        sort: filters.sort.clone(),
        columns,
        rows: rows
            .into_iter()
            .map(|row| row_view(row, today, &course_title))
            .collect(),
        showing,
        previous_href: (page > 1)
            .then(|| filters.href("/staff", |f| f.page = (page - 1).to_string())),
        next_href: (last < total)
            .then(|| filters.href("/staff", |f| f.page = (page + 1).to_string())),
        export_href: filters.href("/staff/export.csv", |f| f.page = String::new()),
        notice: None,
    })
}

fn row_view(
    row: DashboardRow,
    today: NaiveDate,
    course_title: &impl Fn(&str) -> String,
) -> RowView {
    let (status_label, colour) =
        status_tag(&row.status, row.outcome.as_deref(), row.deadline, today);
    RowView {
        href: format!("/staff/assignments/{}", row.assignment_id),
        name: row.name,
        force_reference: row.force_reference,
        course: course_title(&row.course_id),
        disposal: Disposal::parse(&row.disposal_type)
            .map_or(row.disposal_type.clone(), |d| d.label().to_owned()),
        deadline: short_date(row.deadline),
        status_label,
        status_colour: colour.to_owned(),
        caseworker: row.caseworker_name.unwrap_or_default(),
    }
}

/// "3 Dec 2026": compact enough for a table.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// `/staff/export.csv`: every row matching the filters (not just one page).
pub async fn export(
    staff: Staff,
    State(state): State<AppState>,
    meta: RequestMeta,
    headers: HeaderMap,
    uri: Uri,
    Query(filters): Query<Filters>,
) -> Response {
    let result = export_csv(&state, &staff, &meta, filters).await;
    respond(&state, &headers, &uri, result).await
}

async fn export_csv(
    state: &AppState,
    staff: &Staff,
    meta: &RequestMeta,
    filters: Filters,
) -> Result<Response, PageError> {
    staff.require_participants()?;
    let db = &state.db.connection;
    let today = Utc::now().date_naive();
    let rows = dashboard::all_matching(db, &filters.query(staff, today)).await?;
    audit::append(
        db,
        meta.staff_event(
            staff,
            "staff.exported-assignments",
            Some(("assignment-list", filters.href("/staff/export.csv", |_| {}))),
            Some(format!("{} rows", rows.len())),
        ),
    )
    .await?;
    let mut csv = csv_export::row(&[
        "Name",
        "Force reference",
        "Course",
        "Disposal",
        "Deadline",
        "Status",
        "Caseworker",
        "Assigned",
    ]);
    for row in rows {
        let (status_label, _) =
            status_tag(&row.status, row.outcome.as_deref(), row.deadline, today);
        let course = state
            .content
            .current(&row.course_id)
            .map_or_else(|| row.course_id.clone(), |c| c.title.clone());
        csv.push_str(&csv_export::row(&[
            row.name.as_str(),
            &row.force_reference,
            &course,
            Disposal::parse(&row.disposal_type).map_or(row.disposal_type.as_str(), |d| d.label()),
            &row.deadline.to_string(),
            &status_label,
            row.caseworker_name.as_deref().unwrap_or_default(),
            &row.created_at.date_naive().to_string(),
        ]));
    }
    let filename = format!("reroute-assignments-{today}.csv");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        csv,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
    }

    #[test]
    fn staff_see_overdue_and_outcomes_in_plain_words() {
        assert_eq!(status_tag("assigned", None, day(1), day(2)).0, "Overdue");
        assert_eq!(
            status_tag("in-progress", None, day(3), day(2)).0,
            "In progress"
        );
        assert_eq!(
            status_tag("completed", None, day(1), day(2)).0,
            "Completed, awaiting review"
        );
        assert_eq!(
            status_tag("completed", Some("complied"), day(1), day(2)).0,
            "Complied"
        );
    }

    #[test]
    fn links_keep_the_other_filters_and_drop_page_one() {
        let filters = Filters {
            state: "overdue".into(),
            q: "o'brien & co".into(),
            page: "3".into(),
            ..Filters::default()
        };
        assert_eq!(
            filters.href("/staff", |f| f.page = "1".into()),
            "/staff?state=overdue&q=o%27brien+%26+co"
        );
    }

    #[test]
    fn unknown_sorts_and_pages_fall_back_to_the_defaults() {
        let filters = Filters {
            sort: "password".into(),
            page: "-4".into(),
            ..Filters::default()
        };
        assert_eq!(filters.sort().0, "deadline");
        assert_eq!(filters.page_number(), 1);
    }
}
