//! `site.toml`: the organisation's name and the support lines shown on every
//! participant page.

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, FileDiagnostics};
use crate::toml_fields::{TableReader, parse_table};

/// Site-wide settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub organisation: String,
    /// Shown on every participant page as "Need help now?".
    pub support: Vec<SupportLine>,
}

/// A place to get help: a name and at least one of a phone number and a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportLine {
    pub name: String,
    pub phone: Option<String>,
    pub text: Option<String>,
}

const SITE_KEYS: &[&str] = &["organisation", "support"];
const SUPPORT_KEYS: &[&str] = &["name", "phone", "text"];

/// Parses `site.toml`. `path` names the file in diagnostics.
///
/// `organisation` is required. `[[support]]` lines are optional but their
/// absence is a warning; each needs a `name` and a `phone` or a `text`.
pub fn parse_site_toml(path: &str, source: &str) -> (Option<Site>, Vec<Diagnostic>) {
    let mut diags = FileDiagnostics::new(path, source);
    let site = read_site(source, &mut diags);
    let site = site.filter(|_| !diags.has_errors());
    (site, diags.into_vec())
}

fn read_site(source: &str, diags: &mut FileDiagnostics<'_>) -> Option<Site> {
    if source.trim().is_empty() {
        diags.error(
            0,
            "site.toml is empty: it needs organisation = \"...\" and [[support]] lines",
        );
        return None;
    }
    let table = parse_table(source, 0, diags)?;
    let reader = TableReader::new(&table, 0, "site.toml", SITE_KEYS, diags);
    let organisation = reader.required_string(
        "organisation",
        "organisation = \"Cambridgeshire Constabulary\"",
        diags,
    );
    let support_tables = reader.tables("support", "[[support]] with name = \"Samaritans\"", diags);
    if matches!(&support_tables, Ok(None)) || matches!(&support_tables, Ok(Some(t)) if t.is_empty())
    {
        diags.warning(
            0,
            "site.toml has no [[support]] lines, so participants will see nowhere to get help: \
             add at least one with name, phone and text",
        );
    }
    // Read every line before giving up on any, so all problems are reported.
    let support: Vec<Option<SupportLine>> = support_tables
        .ok()?
        .into_iter()
        .flatten()
        .map(|(offset, table)| read_support_line(table, offset, diags))
        .collect();
    let support: Option<Vec<SupportLine>> = support.into_iter().collect();
    Some(Site {
        organisation: organisation.ok()?,
        support: support?,
    })
}

fn read_support_line(
    table: &toml::de::DeTable<'_>,
    offset: usize,
    diags: &mut FileDiagnostics<'_>,
) -> Option<SupportLine> {
    let reader = TableReader::new(table, 0, "this [[support]] line", SUPPORT_KEYS, diags)
        .with_missing_at(offset);
    let name = reader.required_string("name", "name = \"Samaritans\"", diags);
    let phone = reader.optional_string("phone", "phone = \"116 123\"", diags);
    let text = reader.optional_string("text", "text = \"Free, any time, day or night.\"", diags);
    if let Ok(Some(number)) = &phone
        && !is_phone_number(number)
    {
        diags.error(
            reader.value_offset("phone").unwrap_or(offset),
            "`phone` must be a phone number of digits and spaces (+ - ( ) allowed), \
             like phone = \"116 123\"; put any other words in `text`",
        );
        return None;
    }
    let (name, phone, text) = (name.ok()?, phone.ok()?, text.ok()?);
    if phone.is_none() && text.is_none() {
        diags.error(
            offset,
            format!("support line \"{name}\" has neither `phone` nor `text`: add at least one"),
        );
        return None;
    }
    Some(SupportLine { name, phone, text })
}

fn is_phone_number(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(source: &str) -> Vec<String> {
        parse_site_toml("site.toml", source)
            .1
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn reads_organisation_and_support_lines() {
        let (site, diags) = parse_site_toml(
            "site.toml",
            "organisation = \"Cambs\"\n[[support]]\nname = \"Samaritans\"\nphone = \"116 123\"\n\
             [[support]]\nname = \"Shout\"\ntext = \"Text SHOUT to 85258\"\n",
        );
        assert_eq!(diags, vec![]);
        let site = site.unwrap();
        assert_eq!(site.organisation, "Cambs");
        assert_eq!(site.support.len(), 2);
        assert_eq!(site.support[0].phone.as_deref(), Some("116 123"));
        assert_eq!(site.support[1].phone, None);
    }

    #[test]
    fn rejects_missing_organisation_and_unknown_keys() {
        assert_eq!(
            messages("organization = \"x\"\n[[support]]\nname = \"S\"\ntext = \"t\"\n"),
            vec![
                "site.toml:1:1: error: unknown key `organization` in site.toml (did you mean `organisation`?): the keys are organisation, support; fix the spelling or remove it",
                "site.toml:1:1: error: site.toml has no `organisation`: add a line like organisation = \"Cambridgeshire Constabulary\"",
            ]
        );
    }

    #[test]
    fn rejects_support_line_without_phone_or_text_at_its_header() {
        assert_eq!(
            messages("organisation = \"x\"\n\n[[support]]\nname = \"S\"\n"),
            vec![
                "site.toml:3:1: error: support line \"S\" has neither `phone` nor `text`: add at least one"
            ]
        );
    }

    #[test]
    fn reports_problems_in_every_support_line() {
        let messages = messages(
            "organisation = \"x\"\n[[support]]\nname = \"A\"\n[[support]]\nname = \"B\"\nphone = \"call\"\n",
        );
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].starts_with("site.toml:2:1: error: support line \"A\""));
        assert!(messages[1].starts_with("site.toml:6:9: error: `phone`"));
    }

    #[test]
    fn rejects_a_phone_that_is_not_a_number() {
        let messages =
            messages("organisation = \"x\"\n[[support]]\nname = \"S\"\nphone = \"call us\"\n");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with("site.toml:4:9: error: `phone` must be a phone number"),
            "{messages:?}"
        );
    }

    #[test]
    fn rejects_support_written_as_a_single_table() {
        let messages = messages("organisation = \"x\"\n[support]\nname = \"S\"\n");
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].contains("`support` must be a list of tables"),
            "{messages:?}"
        );
    }

    #[test]
    fn warns_when_there_are_no_support_lines() {
        let (site, diags) = parse_site_toml("site.toml", "organisation = \"x\"\n");
        assert!(site.is_some());
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
    }

    #[test]
    fn rejects_an_empty_file() {
        assert_eq!(
            messages(" \n"),
            vec![
                "site.toml:1:1: error: site.toml is empty: it needs organisation = \"...\" and [[support]] lines"
            ]
        );
    }
}
