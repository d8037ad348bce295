//! `reroute retention run` against the real binary: a dry run lists what is due and
//! changes nothing; a real run erases it, logs each erasure, leaves what is not due, and
//! keeps the audit chain intact.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{Months, Utc};
use reroute_db::Database;
use reroute_db::entity::{assignment, audit_event, participant};
use reroute_db::sea_orm::sea_query::Expr;
use reroute_db::sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::{Server, reroute};
use uuid::Uuid;

/// Assigns a course from the command line and returns the assignment's id.
fn assign(data: &std::path::Path, reference: &str) -> Uuid {
    let out = reroute(
        data,
        &[
            "assign",
            "--organisation",
            "Testshire Police",
            "--name",
            "Sam Sample",
            "--date-of-birth",
            "2000-04-01",
            "--reference",
            reference,
            "--course",
            "victim-awareness",
        ],
        "",
    );
    let id = out
        .lines()
        .find_map(|line| line.strip_prefix("assignment "))
        .expect("the assignment's id");
    Uuid::try_parse(id).unwrap()
}

/// Marks the assignment completed `months` months ago.
async fn completed_months_ago(db: &Database, id: Uuid, months: u32) {
    let then = Utc::now().checked_sub_months(Months::new(months)).unwrap();
    assignment::Entity::update_many()
        .col_expr(assignment::Column::Status, Expr::value("completed"))
        .col_expr(assignment::Column::CompletedAt, Expr::value(Some(then)))
        .col_expr(assignment::Column::UpdatedAt, Expr::value(then))
        .filter(assignment::Column::Id.eq(id))
        .exec(&db.connection)
        .await
        .unwrap();
}

async fn exists(db: &Database, id: Uuid) -> Option<assignment::Model> {
    assignment::Entity::find_by_id(id)
        .one(&db.connection)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_dry_run_lists_and_a_real_run_erases_and_logs() {
    let data = Server::data_dir();
    let due = assign(data.path(), "T/1");
    let kept = assign(data.path(), "T/2");
    let url = reroute_db::sqlite_url_for_data_dir(data.path());
    let db = Database::connect(&url).await.unwrap();
    completed_months_ago(&db, due, 43).await;
    completed_months_ago(&db, kept, 41).await;
    let person = exists(&db, due).await.unwrap().participant_id;

    let dry = reroute(data.path(), &["retention", "run", "--dry-run"], "");
    assert!(
        dry.contains(&format!(
            "due assignment {due} force \"Testshire Police\" due "
        )),
        "{dry}"
    );
    assert!(!dry.contains(&kept.to_string()), "{dry}");
    assert!(
        dry.contains("dry run: 1 assignment due for erasure; nothing was erased"),
        "{dry}"
    );
    assert!(exists(&db, due).await.is_some(), "a dry run erases nothing");

    let real = reroute(data.path(), &["retention", "run"], "");
    assert!(real.contains(&format!("erased assignment {due}")), "{real}");
    assert!(real.contains("1 assignment erased, 0 skipped"), "{real}");
    assert!(exists(&db, due).await.is_none());
    assert!(
        participant::Entity::find_by_id(person)
            .one(&db.connection)
            .await
            .unwrap()
            .is_none(),
        "the person had nothing else, so they have gone too"
    );
    assert!(exists(&db, kept).await.is_some(), "not yet due: kept");

    let logged = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("retention.erased-assignment"))
        .all(&db.connection)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].actor_kind, "system");
    assert_eq!(logged[0].record_id, Some(due.to_string()));
    assert_eq!(
        logged[0].reason.as_deref(),
        Some("retention rule: 42 months after closure")
    );
    db.close().await.unwrap();

    let again = reroute(data.path(), &["retention", "run"], "");
    assert!(again.contains("0 assignments erased"), "{again}");
    let audit = reroute(data.path(), &["audit", "verify"], "");
    assert!(audit.contains("intact"), "{audit}");
}
