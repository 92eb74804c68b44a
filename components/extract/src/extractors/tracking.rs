//! Parcel tracking numbers, accepted only when their check digit is valid.
//!
//! | carrier | format | check |
//! |---|---|---|
//! | UPS | `1Z` + 16 letters/digits | UPS mod-10 over chars 3–17 (letters mapped `(c-63) % 10`) |
//! | USPS S10 (international) | 2 letters, 9 digits, 2 letters | weights 8,6,4,2,3,5,9,7, mod 11 |
//! | USPS IMpb | 20 digits, or 22 starting with `9` | weights 3,1 from the right, mod 10 |
//! | FedEx Express | 12 digits | weights 1,3,7 from the right, mod 11 mod 10 |
//!
//! Twelve-digit FedEx numbers also need a shipping word (`tracking`, `FedEx`, `shipment`, ...)
//! close by, because one in ten random twelve-digit numbers passes the check.
//!
//! Numbers written in groups (`1Z 999 AA1 01 2345 6784`, `1Z999AA1 0123 4567 84`,
//! `7946 1234 5670`, `9400 1000 0000 0000 0000 06`) are found as written, groups joined by
//! single blanks: a UPS number whose groups add up to its 18 characters, an S10 number
//! likewise (`EA 123 456 785 US`), or a run of digit groups of four (the last may be
//! shorter) that is, as a whole, a FedEx or USPS number.

use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{
    ascii_alnum_end, char_at, char_before, prefix_within, starts_with_ci, suffix_within, word_end,
    word_start,
};

/// Words that let a twelve-digit number near them be a FedEx tracking number.
const SHIPPING_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/tracking_shipping_words.rs"));

/// Finds every valid tracking number in `text`, whole or written in groups.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = whole(text);
    out.extend(grouped(text));
    out
}

/// A tracking-number entity for `text[start..end]`, normalized to `number`.
fn entity(text: &str, start: usize, end: usize, number: &str, confidence: f64) -> Entity {
    Entity::rule(EntityType::TrackingNumber, text, start, end, confidence)
        .with_normalized(Some(Normalized::Text(number.to_ascii_uppercase())))
}

/// Tracking numbers written as one token.
fn whole(text: &str) -> Vec<Entity> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() || !word_start(text, i) {
            i += 1;
            continue;
        }
        let end = ascii_alnum_end(text, i);
        if word_end(text, end) {
            let token = &text[i..end];
            let confidence = if is_ups(token) || is_s10(token) || is_usps(token) {
                Some(0.99)
            } else if is_fedex12(token) && near_shipping_word(text, i) {
                Some(0.9)
            } else {
                None
            };
            if let Some(c) = confidence {
                out.push(entity(text, i, end, token, c));
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// Blanks that may separate the groups of a tracking number.
fn is_group_blank(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// The groups of letters and digits from `i` on, joined by single blanks: `(start, end)` of
/// each, at most `max` of them.
fn groups_from(text: &str, i: usize, max: usize) -> Vec<(usize, usize)> {
    let mut groups = Vec::new();
    let mut start = i;
    while groups.len() < max {
        let end = ascii_alnum_end(text, start);
        if end == start {
            break;
        }
        groups.push((start, end));
        let Some(blank) = char_at(text, end).filter(|c| is_group_blank(*c)) else {
            break;
        };
        start = end + blank.len_utf8();
    }
    groups
}

/// Tracking numbers written in groups.
fn grouped(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if !b.is_ascii_alphanumeric() || !word_start(text, i) || continues_digits(text, i) {
            continue;
        }
        let found = if starts_with_ci(text, i, "1Z") {
            joined_groups(text, i, 18, is_ups)
        } else if b.is_ascii_uppercase() {
            joined_groups(text, i, 13, is_s10)
        } else if b.is_ascii_digit() {
            digit_groups(text, i)
        } else {
            None
        };
        if let Some(e) = found {
            out.push(e);
        }
    }
    out
}

/// True when a digit group and one blank come right before `i` (`12 7946`): `i` is inside
/// a run of digit groups, not at its start.
fn continues_digits(text: &str, i: usize) -> bool {
    char_before(text, i)
        .filter(|c| is_group_blank(*c))
        .and_then(|c| char_before(text, i - c.len_utf8()))
        .is_some_and(|c| c.is_ascii_digit())
}

/// A number of `len` characters in two or more groups from `i` that `valid` accepts (UPS,
/// S10): the groups must add up to exactly `len`.
fn joined_groups(text: &str, i: usize, len: usize, valid: fn(&str) -> bool) -> Option<Entity> {
    let mut number = String::new();
    for (count, (start, end)) in groups_from(text, i, 8).into_iter().enumerate() {
        number.push_str(&text[start..end]);
        if number.len() >= len {
            let ok = number.len() == len && count >= 1 && word_end(text, end) && valid(&number);
            return ok.then(|| entity(text, i, end, &number, 0.99));
        }
    }
    None
}

/// A run of digit groups from `i` (four digits each, the last two to four) that is as a
/// whole a USPS number, or a FedEx number of three groups with a shipping word near it.
fn digit_groups(text: &str, i: usize) -> Option<Entity> {
    let all = groups_from(text, i, 8);
    let is_digits = |&(s, e): &(usize, usize)| text.as_bytes()[s..e].iter().all(u8::is_ascii_digit);
    let groups: Vec<(usize, usize)> = all.iter().copied().take_while(is_digits).collect();
    // The run must end here: the group after it, if any, does not start with a digit.
    let continues = all
        .get(groups.len())
        .is_some_and(|&(s, _)| text.as_bytes()[s].is_ascii_digit());
    let (last_start, end) = *groups.last()?;
    let lengths_ok = groups[..groups.len() - 1].iter().all(|(s, e)| e - s == 4)
        && (2..=4).contains(&(end - last_start));
    if groups.len() < 3 || continues || !lengths_ok || !word_end(text, end) {
        return None;
    }
    let number: String = groups.iter().map(|&(s, e)| &text[s..e]).collect();
    if is_usps(&number) {
        Some(entity(text, i, end, &number, 0.97))
    } else if groups.len() == 3 && is_fedex12(&number) && near_shipping_word(text, i) {
        Some(entity(text, i, end, &number, 0.9))
    } else {
        None
    }
}

fn digit(c: u8) -> u32 {
    u32::from(c - b'0')
}

/// UPS `1Z` numbers.
#[must_use]
pub fn is_ups(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..2].eq_ignore_ascii_case(b"1Z") || !b[17].is_ascii_digit() {
        return false;
    }
    let mut odd = 0;
    let mut even = 0;
    for (k, &c) in b[2..17].iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => digit(c),
            b'A'..=b'Z' => u32::from(c - 63) % 10,
            b'a'..=b'z' => u32::from(c.to_ascii_uppercase() - 63) % 10,
            _ => return false,
        };
        if k % 2 == 0 {
            odd += v;
        } else {
            even += v;
        }
    }
    (10 - (odd + 2 * even) % 10) % 10 == digit(b[17])
}

/// UPU S10 numbers (`EA123456785US`).
#[must_use]
pub fn is_s10(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 13
        || !b[..2].iter().all(u8::is_ascii_uppercase)
        || !b[11..].iter().all(u8::is_ascii_uppercase)
        || !b[2..11].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    const W: [u32; 8] = [8, 6, 4, 2, 3, 5, 9, 7];
    let sum: u32 = b[2..10].iter().zip(W).map(|(&c, w)| digit(c) * w).sum();
    let check = match 11 - sum % 11 {
        10 => 0,
        11 => 5,
        c => c,
    };
    check == digit(b[10])
}

/// USPS 20- and 22-digit numbers.
#[must_use]
pub fn is_usps(s: &str) -> bool {
    let b = s.as_bytes();
    if !(b.len() == 20 || (b.len() == 22 && b[0] == b'9')) || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (body, check) = b.split_at(b.len() - 1);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &c)| digit(c) * if k % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == digit(check[0])
}

/// FedEx Express 12-digit numbers.
#[must_use]
pub fn is_fedex12(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 3] = [1, 3, 7];
    let sum: u32 = b[..11]
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &c)| digit(c) * W[k % 3])
        .sum();
    sum % 11 % 10 == digit(b[11])
}

/// A shipping word within the 160 bytes before the number or the 80 after it.
fn near_shipping_word(text: &str, at: usize) -> bool {
    let before = suffix_within(&text[..at], 160);
    let after = prefix_within(&text[at..], 80);
    let window = format!("{before}{after}").to_lowercase();
    SHIPPING_WORDS.iter().any(|w| window.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        assert!(is_ups("1Z999AA10123456784"));
        assert!(!is_ups("1Z999AA10123456785"));
        assert!(is_s10("EA123456785US"));
        assert!(!is_s10("EA123456784US"));
        assert!(is_usps("9400111899223197428497"));
        assert!(!is_usps("9400111899223197428490"));
    }

    #[test]
    fn fedex_needs_a_shipping_word() {
        let n = (0..10)
            .map(|d| format!("12345678901{d}"))
            .find(|s| is_fedex12(s))
            .unwrap();
        assert_eq!(extract(&format!("FedEx tracking: {n}")).len(), 1);
        assert!(extract(&format!("account {n}")).is_empty());
    }

    fn found(text: &str) -> Vec<(String, String)> {
        extract(text)
            .into_iter()
            .map(|e| match e.normalized {
                Some(Normalized::Text(n)) => (e.value, n),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn numbers_written_in_groups() {
        let pair = |v: &str, n: &str| (v.to_owned(), n.to_owned());
        assert_eq!(
            found("UPS: 1Z 999 AA1 01 2345 6784 and 1Z999AA1 0123 4567 84 today"),
            [
                pair("1Z 999 AA1 01 2345 6784", "1Z999AA10123456784"),
                pair("1Z999AA1 0123 4567 84", "1Z999AA10123456784")
            ]
        );
        assert_eq!(
            found("FedEx tracking 7946 1234 5670 arrived"),
            [pair("7946 1234 5670", "794612345670")]
        );
        assert_eq!(
            found("USPS 9400 1000 0000 0000 0000 06."),
            [pair(
                "9400 1000 0000 0000 0000 06",
                "9400100000000000000006"
            )]
        );
        assert_eq!(
            found("USPS 9400 1118 9922 3197 4288"),
            [pair("9400 1118 9922 3197 4288", "94001118992231974288")]
        );
    }

    #[test]
    fn s10_numbers_written_in_groups() {
        assert_eq!(
            found("Einschreiben RR 123 456 785 DE, EMS EA 123 456 785 US"),
            [
                ("RR 123 456 785 DE".to_owned(), "RR123456785DE".to_owned()),
                ("EA 123 456 785 US".to_owned(), "EA123456785US".to_owned())
            ]
        );
        assert!(extract("EA 123 456 784 US, DE89 3704 0044 0532 0130 00").is_empty());
    }

    #[test]
    fn groups_that_fail_the_check_or_belong_to_more_are_not_numbers() {
        for text in [
            // Check digit wrong.
            "FedEx tracking 7946 1234 5678",
            "USPS 9400 1000 0000 0000 0000 00",
            "UPS 1Z 999 AA1 01 2345 6785",
            // Valid FedEx digits with no shipping word, or inside a longer run.
            "account 7946 1234 5670",
            "shipment ref 12 7946 1234 5670",
            "shipment 7946 1234 5670 1234",
            // An IBAN and a UPS number whose groups overshoot 18 characters.
            "bank transfer IBAN FR76 3000 6000 0112 3456 7890 189",
            "UPS 1Z999 AA101 23456 7841",
        ] {
            assert!(extract(text).is_empty(), "{text}: {:?}", extract(text));
        }
    }
}
