//! The caseworker dashboard: how many of a force's assignments are in each state, and
//! one page of them, filtered, searched and sorted (or all of them, for a CSV export).
//!
//! Every query is scoped to one force. The state conditions are the SQL form of
//! [`DashboardState::matches`], and the tests check the two agree on every state.
//!
//! SQLite plans without statistics, and neither backend can tell how many rows a filter
//! or a LIKE pattern leaves, so the statements are shaped so that the plain best plan is
//! the one taken: a search's people are found first; a total of a few thousand rows is
//! found through the narrowest index and sorted, more are read in order through the sort
//! column's index (see the dashboard indexes' migration). A test checks the plans with
//! `EXPLAIN QUERY PLAN`; `benches/dashboard.rs` times them at 100,000 assignments.

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

/// The most rows sorted in memory rather than read in order through an index: a few
/// thousand sort in milliseconds, and more are dense enough that reading in order soon
/// finds a page.
const FEW_ROWS: u64 = 5_000;

/// The same for a broad search, whose matches (unlike a state's, bunched by deadline) are
/// spread through every order: reading in order finds a page of them sooner.
const FEW_SEARCHED_ROWS: u64 = 1_000;

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
    let total = total(db, query, &search).await?;
    if query.offset >= total || query.limit == 0 {
        return Ok((Vec::new(), total));
    }
    let rows = rows(db, query, &search, total, query.offset, query.limit).await?;
    Ok((rows, total))
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
    let total = total(db, query, &search).await?;
    rows(db, query, &search, total, 0, EXPORT_LIMIT).await
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
            .cond_where(state_condition(state, today, Columns::Indexed))
            .to_owned();
        select.expr_as(count, Alias::new(format!("count_{n}")));
    }
    select
}

/// How many assignments the query matches.
async fn total(
    db: &impl ConnectionTrait,
    query: &DashboardQuery,
    search: &Search,
) -> Result<u64, DbErr> {
    let total: i64 = db
        .query_one(&total_statement(query, search))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("the dashboard's total".to_owned()))?
        .try_get_by_index(0)?;
    Ok(u64::try_from(total).unwrap_or(0))
}

/// How many assignments the query matches: counted from the assignments alone.
fn total_statement(query: &DashboardQuery, search: &Search) -> SelectStatement {
    let mut total = Query::select();
    total
        .expr(Func::count(Expr::col(Asterisk)))
        .from(assignment::Entity);
    matching(&mut total, query, Columns::Indexed);
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

/// The rows the query matches (`total` of them), sorted, from `offset`, at most `limit`.
async fn rows(
    db: &impl ConnectionTrait,
    query: &DashboardQuery,
    search: &Search,
    total: u64,
    offset: u64,
    limit: u64,
) -> Result<Vec<DashboardRow>, DbErr> {
    let sort_in_memory = match search {
        Search::Many(_) => total <= FEW_SEARCHED_ROWS,
        Search::Everyone | Search::Few(_) => total <= FEW_ROWS,
    };
    db.query_all(&rows_statement(
        query,
        search,
        sort_in_memory,
        offset,
        limit,
    ))
    .await?
    .iter()
    .map(|row| DashboardRow::from_query_result(row, ""))
    .collect()
}

/// The rows' SELECT: each assignment with its participant and caseworker, filtered,
/// searched and sorted. Few rows (`sort_in_memory`) are found through the narrowest
/// index and sorted; many are read in order through the sort column's index.
fn rows_statement(
    query: &DashboardQuery,
    search: &Search,
    sort_in_memory: bool,
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
    // SQLite keeps a CROSS JOIN's order (PostgreSQL plans it as any inner join): walking
    // participants first reaches a page in name order without reading every assignment,
    // and finds the few that a broad search's pattern leaves without reading them all.
    let participants_first = if sort_in_memory {
        matches!(search, Search::Many(_))
    } else {
        query.sort == SortColumn::Name
    };
    if participants_first {
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
            select.and_where(a(assignment::Column::ParticipantId).is_in(found.iter().copied()));
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
    // Walking participants, each one's assignments are looked up by participant; reading
    // by course or by time assigned, through that column's index. Either way the filters
    // must not tempt SQLite into reading a state's or a course's assignments instead (and
    // sorting them all). The deadline's index serves a deadline range too.
    let columns = if participants_first || (!sort_in_memory && query.sort != SortColumn::Deadline) {
        Columns::Unindexed
    } else {
        Columns::Indexed
    };
    matching(&mut select, query, columns);
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
    let sort_by = if sort_in_memory {
        // Neither SQLite (which has no statistics) nor PostgreSQL (whose statistics are
        // of the common values) can tell that a filter or search leaves only a few rows,
        // and would walk the sort column's index looking for them. An expression no index
        // is in the order of makes them find the few first, then sort them.
        unindexed(sort_by)
    } else {
        sort_by
    };
    select
        .order_by_expr(sort_by, order.clone())
        .order_by_expr(a(assignment::Column::Id), order)
        .offset(offset)
        .limit(limit);
    select
}

/// How the filters name an assignment's columns: plainly, so that SQLite may look the
/// assignments up through an index on them, or wrapped so that it cannot (and keeps to
/// the lookup chosen for it, see [`rows_statement`]). Either way they mean the same.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Columns {
    Indexed,
    Unindexed,
}

impl Columns {
    fn of(self, column: assignment::Column) -> Expr {
        let plain = Expr::col((assignment::Entity, column));
        match self {
            Self::Indexed => plain,
            Self::Unindexed => unindexed(plain),
        }
    }
}

/// `value` as an expression no index can answer for: `COALESCE(value, value)`.
fn unindexed(value: Expr) -> Expr {
    Func::coalesce([value.clone(), value]).into()
}

/// Narrows `select` (which has `assignment` in its FROM) to the force's own assignments
/// in the query's state and passing its filters; the search is left to the caller.
fn matching(select: &mut SelectStatement, query: &DashboardQuery, columns: Columns) {
    select.and_where(assignment::Column::OrganisationId.eq(query.organisation_id));
    if let Some(state) = query.state {
        select.cond_where(state_condition(state, query.today, columns));
    }
    if let Some(course_id) = &query.course_id {
        select.and_where(
            columns
                .of(assignment::Column::CourseId)
                .eq(course_id.as_str()),
        );
    }
    if let Some(disposal_type) = &query.disposal_type {
        select.and_where(
            columns
                .of(assignment::Column::DisposalType)
                .eq(disposal_type.as_str()),
        );
    }
    if let Some(caseworker) = query.caseworker {
        select.and_where(columns.of(assignment::Column::CreatedBy).eq(caseworker));
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
fn state_condition(state: DashboardState, today: NaiveDate, columns: Columns) -> Condition {
    let stored = || columns.of(assignment::Column::Status);
    let deadline = || columns.of(assignment::Column::Deadline);
    let outcome = || columns.of(assignment::Column::Outcome);
    let open = || stored().is_in([Status::Assigned.as_str(), Status::InProgress.as_str()]);
    match state {
        DashboardState::Assigned => Condition::all()
            .add(stored().eq(Status::Assigned.as_str()))
            .add(deadline().gte(today)),
        DashboardState::InProgress => Condition::all()
            .add(stored().eq(Status::InProgress.as_str()))
            .add(deadline().gte(today)),
        DashboardState::DueSoon => Condition::all()
            .add(open())
            .add(deadline().gte(today))
            .add(deadline().lte(due_soon_until(today))),
        DashboardState::Overdue => Condition::all().add(open()).add(deadline().lt(today)),
        DashboardState::AwaitingReview => Condition::all()
            .add(stored().eq(Status::Completed.as_str()))
            .add(outcome().is_null()),
        DashboardState::NotPassed => Condition::all()
            .add(stored().eq(Status::NotPassed.as_str()))
            .add(outcome().is_null()),
        DashboardState::Closed => Condition::all().add(outcome().is_not_null()),
        DashboardState::Withdrawn => Condition::all().add(stored().eq(Status::Withdrawn.as_str())),
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

    /// A SQLite database holding 300 assignments of one force, of every state, course,
    /// disposal and caseworker, 200 people, deadlines around 10 March 2027.
    async fn varied(dir: &std::path::Path) -> (Database, Uuid) {
        use crate::entity::organisation;
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let db = Database::connect(&crate::sqlite_url_for_data_dir(dir))
            .await
            .expect("open");
        db.migrate().await.expect("migrate");
        let conn = &db.connection;
        let at = |n: usize| {
            DateTime::from_timestamp(1_795_000_000 + i64::try_from(n).expect("small"), 0)
                .expect("time")
        };
        let force = Uuid::new_v4();
        organisation::Entity::insert(organisation::ActiveModel {
            id: Set(force),
            name: Set("Variedshire".to_owned()),
            created_at: Set(at(0)),
            ..Default::default()
        })
        .exec_without_returning(conn)
        .await
        .expect("force");
        let staff: Vec<Uuid> = (0..3).map(|_| Uuid::new_v4()).collect();
        staff_user::Entity::insert_many(staff.iter().enumerate().map(|(n, id)| {
            staff_user::ActiveModel {
                id: Set(*id),
                organisation_id: Set(force),
                email: Set(format!("{n}@{force}.example")),
                display_name: Set(format!("Worker {n}")),
                role: Set("caseworker".to_owned()),
                password_hash: Set("x".to_owned()),
                disabled: Set(false),
                failed_sign_ins: Set(0),
                locked_until: Set(None),
                created_at: Set(at(0)),
                ..Default::default()
            }
        }))
        .exec_without_returning(conn)
        .await
        .expect("staff");
        let people: Vec<Uuid> = (0..200).map(|_| Uuid::new_v4()).collect();
        participant::Entity::insert_many(people.iter().enumerate().map(|(n, id)| {
            participant::ActiveModel {
                id: Set(*id),
                organisation_id: Set(force),
                name: Set(format!("Name {:03}", (n * 7) % 200)),
                date_of_birth: Set(NaiveDate::from_ymd_opt(2000, 1, 1).expect("date")),
                force_reference: Set(format!("REF/{n}")),
                contact: Set(None),
                accessibility_notes: Set(None),
                preferred_language: Set("en".to_owned()),
                created_at: Set(at(0)),
            }
        }))
        .exec_without_returning(conn)
        .await
        .expect("participants");
        let today = NaiveDate::from_ymd_opt(2027, 3, 10).expect("date");
        let statuses = [
            Status::Assigned,
            Status::InProgress,
            Status::Completed,
            Status::NotPassed,
            Status::Withdrawn,
        ];
        assignment::Entity::insert_many((0..300).map(|n| assignment::ActiveModel {
            id: Set(Uuid::new_v4()),
            organisation_id: Set(force),
            participant_id: Set(people[n % 200]),
            course_id: Set(["anger", "alcohol", "victims"][n % 3].to_owned()),
            course_version: Set(None),
            disposal_type: Set(["other", "community-resolution"][n % 2].to_owned()),
            condition_text: Set(String::new()),
            deadline: Set(today - chrono::Days::new(20)
                + chrono::Days::new(u64::try_from(n % 41).expect("small"))),
            status: Set(statuses[n % 5].as_str().to_owned()),
            access_code_hash: Set(Uuid::new_v4().to_string()),
            failed_code_tries: Set(0),
            code_locked_until: Set(None),
            created_by: Set((n % 7 != 0).then(|| staff[n % 3])),
            created_at: Set(at((n * 37) % 300)),
            updated_at: Set(at(0)),
            declared_at: Set(None),
            started_at: Set(None),
            completed_at: Set(None),
            attempt: Set(1),
            outcome: Set((n % 4 == 0).then(|| "complied".to_owned())),
            outcome_reason: Set(None),
        }))
        .exec_without_returning(conn)
        .await
        .expect("assignments");
        (db, force)
    }

    #[tokio::test]
    async fn every_way_of_reading_gives_the_same_rows() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let (db, force) = varied(dir.path()).await;
        let all = DashboardQuery {
            organisation_id: force,
            today: NaiveDate::from_ymd_opt(2027, 3, 10).expect("date"),
            state: None,
            course_id: None,
            disposal_type: None,
            caseworker: None,
            search: None,
            sort: SortColumn::Deadline,
            descending: false,
            offset: 0,
            limit: 1000,
        };
        let worker = caseworkers(&db.connection, force).await.expect("staff")[1].0;
        let mut filters = vec![all.clone()];
        filters.extend(DashboardState::ALL.map(|state| DashboardQuery {
            state: Some(state),
            ..all.clone()
        }));
        filters.push(DashboardQuery {
            course_id: Some("victims".to_owned()),
            disposal_type: Some("other".to_owned()),
            caseworker: Some(worker),
            ..all.clone()
        });
        let few = Search::Few(
            participant::Entity::find()
                .all(&db.connection)
                .await
                .expect("people")
                .into_iter()
                .filter(|p| p.name.contains('5'))
                .map(|p| p.id)
                .collect(),
        );
        let many = Search::Many(contains_pattern("name 1").expect("pattern"));
        for filter in &filters {
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
                        ..filter.clone()
                    };
                    for search in [&Search::Everyone, &few, &many] {
                        let read = |sort_in_memory| {
                            let statement = rows_statement(&query, search, sort_in_memory, 0, 1000);
                            let conn = db.connection.clone();
                            async move {
                                conn.query_all(&statement)
                                    .await
                                    .expect("rows")
                                    .iter()
                                    .map(|row| row.try_get::<Uuid>("", "assignment_id"))
                                    .collect::<Result<Vec<_>, _>>()
                                    .expect("ids")
                            }
                        };
                        let in_order = read(false).await;
                        assert_eq!(in_order, read(true).await, "{query:?}");
                        let total = total(&db.connection, &query, search).await.expect("total");
                        assert_eq!(total, u64::try_from(in_order.len()).expect("small"));
                    }
                }
            }
        }
        let everyone = total(&db.connection, &all, &Search::Everyone).await;
        assert_eq!(everyone.expect("total"), 300);
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
    async fn sqlite_finds_every_page_through_the_indexes_meant_for_it() {
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
        let mut filters = vec![first_page.clone()];
        filters.extend(DashboardState::ALL.map(|state| DashboardQuery {
            state: Some(state),
            ..first_page.clone()
        }));
        filters.extend([
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
        ]);
        let searches = [
            Search::Everyone,
            Search::Few(vec![Uuid::new_v4(), Uuid::new_v4()]),
            Search::Many("%smith%".to_owned()),
        ];

        // Every count is answered from an index alone.
        let counts = sqlite_plan(
            &db,
            &counts_statement(first_page.organisation_id, first_page.today),
        )
        .await;
        let searched: Vec<&String> = counts.iter().filter(|s| s.starts_with("SEARCH")).collect();
        assert_eq!(searched.len(), 6, "{counts:#?}");
        assert!(
            searched.iter().all(|s| s.contains("COVERING INDEX")),
            "{counts:#?}"
        );
        for filter in &filters {
            let plan = sqlite_plan(&db, &total_statement(filter, &Search::Everyone)).await;
            assert!(
                plan.iter().all(|s| s.contains("COVERING INDEX")),
                "{plan:#?}"
            );
        }

        for sort in [
            SortColumn::Deadline,
            SortColumn::Name,
            SortColumn::Course,
            SortColumn::Assigned,
        ] {
            for filter in &filters {
                let query = DashboardQuery {
                    sort,
                    ..filter.clone()
                };
                for search in &searches {
                    let plan = sqlite_plan(&db, &total_statement(&query, search)).await;
                    assert!(plan.iter().all(|s| !s.starts_with("SCAN ")), "{plan:#?}");
                    for sort_in_memory in [false, true] {
                        let statement = rows_statement(&query, search, sort_in_memory, 0, 25);
                        let plan = sqlite_plan(&db, &statement).await;
                        // No table is read whole.
                        assert!(
                            plan.iter()
                                .all(|s| !s.starts_with("SCAN ") || s == "SCAN CONSTANT ROW"),
                            "{plan:#?}"
                        );
                        if sort_in_memory || matches!(search, Search::Few(_)) {
                            continue;
                        }
                        // Many rows are read in order, never all sorted...
                        assert!(
                            plan.iter().all(|s| s != "USE TEMP B-TREE FOR ORDER BY"),
                            "{sort:?} {plan:#?}"
                        );
                        // ...and walking participants by name, each one's assignments are
                        // looked up by participant, whatever the filter.
                        if sort == SortColumn::Name {
                            assert!(
                                plan.iter()
                                    .any(|s| s.contains("ix_assignment_organisation_participant")),
                                "{plan:#?}"
                            );
                        }
                    }
                }
            }
        }
        // The first page, and a caseworker's own, are read in deadline order: no sorting.
        for query in [&first_page, &filters[filters.len() - 1]] {
            let plan =
                sqlite_plan(&db, &rows_statement(query, &Search::Everyone, false, 0, 25)).await;
            assert!(plan.iter().all(|s| !s.contains("TEMP B-TREE")), "{plan:#?}");
        }
    }
}
