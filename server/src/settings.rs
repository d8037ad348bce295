//! Turns command-line options into checked settings, with errors that say what to fix.

use std::path::Path;

use anyhow::{Context, bail};
use reroute_db::{Database, sqlite_url_for_data_dir};

use crate::cli::DatabaseArgs;

/// Makes sure the data folder exists and can be written to.
pub fn prepare_data_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| {
        format!(
            "cannot create the data folder {}: choose another with --data-dir or REROUTE_DATA_DIR",
            dir.display()
        )
    })?;
    let probe = dir.join(".write-test");
    if let Err(err) = std::fs::write(&probe, b"") {
        bail!(
            "cannot write to the data folder {} ({err}): fix its permissions or choose another with --data-dir",
            dir.display()
        );
    }
    // A leftover probe file is harmless, so a failure to remove it is not an error.
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Opens the configured database (SQLite in the data folder unless a URL is given) and
/// applies any migrations not yet applied.
pub async fn open_database(args: &DatabaseArgs) -> anyhow::Result<Database> {
    let url = match &args.database_url {
        Some(url) => url.clone(),
        None => {
            prepare_data_dir(&args.data_dir)?;
            sqlite_url_for_data_dir(&args.data_dir)
        }
    };
    let db = Database::connect(&url).await.context(
        "check --database-url (or DATABASE_URL) and that the database server is running",
    )?;
    db.migrate().await?;
    Ok(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_is_created_when_missing() {
        let parent = tempfile::tempdir().expect("temporary directory");
        let dir = parent.path().join("new").join("data");
        prepare_data_dir(&dir).expect("created");
        assert!(dir.is_dir());
    }

    #[test]
    fn data_dir_that_is_a_file_is_a_clear_error() {
        let parent = tempfile::tempdir().expect("temporary directory");
        let file = parent.path().join("not-a-folder");
        std::fs::write(&file, b"x").expect("write file");
        let err = prepare_data_dir(&file).expect_err("a file is not a folder");
        assert!(err.to_string().contains("--data-dir"), "{err:#}");
    }
}
