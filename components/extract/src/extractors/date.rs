//! Dates: numeric (`2026-03-14`, `03/14/2026`, `14.03.2026`), written (`March 3, 2026`,
//! `Mar 3`, `3 March 2026`) and relative (`today`, `tomorrow`, `yesterday`, `Friday`,
//! `next Monday`).
//!
//! Normalized to ISO 8601 (`2026-03-14`). Slashed dates are read month first unless the first
//! number is above 12. Dates without a year, and relative dates, take the year and day from the
//! reference date (an e-mail's `received_at`); without a reference they have no normalized
//! value. A weekday means its next occurrence on or after the reference day; `next <weekday>`
//! means that weekday in the following week (Monday-based).

use crate::calendar::Date;
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{char_at, digits_end, find_words_ci, skip_blanks, word_end, word_start};

/// Month names in lower case, January first: `data/date/months.txt`.
pub const MONTHS: [&str; 12] = *include!(concat!(env!("OUT_DIR"), "/date_months.rs"));

/// Weekday names, Monday first: `data/date/weekdays.txt`.
pub const WEEKDAYS: [&str; 7] = *include!(concat!(env!("OUT_DIR"), "/date_weekdays.rs"));

/// Finds every date in `text`; `reference` resolves relative and year-less dates.
#[must_use]
pub fn extract(text: &str, reference: Option<Date>) -> Vec<Entity> {
    let mut out = numeric(text);
    out.extend(written(text, reference));
    out.extend(relative(text, reference));
    out
}

fn entity(text: &str, start: usize, end: usize, date: Option<Date>, confidence: f64) -> Entity {
    Entity::rule(EntityType::Date, text, start, end, confidence)
        .with_normalized(date.map(|d| Normalized::Text(d.to_string())))
}

fn parse_u32(s: &str) -> Option<u32> {
    s.parse().ok()
}

fn numeric(text: &str) -> Vec<Entity> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || !word_start(text, i) || preceded_by_number_punct(text, i) {
            i += 1;
            continue;
        }
        let mut parts = vec![(i, digits_end(text, i))];
        let mut sep = None;
        while parts.len() < 3 {
            let end = parts[parts.len() - 1].1;
            let Some(&s) = bytes.get(end) else { break };
            if !matches!(s, b'-' | b'/' | b'.') || sep.is_some_and(|p| p != s) {
                break;
            }
            if !bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                break;
            }
            sep = Some(s);
            parts.push((end + 1, digits_end(text, end + 1)));
        }
        let end = parts[parts.len() - 1].1;
        let trailing = bytes.get(end).copied();
        let clean_end = word_end(text, end)
            && !(matches!(trailing, Some(b'-' | b'/' | b'.' | b','))
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit));
        if parts.len() == 3 && clean_end {
            let nums: Vec<&str> = parts.iter().map(|(s, e)| &text[*s..*e]).collect();
            if let Some(date) = numeric_date(&nums, sep) {
                out.push(entity(text, i, end, Some(date), 0.95));
            }
        }
        i = end.max(i + 1);
    }
    out
}

fn preceded_by_number_punct(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let mut rev = before.chars().rev();
    matches!(
        (rev.next(), rev.next()),
        (Some('.' | '-' | '/' | ','), Some(c)) if c.is_ascii_digit()
    )
}

fn numeric_date(nums: &[&str], sep: Option<u8>) -> Option<Date> {
    let lens: Vec<usize> = nums.iter().map(|n| n.len()).collect();
    let v: Vec<u32> = nums.iter().map(|n| parse_u32(n)).collect::<Option<_>>()?;
    let year = |y: u32, len: usize| -> Option<i32> {
        match len {
            4 if (1900..=2199).contains(&y) => i32::try_from(y).ok(),
            _ => None,
        }
    };
    match (sep?, lens.as_slice()) {
        (b'-' | b'/', [4, 1 | 2, 1 | 2]) => Date::new(year(v[0], 4)?, v[1], v[2]),
        (b'/' | b'-', [1 | 2, 1 | 2, 4]) => {
            let y = year(v[2], 4)?;
            if v[0] > 12 {
                Date::new(y, v[1], v[0])
            } else {
                Date::new(y, v[0], v[1])
            }
        }
        (b'.', [1 | 2, 1 | 2, 4]) => Date::new(year(v[2], 4)?, v[1], v[0]),
        _ => None,
    }
}

/// Month index (1–12) of a full or abbreviated month name at `i`, with where the name ends
/// (including an abbreviation's dot).
fn month_at(text: &str, i: usize) -> Option<(u32, usize)> {
    if !word_start(text, i) || !char_at(text, i).is_some_and(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let end = i + text[i..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if !word_end(text, end) {
        return None;
    }
    let word = text[i..end].to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| {
        *m == word
            || (word.len() >= 3 && m.starts_with(&word) && (word.len() == 3 || word == "sept"))
    })?;
    let end = if text[end..].starts_with('.') && word.len() < MONTHS[month].len() {
        end + 1
    } else {
        end
    };
    Some((u32::try_from(month).ok()? + 1, end))
}

/// A day number (`3`, `03`, `3rd`) at `i`, with where it ends.
fn day_at(text: &str, i: usize) -> Option<(u32, usize)> {
    let end = digits_end(text, i);
    if end == i || end - i > 2 {
        return None;
    }
    let day = parse_u32(&text[i..end])?;
    let mut e = end;
    for suffix in ["st", "nd", "rd", "th"] {
        if text[end..].starts_with(suffix) {
            e = end + 2;
            break;
        }
    }
    (word_end(text, e) && (1..=31).contains(&day)).then_some((day, e))
}

/// A four-digit year at `i`, with where it ends.
fn year_at(text: &str, i: usize) -> Option<(i32, usize)> {
    let end = digits_end(text, i);
    let y = text[i..end].parse::<i32>().ok()?;
    (end - i == 4 && (1900..=2199).contains(&y) && word_end(text, end)).then_some((y, end))
}

fn written(text: &str, reference: Option<Date>) -> Vec<Entity> {
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        if !c.is_ascii_alphanumeric() || !word_start(text, i) {
            continue;
        }
        // Month Day[,] [Year]
        if let Some((month, m_end)) = month_at(text, i) {
            let d_start = skip_blanks(text, m_end);
            if d_start > m_end
                && let Some((day, d_end)) = day_at(text, d_start)
            {
                let (year, end) = optional_year(text, d_end);
                if let Some(e) = dated(text, i, end, year, month, day, reference) {
                    out.push(e);
                }
            }
            continue;
        }
        // Day [of] Month [Year]
        if c.is_ascii_digit()
            && let Some((day, d_end)) = day_at(text, i)
        {
            let mut m_start = skip_blanks(text, d_end);
            if text[m_start..].starts_with("of ") {
                m_start = skip_blanks(text, m_start + 3);
            }
            if m_start > d_end
                && let Some((month, m_end)) = month_at(text, m_start)
            {
                let (year, end) = optional_year(text, m_end);
                if let Some(e) = dated(text, i, end, year, month, day, reference) {
                    out.push(e);
                }
            }
        }
    }
    out
}

fn optional_year(text: &str, after: usize) -> (Option<i32>, usize) {
    let mut j = after;
    if text[j..].starts_with(',') {
        j += 1;
    }
    let y_start = skip_blanks(text, j);
    match year_at(text, y_start) {
        Some((y, end)) if y_start > after || j > after => (Some(y), end),
        _ => (None, after),
    }
}

fn dated(
    text: &str,
    start: usize,
    end: usize,
    year: Option<i32>,
    month: u32,
    day: u32,
    reference: Option<Date>,
) -> Option<Entity> {
    let date = match (year, reference) {
        (Some(y), _) => Some(Date::new(y, month, day)?),
        (None, Some(r)) => Date::new(r.year, month, day),
        (None, None) => None,
    };
    let confidence = if year.is_some() { 0.95 } else { 0.85 };
    Some(entity(text, start, end, date, confidence))
}

fn relative(text: &str, reference: Option<Date>) -> Vec<Entity> {
    let mut out = Vec::new();
    for (word, offset) in [("today", 0), ("tomorrow", 1), ("yesterday", -1)] {
        for at in find_words_ci(text, word) {
            let date = reference.map(|r| r.plus_days(offset));
            out.push(entity(text, at, at + word.len(), date, 0.8));
        }
    }
    for (index, name) in WEEKDAYS.iter().enumerate() {
        for (at, _) in text.match_indices(name) {
            let end = at + name.len();
            if !word_start(text, at) || !word_end(text, end) || starts_full_date(text, end) {
                continue;
            }
            let weekday = u32::try_from(index).unwrap_or(0);
            let (start, next) = match text[..at].strip_suffix("next ") {
                Some(before) if word_start(text, before.len()) => (before.len(), true),
                _ => match text[..at].strip_suffix("Next ") {
                    Some(before) => (before.len(), true),
                    None => (at, false),
                },
            };
            let date = reference.map(|r| resolve_weekday(r, weekday, next));
            out.push(entity(text, start, end, date, 0.75));
        }
    }
    out
}

/// `Tuesday, March 3` / `Tuesday 3/3/2026`: the weekday belongs to a full date.
fn starts_full_date(text: &str, end: usize) -> bool {
    let mut j = end;
    if text[j..].starts_with(',') {
        j += 1;
    }
    let j = skip_blanks(text, j);
    char_at(text, j).is_some_and(|c| c.is_ascii_digit()) || month_at(text, j).is_some()
}

fn resolve_weekday(reference: Date, weekday: u32, next_week: bool) -> Date {
    let today = reference.weekday();
    if next_week {
        let monday_next = reference.plus_days(7 - i64::from(today));
        monday_next.plus_days(i64::from(weekday))
    } else {
        reference.plus_days(i64::from((weekday + 7 - today) % 7))
    }
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::calendar::Date;
    use crate::entity::Normalized;

    fn dates(text: &str) -> Vec<(String, Option<String>)> {
        let reference = Date::new(2026, 3, 11); // a Wednesday
        let mut found = extract(text, reference);
        found.sort_by_key(|e| e.span);
        found
            .into_iter()
            .map(|e| {
                let n = e.normalized.map(|n| match n {
                    Normalized::Text(t) => t,
                    Normalized::Money(_) => unreachable!(),
                });
                (e.value, n)
            })
            .collect()
    }

    fn one(value: &str, iso: &str) -> Vec<(String, Option<String>)> {
        vec![(value.to_owned(), Some(iso.to_owned()))]
    }

    #[test]
    fn absolute_formats() {
        assert_eq!(dates("due 2026-03-14."), one("2026-03-14", "2026-03-14"));
        assert_eq!(dates("on 03/14/2026"), one("03/14/2026", "2026-03-14"));
        assert_eq!(dates("on 14/03/2026"), one("14/03/2026", "2026-03-14"));
        assert_eq!(dates("am 14.03.2026"), one("14.03.2026", "2026-03-14"));
        assert_eq!(
            dates("by March 3, 2026"),
            one("March 3, 2026", "2026-03-03")
        );
        assert_eq!(dates("Mar. 3rd 2026"), one("Mar. 3rd 2026", "2026-03-03"));
        assert_eq!(dates("on 3 March 2026"), one("3 March 2026", "2026-03-03"));
        assert_eq!(dates("Sept 30"), one("Sept 30", "2026-09-30"));
    }

    #[test]
    fn relative_dates_resolve_against_the_reference() {
        assert_eq!(dates("by tomorrow"), one("tomorrow", "2026-03-12"));
        assert_eq!(dates("by Friday"), one("Friday", "2026-03-13"));
        assert_eq!(dates("next Monday"), one("next Monday", "2026-03-16"));
        assert_eq!(dates("next Friday"), one("next Friday", "2026-03-20"));
    }

    #[test]
    fn not_dates() {
        for text in [
            "v2.4.1",
            "1.2.2026.4",
            "call at 14:30",
            "2026-13-40",
            "Tuesday, March 3, 2026 only has one",
            "May we",
            "room 12/14",
        ] {
            let found = dates(text);
            assert!(
                found.len() <= 1 && found.iter().all(|(v, _)| v.contains("March")),
                "{text}: {found:?}"
            );
        }
    }
}
