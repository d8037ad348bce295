//! The caseworker dashboard, the case history and default deadlines at the data layer, on
//! SQLite and on PostgreSQL: every state's SQL agrees with the pure rule, filters, search
//! taken literally, sorting, paging, and one force never seeing another's rows.

// A test that cannot set itself up should fail loudly, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::cmp::Ordering;
use std::collections::BTreeSet;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use common::TestDatabase;
use reroute_db::entity::{assignment, organisation, participant, staff_user};
use reroute_db::queries::case_events::{self, NewCaseEvent};
use reroute_db::queries::dashboard::{self, DashboardQuery, SortColumn};
use reroute_db::queries::deadline_defaults;
use reroute_db::sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use reroute_domain::dashboard::DashboardState;
use reroute_domain::disposal::Disposal;
use reroute_domain::status::Status;
use uuid::Uuid;

use Disposal::{
    CommunityCaution as CC, CommunityResolution as CR, ConditionalCaution as Cond,
    DiversionaryCaution as DC, Other, YouthConditionalCaution as YCC,
};
use Status::{Assigned, Completed, InProgress, NotPassed, Withdrawn};

/// The day every test is run as, so that deadlines fall exactly on the edges.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 3, 10).expect("date")
}

/// A timestamp both backends store exactly (PostgreSQL keeps microseconds).
fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_795_000_000 + seconds, 250_000)
        .single()
        .expect("valid timestamp")
}

/// One assignment of the fixture, as written down: participant name, force reference,
/// course, disposal, caseworker (index into the force's), stored status, outcome, and
/// deadline in days from today (negative is past).
type Case = (
    &'static str,
    &'static str,
    &'static str,
    Disposal,
    Option<usize>,
    Status,
    Option<&'static str>,
    i64,
);

/// The force the tests look at: every state, and deadlines on every edge.
const NORTH: [Case; 16] = [
    (
        "Alice Adams",
        "NS/0001/27",
        "anger",
        CR,
        Some(0),
        Assigned,
        None,
        10,
    ),
    (
        "Ben O'Brien",
        "NS/0002/27",
        "anger",
        CC,
        Some(1),
        Assigned,
        None,
        0,
    ),
    (
        "Chloe Chan",
        "NS/0003/27",
        "alcohol",
        CR,
        Some(0),
        InProgress,
        None,
        7,
    ),
    (
        "Dev Patel",
        "NS/0004/27",
        "alcohol",
        YCC,
        None,
        InProgress,
        None,
        -1,
    ),
    (
        "Erin Evans",
        "NS/0005/27",
        "victims",
        CR,
        Some(1),
        Assigned,
        None,
        -1,
    ),
    (
        "Femi Okafor",
        "NS/0006/27",
        "victims",
        DC,
        Some(0),
        InProgress,
        None,
        8,
    ),
    (
        "Gail Green",
        "REF_1",
        "anger",
        CR,
        Some(0),
        Completed,
        None,
        -30,
    ),
    (
        "Hari Hussain",
        "REFX1",
        "anger",
        Other,
        Some(1),
        NotPassed,
        None,
        3,
    ),
    (
        "Ivy Ince",
        "50%OFF",
        "alcohol",
        CR,
        Some(0),
        Completed,
        Some("complied"),
        -5,
    ),
    (
        "Jon Jones",
        r"A\B",
        "victims",
        CC,
        Some(1),
        NotPassed,
        Some("referred-for-prosecution"),
        2,
    ),
    (
        "Kim Kaur",
        "NS/0011/27",
        "anger",
        CR,
        Some(0),
        Withdrawn,
        None,
        -3,
    ),
    (
        "Lee Lam",
        "NS/0012/27",
        "anger",
        Cond,
        None,
        Withdrawn,
        Some("complied"),
        5,
    ),
    (
        "Mo Malik",
        "NS/0013/27",
        "alcohol",
        CR,
        Some(0),
        Completed,
        None,
        20,
    ),
    // Alice's second course: the same person, so name ties are broken by id.
    (
        "Alice Adams",
        "NS/0001/27",
        "victims",
        CC,
        Some(1),
        Assigned,
        None,
        7,
    ),
    (
        "Nia Noor",
        "NS/0015/27",
        "victims",
        CR,
        Some(0),
        InProgress,
        Some("referred-for-prosecution"),
        -10,
    ),
    (
        "Omar Odell",
        "NS/0016/27",
        "anger",
        YCC,
        Some(1),
        InProgress,
        None,
        1,
    ),
];

/// Another force, with names and references the searches above would also find.
const SOUTH: [Case; 4] = [
    (
        "Alice Bobbins",
        "NS/0001/27",
        "anger",
        CR,
        Some(0),
        Assigned,
        None,
        1,
    ),
    (
        "Ben Brown",
        "REF_2",
        "anger",
        CR,
        Some(0),
        Completed,
        None,
        -1,
    ),
    (
        "Cat 50% Cole",
        "SS/3",
        "alcohol",
        CC,
        None,
        InProgress,
        None,
        -4,
    ),
    (
        "Dan Dee",
        r"S\S",
        "victims",
        CR,
        Some(0),
        NotPassed,
        None,
        9,
    ),
];

/// An assignment as stored, for working out what the dashboard should show.
#[derive(Clone, Debug)]
struct Stored {
    row: dashboard::DashboardRow,
    organisation_id: Uuid,
    status: Status,
}

struct Force {
    id: Uuid,
    caseworkers: Vec<(Uuid, String)>,
    assignments: Vec<Stored>,
}

/// Stores one force's cases; `first_second` spaces out their creation times.
async fn seed(db: &DatabaseConnection, name: &str, cases: &[Case], first_second: i64) -> Force {
    let force = organisation::Model {
        id: Uuid::new_v4(),
        name: name.into(),
        created_at: at(0),
        require_totp: false,
    }
    .into_active_model()
    .insert(db)
    .await
    .expect("force");
    let mut caseworkers = Vec::new();
    for display_name in ["Casey Worker", "Ali Officer"] {
        let staff = staff_user::Model {
            id: Uuid::new_v4(),
            organisation_id: force.id,
            email: format!("{}@{}.example", display_name.replace(' ', "."), force.id),
            display_name: format!("{display_name} ({name})"),
            role: "caseworker".into(),
            password_hash: "x".into(),
            disabled: false,
            failed_sign_ins: 0,
            locked_until: None,
            created_at: at(0),
            totp_secret: None,
            totp_enabled_at: None,
            totp_last_step: None,
        }
        .into_active_model()
        .insert(db)
        .await
        .expect("staff");
        caseworkers.push((staff.id, staff.display_name));
    }
    let mut people: Vec<participant::Model> = Vec::new();
    let mut assignments = Vec::new();
    for (n, &(name, reference, course, disposal, caseworker, status, outcome, days)) in
        cases.iter().enumerate()
    {
        let person = match people.iter().find(|p| p.force_reference == reference) {
            Some(person) => person.clone(),
            None => {
                let person = participant::Model {
                    id: Uuid::new_v4(),
                    organisation_id: force.id,
                    name: name.into(),
                    date_of_birth: NaiveDate::from_ymd_opt(2000, 1, 1).expect("date"),
                    force_reference: reference.into(),
                    contact: None,
                    accessibility_notes: None,
                    preferred_language: "en".into(),
                    created_at: at(0),
                }
                .into_active_model()
                .insert(db)
                .await
                .expect("participant");
                people.push(person.clone());
                person
            }
        };
        let deadline = if days >= 0 {
            today() + Days::new(days.unsigned_abs())
        } else {
            today() - Days::new(days.unsigned_abs())
        };
        let created_by = caseworker.map(|i| caseworkers[i].clone());
        // Created in an order unrelated to the fixture's, so sorting by it means something.
        let created_at = at(first_second + (i64::try_from(n).expect("small") * 7) % 17);
        let stored = assignment::Model {
            id: Uuid::new_v4(),
            organisation_id: force.id,
            participant_id: person.id,
            course_id: course.into(),
            course_version: None,
            disposal_type: disposal.as_str().into(),
            condition_text: "Complete the course.".into(),
            deadline,
            status: status.as_str().into(),
            access_code_hash: Uuid::new_v4().to_string(),
            failed_code_tries: 0,
            code_locked_until: None,
            created_by: created_by.as_ref().map(|(id, _)| *id),
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
        .insert(db)
        .await
        .expect("assignment");
        assignments.push(Stored {
            row: dashboard::DashboardRow {
                assignment_id: stored.id,
                participant_id: person.id,
                name: person.name.clone(),
                force_reference: person.force_reference.clone(),
                course_id: stored.course_id,
                disposal_type: stored.disposal_type,
                deadline,
                status: stored.status,
                outcome: stored.outcome,
                created_at,
                caseworker_id: created_by.as_ref().map(|(id, _)| *id),
                caseworker_name: created_by.map(|(_, name)| name),
            },
            organisation_id: force.id,
            status,
        });
    }
    Force {
        id: force.id,
        caseworkers,
        assignments,
    }
}

/// Everything, unsorted by anything in particular, one big page.
fn everything(force: &Force) -> DashboardQuery {
    DashboardQuery {
        organisation_id: force.id,
        today: today(),
        state: None,
        course_id: None,
        disposal_type: None,
        caseworker: None,
        search: None,
        sort: SortColumn::Deadline,
        descending: false,
        offset: 0,
        limit: 1000,
    }
}

fn ids<'a>(rows: impl IntoIterator<Item = &'a dashboard::DashboardRow>) -> BTreeSet<Uuid> {
    rows.into_iter().map(|row| row.assignment_id).collect()
}

/// The ids of the force's assignments that `keep` accepts.
fn expected(force: &Force, keep: impl Fn(&Stored) -> bool) -> BTreeSet<Uuid> {
    ids(force
        .assignments
        .iter()
        .filter(|stored| keep(stored))
        .map(|stored| &stored.row))
}

async fn page_ids(db: &DatabaseConnection, query: &DashboardQuery) -> BTreeSet<Uuid> {
    let (rows, total) = dashboard::page(db, query).await.expect("page");
    assert_eq!(
        usize::try_from(total).expect("small"),
        rows.len(),
        "{query:?}"
    );
    assert!(
        rows.iter()
            .all(|row| row.caseworker_id.is_none() || row.caseworker_name.is_some())
    );
    ids(&rows)
}

async fn seeded(test: &TestDatabase) -> (Force, Force) {
    let db = &test.db.connection;
    let north = seed(db, "Northshire", &NORTH, 100).await;
    let south = seed(db, "Southshire", &SOUTH, 200).await;
    (north, south)
}

async fn states_agree_with_the_pure_rule(test: TestDatabase) {
    let (north, south) = seeded(&test).await;
    let db = &test.db.connection;
    for force in [&north, &south] {
        for state in DashboardState::ALL {
            let want = expected(force, |s| {
                state.matches(s.status, s.row.outcome.is_some(), s.row.deadline, today())
            });
            let query = DashboardQuery {
                state: Some(state),
                ..everything(force)
            };
            assert_eq!(page_ids(db, &query).await, want, "{state:?}");
        }
        let counts = dashboard::counts(db, force.id, today())
            .await
            .expect("counts");
        let want: Vec<(DashboardState, u64)> = DashboardState::COUNTED
            .into_iter()
            .map(|state| {
                let n = expected(force, |s| {
                    state.matches(s.status, s.row.outcome.is_some(), s.row.deadline, today())
                })
                .len();
                (state, u64::try_from(n).expect("small"))
            })
            .collect();
        assert_eq!(counts, want);
    }
    // The fixture really does reach every state, edges included.
    let counts = dashboard::counts(db, north.id, today())
        .await
        .expect("counts");
    assert_eq!(
        counts.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
        [3, 3, 4, 3, 2, 1]
    );
    // Rows come back whole, and equal to what was stored.
    let (rows, _) = dashboard::page(db, &everything(&north))
        .await
        .expect("page");
    for row in rows {
        let stored = north
            .assignments
            .iter()
            .find(|s| s.row.assignment_id == row.assignment_id)
            .expect("a stored assignment");
        assert_eq!(row, stored.row);
    }
    test.drop_database().await;
}

async fn filters_narrow_within_the_force(test: TestDatabase) {
    let (north, south) = seeded(&test).await;
    let db = &test.db.connection;
    let by_course = DashboardQuery {
        course_id: Some("anger".into()),
        ..everything(&north)
    };
    assert_eq!(
        page_ids(db, &by_course).await,
        expected(&north, |s| s.row.course_id == "anger")
    );
    let by_disposal = DashboardQuery {
        disposal_type: Some(CR.as_str().into()),
        ..everything(&north)
    };
    assert_eq!(
        page_ids(db, &by_disposal).await,
        expected(&north, |s| s.row.disposal_type == CR.as_str())
    );
    let ali = north.caseworkers[1].0;
    let by_caseworker = DashboardQuery {
        caseworker: Some(ali),
        ..everything(&north)
    };
    let want = expected(&north, |s| s.row.caseworker_id == Some(ali));
    assert_eq!(want.len(), 6);
    assert_eq!(page_ids(db, &by_caseworker).await, want);
    let combined = DashboardQuery {
        course_id: Some("anger".into()),
        caseworker: Some(north.caseworkers[0].0),
        state: Some(DashboardState::AwaitingReview),
        ..everything(&north)
    };
    assert_eq!(
        page_ids(db, &combined).await,
        expected(&north, |s| s.row.name == "Gail Green")
    );
    // Another force's caseworker has made none of this force's assignments.
    let theirs = DashboardQuery {
        caseworker: Some(south.caseworkers[0].0),
        ..everything(&north)
    };
    assert!(page_ids(db, &theirs).await.is_empty());
    assert_eq!(
        dashboard::caseworkers(db, north.id)
            .await
            .expect("caseworkers"),
        [north.caseworkers[1].clone(), north.caseworkers[0].clone()],
        "by name: Ali before Casey"
    );
    test.drop_database().await;
}

async fn search_is_literal_and_ignores_case(test: TestDatabase) {
    let (north, south) = seeded(&test).await;
    let db = &test.db.connection;
    let search = |text: &str| DashboardQuery {
        search: Some(text.into()),
        ..everything(&north)
    };
    let named = |names: &[&str]| {
        let names = names.to_vec();
        expected(&north, move |s| names.contains(&s.row.name.as_str()))
    };
    let cases: [(&str, &[&str]); 14] = [
        ("alice", &["Alice Adams"]),
        ("  ADAMS ", &["Alice Adams"]),
        ("o'brien", &["Ben O'Brien"]),
        (
            "ns/000",
            &[
                "Alice Adams",
                "Ben O'Brien",
                "Chloe Chan",
                "Dev Patel",
                "Erin Evans",
                "Femi Okafor",
            ],
        ),
        ("0012", &["Lee Lam"]),
        ("ref_", &["Gail Green"]),
        ("F_1", &["Gail Green"]),
        ("refx", &["Hari Hussain"]),
        ("%", &["Ivy Ince"]),
        ("50%off", &["Ivy Ince"]),
        ("_", &["Gail Green"]),
        (r"\", &["Jon Jones"]),
        (r"a\b", &["Jon Jones"]),
        ("'", &["Ben O'Brien"]),
    ];
    for (text, names) in cases {
        assert_eq!(page_ids(db, &search(text)).await, named(names), "{text:?}");
    }
    for nothing in ["zzz", "%%", r"\\", "a%b", "'; DROP TABLE assignment; --"] {
        assert!(
            page_ids(db, &search(nothing)).await.is_empty(),
            "{nothing:?}"
        );
    }
    assert_eq!(
        page_ids(db, &search("   ")).await,
        expected(&north, |_| true),
        "blank search finds everything"
    );
    // The other force's Alice, 50% and backslash stay in the other force.
    let theirs = DashboardQuery {
        search: Some("alice".into()),
        ..everything(&south)
    };
    assert_eq!(
        page_ids(db, &theirs).await,
        expected(&south, |s| s.row.name == "Alice Bobbins")
    );
    test.drop_database().await;
}

/// The force's rows in the order the dashboard should give them.
fn sorted(force: &Force, sort: SortColumn, descending: bool) -> Vec<Uuid> {
    let mut rows: Vec<&dashboard::DashboardRow> =
        force.assignments.iter().map(|s| &s.row).collect();
    rows.sort_by(|x, y| {
        let by: Ordering = match sort {
            SortColumn::Deadline => x.deadline.cmp(&y.deadline),
            SortColumn::Name => x.name.cmp(&y.name),
            SortColumn::Course => x.course_id.cmp(&y.course_id),
            SortColumn::Assigned => x.created_at.cmp(&y.created_at),
        };
        let order = by.then(x.assignment_id.cmp(&y.assignment_id));
        if descending { order.reverse() } else { order }
    });
    rows.into_iter().map(|row| row.assignment_id).collect()
}

async fn sorts_and_pages_stably(test: TestDatabase) {
    let (north, _south) = seeded(&test).await;
    let db = &test.db.connection;
    for sort in [
        SortColumn::Deadline,
        SortColumn::Name,
        SortColumn::Course,
        SortColumn::Assigned,
    ] {
        for descending in [false, true] {
            let want = sorted(&north, sort, descending);
            let query = DashboardQuery {
                sort,
                descending,
                ..everything(&north)
            };
            let (rows, total) = dashboard::page(db, &query).await.expect("page");
            let got: Vec<Uuid> = rows.iter().map(|row| row.assignment_id).collect();
            assert_eq!(got, want, "{sort:?} descending={descending}");
            assert_eq!(total, 16);

            // Page by page, five at a time, gives the same order, each total the same.
            let mut paged = Vec::new();
            for offset in (0..20).step_by(5) {
                let query = DashboardQuery {
                    offset,
                    limit: 5,
                    ..query.clone()
                };
                let (rows, total) = dashboard::page(db, &query).await.expect("page");
                assert_eq!(total, 16);
                assert_eq!(
                    rows.len(),
                    [5, 5, 5, 1][usize::try_from(offset / 5).expect("small")]
                );
                paged.extend(rows.iter().map(|row| row.assignment_id));
            }
            assert_eq!(paged, want);

            // The export ignores the page and keeps the order.
            let export = dashboard::all_matching(
                db,
                &DashboardQuery {
                    offset: 10,
                    limit: 2,
                    ..query
                },
            )
            .await
            .expect("export");
            let exported: Vec<Uuid> = export.iter().map(|row| row.assignment_id).collect();
            assert_eq!(exported, want);
        }
    }
    let past_the_end = DashboardQuery {
        offset: 100,
        limit: 5,
        ..everything(&north)
    };
    let (rows, total) = dashboard::page(db, &past_the_end).await.expect("page");
    assert!(rows.is_empty());
    assert_eq!(total, 16);
    test.drop_database().await;
}

async fn forces_never_see_each_other(test: TestDatabase) {
    let (north, south) = seeded(&test).await;
    let db = &test.db.connection;
    for (mine, theirs) in [(&north, &south), (&south, &north)] {
        let export = dashboard::all_matching(db, &everything(mine))
            .await
            .expect("export");
        assert_eq!(ids(&export), expected(mine, |_| true));
        for stored in &theirs.assignments {
            assert_ne!(stored.organisation_id, mine.id);
        }
        let names: BTreeSet<Uuid> = dashboard::caseworkers(db, mine.id)
            .await
            .expect("caseworkers")
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(names, mine.caseworkers.iter().map(|(id, _)| *id).collect());
    }
    let nobody = DashboardQuery {
        organisation_id: Uuid::new_v4(),
        ..everything(&north)
    };
    assert!(page_ids(db, &nobody).await.is_empty());
    assert_eq!(
        dashboard::counts(db, nobody.organisation_id, today())
            .await
            .expect("counts")
            .iter()
            .map(|(_, n)| *n)
            .sum::<u64>(),
        0
    );
    test.drop_database().await;
}

async fn case_history_reads_back_in_order_with_staff_names(test: TestDatabase) {
    let (north, _south) = seeded(&test).await;
    let db = &test.db.connection;
    let assignment_id = north.assignments[0].row.assignment_id;
    let (casey, casey_name) = north.caseworkers[0].clone();
    let event = |kind: &str, staff: Option<Uuid>, seconds: i64| NewCaseEvent {
        assignment_id,
        organisation_id: north.id,
        kind: kind.into(),
        staff_user_id: staff,
        detail: Some(format!("{kind} detail")),
        reason: (kind == "deadline-extended").then(|| "Was in hospital".into()),
        occurred_at: at(seconds) + chrono::Duration::nanoseconds(789),
    };
    // Appended out of order in time; two at the same moment.
    let later = case_events::append(db, event("deadline-extended", Some(casey), 50))
        .await
        .expect("append");
    let first = case_events::append(db, event("assigned", Some(casey), 10))
        .await
        .expect("append");
    let same_a = case_events::append(db, event("letter-printed", None, 30))
        .await
        .expect("append");
    let same_b = case_events::append(db, event("note", Some(casey), 30))
        .await
        .expect("append");
    assert_eq!(first.occurred_at, at(10), "kept to the microsecond");
    let other = north.assignments[1].row.assignment_id;
    case_events::append(
        db,
        NewCaseEvent {
            assignment_id: other,
            ..event("note", None, 20)
        },
    )
    .await
    .expect("append");

    let history = case_events::for_assignment(db, assignment_id)
        .await
        .expect("history");
    let mut same = [same_a.clone(), same_b.clone()];
    same.sort_by_key(|e| e.id);
    let want = vec![
        (first, Some(casey_name.clone())),
        (
            same[0].clone(),
            same[0].staff_user_id.map(|_| casey_name.clone()),
        ),
        (
            same[1].clone(),
            same[1].staff_user_id.map(|_| casey_name.clone()),
        ),
        (later.clone(), Some(casey_name.clone())),
    ];
    assert_eq!(history, want);
    assert_eq!(later.reason.as_deref(), Some("Was in hospital"));
    assert!(
        case_events::for_assignment(db, Uuid::new_v4())
            .await
            .expect("history")
            .is_empty()
    );

    // Removing the assignment removes its history.
    assignment::Entity::delete_by_id(assignment_id)
        .exec(db)
        .await
        .expect("delete");
    assert!(
        case_events::for_assignment(db, assignment_id)
            .await
            .expect("history")
            .is_empty()
    );
    assert_eq!(
        case_events::for_assignment(db, other)
            .await
            .expect("history")
            .len(),
        1
    );
    test.drop_database().await;
}

async fn deadline_defaults_fall_back_and_update(test: TestDatabase) {
    let (north, south) = seeded(&test).await;
    let db = &test.db.connection;
    let built_in: Vec<(Disposal, u32)> = Disposal::ALL
        .into_iter()
        .map(|d| (d, d.default_days()))
        .collect();
    assert_eq!(
        deadline_defaults::days_for(db, north.id)
            .await
            .expect("days"),
        built_in
    );
    deadline_defaults::set(db, north.id, &[(CR, 14), (Cond, 90)])
        .await
        .expect("set");
    deadline_defaults::set(db, north.id, &[(CR, 21), (Other, 7)])
        .await
        .expect("set again");
    let days = deadline_defaults::days_for(db, north.id)
        .await
        .expect("days");
    assert_eq!(
        days,
        [
            (CR, 21),
            (Cond, 90),
            (YCC, YCC.default_days()),
            (DC, DC.default_days()),
            (CC, CC.default_days()),
            (Other, 7),
        ]
    );
    assert_eq!(
        deadline_defaults::days_for(db, south.id)
            .await
            .expect("days"),
        built_in,
        "another force's defaults are its own"
    );
    deadline_defaults::set(db, north.id, &[])
        .await
        .expect("nothing to set");
    assert!(
        deadline_defaults::set(db, north.id, &[(DC, 30), (CC, u32::MAX)])
            .await
            .is_err()
    );
    assert_eq!(
        deadline_defaults::days_for(db, north.id)
            .await
            .expect("days"),
        days,
        "a refused change changes nothing"
    );
    test.drop_database().await;
}

/// A search finding more than a few hundred people takes another path through the
/// database than one finding a few; both must give the same answers.
async fn broad_and_narrow_searches_agree(test: TestDatabase) {
    let (north, _south) = seeded(&test).await;
    let db = &test.db.connection;
    // Three families of names: 520 people holding a literal `t_S` (one assignment each),
    // 20 who would match `t_S` only were the `_` a wildcard, and 510 holding `e_J` (three
    // assignments each). A search finding more than 500 people, and then more than 1,000
    // assignments, takes other paths through the database than one finding a few.
    let families = [
        ("Pat_Smith", 520, 1),
        ("PatXSmith", 20, 1),
        ("Lee_Jones", 510, 3),
    ];
    let mut names = Vec::new();
    let mut each = Vec::new();
    for (family, people, assignments) in families {
        for n in 0..people {
            names.push(format!("{family} {n:03}"));
            each.push(assignments);
        }
    }
    let people: Vec<participant::ActiveModel> = names
        .iter()
        .enumerate()
        .map(|(n, name)| {
            participant::Model {
                id: Uuid::new_v4(),
                organisation_id: north.id,
                name: name.clone(),
                date_of_birth: NaiveDate::from_ymd_opt(2001, 1, 1).expect("date"),
                force_reference: format!("BR/{n:04}"),
                contact: None,
                accessibility_notes: None,
                preferred_language: "en".into(),
                created_at: at(0),
            }
            .into_active_model()
        })
        .collect();
    let ids: Vec<Uuid> = people.iter().map(|p| p.id.clone().unwrap()).collect();
    participant::Entity::insert_many(people)
        .exec_without_returning(db)
        .await
        .expect("participants");
    // Deadlines, courses and states spread evenly.
    let mut expected_rows = Vec::new();
    let mut assignments: Vec<assignment::ActiveModel> = Vec::new();
    for (person, &count) in each.iter().enumerate() {
        for _ in 0..count {
            let n = expected_rows.len();
            let deadline =
                today() - Days::new(15) + Days::new(u64::try_from(n % 31).expect("small"));
            let created_at = at(1000 + i64::try_from(n).expect("small"));
            let row = assignment::Model {
                id: Uuid::new_v4(),
                organisation_id: north.id,
                participant_id: ids[person],
                course_id: ["anger", "alcohol"][n % 2].into(),
                course_version: None,
                disposal_type: CR.as_str().into(),
                condition_text: String::new(),
                deadline,
                status: [Assigned, InProgress, Completed][n % 3].as_str().into(),
                access_code_hash: Uuid::new_v4().to_string(),
                failed_code_tries: 0,
                code_locked_until: None,
                created_by: None,
                created_at,
                updated_at: created_at,
                declared_at: None,
                started_at: None,
                completed_at: None,
                attempt: 1,
                outcome: None,
                outcome_reason: None,
            };
            expected_rows.push((
                row.id,
                names[person].clone(),
                row.deadline,
                row.course_id.clone(),
                row.created_at,
            ));
            assignments.push(row.into_active_model());
        }
    }
    // In batches SQLite's limit on bound values allows.
    while !assignments.is_empty() {
        let rest = assignments.split_off(assignments.len().min(500));
        assignment::Entity::insert_many(std::mem::replace(&mut assignments, rest))
            .exec_without_returning(db)
            .await
            .expect("assignments");
    }

    let sorts = [
        SortColumn::Deadline,
        SortColumn::Name,
        SortColumn::Course,
        SortColumn::Assigned,
    ];
    // Broad: 520 assignments, then 1,530; narrow: 10 people, then 40.
    let searches = ["t_S", "E_j", "T_SMITH 51", "smith 5"];
    for (text, sort) in searches
        .into_iter()
        .flat_map(|text| sorts.map(|sort| (text, sort)))
    {
        let needle = text.to_lowercase();
        let mut want: Vec<_> = expected_rows
            .iter()
            .filter(|row| row.1.to_lowercase().contains(&needle))
            .collect();
        want.sort_by(|x, y| {
            let by = match sort {
                SortColumn::Deadline => x.2.cmp(&y.2),
                SortColumn::Name => x.1.cmp(&y.1),
                SortColumn::Course => x.3.cmp(&y.3),
                SortColumn::Assigned => x.4.cmp(&y.4),
            };
            by.then(x.0.cmp(&y.0))
        });
        let want: Vec<Uuid> = want.into_iter().map(|row| row.0).collect();
        let query = DashboardQuery {
            search: Some(text.into()),
            sort,
            ..everything(&north)
        };
        let export: Vec<Uuid> = dashboard::all_matching(db, &query)
            .await
            .expect("export")
            .iter()
            .map(|row| row.assignment_id)
            .collect();
        assert_eq!(export, want, "{text:?} by {sort:?}");
        let page = DashboardQuery {
            offset: 20,
            limit: 25,
            ..query
        };
        let (rows, total) = dashboard::page(db, &page).await.expect("page");
        assert_eq!(
            usize::try_from(total).expect("small"),
            want.len(),
            "{text:?}"
        );
        let got: Vec<Uuid> = rows.iter().map(|row| row.assignment_id).collect();
        assert_eq!(
            got,
            want.iter().skip(20).take(25).copied().collect::<Vec<_>>()
        );
    }
    let broad = DashboardQuery {
        search: Some("e_j".into()),
        state: Some(DashboardState::AwaitingReview),
        ..everything(&north)
    };
    let (rows, total) = dashboard::page(db, &broad).await.expect("page");
    assert_eq!(u64::try_from(rows.len()).expect("small"), total);
    assert!(total > 150 && rows.iter().all(|row| row.status == "completed"));
    test.drop_database().await;
}

#[tokio::test]
async fn broad_and_narrow_searches_on_sqlite() {
    broad_and_narrow_searches_agree(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn broad_and_narrow_searches_on_postgres() {
    broad_and_narrow_searches_agree(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn states_on_sqlite() {
    states_agree_with_the_pure_rule(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn states_on_postgres() {
    states_agree_with_the_pure_rule(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn filters_on_sqlite() {
    filters_narrow_within_the_force(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn filters_on_postgres() {
    filters_narrow_within_the_force(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn search_on_sqlite() {
    search_is_literal_and_ignores_case(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn search_on_postgres() {
    search_is_literal_and_ignores_case(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn sorting_and_paging_on_sqlite() {
    sorts_and_pages_stably(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn sorting_and_paging_on_postgres() {
    sorts_and_pages_stably(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn forces_apart_on_sqlite() {
    forces_never_see_each_other(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn forces_apart_on_postgres() {
    forces_never_see_each_other(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn case_history_on_sqlite() {
    case_history_reads_back_in_order_with_staff_names(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn case_history_on_postgres() {
    case_history_reads_back_in_order_with_staff_names(TestDatabase::postgres().await).await;
}

#[tokio::test]
async fn deadline_defaults_on_sqlite() {
    deadline_defaults_fall_back_and_update(TestDatabase::sqlite().await).await;
}

#[tokio::test]
async fn deadline_defaults_on_postgres() {
    deadline_defaults_fall_back_and_update(TestDatabase::postgres().await).await;
}
