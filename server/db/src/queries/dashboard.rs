//! The caseworker dashboard: how many of a force's assignments are in each state, and
//! one page of them, filtered, searched and sorted (or all of them, for a CSV export).
//!
//! Every query is scoped to one force. The state conditions are the SQL form of
//! [`DashboardState::matches`], and the tests check the two agree on every state.
//!
//! SQLite plans without statistics, so each statement is shaped (and indexed, see the
//! migration that creates the dashboard's indexes) so that the plain best plan is the one
//! it takes; `benches/dashboard.rs` holds both backends to the first page in 100 ms.

use chrono::{DateTime, NaiveDate, Utc};
use reroute_domain::dashboard::{DashboardState, due_soon_until};
use reroute_domain::status::Status;
use sea_orm::sea_query::{
    Alias, Asterisk, BinOper, Condition, Expr, ExprTrait, Func, Order, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::entity::{assignment, participant, staff_user};

/// The most rows a CSV export holds.
pub const EXPORT_LIMIT: u64 = 100_000;

/// The most participants a search looks assignments up by. A search finding more is broad
/// enough that walking the force's assignments in order finds a page almost at once.
const FEW_PARTICIPANTS: u64 = 500;

/// The character that makes the next `%`, `_` or itself literal in a search pattern.
const LIKE_ESCAPE: char = '\\';

/// The column the dashboard is sorted by; ties are broken by assignment id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Deadline,
    /// The participant's name.
    Name,
    Course,
    /// When the assignment was made.
    Assigned,
}

/// What the caseworker asked to see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DashboardQuery {
    pub organisation_id: Uuid,
    /// The day deadlines are measured from.
    pub today: NaiveDate,
    pub state: Option<DashboardState>,
    pub course_id: Option<String>,
    pub disposal_type: Option<String>,
    /// The member of staff who made the assignment.
    pub caseworker: Option<Uuid>,
    /// Text to find, as typed, anywhere in the participant's name or force reference,
    /// ignoring case. Blank means no search.
    pub search: Option<String>,
    pub sort: SortColumn,
    pub descending: bool,
    pub offset: u64,
    pub limit: u64,
}

/// One assignment as the dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq, FromQueryResult)]
pub struct DashboardRow {
    pub assignment_id: Uuid,
    pub participant_id: Uuid,
    pub name: String,
    pub force_reference: String,
    pub course_id: String,
    pub disposal_type: String,
    pub deadline: NaiveDate,
    /// The stored status (never `overdue`).
    pub status: String,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The member of staff who made the assignment.
    pub caseworker_id: Option<Uuid>,
    pub caseworker_name: Option<String>,
}

/// How many of the force's assignments are in each of [`DashboardState::COUNTED`], in
/// that order, `today`.
pub async fn counts(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<(DashboardState, u64)>, DbErr> {
    let row = db
        .query_one(&counts_statement(organisation_id, today))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the dashboard's counts".to_owned()))?;
    DashboardState::COUNTED
        .into_iter()
        .enumerate()
        .map(|(n, state)| {
            let count: i64 = row.try_get_by_index(n)?;
            Ok((state, u64::try_from(count).unwrap_or(0)))
        })
        .collect()
}

/// One page of the assignments the query matches, and how many it matches in all.
pub async fn page(
    db: &impl ConnectionTrait,
    query: &DashboardQuery,
) -> Result<(Vec<DashboardRow>, u64), DbErr> {
    let search = Search::resolve(db, query).await?;
    if search.finds_no_one() {
        return Ok((Vec::new(), 0));
    }
    let rows = rows(db, query, &search, query.offset, query.limit).await?;
    let total: i64 = db
        .query_one(&total_statement(query, &search))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the dashboard's total".to_owned()))?
        .try_get_by_index(0)?;
    Ok((rows, u64::try_from(total).unwrap_or(0)))
}

/// Every assignment the query matches, in its order, ignoring its offset and limit, up
/// to [`EXPORT_LIMIT`]: for a CSV export.
pub async fn all_matching(
    db: &impl ConnectionTrait,
    query: &DashboardQuery,
) -> Result<Vec<DashboardRow>, DbErr> {
    let search = Search::resolve(db, query).await?;
    if search.finds_no_one() {
        return Ok(Vec::new());
    }
    rows(db, query, &search, 0, EXPORT_LIMIT).await
}

/// The force's staff, by name (then id), for the dashboard's caseworker filter.
pub async fn caseworkers(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<(Uuid, String)>, DbErr> {
    Ok(staff_user::Entity::find()
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(staff_user::Column::DisplayName)
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|staff| (staff.id, staff.display_name))
        .collect())
}

/// The participants a search is for, found before the assignments are: neither backend
/// can tell from a LIKE pattern how many people it finds, and a guess that it finds many
/// walks every assignment looking for the few it actually finds.
enum Search {
    /// No search: everyone.
    Everyone,
    /// The only participants the search finds (perhaps none).
    Few(Vec<Uuid>),
    /// More than [`FEW_PARTICIPANTS`]: the LIKE pattern itself.
    Many(String),
}

impl Search {
    async fn resolve(db: &impl ConnectionTrait, query: &DashboardQuery) -> Result<Self, DbErr> {
        let Some(pattern) = query.search.as_deref().and_then(contains_pattern) else {
            return Ok(Self::Everyone);
        };
        let found: Vec<Uuid> = participant::Entity::find()
            .select_only()
            .column(participant::Column::Id)
            .filter(participant::Column::OrganisationId.eq(query.organisation_id))
            .filter(search_condition(&pattern))
            .limit(FEW_PARTICIPANTS + 1)
            .into_tuple()
            .all(db)
            .await?;
        Ok(
            if u64::try_from(found.len()).unwrap_or(u64::MAX) <= FEW_PARTICIPANTS {
                Self::Few(found)
            } else {
                Self::Many(pattern)
            },
        )
    }

    fn finds_no_one(&self) -> bool {
        matches!(self, Self::Few(found) if found.is_empty())
    }
}

/// One scalar count per counted state, each over the force's rows in that state.
fn counts_statement(organisation_id: Uuid, today: NaiveDate) -> SelectStatement {
    let mut select = Query::select();
    for (n, state) in DashboardState::COUNTED.into_iter().enumerate() {
        let count = Query::select()
            .expr(Func::count(Expr::col(Asterisk)))
            .from(assignment::Entity)
            .and_where(assignment::Column::OrganisationId.eq(organisation_id))
            .cond_where(state_condition(state, today))
            .to_owned();
        select.expr_as(count, Alias::new(format!("count_{n}")));
    }
    select
}

/// How many assignments the query matches: counted from the assignments alone.
fn total_statement(query: &DashboardQuery, search: &Search) -> SelectStatement {
    let mut total = Query::select();
    total
        .expr(Func::count(Expr::col(Asterisk)))
        .from(assignment::Entity);
    matching(&mut total, query);
    let participant_id = || Expr::col((assignment::Entity, assignment::Column::ParticipantId));
    match search {
        Search::Everyone => {}
        Search::Few(found) => {
            total.and_where(participant_id().is_in(found.iter().copied()));
        }
        Search::Many(pattern) => {
            let found = Query::select()
                .column((participant::Entity, participant::Column::Id))
                .from(participant::Entity)
                .and_where(participant::Column::OrganisationId.eq(query.organisation_id))
                .cond_where(search_condition(pattern))
                .to_owned();
            total.and_where(participant_id().in_subquery(found));
        }
    }
    total
}

/// The rows the query matches, sorted, from `offset`, at most `limit`.
async fn rows(
    db: &impl ConnectionTrait,
    query: &DashboardQuery,
    search: &Search,
    offset: u64,
    limit: u64,
) -> Result<Vec<DashboardRow>, DbErr> {
    db.query_all(&rows_statement(query, search, offset, limit))
        .await?
        .iter()
        .map(|row| DashboardRow::from_query_result(row, ""))
        .collect()
}

/// The rows' SELECT: each assignment with its participant and caseworker, filtered,
/// searched and sorted.
fn rows_statement(
    query: &DashboardQuery,
    search: &Search,
    offset: u64,
    limit: u64,
) -> SelectStatement {
    let a = |column: assignment::Column| Expr::col((assignment::Entity, column));
    let p = |column: participant::Column| Expr::col((participant::Entity, column));
    let mut select = Query::select();
    select
        .expr_as(a(assignment::Column::Id), "assignment_id")
        .expr_as(a(assignment::Column::ParticipantId), "participant_id")
        .expr_as(p(participant::Column::Name), "name")
        .expr_as(p(participant::Column::ForceReference), "force_reference")
        .expr_as(a(assignment::Column::CourseId), "course_id")
        .expr_as(a(assignment::Column::DisposalType), "disposal_type")
        .expr_as(a(assignment::Column::Deadline), "deadline")
        .expr_as(a(assignment::Column::Status), "status")
        .expr_as(a(assignment::Column::Outcome), "outcome")
        .expr_as(a(assignment::Column::CreatedAt), "created_at")
        .expr_as(a(assignment::Column::CreatedBy), "caseworker_id")
        .expr_as(
            Expr::col((staff_user::Entity, staff_user::Column::DisplayName)),
            "caseworker_name",
        );
    let same_person =
        p(participant::Column::Id).equals((assignment::Entity, assignment::Column::ParticipantId));
    if query.sort == SortColumn::Name || matches!(search, Search::Few(_)) {
        // SQLite keeps a CROSS JOIN's order: walking participants (in name order, or just
        // the few found) reaches the page without reading every assignment. PostgreSQL
        // plans it as any inner join.
        select
            .from(participant::Entity)
            .cross_join(assignment::Entity)
            .and_where(same_person);
    } else {
        select
            .from(assignment::Entity)
            .inner_join(participant::Entity, same_person);
    }
    match search {
        Search::Everyone => {}
        Search::Few(found) => {
            select.and_where(p(participant::Column::Id).is_in(found.iter().copied()));
        }
        Search::Many(pattern) => {
            select.cond_where(search_condition(pattern));
        }
    }
    select
        .left_join(
            staff_user::Entity,
            Expr::col((staff_user::Entity, staff_user::Column::Id))
                .equals((assignment::Entity, assignment::Column::CreatedBy)),
        )
        .and_where(participant::Column::OrganisationId.eq(query.organisation_id));
    matching(&mut select, query);
    let order = if query.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let sort_by = match query.sort {
        SortColumn::Deadline => a(assignment::Column::Deadline),
        SortColumn::Name => p(participant::Column::Name),
        SortColumn::Course => a(assignment::Column::CourseId),
        SortColumn::Assigned => a(assignment::Column::CreatedAt),
    };
    select
        .order_by_expr(sort_by, order.clone())
        .order_by_expr(a(assignment::Column::Id), order)
        .offset(offset)
        .limit(limit);
    select
}

/// Narrows `select` (which has `assignment` in its FROM) to the force's own assignments
/// in the query's state and passing its filters; the search is left to the caller.
fn matching(select: &mut SelectStatement, query: &DashboardQuery) {
    select.and_where(assignment::Column::OrganisationId.eq(query.organisation_id));
    if let Some(state) = query.state {
        select.cond_where(state_condition(state, query.today));
    }
    if let Some(course_id) = &query.course_id {
        select.and_where(assignment::Column::CourseId.eq(course_id.as_str()));
    }
    if let Some(disposal_type) = &query.disposal_type {
        select.and_where(assignment::Column::DisposalType.eq(disposal_type.as_str()));
    }
    if let Some(caseworker) = query.caseworker {
        select.and_where(assignment::Column::CreatedBy.eq(caseworker));
    }
}

/// The search on a participant row: `pattern` in their name or force reference.
fn search_condition(pattern: &str) -> Condition {
    Condition::any()
        .add(case_insensitive_like(
            Expr::col((participant::Entity, participant::Column::Name)),
            pattern,
        ))
        .add(case_insensitive_like(
            Expr::col((participant::Entity, participant::Column::ForceReference)),
            pattern,
        ))
}

/// The SQL form of [`DashboardState::matches`] on an `assignment` row.
fn state_condition(state: DashboardState, today: NaiveDate) -> Condition {
    use assignment::Column::{Deadline, Outcome, Status as Stored};
    let open = || Stored.is_in([Status::Assigned.as_str(), Status::InProgress.as_str()]);
    match state {
        DashboardState::Assigned => Condition::all()
            .add(Stored.eq(Status::Assigned.as_str()))
            .add(Deadline.gte(today)),
        DashboardState::InProgress => Condition::all()
            .add(Stored.eq(Status::InProgress.as_str()))
            .add(Deadline.gte(today)),
        DashboardState::DueSoon => Condition::all()
            .add(open())
            .add(Deadline.gte(today))
            .add(Deadline.lte(due_soon_until(today))),
        DashboardState::Overdue => Condition::all().add(open()).add(Deadline.lt(today)),
        DashboardState::AwaitingReview => Condition::all()
            .add(Stored.eq(Status::Completed.as_str()))
            .add(Outcome.is_null()),
        DashboardState::NotPassed => Condition::all()
            .add(Stored.eq(Status::NotPassed.as_str()))
            .add(Outcome.is_null()),
        DashboardState::Closed => Condition::all().add(Outcome.is_not_null()),
        DashboardState::Withdrawn => Condition::all().add(Stored.eq(Status::Withdrawn.as_str())),
    }
}

/// A LIKE pattern matching `text` (trimmed) anywhere, with `%`, `_` and the escape
/// character taken literally; `None` when there is nothing to search for.
fn contains_pattern(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_') || c == LIKE_ESCAPE {
            pattern.push(LIKE_ESCAPE);
        }
        pattern.push(c);
    }
    pattern.push('%');
    Some(pattern)
}

/// `LOWER(column) LIKE LOWER(pattern) ESCAPE '\'`, the pattern a bound value. Lowering
/// both sides in SQL folds case the same way on each side, whichever the backend.
fn case_insensitive_like(column: Expr, pattern: &str) -> Expr {
    let pattern = Expr::Binary(
        Box::new(Func::lower(Expr::val(pattern)).into()),
        BinOper::Escape,
        Box::new(Expr::Constant(LIKE_ESCAPE.into())),
    );
    Expr::expr(Func::lower(column)).binary(BinOper::Like, pattern)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;
    use sea_orm::sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
    use sea_orm::{DbBackend, Statement};

    #[test]
    fn search_text_is_taken_literally() {
        assert_eq!(contains_pattern("  Sam "), Some("%Sam%".to_owned()));
        assert_eq!(
            contains_pattern(r"50%_a\b'"),
            Some(r"%50\%\_a\\b'%".to_owned())
        );
        assert_eq!(contains_pattern("   "), None);
    }

    #[test]
    fn search_binds_the_pattern_and_escapes_with_a_backslash() {
        let mut select = Query::select();
        select.expr(Expr::val(1)).and_where(case_insensitive_like(
            Expr::col((participant::Entity, participant::Column::Name)),
            "%x'%",
        ));
        let (sql, values) = select.build(SqliteQueryBuilder);
        assert!(
            sql.ends_with(r#"WHERE LOWER("participant"."name") LIKE LOWER(?) ESCAPE '\'"#),
            "{sql}"
        );
        assert_eq!(values.0.len(), 2);
        let (sql, _) = select.build(PostgresQueryBuilder);
        assert!(
            sql.ends_with(r#"WHERE LOWER("participant"."name") LIKE LOWER($2) ESCAPE E'\\'"#),
            "{sql}"
        );
    }

    /// SQLite's plan for each statement, one line per step.
    async fn sqlite_plan(db: &Database, statement: &SelectStatement) -> Vec<String> {
        let (sql, values) = statement.build(SqliteQueryBuilder);
        let explain = Statement::from_sql_and_values(
            DbBackend::Sqlite,
            format!("EXPLAIN QUERY PLAN {sql}"),
            values,
        );
        db.connection
            .query_all_raw(explain)
            .await
            .expect("explain")
            .iter()
            .map(|step| step.try_get::<String>("", "detail").expect("detail"))
            .collect()
    }

    #[tokio::test]
    async fn sqlite_reads_no_table_whole_and_sorts_no_first_page() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = Database::connect(&crate::sqlite_url_for_data_dir(dir.path()))
            .await
            .expect("open");
        db.migrate().await.expect("migrate");
        let first_page = DashboardQuery {
            organisation_id: Uuid::new_v4(),
            today: NaiveDate::from_ymd_opt(2027, 3, 10).expect("date"),
            state: None,
            course_id: None,
            disposal_type: None,
            caseworker: None,
            search: None,
            sort: SortColumn::Deadline,
            descending: false,
            offset: 0,
            limit: 25,
        };
        let few = Search::Few(vec![Uuid::new_v4(), Uuid::new_v4()]);
        let many = Search::Many("%smith%".to_owned());
        let mut statements = vec![
            counts_statement(first_page.organisation_id, first_page.today),
            total_statement(&first_page, &few),
            total_statement(&first_page, &many),
        ];
        for sort in [
            SortColumn::Deadline,
            SortColumn::Name,
            SortColumn::Course,
            SortColumn::Assigned,
        ] {
            for descending in [false, true] {
                let query = DashboardQuery {
                    sort,
                    descending,
                    ..first_page.clone()
                };
                statements.push(rows_statement(&query, &Search::Everyone, 0, 25));
                statements.push(rows_statement(&query, &few, 0, 25));
                statements.push(rows_statement(&query, &many, 0, 25));
            }
        }
        for state in DashboardState::ALL {
            let query = DashboardQuery {
                state: Some(state),
                ..first_page.clone()
            };
            statements.push(total_statement(&query, &Search::Everyone));
            statements.push(rows_statement(&query, &Search::Everyone, 0, 25));
        }
        let filtered = [
            DashboardQuery {
                course_id: Some("anger".to_owned()),
                ..first_page.clone()
            },
            DashboardQuery {
                disposal_type: Some("other".to_owned()),
                ..first_page.clone()
            },
            DashboardQuery {
                caseworker: Some(Uuid::new_v4()),
                ..first_page.clone()
            },
        ];
        for query in &filtered {
            statements.push(total_statement(query, &Search::Everyone));
        }
        for statement in &statements {
            let plan = sqlite_plan(&db, statement).await;
            assert!(
                plan.iter()
                    .all(|step| !step.starts_with("SCAN ") || step == "SCAN CONSTANT ROW"),
                "{plan:#?}"
            );
        }
        // The first page and a caseworker's own are read in deadline order, not sorted;
        // every other order is read from an index too (the name's ties sorted by id).
        for query in [&first_page, &filtered[2]] {
            let plan = sqlite_plan(&db, &rows_statement(query, &Search::Everyone, 0, 25)).await;
            assert!(
                plan.iter().all(|step| !step.contains("TEMP B-TREE")),
                "{plan:#?}"
            );
        }
        for sort in [SortColumn::Name, SortColumn::Course, SortColumn::Assigned] {
            let query = DashboardQuery {
                sort,
                ..first_page.clone()
            };
            let plan = sqlite_plan(&db, &rows_statement(&query, &Search::Everyone, 0, 25)).await;
            assert!(
                plan.iter()
                    .all(|step| step != "USE TEMP B-TREE FOR ORDER BY"),
                "{plan:#?}"
            );
        }
        // Every count is answered from an index alone.
        for query in &filtered {
            let plan = sqlite_plan(&db, &total_statement(query, &Search::Everyone)).await;
            assert!(
                plan.iter().all(|step| step.contains("COVERING INDEX")),
                "{plan:#?}"
            );
        }
        let plan = sqlite_plan(
            &db,
            &counts_statement(first_page.organisation_id, first_page.today),
        )
        .await;
        assert!(
            plan.iter()
                .filter(|step| step.starts_with("SEARCH"))
                .all(|step| step.contains("COVERING INDEX")),
            "{plan:#?}"
        );
    }
}
