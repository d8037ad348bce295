//! An address a force's admin registered to receive webhook events.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoint")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub url: String,
    /// The subscribed event names, separated by commas.
    pub events: String,
    /// Part of what the signing secret is derived from: a new version is a new secret.
    pub secret_version: i32,
    pub created_at: DateTimeUtc,
    pub created_by: Option<Uuid>,
    pub disabled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
