//! Rules for names: ids, and suggestions for misspelt keys.

/// Whether `name` is a valid course or block id: one or more lowercase ASCII
/// letters, digits and hyphens.
pub(crate) fn is_valid_id(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The known name closest to a misspelt one, if it is close enough to be a
/// likely typo (at most two edits, ignoring case).
pub(crate) fn closest<'a>(misspelt: &str, known: &[&'a str]) -> Option<&'a str> {
    let misspelt = misspelt.to_lowercase();
    known
        .iter()
        .map(|&name| (edit_distance(&misspelt, name), name))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

/// " (did you mean `x`?)" when there is a close known name, else "".
pub(crate) fn did_you_mean(misspelt: &str, known: &[&str]) -> String {
    closest(misspelt, known).map_or_else(String::new, |name| format!(" (did you mean `{name}`?)"))
}

/// An id made from `text`: lowercase letters and digits, other runs turned
/// into single hyphens; "lesson" if nothing is left.
pub(crate) fn suggest_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-');
    if id.is_empty() {
        "lesson".to_owned()
    } else {
        id.to_owned()
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lowercase_letters_digits_and_hyphens_only() {
        assert!(is_valid_id("who-is-affected-2"));
        for bad in ["", "Who", "who_is", "who is", "café"] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn suggests_the_nearest_known_name_for_a_typo() {
        let known = ["title", "summary", "pass_mark"];
        assert_eq!(closest("passmark", &known), Some("pass_mark"));
        assert_eq!(closest("Titel", &known), Some("title"));
        assert_eq!(closest("colour", &known), None);
        assert_eq!(did_you_mean("sumary", &known), " (did you mean `summary`?)");
    }

    #[test]
    fn suggests_ids_made_of_allowed_characters() {
        assert_eq!(suggest_id("Who Is_affected?"), "who-is-affected");
        assert_eq!(suggest_id("!!"), "lesson");
    }
}
