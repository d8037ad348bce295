//! A force's default deadlines: how many days from assigning each disposal type gets,
//! as the force's admin set them or else the built-in defaults.

use reroute_domain::disposal::Disposal;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, TransactionSession,
    TransactionTrait,
};
use uuid::Uuid;

use crate::entity::deadline_default;

/// Every disposal type, in [`Disposal::ALL`] order, with the force's default deadline
/// in days: the stored value, or [`Disposal::default_days`] where none is stored.
pub async fn days_for(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<(Disposal, u32)>, DbErr> {
    let stored = deadline_default::Entity::find()
        .filter(deadline_default::Column::OrganisationId.eq(organisation_id))
        .all(db)
        .await?;
    Ok(Disposal::ALL
        .into_iter()
        .map(|disposal| {
            let days = stored
                .iter()
                .find(|row| row.disposal_type == disposal.as_str())
                .and_then(|row| u32::try_from(row.days).ok())
                .unwrap_or_else(|| disposal.default_days());
            (disposal, days)
        })
        .collect())
}

/// Stores the force's default deadlines for the given disposal types, replacing any
/// stored before; all of them or, on error, none.
pub async fn set<C>(db: &C, organisation_id: Uuid, days: &[(Disposal, u32)]) -> Result<(), DbErr>
where
    C: ConnectionTrait + TransactionTrait,
{
    let txn = db.begin().await?;
    for &(disposal, days) in days {
        let days = i32::try_from(days)
            .map_err(|_| DbErr::Custom(format!("{days} days is too long a deadline")))?;
        let row = deadline_default::ActiveModel {
            organisation_id: Set(organisation_id),
            disposal_type: Set(disposal.as_str().to_owned()),
            days: Set(days),
        };
        deadline_default::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    deadline_default::Column::OrganisationId,
                    deadline_default::Column::DisposalType,
                ])
                .update_column(deadline_default::Column::Days)
                .to_owned(),
            )
            .exec(&txn)
            .await?;
    }
    txn.commit().await
}
