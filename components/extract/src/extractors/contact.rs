//! E-mail addresses and telephone numbers.
//!
//! A phone number is accepted when it is written internationally (`+49 89 1234567`), in the
//! North American layout (`(212) 555-0188`, `415-555-0134`, `415.555.0134`), in a grouped
//! national layout with a trunk `0` (`020 7946 0958`), or after a phone label (`Tel:`,
//! `Mobile`, `Phone` ...) on the same line. International and North American numbers are
//! normalized to E.164; others, whose country is unknown, are not normalized.

use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{char_at, char_before, lines, word_start};

/// Labels that make the number after them a phone number (`Tel:`, `Mobile`).
const PHONE_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_phone_labels.rs"));

/// Finds every e-mail address in `text`.
#[must_use]
pub fn emails(text: &str) -> Vec<Entity> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let local_ok = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
        let mut start = at;
        while start > 0 && local_ok(bytes[start - 1]) {
            start -= 1;
        }
        while start < at && matches!(bytes[start], b'.' | b'\'' | b'-') {
            start += 1;
        }
        let mut end = at + 1;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'-'))
        {
            end += 1;
        }
        while end > at + 1 && matches!(bytes[end - 1], b'.' | b'-') {
            end -= 1;
        }
        let domain = &text[at + 1..end];
        let tld = domain.rsplit('.').next().unwrap_or_default();
        let valid = start < at
            && domain.contains('.')
            && !domain.contains("..")
            && tld.len() >= 2
            && tld.bytes().all(|b| b.is_ascii_alphabetic());
        if valid {
            let value = text[start..end].to_ascii_lowercase();
            out.push(
                Entity::rule(EntityType::EmailAddress, text, start, end, 0.99)
                    .with_normalized(Some(Normalized::Text(value))),
            );
        }
    }
    out
}

/// Finds every telephone number in `text`.
#[must_use]
pub fn phones(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for line in lines(text) {
        let mut i = line.start;
        while i < line.end() {
            let Some(c) = char_at(text, i) else { break };
            let starts = (c == '+' || c == '(' || c.is_ascii_digit())
                && word_start(text, i)
                && !char_before(text, i)
                    .is_some_and(|p| matches!(p, '+' | '-' | '/' | '.' | '#' | '$' | '€' | '£'));
            if !starts {
                i += c.len_utf8();
                continue;
            }
            let (end, run_end) = phone_end(text, i, line.end());
            if let Some(e) = phone(text, line.start, i, end) {
                out.push(e);
                i = end;
            } else {
                i = run_end.max(i + 1);
            }
        }
    }
    out
}

/// End of a run of digits, blanks, `(`, `)`, `-`, `.`, `/` starting at `i` (single blanks only),
/// trimmed back to its last digit; and the end of the untrimmed run.
fn phone_end(text: &str, i: usize, line_end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut j = i + 1;
    while j < line_end {
        let b = bytes[j];
        let ok = b.is_ascii_digit()
            || matches!(b, b'(' | b')' | b'-' | b'.' | b'/')
            || (b == b' '
                && bytes
                    .get(j + 1)
                    .is_some_and(|n| n.is_ascii_digit() || *n == b'('));
        if !ok {
            break;
        }
        j += 1;
    }
    let run_end = j;
    while j > i && !bytes[j - 1].is_ascii_digit() {
        j -= 1;
    }
    (j, run_end)
}

fn phone(text: &str, line_start: usize, start: usize, end: usize) -> Option<Entity> {
    if end <= start || text[end..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let raw = &text[start..end];
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if !(7..=15).contains(&n) || raw.contains("..") || raw.matches('.').count() == 1 {
        return None;
    }
    let groups: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let international = raw.starts_with('+') && n >= 8;
    let nanp = is_nanp(raw, &groups);
    let national = digits.starts_with('0') && n >= 10 && groups.len() >= 2;
    let labelled = n >= 7 && has_phone_label(&text[line_start..start]);
    if !(international || nanp || national || labelled) {
        return None;
    }
    let normalized = if international {
        let without_trunk: String = raw
            .replace("(0)", "")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        Some(format!("+{without_trunk}"))
    } else if nanp {
        let ten = if n == 11 { &digits[1..] } else { &digits[..] };
        Some(format!("+1{ten}"))
    } else {
        None
    };
    let confidence = if international || nanp { 0.9 } else { 0.8 };
    Some(
        Entity::rule(EntityType::PhoneNumber, text, start, end, confidence)
            .with_normalized(normalized.map(Normalized::Text)),
    )
}

/// `(212) 555-0188`, `212-555-0188`, `212.555.0188`, `1-800-555-0199`.
fn is_nanp(raw: &str, groups: &[&str]) -> bool {
    let lens: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    let grouped = match lens.as_slice() {
        [3, 3, 4] => true,
        [1, 3, 3, 4] => groups[0] == "1",
        _ => false,
    };
    grouped && (raw.contains('-') || raw.contains('(') || raw.matches('.').count() == 2)
}

fn has_phone_label(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    PHONE_LABELS.iter().any(|l| {
        tail.match_indices(l).any(|(at, _)| {
            tail[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{emails, phones};
    use crate::entity::Normalized;

    fn norm(e: &crate::entity::Entity) -> Option<String> {
        match &e.normalized {
            Some(Normalized::Text(t)) => Some(t.clone()),
            _ => None,
        }
    }

    #[test]
    fn email_addresses() {
        let found = emails("Mail Jane.Doe@Example.co.uk, or ops@acme.com. Not: a@b, @x.com");
        let values: Vec<&str> = found.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values, ["Jane.Doe@Example.co.uk", "ops@acme.com"]);
        assert_eq!(norm(&found[0]).as_deref(), Some("jane.doe@example.co.uk"));
    }

    #[test]
    fn phone_layouts() {
        let cases = [
            (
                "call +1 (415) 555-0134 now",
                "+1 (415) 555-0134",
                Some("+14155550134"),
            ),
            (
                "Tel. +49 (0)89 1234567",
                "+49 (0)89 1234567",
                Some("+49891234567"),
            ),
            ("(212) 555-0188", "(212) 555-0188", Some("+12125550188")),
            ("office: 020 7946 0958", "020 7946 0958", None),
            ("M: 0612 345 678", "0612 345 678", None),
        ];
        for (text, value, e164) in cases {
            let found = phones(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].value, value);
            assert_eq!(norm(&found[0]).as_deref(), e164);
        }
    }

    #[test]
    fn other_numbers_are_not_phones() {
        for text in [
            "PO 4500012345",
            "order 5551234 units",
            "price 1234567.89",
            "dates 2026-03-14",
            "ZIP 94105",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }
}
