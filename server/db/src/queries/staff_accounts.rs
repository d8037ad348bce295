//! Staff accounts: creating them, signing in with lockout, and an admin's changes.
//! Every change an admin makes is scoped to their own force.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::entity::{staff_session, staff_user};
use reroute_domain::staff::{Role, after_wrong_password};

#[derive(Debug, Clone)]
pub struct NewStaffUser {
    pub organisation_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub password_hash: String,
}

/// Email addresses are compared without regard to case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Creates the account, or `None` when the email address is already in use.
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewStaffUser,
    now: DateTime<Utc>,
) -> Result<Option<staff_user::Model>, DbErr> {
    let email = normalise_email(&new.email);
    if by_email(db, &email).await?.is_some() {
        return Ok(None);
    }
    staff_user::Model {
        id: Uuid::new_v4(),
        organisation_id: new.organisation_id,
        email,
        display_name: new.display_name,
        role: new.role.as_str().to_owned(),
        password_hash: new.password_hash,
        disabled: false,
        failed_sign_ins: 0,
        locked_until: None,
        created_at: now,
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: None,
    }
    .into_active_model()
    .insert(db)
    .await
    .map(Some)
}

pub async fn by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::Email.eq(normalise_email(email)))
        .one(db)
        .await
}

/// One member of the given force's staff; another force's staff are not found.
pub async fn in_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    user_id: Uuid,
) -> Result<Option<staff_user::Model>, DbErr> {
    staff_user::Entity::find_by_id(user_id)
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await
}

pub async fn list(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Vec<staff_user::Model>, DbErr> {
    staff_user::Entity::find()
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .order_by_asc(staff_user::Column::DisplayName)
        .order_by_asc(staff_user::Column::Id)
        .all(db)
        .await
}

/// Counts one more wrong password; returns the time the account is now locked until
/// when this one reached the limit. The count is raised in the database in one
/// statement so that simultaneous guesses are all counted.
pub async fn record_wrong_password(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::FailedSignIns,
            Expr::col(staff_user::Column::FailedSignIns).add(1),
        )
        .filter(staff_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    let Some(user) = staff_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    let (_, lock) = after_wrong_password(user.failed_sign_ins - 1, now);
    if let Some(until) = lock {
        let mut active = user.into_active_model();
        active.failed_sign_ins = Set(0);
        active.locked_until = Set(Some(until));
        active.update(db).await?;
    }
    Ok(lock)
}

/// A right password clears the count of wrong ones.
pub async fn record_sign_in(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(staff_user::Column::FailedSignIns, Expr::value(0))
        .col_expr(
            staff_user::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Changes a member of staff's role within the force; false if not in this force.
pub async fn set_role(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    user_id: Uuid,
    role: Role,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::Role, Expr::value(role.as_str()))
        .filter(staff_user::Column::Id.eq(user_id))
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Disables or enables an account within the force; disabling also ends every session
/// it has, so it takes effect on the next request. False if not in this force.
pub async fn set_disabled(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    user_id: Uuid,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::Disabled, Expr::value(disabled))
        .filter(staff_user::Column::Id.eq(user_id))
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await?;
    if disabled && result.rows_affected == 1 {
        staff_session::Entity::update_many()
            .col_expr(staff_session::Column::RevokedAt, Expr::value(Some(now)))
            .filter(staff_session::Column::StaffUserId.eq(user_id))
            .filter(staff_session::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(result.rows_affected == 1)
}
