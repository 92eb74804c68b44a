//! Forms of vendor part codes beyond the capitals-and-digits codes of [`super::part_code`]:
//! long codes whose shape alone makes them parts (`LS34C650TAUXEN`, `KSM32RD8/16HDR`), a
//! Synology `+` (`DS1522+`), a `+` inside a standard's name (`FN-TRAN-SFP+SR`), and the
//! looser codes taken only where the text says they are parts — after a quantity, in
//! prose, in a part column of a table, in a list with a part: codes of capitals without
//! digits (`GLC-TE`, `MA-PWR-CORD-UK`), of words in mixed case after a capital prefix
//! (`USW-Pro-24-PoE`, `U6-Pro`; in a column or list also without a digit, `UDM-Pro-Max`),
//! of digits only (`960-001311`), in lower case with a part code's shape
//! (`c9200l-24p-4g-e`).

use super::part_alternatives::splits_alternatives;
use super::part_item_forms;
use super::part_shape::{
    self, alternations, is_measure, is_not_part_shape, is_period, option_suffix_end,
    sku_id_suffix_end, spare_suffix_end,
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
/// `LS34C650TAUXEN`, `SMT1500RMI2U`, `KSM48R40BD8KMM-32HMR`, `7QZ2200LRT3U`.
#[must_use]
pub fn is_long_code(base: &str, turns: usize) -> bool {
    let core = base.bytes().filter(u8::is_ascii_alphanumeric).count();
    // A long code that starts with a digit is a part only with a letter beyond `F`: digits
    // and `A`-`F` alone are a hexadecimal id or key (`7D1F2A9C4B8E`).
    let starts_well = base.as_bytes()[0].is_ascii_uppercase()
        || base.bytes().any(|b| b.is_ascii_uppercase() && b > b'F');
    starts_well && core >= MIN_LONG_CODE && turns >= MIN_LONG_TURNS
}

/// True when `id` is a code of capitals without digits in two or more segments of two or
/// more letters (`GLC-TE`, `FMG-VM-BASE`), or in three or more segments of which only
/// later ones are single letters (`LIC-SUB-PRO-C`, not `USB-C`): a part after a part
/// label, never alone.
#[must_use]
pub fn is_lettered_code(id: &str) -> bool {
    let segments: Vec<&str> = id.split('-').collect();
    let long = segments.iter().filter(|s| s.len() >= 2).count();
    segments.len() >= 2
        && segments[0].len() >= 2
        && (long == segments.len() || (segments.len() >= 3 && long >= 2))
        && segments
            .iter()
            .all(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_uppercase()))
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
    let after_alternative = at > 0 && splits_alternatives(text, at - 1);
    if !word_start(text, at)
        || !bytes.get(at).is_some_and(u8::is_ascii_alphanumeric)
        || (char_before(text, at).is_some_and(|c| matches!(c, '-' | '/' | '.' | '@' | '#' | '_'))
            && !after_alternative)
    {
        return None;
    }
    let end = code_end(text, at);
    let end = option_suffix_end(text, end)
        .or_else(|| sku_id_suffix_end(text, end))
        .or_else(|| plus_end(text, end))
        .or_else(|| spare_suffix_end(text, end))
        .unwrap_or(end);
    let glued = (matches!(char_at(text, end), Some('/' | '@' | '_' | '-' | '#' | '+'))
        && !splits_alternatives(text, end))
        || (char_at(text, end) == Some('.')
            && char_at(text, end + 1).is_some_and(|c| c.is_ascii_alphanumeric()));
    (end - at <= MAX_CODE_BYTES && word_end(text, end) && !glued).then_some(end)
}

/// The end of the letters and digits at `at` in segments joined by single `-` or `/` (not
/// a `/` between alternatives), or by a `+` inside a standard's name (`FN-TRAN-SFP+SR`).
#[must_use]
pub fn code_end(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = ascii_alnum_end(text, at);
    while end + 1 < bytes.len()
        && bytes[end + 1].is_ascii_alphanumeric()
        && match bytes[end] {
            b'-' => true,
            b'/' => !splits_alternatives(text, end),
            b'+' => inner_plus(text, at, end),
            _ => false,
        }
    {
        end = ascii_alnum_end(text, end + 1);
    }
    end
}

/// True when the `+` at `plus` inside the code from `at` ends a standard's name of
/// capitals in its third or later segment (`FN-TRAN-SFP+SR`, `QSFP+`) or joins a port or
/// bundle in a code with a digit (`CRS326-24G-2S+RM`, `S+RJ10`, `731-AI7004+P2CMI12`),
/// not a sum (`C++`, `2+2`).
fn inner_plus(text: &str, at: usize, plus: usize) -> bool {
    let head = &text[at..plus];
    let last = head.rsplit('-').next().unwrap_or(head);
    let standard = head.matches('-').count() >= 2
        && last.len() >= 2
        && last.bytes().all(|b| b.is_ascii_uppercase());
    standard || joins_port(text, head, plus)
}

/// True when the `+` at `plus`, after `head`, joins two parts of one code: a capital before
/// it and a capital or digit after it, or a digit before it and a capital after it with
/// digits on both sides; a digit in the code either way (`2S+RM`, `UG+S+IN`, not `R+D`).
fn joins_port(text: &str, head: &str, plus: usize) -> bool {
    let bytes = text.as_bytes();
    let (Some(&before), Some(&after)) = (bytes.get(plus.wrapping_sub(1)), bytes.get(plus + 1))
    else {
        return false;
    };
    let next = &text[plus + 1..ascii_alnum_end(text, plus + 1)];
    let has_digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
    if before.is_ascii_uppercase() {
        (after.is_ascii_uppercase() || after.is_ascii_digit())
            && (has_digit(head) || has_digit(next))
    } else {
        before.is_ascii_digit() && after.is_ascii_uppercase() && has_digit(head) && has_digit(next)
    }
}

/// True when `code` is a code written in lower case whose capitals have a shape only part
/// codes have (`c9200l-24p-4g-e`): a part after a quantity, written as it is.
#[must_use]
pub fn is_lower_case_code(code: &str) -> bool {
    code.bytes().any(|b| b.is_ascii_lowercase())
        && !code.bytes().any(|b| b.is_ascii_uppercase())
        && part_shape::is_certain(&code.to_ascii_uppercase())
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
        .trim_end_matches(['+', '=']);
    let segments: Vec<&str> = base.split(['-', '/', '+']).collect();
    if base.len() < 3 || segments.iter().any(|s| s.is_empty()) || is_not_part_shape(base) {
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
        // `960-001311`: digits only, a short group and a long one; or five digits and three
        // (`04417-002`).
        return segments.len() == 2
            && ((first.len() == 3 && segments[1].len() >= 5)
                || (first.len() == 5 && segments[1].len() == 3));
    }
    if digits == 0 {
        // `GLC-TE`, `FN-TRAN-SFP+SR`; in a column or list also `UDM-Pro-Max`.
        let worded = context == Context::Column && segments.len() >= 3 && capital_prefix(first);
        return (lower == 0 && is_lettered_code(&base.replace('+', "-"))) || worded;
    }
    if lower > 0 {
        // `USW-Pro-24-PoE`, `U6-Pro`: a prefix of capitals (and digits), then words; or
        // mostly capitals with a lower-case letter or two (`BNGF280a`, `INC004btSGY`).
        let worded =
            segments.len() >= 2 && capital_prefix(first) && !base.starts_with(char::is_numeric);
        return worded || part_item_forms::is_mostly_capitals(base);
    }
    if segments.len() >= 2 || context == Context::Column {
        return base.len() >= 4;
    }
    // `AP9641`; with a Synology `+` three digits do (`DS923+`).
    let min_digits = if code.ends_with('+') { 3 } else { 4 };
    digits >= min_digits && upper >= 2 && alternations(base) >= 1
}

/// True when a code's first segment is capitals, maybe with digits (`USW`, `U6`).
fn capital_prefix(first: &str) -> bool {
    first.bytes().all(|b| !b.is_ascii_lowercase()) && first.bytes().any(|b| b.is_ascii_uppercase())
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
        assert!(is_long_code("7QZ2200LRT3U", 5));
        assert!(!is_long_code("7D1F2A9C4B8E3E60", 11));
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
            "04417-002",
        ] {
            assert!(is_loose_code(code, Context::Quantity), "{code}");
        }
        assert!(is_loose_code("AP9641", Context::Quantity));
        assert!(is_loose_code("DS923+", Context::Quantity));
        assert!(!is_loose_code("DS923", Context::Quantity));
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
