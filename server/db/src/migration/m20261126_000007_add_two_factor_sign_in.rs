use sea_orm_migration::{prelude::*, schema::*};

/// Two-factor sign-in: each member of staff's authenticator secret, when they turned it
/// on and the step of the last code accepted (so no code works twice); and whether a
/// force requires it of everyone.
///
/// The secret is stored as base32 text, readable to whoever can read the database; it is
/// protected by the database's access controls like the rest of the personal data here
/// (see SECURITY.md). A secret with no `totp_enabled_at` is a set-up not yet confirmed
/// with a code.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The new columns, as (table, column), for `down`. SQLite alters one column at a time.
const COLUMNS: [(&str, &str); 4] = [
    ("staff_user", "totp_secret"),
    ("staff_user", "totp_enabled_at"),
    ("staff_user", "totp_last_step"),
    ("organisation", "require_totp"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ("staff_user", string_null("totp_secret")),
            (
                "staff_user",
                timestamp_with_time_zone_null("totp_enabled_at"),
            ),
            ("staff_user", big_integer_null("totp_last_step")),
            (
                "organisation",
                boolean("require_totp").default(false).to_owned(),
            ),
        ];
        for (table, column) in columns {
            manager
                .alter_table(Table::alter().table(table).add_column(column).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in COLUMNS.iter().rev() {
            manager
                .alter_table(Table::alter().table(*table).drop_column(*column).to_owned())
                .await?;
        }
        Ok(())
    }
}
