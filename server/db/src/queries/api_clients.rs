//! API clients (a force's records system) and what the REST API reads in bulk. A client
//! is found by the SHA-256 of the token it presents; the token itself is never stored.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{api_client, assignment};

/// Records a new client for `organisation_id`, holding the token whose hash is given.
pub async fn create(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    name: &str,
    token_hash: &str,
    created_by: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<api_client::Model, DbErr> {
    api_client::Model {
        id: Uuid::new_v4(),
        organisation_id,
        name: name.to_owned(),
        token_hash: token_hash.to_owned(),
        created_at: now,
        created_by,
        revoked_at: None,
        last_used_at: None,
    }
    .into_active_model()
    .insert(db)
    .await
}

/// The client holding the token with this hash, revoked or not.
pub async fn by_token_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<api_client::Model>, DbErr> {
    api_client::Entity::find()
        .filter(api_client::Column::TokenHash.eq(token_hash))
        .one(db)
        .await
}

/// The force's clients, newest first, revoked ones included.
pub async fn list_for(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<api_client::Model>, DbErr> {
    api_client::Entity::find()
        .filter(api_client::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(api_client::Column::CreatedAt)
        .order_by_asc(api_client::Column::Id)
        .all(db)
        .await
}

/// Revokes the force's client; false when it is another force's, unknown, or revoked
/// already.
pub async fn revoke(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    client_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = api_client::Entity::update_many()
        .col_expr(api_client::Column::RevokedAt, Expr::value(now))
        .filter(api_client::Column::Id.eq(client_id))
        .filter(api_client::Column::OrganisationId.eq(organisation_id))
        .filter(api_client::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Notes that the client was used just now.
pub async fn touch(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    api_client::Entity::update_many()
        .col_expr(api_client::Column::LastUsedAt, Expr::value(now))
        .filter(api_client::Column::Id.eq(client_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Where a page of [`changed_since`] ends: the last row's (updated_at, id).
pub type Position = (DateTime<Utc>, Uuid);

/// Up to `limit` of the force's assignments changed at or after `since`, in
/// (updated_at, id) order, starting after `after` (the previous page's last row).
pub async fn changed_since(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    since: DateTime<Utc>,
    after: Option<Position>,
    limit: u64,
) -> Result<Vec<assignment::Model>, DbErr> {
    let mut query = assignment::Entity::find()
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .filter(assignment::Column::UpdatedAt.gte(since));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(assignment::Column::UpdatedAt.gt(at))
                .add(
                    Condition::all()
                        .add(assignment::Column::UpdatedAt.eq(at))
                        .add(assignment::Column::Id.gt(id)),
                ),
        );
    }
    query
        .order_by_asc(assignment::Column::UpdatedAt)
        .order_by_asc(assignment::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
