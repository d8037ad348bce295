use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string_null;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The short code printed on a certificate, looked up by `/verify/{code}`. Nullable
        // because SQLite cannot add a NOT NULL column without a default; every record
        // issued since this migration has one (none were issued before it).
        manager
            .alter_table(
                Table::alter()
                    .table("evidence")
                    .add_column(string_null("verify_code"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_evidence_verify_code")
                    .table("evidence")
                    .col("verify_code")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // An assignment closes once, so it has at most one record: a second attempt to
        // issue one (two requests finishing the course at once) fails here.
        manager
            .create_index(
                Index::create()
                    .name("ux_evidence_assignment_id")
                    .table("evidence")
                    .col("assignment_id")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in ["ux_evidence_assignment_id", "ux_evidence_verify_code"] {
            manager
                .drop_index(Index::drop().name(index).table("evidence").to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("evidence")
                    .drop_column("verify_code")
                    .to_owned(),
            )
            .await
    }
}
