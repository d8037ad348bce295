//! Course versions: every version of a course is kept, so that participants finish the
//! version they started even after the files change.

use chrono::Utc;
use reroute_content::Course;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};

use crate::entity::course_version;

/// Stores the course under its version hash unless that version is already stored.
pub async fn store_if_new(db: &impl ConnectionTrait, course: &Course) -> Result<(), DbErr> {
    let content = serde_json::to_string(course).map_err(|err| DbErr::Custom(err.to_string()))?;
    let row = course_version::ActiveModel {
        version: sea_orm::Set(course.version.clone()),
        course_id: sea_orm::Set(course.id.clone()),
        title: sea_orm::Set(course.title.clone()),
        content: sea_orm::Set(content),
        first_seen_at: sea_orm::Set(Utc::now()),
    };
    course_version::Entity::insert(row)
        .on_conflict_do_nothing_on([course_version::Column::Version])
        .exec(db)
        .await?;
    Ok(())
}

/// The course as it was at `version`.
pub async fn load(db: &impl ConnectionTrait, version: &str) -> Result<Option<Course>, DbErr> {
    let Some(row) = course_version::Entity::find_by_id(version.to_owned())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    serde_json::from_str(&row.content).map(Some).map_err(|err| {
        DbErr::Custom(format!(
            "stored course version {version} is unreadable: {err}"
        ))
    })
}
