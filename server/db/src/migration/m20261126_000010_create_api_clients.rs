use sea_orm_migration::{prelude::*, schema::*};

/// API clients: a force's records system, holding a bearer token scoped to that force.
///
/// Only the SHA-256 of the token is stored. The token carries 32 random bytes (256 bits),
/// so it cannot be guessed or brute-forced from its hash, and a slow password hash (which
/// exists to protect low-entropy human passwords) would only cost time on every request.
/// Looking a client up by the hash of the presented token also compares in the database
/// index, never byte by byte against a secret in memory.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("api_client")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(string("name"))
                    .col(string("token_hash").unique_key())
                    .col(timestamp_with_time_zone("created_at"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .col(timestamp_with_time_zone_null("last_used_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_client_organisation")
                            .from("api_client", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_client_organisation_id")
                    .table("api_client")
                    .col("organisation_id")
                    .to_owned(),
            )
            .await?;
        // The API lists a force's assignments changed since a time, in (updated_at, id)
        // order.
        manager
            .create_index(
                Index::create()
                    .name("ix_assignment_organisation_updated")
                    .table("assignment")
                    .col("organisation_id")
                    .col("updated_at")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_assignment_organisation_updated")
                    .table("assignment")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("api_client").to_owned())
            .await
    }
}
