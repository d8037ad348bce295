use sea_orm_migration::{prelude::*, schema::*};

/// The caseworker dashboard's indexes, as (name, table, columns). SQLite plans without
/// statistics, so each is shaped to be the plain best choice for its query; the benchmark
/// (`benches/dashboard.rs`) measures them and a test of `queries::dashboard` checks, by
/// `EXPLAIN QUERY PLAN`, that each query uses the one meant for it.
const DASHBOARD_INDEXES: [(&str, &str, &[&str]); 8] = [
    // The first page: the force's assignments read in deadline order, so never sorted.
    (
        "ix_assignment_organisation_deadline",
        "assignment",
        &["organisation_id", "deadline", "id"],
    ),
    // Sorting by when assigned: read in that order.
    (
        "ix_assignment_organisation_created_at",
        "assignment",
        &["organisation_id", "created_at", "id"],
    ),
    // Sorting by course: read in that order; and counting one course's assignments.
    (
        "ix_assignment_organisation_course",
        "assignment",
        &["organisation_id", "course_id", "id"],
    ),
    // One caseworker's assignments: counted, and listed by deadline without reading others'.
    (
        "ix_assignment_organisation_created_by",
        "assignment",
        &["organisation_id", "created_by", "deadline", "id"],
    ),
    // Counting one disposal type's assignments.
    (
        "ix_assignment_organisation_disposal",
        "assignment",
        &["organisation_id", "disposal_type"],
    ),
    // Counting what awaits review (no outcome yet) and what has an outcome.
    (
        "ix_assignment_organisation_outcome_status",
        "assignment",
        &["organisation_id", "outcome", "status"],
    ),
    // A participant's assignments: the lookup when walking by name or from a search.
    (
        "ix_assignment_organisation_participant",
        "assignment",
        &["organisation_id", "participant_id"],
    ),
    // Sorting by name: read in that order; and searching names and references off the index.
    (
        "ix_participant_organisation_name",
        "participant",
        &["organisation_id", "name", "force_reference", "id"],
    ),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // What happened to an assignment, for the caseworker's case history: assigned,
        // letter printed, code reissued, deadline extended, notes, outcome.
        manager
            .create_table(
                Table::create()
                    .table("case_event")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("assignment_id"))
                    .col(uuid("organisation_id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("kind"))
                    .col(uuid_null("staff_user_id"))
                    .col(text_null("detail"))
                    .col(text_null("reason"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_event_assignment")
                            .from("case_event", "assignment_id")
                            .to("assignment", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_event_organisation")
                            .from("case_event", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_case_event_staff_user")
                            .from("case_event", "staff_user_id")
                            .to("staff_user", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        // A case's history is read one assignment at a time, oldest first.
        manager
            .create_index(
                Index::create()
                    .name("ix_case_event_assignment_occurred_at")
                    .table("case_event")
                    .col("assignment_id")
                    .col("occurred_at")
                    .to_owned(),
            )
            .await?;
        // A force's own default deadline (in days) for each disposal type; a disposal
        // with no row here uses the built-in default.
        manager
            .create_table(
                Table::create()
                    .table("deadline_default")
                    .if_not_exists()
                    .col(uuid("organisation_id"))
                    .col(string("disposal_type"))
                    .col(integer("days"))
                    .primary_key(Index::create().col("organisation_id").col("disposal_type"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deadline_default_organisation")
                            .from("deadline_default", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in DASHBOARD_INDEXES {
            let mut index = Index::create();
            index.name(name).table(table);
            for column in columns {
                index.col(*column);
            }
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in DASHBOARD_INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for table in ["deadline_default", "case_event"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
