//! Writing CSV that is safe to open in a spreadsheet: every cell quoted, and a cell that
//! a spreadsheet would read as a formula (starting `=`, `+`, `-`, `@`, tab or carriage
//! return) prefixed with an apostrophe so it is shown as text (OWASP's CSV injection
//! advice).

/// One cell, quoted and defused.
pub fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", defused.replace('"', "\"\""))
}

/// One line of cells, ending with CRLF as RFC 4180 asks.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells
        .iter()
        .map(|value| cell(value.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_every_cell_and_doubles_quotes() {
        assert_eq!(
            row(&["Sam", "said \"hi\", then left"]),
            "\"Sam\",\"said \"\"hi\"\", then left\"\r\n"
        );
    }

    #[test]
    fn defuses_cells_a_spreadsheet_would_run_as_formulas() {
        for formula in [
            "=HYPERLINK(\"http://evil.example\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\r=1",
        ] {
            let written = cell(formula);
            assert!(written.starts_with("\"'"), "{formula} became {written}");
        }
        assert_eq!(cell("Jo Bloggs"), "\"Jo Bloggs\"");
    }

    #[test]
    fn keeps_line_breaks_inside_the_quotes() {
        assert_eq!(cell("line one\nline two"), "\"line one\nline two\"");
    }
}
