//! Which assignments the xAPI feed has to look at: those with a learning event at or
//! after a time. Every statement's timestamp is one of the columns tested here, so an
//! assignment left out has no statement the page could hold, and a large force's feed
//! builds statements only for what changed, not for every course ever started.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::entity::{answer, assignment, lesson_progress};

/// The force's started assignments with a declaration, lesson reached or finished,
/// answer or completion at or after `since`, in id order.
pub async fn active_since(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<assignment::Model>, DbErr> {
    let lessons = Query::select()
        .column(lesson_progress::Column::AssignmentId)
        .from(lesson_progress::Entity)
        .cond_where(
            Condition::any()
                .add(lesson_progress::Column::ReachedAt.gte(since))
                .add(lesson_progress::Column::FinishedAt.gte(since)),
        )
        .to_owned();
    let answers = Query::select()
        .column(answer::Column::AssignmentId)
        .from(answer::Entity)
        .and_where(answer::Column::AnsweredAt.gte(since))
        .to_owned();
    assignment::Entity::find()
        .filter(assignment::Column::OrganisationId.eq(organisation_id))
        .filter(assignment::Column::DeclaredAt.is_not_null())
        .filter(
            Condition::any()
                .add(assignment::Column::DeclaredAt.gte(since))
                .add(assignment::Column::CompletedAt.gte(since))
                .add(assignment::Column::Id.in_subquery(lessons))
                .add(assignment::Column::Id.in_subquery(answers)),
        )
        .order_by_asc(assignment::Column::Id)
        .all(db)
        .await
}
