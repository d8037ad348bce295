//! Reading TOML tables key by key, so that every wrong, missing or unknown key
//! is reported at its own place (serde would stop at the first).

use std::ops::RangeInclusive;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::FileDiagnostics;
use crate::names::did_you_mean;

/// Parses a TOML document that starts at byte `base` of the file, reporting
/// every syntax error. Returns `None` if there was one: checking the keys of
/// a half-parsed document would only add confusing follow-on errors.
pub(crate) fn parse_table<'i>(
    toml: &'i str,
    base: usize,
    diags: &mut FileDiagnostics<'_>,
) -> Option<DeTable<'i>> {
    let (table, errors) = DeTable::parse_recoverable(toml);
    for error in &errors {
        let offset = base + error.span().map_or(0, |span| span.start);
        let message = error.message().trim_end();
        let fix = if message == "duplicate key" {
            ": give each key only once"
        } else {
            ""
        };
        diags.error(offset, format!("invalid TOML: {message}{fix}"));
    }
    errors.is_empty().then(|| table.into_inner())
}

/// A value was present but wrong, and that has been reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Invalid;

/// An optional key: absent (`Ok(None)`), good, or wrong and reported.
pub(crate) type Field<T> = Result<Option<T>, Invalid>;

/// Reads the keys of one TOML table, reporting problems as it goes.
pub(crate) struct TableReader<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where the TOML text starts in the file (front matter is not at 0).
    base: usize,
    /// What the table is called in messages, like "course.toml".
    name: &'static str,
    /// Where a missing key is reported.
    missing_at: usize,
}

impl<'t, 'i> TableReader<'t, 'i> {
    /// Reads `table`, first reporting every key not in `known`.
    pub(crate) fn new(
        table: &'t DeTable<'i>,
        base: usize,
        name: &'static str,
        known: &[&str],
        diags: &mut FileDiagnostics<'_>,
    ) -> Self {
        for key in table.keys() {
            if !known.contains(&key.get_ref().as_ref()) {
                diags.error(
                    base + key.span().start,
                    format!(
                        "unknown key `{}` in {name}{}: the keys are {}; fix the spelling or remove it",
                        key.get_ref(),
                        did_you_mean(key.get_ref(), known),
                        known.join(", ")
                    ),
                );
            }
        }
        TableReader {
            table,
            base,
            name,
            missing_at: base,
        }
    }

    /// Reports missing keys at `offset` (such as a `[[support]]` header).
    pub(crate) fn with_missing_at(mut self, offset: usize) -> Self {
        self.missing_at = offset;
        self
    }

    /// The file offset of `key`'s value, if it is there.
    pub(crate) fn value_offset(&self, key: &str) -> Option<usize> {
        self.table.get(key).map(|value| self.offset(value))
    }

    pub(crate) fn required_string(
        &self,
        key: &str,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Result<String, Invalid> {
        self.optional_string(key, example, diags)?
            .ok_or_else(|| self.missing(key, example, diags))
    }

    /// A string value; an empty one is an error, not an absence.
    pub(crate) fn optional_string(
        &self,
        key: &str,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Field<String> {
        let Some(value) = self.table.get(key) else {
            return Ok(None);
        };
        match value.get_ref() {
            DeValue::String(text) if text.trim().is_empty() => {
                diags.error(
                    self.offset(value),
                    format!("`{key}` is empty: write it, like {example}"),
                );
                Err(Invalid)
            }
            DeValue::String(text) => Ok(Some(text.to_string())),
            other => {
                Err(self.wrong_type(value, key, "text in double quotes", other, example, diags))
            }
        }
    }

    pub(crate) fn required_integer(
        &self,
        key: &str,
        range: RangeInclusive<i64>,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Result<i64, Invalid> {
        self.optional_integer(key, range, example, diags)?
            .ok_or_else(|| self.missing(key, example, diags))
    }

    /// A whole number within `range`.
    pub(crate) fn optional_integer(
        &self,
        key: &str,
        range: RangeInclusive<i64>,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Field<i64> {
        let Some(value) = self.table.get(key) else {
            return Ok(None);
        };
        let DeValue::Integer(integer) = value.get_ref() else {
            let other = value.get_ref();
            return Err(self.wrong_type(value, key, "a whole number", other, example, diags));
        };
        match i64::from_str_radix(integer.as_str(), integer.radix()) {
            Ok(number) if range.contains(&number) => Ok(Some(number)),
            _ => {
                let allowed = if *range.end() >= i64::from(u32::MAX) {
                    format!("at least {}", range.start())
                } else {
                    format!("from {} to {}", range.start(), range.end())
                };
                diags.error(
                    self.offset(value),
                    format!("`{key}` must be {allowed}, like {example}, not {integer}"),
                );
                Err(Invalid)
            }
        }
    }

    /// An array of non-empty strings.
    pub(crate) fn string_array(
        &self,
        key: &str,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Field<Vec<String>> {
        let Some(value) = self.table.get(key) else {
            return Ok(None);
        };
        let DeValue::Array(items) = value.get_ref() else {
            let other = value.get_ref();
            return Err(self.wrong_type(value, key, "a list of text", other, example, diags));
        };
        let mut strings = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) if !text.trim().is_empty() => strings.push(text.to_string()),
                _ => diags.error(
                    self.offset(item),
                    format!(
                        "each item of `{key}` must be non-empty text in double quotes, like {example}"
                    ),
                ),
            }
        }
        if strings.len() == items.len() {
            Ok(Some(strings))
        } else {
            Err(Invalid)
        }
    }

    /// An array of tables, written `[[key]]`. Each comes with the offset of
    /// its start.
    pub(crate) fn tables(
        &self,
        key: &str,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Field<Vec<(usize, &'t DeTable<'i>)>> {
        let Some(value) = self.table.get(key) else {
            return Ok(None);
        };
        let DeValue::Array(items) = value.get_ref() else {
            let other = value.get_ref();
            return Err(self.wrong_type(value, key, "a list of tables", other, example, diags));
        };
        let mut tables = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => tables.push((self.offset(item), table)),
                other => {
                    self.wrong_type(item, key, "a list of tables", other, example, diags);
                }
            }
        }
        if tables.len() == items.len() {
            Ok(Some(tables))
        } else {
            Err(Invalid)
        }
    }

    fn missing(&self, key: &str, example: &str, diags: &mut FileDiagnostics<'_>) -> Invalid {
        diags.error(
            self.missing_at,
            format!("{} has no `{key}`: add a line like {example}", self.name),
        );
        Invalid
    }

    fn wrong_type(
        &self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        expected: &str,
        found: &DeValue<'_>,
        example: &str,
        diags: &mut FileDiagnostics<'_>,
    ) -> Invalid {
        let found = found.type_str();
        diags.error(
            self.offset(value),
            format!(
                "`{key}` must be {expected}, like {example}, not {} {found}",
                article(found)
            ),
        );
        Invalid
    }

    fn offset<T>(&self, value: &Spanned<T>) -> usize {
        self.base + value.span().start
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        source: &str,
        check: impl FnOnce(&TableReader<'_, '_>, &mut FileDiagnostics<'_>),
    ) -> Vec<String> {
        let mut diags = FileDiagnostics::new("f.toml", source);
        if let Some(table) = parse_table(source, 0, &mut diags) {
            let reader = TableReader::new(&table, 0, "f.toml", &["n", "s", "list"], &mut diags);
            check(&reader, &mut diags);
        }
        diags.into_vec().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reports_every_syntax_error() {
        let messages = read("n = 4x\nlist = [1,\n", |_, _| {});
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages.iter().all(|m| m.contains("error: invalid TOML: ")),
            "{messages:?}"
        );
    }

    #[test]
    fn reports_a_duplicate_key_with_a_fix() {
        assert_eq!(
            read("n = 1\nn = 2\n", |_, _| {}),
            vec!["f.toml:2:1: error: invalid TOML: duplicate key: give each key only once"]
        );
    }

    #[test]
    fn reports_a_float_where_a_whole_number_is_needed() {
        let messages = read("n = 4.5\n", |reader, diags| {
            assert_eq!(
                reader.optional_integer("n", 1..=9, "n = 4", diags),
                Err(Invalid)
            );
        });
        assert_eq!(
            messages,
            vec!["f.toml:1:5: error: `n` must be a whole number, like n = 4, not a float"]
        );
    }

    #[test]
    fn reports_a_number_out_of_range() {
        let messages = read("n = 0x10\n", |reader, diags| {
            assert_eq!(
                reader.optional_integer("n", 1..=9, "n = 4", diags),
                Err(Invalid)
            );
        });
        assert_eq!(
            messages,
            vec!["f.toml:1:5: error: `n` must be from 1 to 9, like n = 4, not 0x10"]
        );
    }

    #[test]
    fn tells_absent_from_empty_strings() {
        let messages = read("s = \" \"\n", |reader, diags| {
            assert_eq!(reader.optional_string("n", "n = \"x\"", diags), Ok(None));
            assert_eq!(
                reader.optional_string("s", "s = \"x\"", diags),
                Err(Invalid)
            );
            assert_eq!(
                reader.required_string("n", "n = \"x\"", diags),
                Err(Invalid)
            );
        });
        assert_eq!(
            messages,
            vec![
                "f.toml:1:5: error: `s` is empty: write it, like s = \"x\"",
                "f.toml:1:1: error: f.toml has no `n`: add a line like n = \"x\"",
            ]
        );
    }

    #[test]
    fn reports_each_bad_item_of_a_string_list() {
        let messages = read("list = [\"a\", 2, \"\"]\n", |reader, diags| {
            assert_eq!(
                reader.string_array("list", "list = [\"a\"]", diags),
                Err(Invalid)
            );
        });
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("f.toml:1:14: error: each item of `list`"),
            "{messages:?}"
        );
    }
}
