//! Reading `application/x-www-form-urlencoded` bodies, including repeated fields
//! (checkboxes), with limits on how much a form may carry.

use axum::body::Bytes;

/// More fields than any Reroute form has.
const MAX_FIELDS: usize = 64;
/// Longer than any answer needs; a longer value is refused, not cut.
pub const MAX_VALUE_CHARS: usize = 10_000;

#[derive(Debug, Default)]
pub struct FormFields(Vec<(String, String)>);

#[derive(Debug, PartialEq, Eq)]
pub enum FormProblem {
    TooManyFields,
    ValueTooLong(String),
}

impl FormFields {
    pub fn parse(body: &Bytes) -> Result<Self, FormProblem> {
        let mut fields = Vec::new();
        for (key, value) in form_urlencoded::parse(body) {
            if fields.len() == MAX_FIELDS {
                return Err(FormProblem::TooManyFields);
            }
            if value.chars().count() > MAX_VALUE_CHARS {
                return Err(FormProblem::ValueTooLong(key.into_owned()));
            }
            fields.push((key.into_owned(), value.into_owned()));
        }
        Ok(Self(fields))
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.trim())
    }

    /// The first value of a field exactly as sent (passwords may begin or end with spaces).
    pub fn get_raw(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_single_and_repeated_fields() {
        let form = FormFields::parse(&Bytes::from_static(b"choice=0&choice=2&text=+hi+there+"))
            .expect("valid");
        assert_eq!(form.get_all("choice"), vec!["0", "2"]);
        assert_eq!(form.get("text"), "hi there");
        assert_eq!(form.get("missing"), "");
    }

    #[test]
    fn refuses_too_many_fields_and_overlong_values() {
        let many = "a=1&".repeat(MAX_FIELDS + 1);
        assert_eq!(
            FormFields::parse(&Bytes::from(many)).err(),
            Some(FormProblem::TooManyFields)
        );
        let long = format!("text={}", "x".repeat(MAX_VALUE_CHARS + 1));
        assert_eq!(
            FormFields::parse(&Bytes::from(long)).err(),
            Some(FormProblem::ValueTooLong("text".into()))
        );
    }
}
