//! The caseworker dashboard at a busy force's size: 100,000 assignments (and a second
//! force of 5,000 alongside), on SQLite and, when `REROUTE_BENCH_POSTGRES_URL` names a
//! server to create a scratch database on, on PostgreSQL.
//!
//! The target is the first page (the counts and 25 rows by deadline) in under 100 ms.

// A benchmark that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use reroute_db::Database;
use reroute_db::entity::{assignment, organisation, participant, staff_user};
use reroute_db::queries::dashboard::{self, DashboardQuery, SortColumn};
use reroute_db::sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, IntoActiveModel, Set,
    TransactionTrait,
};
use reroute_domain::dashboard::DashboardState;
use reroute_domain::disposal::Disposal;
use reroute_domain::status::Status;
use tokio::runtime::Runtime;
use uuid::Uuid;

const ASSIGNMENTS: usize = 100_000;
const PARTICIPANTS: usize = 57_000;
const OTHER_ASSIGNMENTS: usize = 5_000;
const OTHER_PARTICIPANTS: usize = 3_000;
const CASEWORKERS: usize = 20;
/// Rows per INSERT: 21 columns each stays well inside SQLite's 32,766 bound values.
const BATCH: usize = 1_000;

const COURSES: [&str; 6] = [
    "anger",
    "alcohol",
    "victims",
    "drugs",
    "hate-crime",
    "driving",
];
const FIRST_NAMES: [&str; 24] = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Grace", "Sophia", "Ella",
    "Aisha", "Noah", "Oliver", "George", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Jack",
    "Charlie", "Jacob", "Tomasz",
];
const SURNAMES: [&str; 24] = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Wood", "Clarke", "Hughes", "Kowalski", "O'Brien",
];

/// A small deterministic generator (splitmix64), so every run seeds the same data.
struct Spread(u64);

impl Spread {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(
            (u128::from(self.next()) << 64 | u128::from(self.next())).to_le_bytes(),
        )
        .into_uuid()
    }

    /// A day within `days` either side of `today`.
    fn around(&mut self, today: NaiveDate, days: u64) -> NaiveDate {
        let offset = u64::try_from(self.below(usize::try_from(2 * days + 1).unwrap())).unwrap();
        today - Days::new(days) + Days::new(offset)
    }
}

/// A stored status and outcome, in roughly the proportions of a working force: half
/// still open, about 40% with an outcome recorded.
fn status_and_outcome(spread: &mut Spread) -> (Status, Option<&'static str>) {
    let status = match spread.below(100) {
        0..25 => Status::Assigned,
        25..50 => Status::InProgress,
        50..80 => Status::Completed,
        80..88 => Status::NotPassed,
        _ => Status::Withdrawn,
    };
    let outcome_percent = match status {
        Status::Completed => 85,
        Status::NotPassed => 80,
        Status::Withdrawn => 60,
        _ => 2,
    };
    let outcome = spread.chance(outcome_percent).then_some(match status {
        Status::Completed => "complied",
        _ => "referred-for-prosecution",
    });
    (status, outcome)
}

/// Seeds one force; returns its id.
async fn seed_force(
    db: &DatabaseConnection,
    spread: &mut Spread,
    name: &str,
    participants: usize,
    assignments: usize,
    now: DateTime<Utc>,
) -> Uuid {
    let today = now.date_naive();
    // Columns left unset take their defaults: the benchmark sets only what it measures.
    let force = organisation::ActiveModel {
        id: Set(spread.uuid()),
        name: Set(name.into()),
        created_at: Set(now),
        ..Default::default()
    };
    let force_id = force.id.clone().unwrap();
    organisation::Entity::insert(force)
        .exec_without_returning(db)
        .await
        .unwrap();
    let staff: Vec<staff_user::ActiveModel> = (0..CASEWORKERS)
        .map(|n| staff_user::ActiveModel {
            id: Set(spread.uuid()),
            organisation_id: Set(force_id),
            email: Set(format!("caseworker{n}@{force_id}.example")),
            display_name: Set(format!(
                "{} {}",
                FIRST_NAMES[spread.below(FIRST_NAMES.len())],
                SURNAMES[spread.below(SURNAMES.len())]
            )),
            role: Set("caseworker".into()),
            password_hash: Set("x".into()),
            disabled: Set(false),
            failed_sign_ins: Set(0),
            locked_until: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    let staff_ids: Vec<Uuid> = staff.iter().map(|s| s.id.clone().unwrap()).collect();
    staff_user::Entity::insert_many(staff)
        .exec_without_returning(db)
        .await
        .unwrap();

    let people: Vec<Uuid> = (0..participants).map(|_| spread.uuid()).collect();
    let txn = db.begin().await.unwrap();
    for (batch_number, batch) in people.chunks(BATCH).enumerate() {
        let rows = batch.iter().enumerate().map(|(n, id)| {
            participant::Model {
                id: *id,
                organisation_id: force_id,
                name: format!(
                    "{} {}",
                    FIRST_NAMES[spread.below(FIRST_NAMES.len())],
                    SURNAMES[spread.below(SURNAMES.len())]
                ),
                date_of_birth: spread.around(NaiveDate::from_ymd_opt(1995, 6, 1).unwrap(), 5000),
                force_reference: format!("{name}/{:06}/26", batch_number * BATCH + n),
                contact: None,
                accessibility_notes: None,
                preferred_language: "en".into(),
                created_at: now,
            }
            .into_active_model()
        });
        participant::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .unwrap();
    }
    txn.commit().await.unwrap();

    let txn = db.begin().await.unwrap();
    let mut made = 0;
    while made < assignments {
        let count = BATCH.min(assignments - made);
        let rows: Vec<assignment::ActiveModel> = (made..made + count)
            .map(|n| {
                // Everyone has one assignment; some have a second or third.
                let person = if n < participants {
                    people[n]
                } else {
                    people[spread.below(participants)]
                };
                let (status, outcome) = status_and_outcome(spread);
                let minutes_ago = i64::try_from(spread.below(240 * 24 * 60)).unwrap();
                let created_at = now - TimeDelta::minutes(minutes_ago);
                assignment::Model {
                    id: spread.uuid(),
                    organisation_id: force_id,
                    participant_id: person,
                    course_id: COURSES[spread.below(COURSES.len())].into(),
                    course_version: None,
                    disposal_type: Disposal::ALL[spread.below(Disposal::ALL.len())]
                        .as_str()
                        .into(),
                    condition_text: "Complete the online course by the deadline.".into(),
                    deadline: spread.around(today, 120),
                    status: status.as_str().into(),
                    access_code_hash: format!("{:032x}", spread.next()),
                    failed_code_tries: 0,
                    code_locked_until: None,
                    created_by: spread
                        .chance(97)
                        .then(|| staff_ids[spread.below(CASEWORKERS)]),
                    created_at,
                    updated_at: created_at,
                    declared_at: None,
                    started_at: None,
                    completed_at: None,
                    attempt: 1,
                    outcome: outcome.map(Into::into),
                    outcome_reason: None,
                }
                .into_active_model()
            })
            .collect();
        assignment::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await
            .unwrap();
        made += count;
    }
    txn.commit().await.unwrap();
    force_id
}

/// Seeds both forces and returns the busy one's id.
async fn seed(db: &DatabaseConnection) -> Uuid {
    let started = Instant::now();
    let now = Utc::now();
    let mut spread = Spread(2026);
    let force = seed_force(db, &mut spread, "BUSY", PARTICIPANTS, ASSIGNMENTS, now).await;
    seed_force(
        db,
        &mut spread,
        "OTHER",
        OTHER_PARTICIPANTS,
        OTHER_ASSIGNMENTS,
        now,
    )
    .await;
    // PostgreSQL's autovacuum would do this soon after a load this size; do it now so
    // the planner and index-only scans see the table as they would in service. SQLite
    // is left as the server leaves it, without statistics.
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("VACUUM ANALYZE").await.unwrap();
    }
    eprintln!(
        "seeded {} + {} assignments in {:.1?}",
        ASSIGNMENTS,
        OTHER_ASSIGNMENTS,
        started.elapsed()
    );
    force
}

fn first_page(organisation_id: Uuid) -> DashboardQuery {
    DashboardQuery {
        organisation_id,
        today: Utc::now().date_naive(),
        state: None,
        course_id: None,
        disposal_type: None,
        caseworker: None,
        search: None,
        sort: SortColumn::Deadline,
        descending: false,
        offset: 0,
        limit: 25,
    }
}

fn bench_backend(c: &mut Criterion, rt: &Runtime, backend: &str, db: &DatabaseConnection) {
    let force = rt.block_on(seed(db));
    let today = Utc::now().date_naive();
    let query = first_page(force);
    let mut group = c.benchmark_group(format!("dashboard/{backend}"));
    group.bench_function("first page (counts + page)", |b| {
        b.iter(|| {
            rt.block_on(async {
                let counts = dashboard::counts(db, force, today).await.unwrap();
                let page = dashboard::page(db, black_box(&query)).await.unwrap();
                black_box((counts, page))
            })
        })
    });
    group.bench_function("counts", |b| {
        b.iter(|| {
            rt.block_on(dashboard::counts(db, black_box(force), today))
                .unwrap()
        })
    });
    group.bench_function("page", |b| {
        b.iter(|| rt.block_on(dashboard::page(db, black_box(&query))).unwrap())
    });
    let search = DashboardQuery {
        search: Some("smith".into()),
        ..query.clone()
    };
    group.bench_function("page, name search", |b| {
        b.iter(|| {
            rt.block_on(dashboard::page(db, black_box(&search)))
                .unwrap()
        })
    });
    // One person, by part of their reference: the few found are looked up directly.
    let one = DashboardQuery {
        search: Some("busy/004217".into()),
        ..query.clone()
    };
    group.bench_function("page, reference search", |b| {
        b.iter(|| rt.block_on(dashboard::page(db, black_box(&one))).unwrap())
    });
    let overdue = DashboardQuery {
        state: Some(DashboardState::Overdue),
        ..query.clone()
    };
    group.bench_function("page, overdue", |b| {
        b.iter(|| {
            rt.block_on(dashboard::page(db, black_box(&overdue)))
                .unwrap()
        })
    });
    group.finish();
}

fn sqlite(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    // REROUTE_BENCH_DATA_DIR keeps the seeded database, to time the whole page over HTTP
    // with a real server (`reroute serve --data-dir …`; the busy force is "BUSY").
    let data_dir = std::env::var_os("REROUTE_BENCH_DATA_DIR")
        .map_or_else(|| dir.path().to_owned(), std::path::PathBuf::from);
    let db = rt.block_on(async {
        let db = Database::connect(&reroute_db::sqlite_url_for_data_dir(&data_dir))
            .await
            .unwrap();
        db.migrate().await.unwrap();
        db
    });
    bench_backend(c, &rt, "sqlite", &db.connection);
    rt.block_on(db.close()).unwrap();
}

fn postgres(c: &mut Criterion) {
    let Ok(admin_url) = std::env::var("REROUTE_BENCH_POSTGRES_URL") else {
        eprintln!("REROUTE_BENCH_POSTGRES_URL is not set: skipping PostgreSQL");
        return;
    };
    let rt = Runtime::new().unwrap();
    let name = format!("reroute_bench_{}", Uuid::new_v4().simple());
    let (admin, db) = rt.block_on(async {
        let admin = Database::connect(&admin_url).await.unwrap();
        admin
            .connection
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        let db = Database::connect(&format!("{base}/{name}")).await.unwrap();
        db.migrate().await.unwrap();
        (admin, db)
    });
    bench_backend(c, &rt, "postgres", &db.connection);
    rt.block_on(async {
        db.close().await.unwrap();
        admin
            .connection
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
            .await
            .unwrap();
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    targets = sqlite, postgres
}
criterion_main!(benches);
