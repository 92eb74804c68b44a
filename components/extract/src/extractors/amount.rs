//! Money amounts: a number with a currency symbol or ISO code before or after it.
//!
//! Thousands and decimal separators are told apart per amount: with both `,` and `.`, the last
//! one is the decimal mark (`1.250,00` and `1,250.00` are both 1250); a lone `,` followed by
//! three digits groups thousands (`1,200`); a lone `.` followed by three digits groups
//! thousands except in USD, GBP, CAD, AUD and INR amounts (`EUR 3.200` is 3200, `$3.200` is
//! 3.2). Thousands may also be grouped by a blank, a no-break space or a narrow no-break space
//! (`12 400,00 €`, `USD 1 250 000`): the first group has one to three digits, every later one
//! three, and a number after a count word (`Qty 3 12 400,00 €`) starts no such amount.
//! A `k`/`K`, `m`/`M` or `bn` suffix multiplies. Numbers without a currency are not amounts,
//! nor are values too large to be finite.

use crate::entity::{Entity, EntityType, Money, Normalized};
use crate::text::{char_at, char_before, digits_end, is_word_char, starts_with_ci};

/// Words after which a number is a count, not an amount's first group of thousands:
/// `data/amount/count_cues.txt`.
const COUNT_CUES: &[&str] = include!(concat!(env!("OUT_DIR"), "/amount_count_cues.rs"));

/// Blanks between a marker and its number, and between groups of thousands.
fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// Currency markers and their ISO codes; longer markers first so `US$` wins over `$`.
const MARKERS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("R$", "BRL"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("CHF", "CHF"),
    ("JPY", "JPY"),
    ("CAD", "CAD"),
    ("AUD", "AUD"),
    ("NZD", "NZD"),
    ("PLN", "PLN"),
    ("SEK", "SEK"),
    ("NOK", "NOK"),
    ("DKK", "DKK"),
    ("BRL", "BRL"),
    ("INR", "INR"),
    ("CNY", "CNY"),
    ("MXN", "MXN"),
    ("SGD", "SGD"),
    ("HKD", "HKD"),
    ("ZAR", "ZAR"),
    ("CZK", "CZK"),
    ("dollars", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
];

/// Finds every amount in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit()
            && !char_before(text, i)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == ',');
        if !starts_number {
            i += 1;
            continue;
        }
        let (num_end, raw) = read_number(text, i, !after_count_cue(text, i));
        if let Some(e) = amount_at(text, i, num_end, raw) {
            i = e.span.1;
            out.push(e);
        } else {
            i = num_end;
        }
    }
    out
}

/// Reads digits with `,` `.` `'` separators (each followed by a digit) from `i`; when
/// `blank_groups`, thousands grouped by blanks too (`1 250 000`).
fn read_number(text: &str, i: usize, blank_groups: bool) -> (usize, &str) {
    let bytes = text.as_bytes();
    let mut end = digits_end(text, i);
    if blank_groups && end - i <= 3 {
        while let Some(next) = blank_group_end(text, end) {
            end = next;
        }
    }
    while end + 1 < bytes.len()
        && matches!(bytes[end], b',' | b'.' | b'\'')
        && bytes[end + 1].is_ascii_digit()
    {
        end = digits_end(text, end + 1);
    }
    (end, &text[i..end])
}

/// The end of a group of thousands after a blank at `end` (` 400`), if one is there: the
/// blank, exactly three digits, then no digit or further digit-bearing letter.
fn blank_group_end(text: &str, end: usize) -> Option<usize> {
    let blank = char_at(text, end).filter(|c| is_blank(*c))?;
    let start = end + blank.len_utf8();
    let group_end = digits_end(text, start);
    let clean_end = !char_at(text, group_end).is_some_and(char::is_alphanumeric)
        || marker_after(text, group_end).is_some();
    (group_end - start == 3 && clean_end).then_some(group_end)
}

/// True when the word before the number at `i` on its line is a count word (`Qty 3`).
fn after_count_cue(text: &str, i: usize) -> bool {
    let before = text[..i].trim_end_matches(is_blank);
    let before = before
        .trim_end_matches(['.', ':', '#'])
        .trim_end_matches(is_blank);
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map_or(before.len(), |(p, _)| p);
    let word = before[word_start..].to_lowercase();
    !word.is_empty() && COUNT_CUES.contains(&word.as_str())
}

fn amount_at(text: &str, start: usize, end: usize, raw: &str) -> Option<Entity> {
    let (mult, after_mult) = multiplier(text, end);
    let before = marker_before(text, start);
    let after = if before.is_none() {
        marker_after(text, after_mult)
    } else {
        None
    };
    let (span_start, span_end, currency) = match (before, after) {
        (Some((s, code)), _) => (s, after_mult, code),
        (None, Some((e, code))) => (start, e, code),
        (None, None) => return None,
    };
    let value = parse_value(raw, currency)? * mult;
    if !value.is_finite() {
        return None;
    }
    Some(
        Entity::rule(EntityType::Amount, text, span_start, span_end, 0.95).with_normalized(Some(
            Normalized::Money(Money {
                value,
                currency: currency.to_owned(),
            }),
        )),
    )
}

fn multiplier(text: &str, end: usize) -> (f64, usize) {
    for (lit, m) in [("bn", 1e9), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("m", 1e6)] {
        if text[end..].starts_with(lit) && !char_at(text, end + lit.len()).is_some_and(is_word_char)
        {
            return (m, end + lit.len());
        }
    }
    (1.0, end)
}

/// A marker ending at `start` (one optional blank between), with where it starts.
fn marker_before(text: &str, start: usize) -> Option<(usize, &'static str)> {
    let mut candidates = vec![start];
    if let Some(c) = char_before(text, start).filter(|c| is_blank(*c)) {
        candidates.push(start - c.len_utf8());
    }
    for end in candidates {
        for (marker, code) in MARKERS {
            let Some(s) = end.checked_sub(marker.len()) else {
                continue;
            };
            if text.is_char_boundary(s)
                && text[s..end].eq_ignore_ascii_case(marker)
                && case_ok(&text[s..end], marker)
                && !char_before(text, s).is_some_and(|c| c.is_alphabetic())
            {
                return Some((s, code));
            }
        }
    }
    None
}

/// A marker starting at `end` (one optional blank between), with where it ends.
fn marker_after(text: &str, end: usize) -> Option<(usize, &'static str)> {
    let mut starts = vec![end];
    if let Some(c) = char_at(text, end).filter(|c| is_blank(*c)) {
        starts.push(end + c.len_utf8());
    }
    for s in starts {
        for (marker, code) in MARKERS {
            if starts_with_ci(text, s, marker)
                && case_ok(&text[s..s + marker.len()], marker)
                && !char_at(text, s + marker.len()).is_some_and(|c| c.is_alphabetic())
            {
                return Some((s + marker.len(), code));
            }
        }
    }
    None
}

/// ISO codes must be upper case as written (`eur` is not a marker); words may be any case.
fn case_ok(found: &str, marker: &str) -> bool {
    if marker.chars().all(|c| c.is_ascii_uppercase()) {
        found == marker
    } else {
        true
    }
}

fn parse_value(raw: &str, currency: &str) -> Option<f64> {
    let raw = raw.replace(['\'', ' ', '\u{a0}', '\u{202f}'], "");
    let commas = raw.matches(',').count();
    let dots = raw.matches('.').count();
    let decimal = match (commas, dots) {
        (0, 0) => None,
        (c, d) if c > 0 && d > 0 => {
            if raw.rfind(',') > raw.rfind('.') {
                Some(',')
            } else {
                Some('.')
            }
        }
        (1, 0) => {
            let after = raw.len() - raw.find(',')? - 1;
            (after != 3).then_some(',')
        }
        (0, 1) => {
            let after = raw.len() - raw.find('.')? - 1;
            let dot_groups =
                after == 3 && !matches!(currency, "USD" | "GBP" | "CAD" | "AUD" | "INR");
            (!dot_groups).then_some('.')
        }
        _ => None,
    };
    let cleaned: String = raw
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            c if Some(c) == decimal => Some('.'),
            _ => None,
        })
        .collect();
    cleaned.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::entity::Normalized;

    fn money(text: &str) -> Vec<(String, f64, String)> {
        extract(text)
            .into_iter()
            .map(|e| match e.normalized {
                Some(Normalized::Money(m)) => (e.value, m.value, m.currency),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn formats() {
        let cases: &[(&str, &str, f64, &str)] = &[
            ("total $12,450.00 due", "$12,450.00", 12450.0, "USD"),
            ("EUR 3,200 net", "EUR 3,200", 3200.0, "EUR"),
            ("€1.250,00", "€1.250,00", 1250.0, "EUR"),
            ("about £980.", "£980", 980.0, "GBP"),
            ("USD 45,000", "USD 45,000", 45000.0, "USD"),
            ("1,200.50 CHF", "1,200.50 CHF", 1200.5, "CHF"),
            ("3.200 EUR", "3.200 EUR", 3200.0, "EUR"),
            ("budget $45k", "$45k", 45000.0, "USD"),
            ("R$ 2.500,90", "R$ 2.500,90", 2500.9, "BRL"),
        ];
        for (text, value, number, currency) in cases {
            assert_eq!(
                money(text),
                vec![((*value).to_owned(), *number, (*currency).to_owned())],
                "{text}"
            );
        }
    }

    #[test]
    fn plain_numbers_are_not_amounts() {
        assert!(extract("version 2.4.1, 15% off, 500 units, room 101").is_empty());
        assert!(extract("eur 300").is_empty());
    }

    #[test]
    fn thousands_grouped_by_blanks() {
        let cases: &[(&str, &str, f64, &str)] = &[
            ("total 12 400,00 € net", "12 400,00 €", 12400.0, "EUR"),
            ("EUR 12 400 net", "EUR 12 400", 12400.0, "EUR"),
            ("€ 3 250,50", "€ 3 250,50", 3250.5, "EUR"),
            ("USD 1 250 000.", "USD 1 250 000", 1_250_000.0, "USD"),
            ("12 400 EUR", "12 400 EUR", 12400.0, "EUR"),
            (
                "12\u{a0}400,00\u{a0}€",
                "12\u{a0}400,00\u{a0}€",
                12400.0,
                "EUR",
            ),
            (
                "12\u{202f}400,00\u{202f}€",
                "12\u{202f}400,00\u{202f}€",
                12400.0,
                "EUR",
            ),
            (
                "CHF 1\u{202f}250\u{202f}000",
                "CHF 1\u{202f}250\u{202f}000",
                1_250_000.0,
                "CHF",
            ),
            ("PLN 187 650,00", "PLN 187 650,00", 187_650.0, "PLN"),
        ];
        for (text, value, number, currency) in cases {
            assert_eq!(
                money(text),
                vec![((*value).to_owned(), *number, (*currency).to_owned())],
                "{text}"
            );
        }
    }

    #[test]
    fn a_count_or_another_number_next_to_it_is_not_swallowed() {
        let values = |text: &str| -> Vec<String> { money(text).into_iter().map(|m| m.0).collect() };
        assert_eq!(values("Qty 3 12 400,00 €"), ["12 400,00 €"]);
        assert_eq!(values("2 x 1 200,00 €"), ["1 200,00 €"]);
        assert_eq!(values("Qty 12 400,00 € each"), ["400,00 €"]);
        assert_eq!(values("Pos. 10 250,00 EUR"), ["250,00 EUR"]);
        assert_eq!(values("Line 2 1 200,00 EUR"), ["1 200,00 EUR"]);
        assert_eq!(values("PO 4500012345 1 200 EUR"), ["1 200 EUR"]);
        assert_eq!(values("in 2026 100 EUR"), ["100 EUR"]);
        assert_eq!(values("EUR 12 4000"), ["EUR 12"]);
        // Groups without a currency are no amount: phones, IBANs, quantities.
        assert!(extract("+33 1 42 68 53 00, DE89 3704 0044 0532 0130 00, 5 000 units").is_empty());
    }
}
