use sea_orm_migration::{prelude::*, schema::*};

/// Webhooks: a force's endpoints and the outbox of deliveries to them.
///
/// A delivery row is written in the same transaction as the change it announces, so an
/// event is either recorded with its deliveries or not at all; the dispatcher then sends
/// each pending row until the receiver accepts it. The row stays as the delivery log.
/// Endpoint secrets are not stored: each is derived from a server key and the endpoint's
/// id and secret version.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("webhook_endpoint")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(text("url"))
                    .col(string("events"))
                    .col(integer("secret_version").default(1))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone_null("disabled_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_endpoint_organisation")
                            .from("webhook_endpoint", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_endpoint_organisation_id")
                    .table("webhook_endpoint")
                    .col("organisation_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("webhook_delivery")
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(uuid("endpoint_id"))
                    .col(string("event_type"))
                    .col(string("event_key"))
                    .col(uuid_null("assignment_id"))
                    .col(date_null("assignment_deadline"))
                    .col(text("payload"))
                    .col(string("state"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("last_attempt_at"))
                    .col(integer_null("last_status_code"))
                    .col(string_null("last_error"))
                    .col(timestamp_with_time_zone_null("delivered_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_delivery_endpoint")
                            .from("webhook_delivery", "endpoint_id")
                            .to("webhook_endpoint", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        // One delivery per event per endpoint, however many times the event is noticed.
        manager
            .create_index(
                Index::create()
                    .name("ux_webhook_delivery_endpoint_event")
                    .table("webhook_delivery")
                    .col("endpoint_id")
                    .col("event_key")
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The dispatcher's question: what is due now?
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_delivery_due")
                    .table("webhook_delivery")
                    .col("state")
                    .col("next_attempt_at")
                    .to_owned(),
            )
            .await?;
        // The delivery log, newest first; and erasing an assignment's rows.
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_delivery_endpoint_created")
                    .table("webhook_delivery")
                    .col("endpoint_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_delivery_assignment")
                    .table("webhook_delivery")
                    .col("assignment_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("webhook_delivery").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("webhook_endpoint").to_owned())
            .await
    }
}
