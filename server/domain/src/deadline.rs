//! How a deadline is described to a participant.

use chrono::NaiveDate;

/// Whole days from `today` to `deadline`; negative once it has passed.
pub fn days_left(deadline: NaiveDate, today: NaiveDate) -> i64 {
    (deadline - today).num_days()
}

/// A date as people write it in the UK: `14 March 2027`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "Finish by 14 March 2027: 23 days left", in plain words for every case.
pub fn describe(deadline: NaiveDate, today: NaiveDate) -> String {
    let date = long_date(deadline);
    match days_left(deadline, today) {
        days if days < 0 => format!("The deadline was {date}"),
        0 => format!("Finish by {date}: today is the last day"),
        1 => format!("Finish by {date}: 1 day left"),
        days => format!("Finish by {date}: {days} days left"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn counts_days_left() {
        assert_eq!(
            describe(day(2027, 3, 14), day(2027, 2, 19)),
            "Finish by 14 March 2027: 23 days left"
        );
        assert_eq!(
            describe(day(2027, 3, 14), day(2027, 3, 13)),
            "Finish by 14 March 2027: 1 day left"
        );
    }

    #[test]
    fn says_when_today_is_the_last_day() {
        assert_eq!(
            describe(day(2027, 3, 14), day(2027, 3, 14)),
            "Finish by 14 March 2027: today is the last day"
        );
    }

    #[test]
    fn says_when_the_deadline_has_passed() {
        assert_eq!(
            describe(day(2027, 3, 1), day(2027, 3, 2)),
            "The deadline was 1 March 2027"
        );
        assert_eq!(days_left(day(2027, 3, 1), day(2027, 3, 2)), -1);
    }
}
