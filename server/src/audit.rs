//! `reroute audit verify`: checks the audit log's hash chain.

use anyhow::bail;
use reroute_db::queries::audit::{self, ChainCheck};

use crate::cli::DatabaseArgs;
use crate::settings;

pub async fn verify(args: DatabaseArgs) -> anyhow::Result<()> {
    let db = settings::open_database(&args).await?;
    let check = audit::verify(&db.connection).await?;
    db.close().await?;
    match check {
        ChainCheck::Intact { events } => {
            println!("the audit log is intact: {events} events checked");
            Ok(())
        }
        ChainCheck::BrokenAt { id } => bail!(
            "the audit log has been changed: event {id} does not match its hash chain; restore it from backup and investigate"
        ),
    }
}
