//! Schema migrations, applied in order by `reroute migrate` and on every start.

use sea_orm_migration::prelude::*;

mod m20261126_000001_create_organisations_and_staff;
mod m20261126_000002_create_participants_and_assignments;
mod m20261126_000003_create_progress_evidence_and_audit;
mod m20261126_000004_create_participant_sessions_drafts_and_limits;
mod m20261126_000005_create_case_events_deadline_defaults_and_dashboard_indexes;
mod m20261126_000006_create_retention_rules_and_erased_counts;
mod m20261126_000007_add_two_factor_sign_in;
mod m20261126_000008_index_audit_events_for_search;
mod m20261126_000009_add_evidence_verification_codes;
mod m20261126_000010_create_api_clients;
mod m20261126_000011_create_webhooks;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_organisations_and_staff::Migration),
            Box::new(m20261126_000002_create_participants_and_assignments::Migration),
            Box::new(m20261126_000003_create_progress_evidence_and_audit::Migration),
            Box::new(m20261126_000004_create_participant_sessions_drafts_and_limits::Migration),
            Box::new(
                m20261126_000005_create_case_events_deadline_defaults_and_dashboard_indexes::Migration,
            ),
            Box::new(m20261126_000006_create_retention_rules_and_erased_counts::Migration),
            Box::new(m20261126_000007_add_two_factor_sign_in::Migration),
            Box::new(m20261126_000008_index_audit_events_for_search::Migration),
            Box::new(m20261126_000009_add_evidence_verification_codes::Migration),
            Box::new(m20261126_000010_create_api_clients::Migration),
            Box::new(m20261126_000011_create_webhooks::Migration),
        ]
    }
}
