//! E-mail addresses and telephone numbers.
//!
//! A phone number is accepted when it is written internationally (`+49 89 1234567`), in the
//! North American layout (`(212) 555-0188`, `415-555-0134`, `415.555.0134`), after a cue on
//! the same line ([`super::phone_cue`]: a label, `Tel:`, `Móvil`, `Sales:`; a contact verb
//! and a linking word, "call our desk on"), in a grouped national layout with a trunk `0`
//! (`020 7946 0958`, `06-12345678`) or of a country without one (`22 94 51 60`, `612 448
//! 903`) alone in its part of a line as in a signature (the line, or between `|`, `·`, `,`
//! ...; a note in brackets may follow: `0171 2345678 (mobile)`), or written like a phone
//! found in the text, with its area code (`077 320 8800` beside `077 320 8850`).
//! International and North American numbers are normalized to E.164; national ones too
//! when [`super::phone_country`] finds their country (`089 1234 5678` → `+498912345678` in
//! a German signature), else not.

use super::phone_country;
use super::phone_cue::{
    Form, form, has_contact_cue, has_letter_label, has_phone_label, national_form,
};
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{Line, char_at, char_before, lines, prefix_within, word_start};

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
    let mut refused = Vec::new();
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
            if let Some(e) = phone(text, &line, i, end) {
                out.push(e);
                i = end;
            } else {
                refused.push((i, end));
                i = run_end.max(i + 1);
            }
        }
    }
    // A national number written like a phone found in the text, with its area code ("on 077
    // 320 8850 (the old number 077 320 8800 ...)").
    let forms: std::collections::HashSet<Form> = out.iter().map(|f| form(&f.value)).collect();
    for (start, end) in refused {
        let raw = &text[start..end];
        let whole = end > start && !text[end..].starts_with(|c: char| c.is_alphanumeric());
        if whole && national_form(raw).is_some_and(|f| forms.contains(&f)) {
            let normalized =
                phone_country::near(text, start).and_then(|code| phone_country::e164(raw, code));
            out.push(
                Entity::rule(EntityType::PhoneNumber, text, start, end, 0.7)
                    .with_normalized(normalized.map(Normalized::Text)),
            );
        }
    }
    out
}

/// Gives the national phone numbers among `entities` that have no E.164 form yet the one
/// they have in the country with calling code `code` (the sender's, from the domain of
/// the `from` address: [`phone_country::of_address`]).
pub fn normalize_national(entities: &mut [Entity], code: &str) {
    for e in entities
        .iter_mut()
        .filter(|e| e.kind == EntityType::PhoneNumber && e.normalized.is_none())
    {
        e.normalized = phone_country::e164(&e.value, code).map(Normalized::Text);
    }
}

/// End of a run of digits, blanks, `(`, `)`, `-`, `.`, `/` starting at `i` (single blanks only),
/// trimmed back to its last digit; and the end of the untrimmed run.
fn phone_end(text: &str, i: usize, line_end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut j = i + 1;
    let mut digits = usize::from(bytes[i].is_ascii_digit());
    while j < line_end {
        let b = bytes[j];
        // `089 / 1234 5678`: a blank-framed slash right after an area code.
        let slash =
            bytes[j..].starts_with(b" / ") && bytes.get(j + 3).is_some_and(u8::is_ascii_digit);
        if slash && digits <= 5 && bytes[j - 1].is_ascii_digit() {
            j += 3;
            continue;
        }
        digits += usize::from(b.is_ascii_digit());
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

/// The phone number at `text[start..end]` on `line`, if its layout or a cue before it makes it one.
fn phone(text: &str, line: &Line<'_>, start: usize, end: usize) -> Option<Entity> {
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
    let national = ((digits.starts_with('0') && n >= 9 && groups.len() >= 2)
        || without_trunk(raw, &groups))
        && alone_in_its_part(text, line, start, end);
    let before = &text[line.start..start];
    let letter_labelled = digits.starts_with('0') && n >= 9 && has_letter_label(before);
    let labelled = letter_labelled
        || (n >= 7 && has_phone_label(before))
        || (n >= 7 && groups.len() >= 2 && has_contact_cue(before));
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
        phone_country::near(text, start).and_then(|code| phone_country::e164(raw, code))
    };
    let confidence = if international || nanp { 0.9 } else { 0.8 };
    Some(
        Entity::rule(EntityType::PhoneNumber, text, start, end, confidence)
            .with_normalized(normalized.map(Normalized::Text)),
    )
}

/// Whether `text[start..end]` stands alone in its part of `line`, as in a signature: only
/// blanks (and quote markers) between it and the line's start or a separator before it, and
/// after it only blanks, maybe a note in brackets, then the line's end or a separator.
fn alone_in_its_part(text: &str, line: &Line<'_>, start: usize, end: usize) -> bool {
    const SEPARATORS: &[char] = &['|', '·', '•', ',', ';', '/', '–', '—', '>', '\t'];
    let (content_start, _) = line.content();
    let before = text[line.start.max(content_start.min(start))..start].trim_end_matches(' ');
    let before_ok = before.is_empty()
        || before.ends_with(SEPARATORS)
        || before.strip_suffix('-').is_some_and(|b| b.ends_with(' '));
    let mut after = text[end..line.end()].trim_start_matches(' ');
    if after.starts_with('(') {
        let Some(close) = prefix_within(after, 32).find(')') else {
            return false;
        };
        after = after[close + 1..].trim_start_matches(' ');
    }
    let after_ok = after.is_empty()
        || after.starts_with(SEPARATORS)
        || after.strip_prefix('-').is_some_and(|a| a.starts_with(' '));
    before_ok && after_ok
}

/// `22 94 51 60`, `612 448 903`: a national number of a country without a trunk `0`, eight
/// or nine digits in three or four groups of two or three between single blanks.
fn without_trunk(raw: &str, groups: &[&str]) -> bool {
    let n: usize = groups.iter().map(|g| g.len()).sum();
    !raw.starts_with('0')
        && (8..=9).contains(&n)
        && (3..=4).contains(&groups.len())
        && groups.iter().all(|g| (2..=3).contains(&g.len()))
        && raw.bytes().all(|b| b.is_ascii_digit() || b == b' ')
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

#[cfg(test)]
mod tests {
    use super::{emails, normalize_national, phones};
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

    #[test]
    fn national_numbers_after_a_phone_cue() {
        for (text, value) in [
            ("Tel 089 1234 5678", "089 1234 5678"),
            ("Phone: 030 12345678", "030 12345678"),
            ("Mobile 0171 2345678", "0171 2345678"),
            ("Mob. 0171 2345678", "0171 2345678"),
            ("T: 01 42 68 53 00", "01 42 68 53 00"),
            ("T : 01 42 68 53 00", "01 42 68 53 00"),
            ("M: 020 7946 0958", "020 7946 0958"),
            ("M. 06 12 34 56 78", "06 12 34 56 78"),
            ("Fax 0161 496 0000", "0161 496 0000"),
            ("Durchwahl: 030 1234567", "030 1234567"),
            ("please call me on 0161 496 0000 today", "0161 496 0000"),
            ("Tel.: 06-12345678", "06-12345678"),
            ("Telefon (0)89 1234567", "(0)89 1234567"),
            ("T 020 7946 0958", "020 7946 0958"),
            ("Sales team | M 07700 900123", "07700 900123"),
            ("Tel.: 089 / 123 456 78", "089 / 123 456 78"),
        ] {
            let found = phones(text);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert_eq!(found[0].value, value, "{text}");
        }
    }

    #[test]
    fn national_numbers_alone_on_a_signature_line() {
        let text = "Kind regards\nJürgen Maier\nIsarwerk GmbH | Leopoldstr. 12 | 80802 München\n\
                    089 1234 5678\nCredit Control | 0131 496 0022\n> 020 7946 0381\n\
                    0171 2345678 (mobile)\nIsarwerk GmbH · 030 12345678";
        let values: Vec<String> = phones(text).into_iter().map(|e| e.value).collect();
        assert_eq!(
            values,
            [
                "089 1234 5678",
                "0131 496 0022",
                "020 7946 0381",
                "0171 2345678",
                "030 12345678"
            ]
        );
    }

    #[test]
    fn national_numbers_in_a_sentence_need_a_cue() {
        for text in [
            "Last shipment was BOL 784512369021 / PRO 0412-558731 and it went fine.",
            "Reference 0045 1234 5678 on the invoice",
            "0412 558731 is the delivery note we got.",
            "Our account 0123 456 789 0.",
            "P 2026 0014 batch",
            "Grade B 0412 558731",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    #[test]
    fn national_numbers_in_e164_by_their_signature() {
        let text = "Jürgen Maier\nLeopoldstr. 12, 80802 München, Germany\nTel 089 1234 5678\n\n\
                    Pierre Martin\npierre@logisoft.fr\nT : 01 42 68 53 00\n\n\
                    Jo Bloggs\n020 7946 0958";
        let found = phones(text);
        let e164: Vec<Option<String>> = found.iter().map(norm).collect();
        assert_eq!(
            e164,
            [
                Some("+498912345678".to_owned()),
                Some("+33142685300".to_owned()),
                None
            ]
        );
        // The sender's country fills in what the text does not tell; the text stays.
        let mut found = found;
        normalize_national(&mut found, "44");
        assert_eq!(found[2].value, "020 7946 0958");
        assert_eq!(norm(&found[2]).as_deref(), Some("+442079460958"));
        assert_eq!(norm(&found[0]).as_deref(), Some("+498912345678"));
    }
}
