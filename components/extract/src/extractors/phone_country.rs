//! The country of a national phone number (`089 1234 5678`), for its E.164 form
//! (`+498912345678`): a country named in the number's paragraph (a signature's address,
//! `80802 München, Germany`), the nearest one first, else the country-code domain of an
//! e-mail address there (`@isarwerk.de`); else the same in the lines below it up to an
//! earlier, quoted message (the signature under a body that gives the number). The analysis
//! adds the sender's domain when the text tells no country ([`of_address`]).
//!
//! Only countries whose national numbers start with the trunk prefix `0` are listed
//! (`data/contact/country_calling_codes.txt`, `domain_calling_codes.txt`); the `0` is
//! dropped (`030 12345678` → `+493012345678`) except where it stays (Italy:
//! `data/contact/trunk_zero_kept.txt`).

use crate::text::{char_at, prefix_within, suffix_within, word_end, word_start};

/// `<country name> <calling code>`: `data/contact/country_calling_codes.txt`.
const COUNTRY_NAMES: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/contact_country_calling_codes.rs"
));

/// `<top-level domain> <calling code>`: `data/contact/domain_calling_codes.txt`.
const DOMAIN_CODES: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/contact_domain_calling_codes.rs"));

/// Calling codes whose numbers keep their trunk `0`: `data/contact/trunk_zero_kept.txt`.
const TRUNK_ZERO_KEPT: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_trunk_zero_kept.rs"));

/// Lines that open an earlier message: `data/contact/reply_headers.txt`.
const REPLY_HEADERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_reply_headers.rs"));

/// Most lines of a paragraph looked at on each side of a number.
const MAX_LINES: usize = 8;

/// Most bytes of a paragraph looked at on each side of a number.
const MAX_BYTES: usize = 512;

/// The calling code (`49`) of the country of a national number at `at` in `text`, from
/// the paragraph around it: the country named nearest to it, else an e-mail address's
/// country-code domain.
#[must_use]
pub fn near(text: &str, at: usize) -> Option<&'static str> {
    let (start, end) = paragraph(text, at);
    in_block(text, start, end, at).or_else(|| in_block(text, end, signature_end(text, end), at))
}

/// The country told in `text[start..end]`: the one named nearest to `at`, else an e-mail
/// address's country-code domain.
fn in_block(text: &str, start: usize, end: usize, at: usize) -> Option<&'static str> {
    let block = &text[start..end];
    let named = named_countries(block)
        .min_by_key(|(pos, _)| (start + pos).abs_diff(at))
        .map(|(_, code)| code);
    named.or_else(|| {
        block
            .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';'))
            .filter(|w| w.contains('@'))
            .find_map(of_address)
    })
}

/// Where the lines after `from` stop telling about the message `from` is in: at an earlier,
/// quoted message, or after [`MAX_LINES`] lines and [`MAX_BYTES`] bytes.
fn signature_end(text: &str, from: usize) -> usize {
    let window = prefix_within(&text[from..], MAX_BYTES);
    let mut end = from;
    for line in window.split('\n').take(MAX_LINES) {
        let lower = line.trim_start().to_lowercase();
        if lower.starts_with('>') || REPLY_HEADERS.iter().any(|h| lower.contains(h)) {
            break;
        }
        end += line.len() + 1;
    }
    end.min(from + window.len())
}

/// The calling code of the country-code domain of an e-mail address (`a@b.de`,
/// `Name <a@b.co.uk>`) or a bare domain, if it is listed.
#[must_use]
pub fn of_address(address: &str) -> Option<&'static str> {
    let address = address.trim().trim_end_matches(['>', '.', ',', ';', ')']);
    let domain = address.rsplit('@').next()?;
    let tld = domain.rsplit('.').next()?.to_ascii_lowercase();
    code_of(DOMAIN_CODES, &tld)
}

/// The E.164 form of a national number written with its trunk `0` (`(0)89 1234567`,
/// `06-12345678`) in the country with calling code `code`.
#[must_use]
pub fn e164(raw: &str, code: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let after_trunk = digits.strip_prefix('0')?;
    let national = if TRUNK_ZERO_KEPT.contains(&code) {
        digits.as_str()
    } else {
        after_trunk
    };
    // `00` opens an international number, not a national one.
    let ok =
        !after_trunk.starts_with('0') && national.len() >= 6 && code.len() + national.len() <= 15;
    ok.then(|| format!("+{code}{national}"))
}

/// The code listed for `key` in a `<key> <code>` list.
fn code_of(list: &'static [&'static str], key: &str) -> Option<&'static str> {
    list.iter()
        .filter_map(|entry| entry.rsplit_once(' '))
        .find(|(k, _)| *k == key)
        .map(|(_, code)| code)
}

/// `(start, end)` of the paragraph (lines between empty ones) holding byte `at`: at most
/// [`MAX_LINES`] lines and [`MAX_BYTES`] bytes on each side of it.
fn paragraph(text: &str, at: usize) -> (usize, usize) {
    let window_start = at - suffix_within(&text[..at], MAX_BYTES).len();
    let window_end = at + prefix_within(&text[at..], MAX_BYTES).len();
    let mut start = text[window_start..at]
        .rfind('\n')
        .map_or(window_start, |p| window_start + p + 1);
    for _ in 0..MAX_LINES {
        let Some(prev_end) = start.checked_sub(1).filter(|e| *e > window_start) else {
            break;
        };
        let prev_start = text[window_start..prev_end]
            .rfind('\n')
            .map_or(window_start, |p| window_start + p + 1);
        if text[prev_start..prev_end].trim().is_empty() {
            break;
        }
        start = prev_start;
    }
    let mut end = text[at..window_end]
        .find('\n')
        .map_or(window_end, |p| at + p);
    for _ in 0..MAX_LINES {
        if end >= window_end {
            break;
        }
        let next_end = text[end + 1..window_end]
            .find('\n')
            .map_or(window_end, |p| end + 1 + p);
        if text[end + 1..next_end].trim().is_empty() {
            break;
        }
        end = next_end;
    }
    (start, end)
}

/// Every country named in `block`, written with a capital (`Germany`, `UK`): its offset and
/// calling code; where names overlap (`Northern Ireland`) the longest.
fn named_countries(block: &str) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    let mut skip_to = 0;
    block.char_indices().filter_map(move |(i, c)| {
        if i < skip_to || !c.is_uppercase() || !word_start(block, i) {
            return None;
        }
        // The list is sorted: the names that start with this letter stand together.
        let mut first = [0; 4];
        let first: &str = c.to_lowercase().next()?.encode_utf8(&mut first);
        let from = COUNTRY_NAMES.partition_point(|entry| *entry < first);
        let (end, code) = COUNTRY_NAMES[from..]
            .iter()
            .take_while(|entry| entry.starts_with(first))
            .filter_map(|entry| entry.rsplit_once(' '))
            .filter_map(|(name, code)| name_end(block, i, name).map(|end| (end, code)))
            .max_by_key(|(end, _)| *end)?;
        skip_to = end;
        Some((i, code))
    })
}

/// Where `name` (lower case) ends when it is written at `i`, as a whole word, any case.
fn name_end(text: &str, i: usize, name: &str) -> Option<usize> {
    let mut j = i;
    for expected in name.chars() {
        let c = char_at(text, j)?;
        if c.to_lowercase().next() != Some(expected) {
            return None;
        }
        j += c.len_utf8();
    }
    word_end(text, j).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::{e164, near, of_address};

    #[test]
    fn national_numbers_in_e164() {
        assert_eq!(
            e164("089 1234 5678", "49").as_deref(),
            Some("+498912345678")
        );
        assert_eq!(e164("(0)89 1234567", "49").as_deref(), Some("+49891234567"));
        assert_eq!(e164("06-12345678", "31").as_deref(), Some("+31612345678"));
        assert_eq!(
            e164("01 42 68 53 00", "33").as_deref(),
            Some("+33142685300")
        );
        assert_eq!(
            e164("020 7946 0958", "44").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(e164("02 1234 5678", "39").as_deref(), Some("+390212345678"));
        // No trunk prefix, or an international prefix: not a national number.
        assert_eq!(e164("555 1234", "49"), None);
        assert_eq!(e164("0049 89 1234567", "49"), None);
    }

    #[test]
    fn country_from_the_signature_or_a_domain() {
        let sig = "Best regards\nJan de Vries\nKeizersgracht 1, 1015 CJ Amsterdam, Netherlands\nT: 020 123 4567";
        assert_eq!(near(sig, sig.find("020").unwrap()), Some("31"));
        let sig = "Anna Schmidt\nanna@isarwerk.de\n089 1234 5678";
        assert_eq!(near(sig, sig.find("089").unwrap()), Some("49"));
        let sig = "Belfast, Northern Ireland\n028 9012 3456";
        assert_eq!(near(sig, sig.find("028").unwrap()), Some("44"));
        // The signature under the paragraph that gives the number, not a quoted one.
        let mail = "Call me on 089 1234 5678.\n\nJo\nMünchen, Germany";
        assert_eq!(near(mail, mail.find("089").unwrap()), Some("49"));
        let mail = "Call me on 089 1234 5678.\n\nOn Mon, Jo wrote:\n> Lyon, France";
        assert_eq!(near(mail, mail.find("089").unwrap()), None);
        // Another paragraph, a generic domain, a lower-case word: no country.
        let text = "Germany\n\nJo\njo@example.com\n0171 2345678 (the uk office)";
        assert_eq!(near(text, text.find("0171").unwrap()), None);
        assert_eq!(of_address("Jane <jane@shop.co.uk>"), Some("44"));
        assert_eq!(of_address("ops@acme.fr"), Some("33"));
        assert_eq!(of_address("ops@acme.com"), None);
    }
}
