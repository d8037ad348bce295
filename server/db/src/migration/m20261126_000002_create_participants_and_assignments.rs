use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("participant")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(string("name"))
                    .col(date("date_of_birth"))
                    .col(string("force_reference"))
                    .col(string_null("contact"))
                    .col(text_null("accessibility_notes"))
                    .col(string("preferred_language"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_participant_organisation")
                            .from("participant", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        // A force reference identifies one person within one force.
        manager
            .create_index(
                Index::create()
                    .name("ux_participant_force_reference")
                    .table("participant")
                    .col("organisation_id")
                    .col("force_reference")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("course_version")
                    .if_not_exists()
                    .col(string("version").primary_key())
                    .col(string("course_id"))
                    .col(string("title"))
                    .col(text("content"))
                    .col(timestamp_with_time_zone("first_seen_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("assignment")
                    .if_not_exists()
                    .col(pk_uuid("id"))
                    .col(uuid("organisation_id"))
                    .col(uuid("participant_id"))
                    .col(string("course_id"))
                    .col(string_null("course_version"))
                    .col(string("disposal_type"))
                    .col(text("condition_text"))
                    .col(date("deadline"))
                    .col(string("status"))
                    .col(string_uniq("access_code_hash"))
                    .col(integer("failed_code_tries").default(0))
                    .col(timestamp_with_time_zone_null("code_locked_until"))
                    .col(uuid_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(timestamp_with_time_zone_null("declared_at"))
                    .col(timestamp_with_time_zone_null("started_at"))
                    .col(timestamp_with_time_zone_null("completed_at"))
                    .col(integer("attempt").default(1))
                    .col(string_null("outcome"))
                    .col(text_null("outcome_reason"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assignment_organisation")
                            .from("assignment", "organisation_id")
                            .to("organisation", "id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assignment_participant")
                            .from("assignment", "participant_id")
                            .to("participant", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assignment_course_version")
                            .from("assignment", "course_version")
                            .to("course_version", "version"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_assignment_created_by")
                            .from("assignment", "created_by")
                            .to("staff_user", "id"),
                    )
                    .to_owned(),
            )
            .await?;
        // The caseworker dashboard lists a force's assignments by status and deadline.
        manager
            .create_index(
                Index::create()
                    .name("ix_assignment_organisation_status_deadline")
                    .table("assignment")
                    .col("organisation_id")
                    .col("status")
                    .col("deadline")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_assignment_participant")
                    .table("assignment")
                    .col("participant_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["assignment", "course_version", "participant"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
