//! Creating participants and assignments.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::entity::{assignment, organisation, participant};
use reroute_domain::status::Status;

/// Who the course is for and what it is.
#[derive(Debug, Clone)]
pub struct NewAssignment {
    pub organisation_id: Uuid,
    pub name: String,
    pub date_of_birth: NaiveDate,
    pub force_reference: String,
    /// A phone number or email address, if the person gave one.
    pub contact: Option<String>,
    pub accessibility_notes: Option<String>,
    pub course_id: String,
    pub disposal_type: String,
    pub condition_text: String,
    pub deadline: NaiveDate,
    pub created_by: Option<Uuid>,
    /// The keyed hash of the new access code.
    pub access_code_hash: String,
}

pub async fn organisation_named(
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Name.eq(name))
        .one(db)
        .await
}

pub async fn create_organisation(
    db: &impl ConnectionTrait,
    name: &str,
    now: DateTime<Utc>,
) -> Result<organisation::Model, DbErr> {
    organisation::Model {
        id: Uuid::new_v4(),
        name: name.to_owned(),
        created_at: now,
        require_totp: false,
    }
    .into_active_model()
    .insert(db)
    .await
}

/// The force's participant with this reference, and their assignments (newest first).
pub async fn participant_by_reference(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    force_reference: &str,
) -> Result<Option<(participant::Model, Vec<assignment::Model>)>, DbErr> {
    let Some(person) = participant::Entity::find()
        .filter(participant::Column::OrganisationId.eq(organisation_id))
        .filter(participant::Column::ForceReference.eq(force_reference))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let assignments = assignment::Entity::find()
        .filter(assignment::Column::ParticipantId.eq(person.id))
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .order_by_desc(assignment::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(Some((person, assignments)))
}

/// One of the force's assignments with its participant; another force's is not found.
pub async fn in_organisation(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    assignment_id: Uuid,
) -> Result<Option<(assignment::Model, participant::Model)>, DbErr> {
    let Some(found) = assignment::Entity::find_by_id(assignment_id)
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let person = participant::Entity::find_by_id(found.participant_id)
        .filter(participant::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?;
    Ok(person.map(|person| (found, person)))
}

/// Creates the assignment, and the participant unless the force already has one with
/// that reference.
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewAssignment,
    now: DateTime<Utc>,
) -> Result<assignment::Model, DbErr> {
    let existing = participant::Entity::find()
        .filter(participant::Column::OrganisationId.eq(new.organisation_id))
        .filter(participant::Column::ForceReference.eq(&new.force_reference))
        .one(db)
        .await?;
    let person = match existing {
        Some(person) => person,
        None => {
            participant::Model {
                id: Uuid::new_v4(),
                organisation_id: new.organisation_id,
                name: new.name,
                date_of_birth: new.date_of_birth,
                force_reference: new.force_reference,
                contact: new.contact,
                accessibility_notes: new.accessibility_notes,
                preferred_language: "en".to_owned(),
                created_at: now,
            }
            .into_active_model()
            .insert(db)
            .await?
        }
    };
    assignment::Model {
        id: Uuid::new_v4(),
        organisation_id: new.organisation_id,
        participant_id: person.id,
        course_id: new.course_id,
        course_version: None,
        disposal_type: new.disposal_type,
        condition_text: new.condition_text,
        deadline: new.deadline,
        status: Status::Assigned.as_str().to_owned(),
        access_code_hash: new.access_code_hash,
        failed_code_tries: 0,
        code_locked_until: None,
        created_by: new.created_by,
        created_at: now,
        updated_at: now,
        declared_at: None,
        started_at: None,
        completed_at: None,
        attempt: 1,
        outcome: None,
        outcome_reason: None,
    }
    .into_active_model()
    .insert(db)
    .await
}
