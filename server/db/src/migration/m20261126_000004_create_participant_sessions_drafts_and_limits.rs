use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("participant_session")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("participant_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_participant_session_participant")
                            .from("participant_session", "participant_id")
                            .to("participant", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Text a participant has typed but not yet sent as an answer: kept so that a
        // too-short reflection, or "save and come back later", loses nothing.
        manager
            .create_table(
                Table::create()
                    .table("answer_draft")
                    .if_not_exists()
                    .col(uuid("assignment_id"))
                    .col(string("block_id"))
                    .col(text("text"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .primary_key(Index::create().col("assignment_id").col("block_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_answer_draft_assignment")
                            .from("answer_draft", "assignment_id")
                            .to("assignment", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Fixed-window counters for rate limits, shared by every server process.
        manager
            .create_table(
                Table::create()
                    .table("rate_limit")
                    .if_not_exists()
                    .col(string("key").primary_key())
                    .col(timestamp_with_time_zone("window_started_at"))
                    .col(integer("count"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["rate_limit", "answer_draft", "participant_session"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
