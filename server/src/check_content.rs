//! `reroute check-content [DIR]`: the course checker for authors.

use std::path::Path;
use std::process::ExitCode;

/// Prints every problem and a summary. Exits 0 without errors (warnings never fail it),
/// 1 with errors, 2 when the folder cannot be read.
pub fn run(dir: &Path, reading_ages: bool) -> ExitCode {
    match reroute_content::check_content(dir) {
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
        Ok(checked) => {
            if reading_ages {
                print!("{}", checked.reading_age_report());
            }
            print!("{}", checked.report());
            if checked.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
