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

use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{ascii_alnum_end, prefix_within, suffix_within, word_end, word_start};

/// Words that let a twelve-digit number near them be a FedEx tracking number.
const SHIPPING_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/tracking_shipping_words.rs"));

/// Finds every valid tracking number in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
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
                out.push(
                    Entity::rule(EntityType::TrackingNumber, text, i, end, c)
                        .with_normalized(Some(Normalized::Text(token.to_ascii_uppercase()))),
                );
            }
        }
        i = end.max(i + 1);
    }
    out
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
}
