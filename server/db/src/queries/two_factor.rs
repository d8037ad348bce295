//! Two-factor sign-in: setting a member of staff's authenticator secret up, turning it
//! on and off, accepting each code's step once, and a force's requirement.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::{organisation, staff_session, staff_user};

/// A member of staff by id, whatever their force: the code step knows only the id its
/// signed cookie names.
pub async fn account(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<staff_user::Model>, DbErr> {
    staff_user::Entity::find_by_id(user_id).one(db).await
}

/// The secret being set up: the one already waiting for its first code, or `fresh` stored
/// as the new one. Reloading the set-up page keeps the secret an app may have scanned.
/// `None` if two-factor sign-in is already on.
pub async fn secret_to_set_up(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    fresh: String,
) -> Result<Option<String>, DbErr> {
    let Some(user) = staff_user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if user.totp_enabled_at.is_some() {
        return Ok(None);
    }
    if let Some(waiting) = user.totp_secret {
        return Ok(Some(waiting));
    }
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::TotpSecret,
            Expr::value(Some(fresh.clone())),
        )
        .col_expr(
            staff_user::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .filter(staff_user::Column::Id.eq(user_id))
        .filter(staff_user::Column::TotpEnabledAt.is_null())
        .exec(db)
        .await?;
    Ok(Some(fresh))
}

/// Turns two-factor sign-in on with the secret the first code was checked against,
/// storing that code's step so it cannot be used again, and ends the account's other
/// sessions (any started with the password alone). False if the secret changed or it
/// was turned on meanwhile.
pub async fn enable(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    secret: &str,
    step: i64,
    keep_session: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpEnabledAt, Expr::value(Some(now)))
        .col_expr(staff_user::Column::TotpLastStep, Expr::value(Some(step)))
        .filter(staff_user::Column::Id.eq(user_id))
        .filter(staff_user::Column::TotpSecret.eq(secret))
        .filter(staff_user::Column::TotpEnabledAt.is_null())
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    staff_session::Entity::update_many()
        .col_expr(staff_session::Column::RevokedAt, Expr::value(Some(now)))
        .filter(staff_session::Column::StaffUserId.eq(user_id))
        .filter(staff_session::Column::Id.ne(keep_session))
        .filter(staff_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(true)
}

/// Turns two-factor sign-in off and forgets the secret.
pub async fn disable(db: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            staff_user::Column::TotpEnabledAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            staff_user::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .filter(staff_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// An admin's reset, for a member of their own force who has lost their authenticator:
/// two-factor sign-in is off until they set it up again. False if not in this force.
pub async fn reset(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    user_id: Uuid,
) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(
            staff_user::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            staff_user::Column::TotpEnabledAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            staff_user::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .filter(staff_user::Column::Id.eq(user_id))
        .filter(staff_user::Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Records `step` as used, in one statement that only succeeds if no code of this step
/// or a later one was accepted first: of two requests racing with the same code, one
/// gets in.
pub async fn use_step(db: &impl ConnectionTrait, user_id: Uuid, step: i64) -> Result<bool, DbErr> {
    let result = staff_user::Entity::update_many()
        .col_expr(staff_user::Column::TotpLastStep, Expr::value(Some(step)))
        .filter(staff_user::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(staff_user::Column::TotpLastStep.is_null())
                .add(staff_user::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Whether everyone in the force must sign in with a code.
pub async fn force_requires(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<bool, DbErr> {
    Ok(organisation::Entity::find_by_id(organisation_id)
        .one(db)
        .await?
        .is_some_and(|force| force.require_totp))
}

/// Sets whether the force requires two-factor sign-in; true if that changed it.
pub async fn set_force_requires(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    required: bool,
) -> Result<bool, DbErr> {
    let result = organisation::Entity::update_many()
        .col_expr(organisation::Column::RequireTotp, Expr::value(required))
        .filter(organisation::Column::Id.eq(organisation_id))
        .filter(organisation::Column::RequireTotp.ne(required))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
