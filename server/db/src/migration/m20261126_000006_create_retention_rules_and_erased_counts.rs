use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A force's own retention periods, in calendar months after an assignment
        // closes; a force with no row uses the built-in defaults.
        manager
            .create_table(
                Table::create()
                    .table("retention_rule")
                    .if_not_exists()
                    .col(uuid("organisation_id").primary_key())
                    .col(integer("completed_months"))
                    .col(integer("other_months"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_retention_rule_organisation")
                            .from("retention_rule", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        // What survives an erasure: how many assignments of each kind closed each month,
        // with nothing that identifies anyone, so a force can still report its numbers.
        manager
            .create_table(
                Table::create()
                    .table("erased_assignment_count")
                    .if_not_exists()
                    .col(uuid("organisation_id"))
                    .col(string("course_id"))
                    .col(string("disposal_type"))
                    .col(string("outcome_or_status"))
                    .col(string("closed_month"))
                    .col(integer("count"))
                    .primary_key(
                        Index::create()
                            .col("organisation_id")
                            .col("course_id")
                            .col("disposal_type")
                            .col("outcome_or_status")
                            .col("closed_month"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_erased_assignment_count_organisation")
                            .from("erased_assignment_count", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["erased_assignment_count", "retention_rule"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
