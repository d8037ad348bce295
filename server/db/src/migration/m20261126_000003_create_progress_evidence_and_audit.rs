use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("lesson_progress")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("assignment_id"))
                    .col(integer("lesson_number"))
                    .col(timestamp_with_time_zone("reached_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .col(integer("seconds_spent").default(0))
                    .col(timestamp_with_time_zone("last_activity_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_lesson_progress_assignment")
                            .from("lesson_progress", "assignment_id")
                            .to("assignment", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_lesson_progress_assignment_lesson")
                    .table("lesson_progress")
                    .col("assignment_id")
                    .col("lesson_number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("answer")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("assignment_id"))
                    .col(string("block_id"))
                    .col(integer("attempt"))
                    .col(string("kind"))
                    .col(text("value"))
                    .col(boolean_null("first_try_correct"))
                    .col(timestamp_with_time_zone("answered_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_answer_assignment")
                            .from("answer", "assignment_id")
                            .to("assignment", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The first answer to a block in an attempt is the one that counts: the database
        // refuses a second, so a double-submitted form can never change it.
        manager
            .create_index(
                Index::create()
                    .name("ux_answer_assignment_block_attempt")
                    .table("answer")
                    .col("assignment_id")
                    .col("block_id")
                    .col("attempt")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("evidence")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("assignment_id"))
                    .col(string("key_id"))
                    .col(text("token"))
                    .col(timestamp_with_time_zone("issued_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_evidence_assignment")
                            .from("evidence", "assignment_id")
                            .to("assignment", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_event")
                    .if_not_exists()
                    .col(big_pk_auto("id"))
                    .col(timestamp_with_time_zone("occurred_at"))
                    .col(string("actor_kind"))
                    .col(string_null("actor_id"))
                    .col(uuid_null("organisation_id"))
                    .col(string("action"))
                    .col(string_null("record_kind"))
                    .col(string_null("record_id"))
                    .col(string_null("address"))
                    .col(string_null("user_agent"))
                    .col(text_null("reason"))
                    .col(string("previous_hash"))
                    .col(string("hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_record")
                    .table("audit_event")
                    .col("record_kind")
                    .col("record_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["audit_event", "evidence", "answer", "lesson_progress"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
