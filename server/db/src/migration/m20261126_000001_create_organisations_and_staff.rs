use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("organisation")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(string_uniq("name"))
                    .col(timestamp_with_time_zone("created_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_user")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(string_uniq("email"))
                    .col(string("display_name"))
                    .col(string("role"))
                    .col(string("password_hash"))
                    .col(boolean("disabled").default(false))
                    .col(integer("failed_sign_ins").default(0))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_user_organisation")
                            .from("staff_user", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_session")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("staff_user_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_staff_session_staff_user")
                            .from("staff_session", "staff_user_id")
                            .to("staff_user", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["staff_session", "staff_user", "organisation"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
