//! Reading a GOV.UK date input (day, month and year boxes) on staff forms.

use chrono::NaiveDate;

/// The date typed into three boxes, or a message naming `what` (for example "Date of
/// birth") that says how to put it right. `None` when all three boxes are empty.
pub fn parse(day: &str, month: &str, year: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return Ok(None);
    }
    if day.is_empty() || month.is_empty() || year.is_empty() {
        return Err(format!("{what} must include a day, month and year"));
    }
    let number = |text: &str| text.parse::<u32>().ok();
    let (Some(d), Some(m), Some(y)) = (number(day), number(month), number(year)) else {
        return Err(format!("{what} must be a real date, written in numbers"));
    };
    if year.len() != 4 {
        return Err("Year must include 4 numbers, for example 2027".to_owned());
    }
    i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
        .map(Some)
        .ok_or_else(|| format!("{what} must be a real date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_real_date_and_treats_empty_boxes_as_none() {
        assert_eq!(
            parse("3", "12", "2026", "Deadline"),
            Ok(NaiveDate::from_ymd_opt(2026, 12, 3))
        );
        assert_eq!(parse("", "", "", "Deadline"), Ok(None));
    }

    #[test]
    fn names_the_date_in_every_message() {
        assert_eq!(
            parse("3", "", "2026", "Deadline"),
            Err("Deadline must include a day, month and year".to_owned())
        );
        assert_eq!(
            parse("30", "2", "2027", "Date of birth"),
            Err("Date of birth must be a real date".to_owned())
        );
        assert_eq!(
            parse("x", "2", "2027", "Deadline"),
            Err("Deadline must be a real date, written in numbers".to_owned())
        );
        assert_eq!(
            parse("1", "2", "27", "Deadline"),
            Err("Year must include 4 numbers, for example 2027".to_owned())
        );
    }
}
