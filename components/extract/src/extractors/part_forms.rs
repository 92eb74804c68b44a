//! Forms of vendor part codes beyond the capitals-and-digits codes of [`super::part_code`]:
//! long codes whose shape alone makes them parts (`LS34C650TAUXEN`, `KSM32RD8/16HDR`), a
//! Synology `+` (`DS1522+`), and the looser codes taken only where the text says they are
//! parts — after a quantity, in a part column of a table, in a list with a part:
//! codes of capitals without digits (`GLC-TE`, `MA-PWR-CORD-UK`), of words in mixed case
//! after a capital prefix (`USW-Pro-24-PoE`, `U6-Pro`), of digits only (`960-001311`).

use super::part_shape::{
    alternations, is_measure, is_period, option_suffix_end, sku_id_suffix_end,
};
use crate::text::{ascii_alnum_end, char_at, char_before, word_end, word_start};

/// Fewest letters and digits of a code whose length and turns alone make it a part.
const MIN_LONG_CODE: usize = 12;

/// Fewest turns between letters and digits of such a code.
const MIN_LONG_TURNS: usize = 4;

/// Longest code looked at, in bytes.
const MAX_CODE_BYTES: usize = 40;

/// The end of a Synology `+` (`DS1522+`) at `end`, right after a code: a `+` that ends the
/// word and is not followed by another sign (`C++`, `+-`, `+/`).
#[must_use]
pub fn plus_end(text: &str, end: usize) -> Option<usize> {
    let ok = char_at(text, end) == Some('+')
        && word_end(text, end + 1)
        && !matches!(char_at(text, end + 1), Some('+' | '-' | '/' | '#'));
    ok.then_some(end + 1)
}

/// True when `base` (capitals and digits in segments) is long and turns between letters
/// and digits often enough (`turns`) that only a part code looks like it:
/// `LS34C650TAUXEN`, `SMT1500RMI2U`, `KSM48R40BD8KMM-32HMR`.
#[must_use]
pub fn is_long_code(base: &str, turns: usize) -> bool {
    let core = base.bytes().filter(u8::is_ascii_alphanumeric).count();
    base.as_bytes()[0].is_ascii_uppercase() && core >= MIN_LONG_CODE && turns >= MIN_LONG_TURNS
}

/// True when `id` is a code of capitals without digits in two or more segments of two or
/// more letters (`GLC-TE`, `FMG-VM-BASE`): a part after a part label, never alone.
#[must_use]
pub fn is_lettered_code(id: &str) -> bool {
    let segments: Vec<&str> = id.split('-').collect();
    segments.len() >= 2
        && segments
            .iter()
            .all(|s| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_uppercase()))
}

/// How much the context must say for a loose code to be a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Next to a quantity only (`6x U6-Pro`, `4x AP9641`): codes of one segment need four
    /// digits and two letters.
    Quantity,
    /// In a part column of a table or in a list with a part: any code form.
    Column,
}

/// The loose code at `at`, if one starts there: its end. Letters and digits in segments
/// joined by single `-` or `/`, maybe ending in an option suffix (`#ABU`), a SKU id
/// (`:0002`) or a `+`; not glued to a path, address or longer word.
#[must_use]
pub fn read_loose(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if !word_start(text, at)
        || !bytes.get(at).is_some_and(u8::is_ascii_alphanumeric)
        || char_before(text, at).is_some_and(|c| matches!(c, '-' | '/' | '.' | '@' | '#' | '_'))
    {
        return None;
    }
    let mut end = ascii_alnum_end(text, at);
    while end + 1 < bytes.len()
        && matches!(bytes[end], b'-' | b'/')
        && bytes[end + 1].is_ascii_alphanumeric()
    {
        end = ascii_alnum_end(text, end + 1);
    }
    let end = option_suffix_end(text, end)
        .or_else(|| sku_id_suffix_end(text, end))
        .or_else(|| plus_end(text, end))
        .unwrap_or(end);
    let glued = matches!(char_at(text, end), Some('/' | '@' | '_' | '-' | '#' | '+'))
        || (char_at(text, end) == Some('.')
            && char_at(text, end + 1).is_some_and(|c| c.is_ascii_alphanumeric()));
    (end - at <= MAX_CODE_BYTES && word_end(text, end) && !glued).then_some(end)
}

/// True when `code` (as read by [`read_loose`]) is a part code in `context`.
#[must_use]
pub fn is_loose_code(code: &str, context: Context) -> bool {
    // Most words have neither a digit nor a dash: no code, and no work.
    if code.len() < 3 || !code.bytes().any(|b| b.is_ascii_digit() || b == b'-') {
        return false;
    }
    let base = code
        .split(['#', ':'])
        .next()
        .unwrap_or(code)
        .trim_end_matches('+');
    let segments: Vec<&str> = base.split(['-', '/']).collect();
    if base.len() < 3 || segments.iter().any(|s| s.is_empty()) {
        return false;
    }
    let digits = base.bytes().filter(u8::is_ascii_digit).count();
    let upper = base.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = base.bytes().filter(u8::is_ascii_lowercase).count();
    let first = segments[0];
    let upper_segments = segments.iter().map(|s| s.to_ascii_uppercase());
    if is_measure(first) || upper_segments.clone().any(|s| is_period(&s)) {
        return false;
    }
    let document_id = segments.len() >= 2
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && segments[1..]
            .iter()
            .all(|s| s.bytes().all(|b| b.is_ascii_digit()));
    if document_id {
        // `DR-1124553`, `INV-2026-00417`: a document's number, not a part.
        return false;
    }
    if upper + lower == 0 {
        // `960-001311`: digits only, a short group and a long one.
        return segments.len() == 2 && first.len() == 3 && segments[1].len() >= 5;
    }
    if digits == 0 {
        return lower == 0 && is_lettered_code(base);
    }
    if lower > 0 {
        // `USW-Pro-24-PoE`, `U6-Pro`: a prefix of capitals (and digits), then words.
        let prefix_ok = first.bytes().all(|b| !b.is_ascii_lowercase())
            && first.bytes().any(|b| b.is_ascii_uppercase());
        return segments.len() >= 2 && prefix_ok && !base.starts_with(char::is_numeric);
    }
    if segments.len() >= 2 || context == Context::Column {
        return base.len() >= 4;
    }
    digits >= 4 && upper >= 2 && alternations(base) >= 1
}

#[cfg(test)]
mod tests {
    use super::{Context, is_lettered_code, is_long_code, is_loose_code, plus_end, read_loose};

    #[test]
    fn long_codes_and_plus() {
        assert!(is_long_code("LS34C650TAUXEN", 4));
        assert!(is_long_code("KSM48R40BD8KMM-32HMR", 9));
        assert!(!is_long_code("FG100FTK2100991", 3));
        assert!(!is_long_code("H4ZT900123", 3));
        assert_eq!(plus_end("DS1522+ x", 6), Some(7));
        assert_eq!(plus_end("C++", 1), None);
    }

    #[test]
    fn loose_codes_by_context() {
        for code in [
            "GLC-TE",
            "MA-PWR-CORD-UK",
            "USW-Pro-24-PoE",
            "U6-Pro",
            "960-001311",
        ] {
            assert!(is_loose_code(code, Context::Quantity), "{code}");
        }
        assert!(is_loose_code("AP9641", Context::Quantity));
        for code in ["J9150D", "DS1522+", "HZ3R6E", "ISR4331/K9"] {
            assert!(is_loose_code(code, Context::Column), "{code}");
        }
        for code in [
            "SFP28",
            "USB-C",
            "RJ45",
            "16GB",
            "Smart-UPS",
            "Q3-2026",
            "2026-03-14",
            "555-0134",
            "Wi-Fi",
            "ASAP",
        ] {
            assert!(!is_loose_code(code, Context::Quantity), "{code}");
        }
        assert!(is_lettered_code("FMG-VM-BASE") && !is_lettered_code("USB-C"));
    }

    #[test]
    fn reading_a_loose_code() {
        let text = "(CFQ7TTC0LCHC:0002) and RS1221+, user@USW-Pro";
        assert_eq!(read_loose(text, 1), Some(18));
        assert_eq!(read_loose(text, 24), Some(31));
        assert_eq!(read_loose(text, 38), None);
    }
}
