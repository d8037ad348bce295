//! A person given a course by a force. Never called an offender on screen.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "participant")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub name: String,
    pub date_of_birth: Date,
    pub force_reference: String,
    pub contact: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub accessibility_notes: Option<String>,
    pub preferred_language: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
