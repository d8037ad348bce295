//! How many erased assignments of one kind closed in one month: the aggregate a force
//! keeps after the personal data has gone. Nothing here identifies anyone.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "erased_assignment_count")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub disposal_type: String,
    /// The outcome if one was recorded, otherwise the status it closed with.
    #[sea_orm(primary_key, auto_increment = false)]
    pub outcome_or_status: String,
    /// "YYYY-MM".
    #[sea_orm(primary_key, auto_increment = false)]
    pub closed_month: String,
    pub count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
