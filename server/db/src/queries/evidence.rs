//! Signed completion records: storing one when an assignment closes, and finding it by
//! assignment or by the verification code printed on the certificate.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::entity::evidence;

/// An assignment's record, as (token, verification code, key id, issued at).
pub async fn evidence_for(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<Option<(String, String, String, DateTime<Utc>)>, DbErr> {
    Ok(record_for(db, assignment_id).await?.map(|row| {
        (
            row.token,
            row.verify_code.unwrap_or_default(),
            row.key_id,
            row.issued_at,
        )
    }))
}

/// An assignment's record, whole.
pub async fn record_for(
    db: &impl ConnectionTrait,
    assignment_id: Uuid,
) -> Result<Option<evidence::Model>, DbErr> {
    evidence::Entity::find()
        .filter(evidence::Column::AssignmentId.eq(assignment_id))
        .one(db)
        .await
}

/// The record with this verification code (normalised, without spaces).
pub async fn by_verify_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<evidence::Model>, DbErr> {
    evidence::Entity::find()
        .filter(evidence::Column::VerifyCode.eq(code))
        .one(db)
        .await
}

/// Stores a record unless the assignment already has one (the unique index on
/// `assignment_id` decides a race). Says whether this call stored it.
pub async fn issue(db: &impl ConnectionTrait, record: evidence::Model) -> Result<bool, DbErr> {
    let assignment_id = record.assignment_id;
    if record_for(db, assignment_id).await?.is_some() {
        return Ok(false);
    }
    let active: evidence::ActiveModel = record.into();
    match active.insert(db).await {
        Ok(_) => Ok(true),
        Err(err) => {
            let duplicate = matches!(
                err.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            );
            if duplicate && record_for(db, assignment_id).await?.is_some() {
                Ok(false)
            } else {
                Err(err)
            }
        }
    }
}

/// The force's name, for the record.
pub async fn organisation_name(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
) -> Result<Option<String>, DbErr> {
    Ok(
        crate::entity::organisation::Entity::find_by_id(organisation_id)
            .one(db)
            .await?
            .map(|found| found.name),
    )
}
