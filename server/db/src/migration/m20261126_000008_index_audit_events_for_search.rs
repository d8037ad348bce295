use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // An admin's search lists their force's events, newest first.
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_organisation_id")
                    .table("audit_event")
                    .col("organisation_id")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        // "Who has seen my record" and the search look events up by record id alone (the
        // index from 000003 leads with the record kind).
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_event_record_id")
                    .table("audit_event")
                    .col("record_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in ["ix_audit_event_record_id", "ix_audit_event_organisation_id"] {
            manager
                .drop_index(Index::drop().name(index).table("audit_event").to_owned())
                .await?;
        }
        Ok(())
    }
}
