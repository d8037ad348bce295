//! Loading one of the signed-in participant's assignments, with its course version and
//! progress: the authorisation every course page starts with.

use std::sync::Arc;

use axum::http::HeaderMap;
use chrono::Utc;
use reroute_content::Course;
use reroute_db::entity::assignment;
use reroute_db::queries::{audit, evidence, journey, webhooks};
use reroute_db::sea_orm::TransactionTrait;
use reroute_domain::journey::{Progress, is_complete};
use reroute_domain::scoring::{AttemptOutcome, Score, attempt_outcome, score};
use reroute_domain::status::Status;
use reroute_domain::webhook::closing_event;
use uuid::Uuid;

use super::super::AppState;
use super::super::page::PageError;
use super::session::{self, ParticipantSession};
use crate::webhook::payload;

pub struct Loaded {
    pub session: ParticipantSession,
    pub assignment: assignment::Model,
    pub course: Arc<Course>,
    pub progress: Progress,
    /// This site's address as the participant reached it: the completion record's issuer.
    pub origin: String,
}

impl Loaded {
    /// Loads the assignment named in the path, only if it is the signed-in participant's
    /// and not withdrawn; another participant's id is simply not found.
    pub async fn load(
        state: &AppState,
        headers: &HeaderMap,
        assignment_id: &str,
    ) -> Result<Self, PageError> {
        let session = session::current(state, headers)
            .await?
            .ok_or(PageError::SignInNeeded)?;
        let id = Uuid::try_parse(assignment_id).map_err(|_| PageError::NotFound)?;
        let assignment = journey::assignment_of(&state.db.connection, session.participant_id, id)
            .await?
            .filter(|a| Status::parse(&a.status) != Some(Status::Withdrawn))
            .ok_or(PageError::NotFound)?;
        let course = match &assignment.course_version {
            Some(version) => state.content.version(&state.db.connection, version).await?,
            None => state.content.current(&assignment.course_id),
        }
        .ok_or(PageError::NotFound)?;
        let progress = journey::progress(&state.db.connection, &assignment).await?;
        Ok(Self {
            session,
            assignment,
            course,
            progress,
            origin: super::super::evidence::origin(state, headers),
        })
    }

    pub fn base_path(&self) -> String {
        format!("/my-courses/{}", self.assignment.id)
    }

    /// Reloads progress after a change.
    pub async fn refresh(&mut self, state: &AppState) -> Result<(), PageError> {
        self.progress = journey::progress(&state.db.connection, &self.assignment).await?;
        Ok(())
    }

    /// The score of the attempt under way, and what it means if the attempt ends now.
    pub async fn attempt_result(
        &self,
        state: &AppState,
    ) -> Result<(Score, AttemptOutcome), PageError> {
        let results = journey::first_try_results(
            &state.db.connection,
            self.assignment.id,
            self.assignment.attempt,
        )
        .await?;
        let score = score(&self.course, &results);
        Ok((
            score,
            attempt_outcome(&self.course, &score, self.progress.attempt),
        ))
    }

    /// When everything is done, closes the assignment as completed or not passed; a
    /// score under the pass mark with tries left leaves it open for another attempt.
    pub async fn conclude_if_complete(&mut self, state: &AppState) -> Result<(), PageError> {
        if self.assignment.completed_at.is_some() {
            // Closed already: make sure its record exists (issuing may have failed, or
            // the course closed before records were issued).
            if evidence::record_for(&state.db.connection, self.assignment.id)
                .await?
                .is_none()
            {
                let (score, _) = self.attempt_result(state).await?;
                self.issue_evidence(state, &score).await;
            }
            return Ok(());
        }
        if !is_complete(&self.course, &self.progress) {
            return Ok(());
        }
        let (score, outcome) = self.attempt_result(state).await?;
        let status = match outcome {
            AttemptOutcome::Passed => Status::Completed,
            AttemptOutcome::NotPassed => Status::NotPassed,
            AttemptOutcome::TryAgain { .. } => return Ok(()),
        };
        self.assignment = self.close(state, status).await?;
        state.webhooks.wake();
        let event = session::audit_event(
            self.session.participant_id,
            self.assignment.organisation_id,
            &format!("assignment.{}", status.as_str()),
            "assignment",
            self.assignment.id,
        );
        audit::append(&state.db.connection, event).await?;
        self.issue_evidence(state, &score).await;
        Ok(())
    }

    /// Closes the assignment and queues its webhook event in one transaction, so the
    /// event is never lost and never announced for a change that did not happen.
    async fn close(
        &self,
        state: &AppState,
        status: Status,
    ) -> Result<assignment::Model, PageError> {
        let now = Utc::now();
        let txn = state.db.connection.begin().await?;
        let closed = journey::close(&txn, self.assignment.clone(), status, now).await?;
        if let Some(event) = closing_event(status) {
            let reference = journey::participant(&txn, closed.participant_id)
                .await?
                .map(|person| person.force_reference)
                .unwrap_or_default();
            let body = payload::assignment_event(event, &closed, &reference, &self.origin, now);
            let queued = webhooks::NewEvent {
                event,
                key: body.key,
                assignment_id: Some(closed.id),
                assignment_deadline: Some(closed.deadline),
                payload: &body.json,
                now,
            };
            webhooks::enqueue(&txn, closed.organisation_id, &queued).await?;
        }
        txn.commit().await?;
        Ok(closed)
    }

    /// Signs and stores the closed assignment's completion record, once. A failure is
    /// logged, not shown: the participant's course is finished either way, and the
    /// record is issued on their next visit to the finished page.
    async fn issue_evidence(&self, state: &AppState, score: &Score) {
        if let Err(err) = crate::evidence::issue(
            &state.db.connection,
            &state.keys.evidence,
            &self.origin,
            &self.assignment,
            &self.course,
            score,
        )
        .await
        {
            tracing::error!(assignment = %self.assignment.id, "could not issue the completion record: {err:#}");
        }
    }
}
