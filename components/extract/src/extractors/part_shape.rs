//! The shape of a part code: reading a code of capitals and digits ([`read_code`], with an HP
//! option suffix, Microsoft SKU id, Synology `+` or Cisco spare `=`) and how sure its shape
//! alone makes it a part number ([`strength`]); measures and periods (`3000VA`, `FY26`) and the
//! shapes of `data/identifiers/not_part_shapes.txt` (`14H30`, a UPS number whose check digit
//! fails) are no part codes, and digits alone only in a vendor's shape (`26599-999-989`).

use super::{part_alternatives, part_forms};
use crate::text::{char_at, char_before, word_end};

/// Fewest digits of each of two numbers joined by `x` that make dimensions (`1920x1080`).
const MIN_DIMENSION_DIGITS: usize = 3;

/// Shapes only part codes have: `data/identifiers/part_shapes.txt`.
const SHAPES: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_part_shapes.rs"));

/// Shapes of codes that are no part codes (`1ZN70U3U0301692312`, `14H30`):
/// `data/identifiers/not_part_shapes.txt`.
const NOT_SHAPES: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_not_part_shapes.rs"));

/// Letters that after a number make a measure: `data/identifiers/measure_units.txt`.
const MEASURE_UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_measure_units.rs"));

/// Letters that before a number make a period, version or standard:
/// `data/identifiers/not_part_prefixes.txt`.
const NOT_PART_PREFIXES: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/identifiers_not_part_prefixes.rs"
));

/// Longest code looked at, in bytes.
const MAX_CODE_BYTES: usize = 40;

/// True when `word` (as a whole) has a shape only part codes have, so it is no product's
/// model: [`super::product`] ends a model before it.
#[must_use]
pub fn is_certain(word: &str) -> bool {
    read_code(word, 0).is_some_and(|(end, base_end)| {
        end == word.len() && strength(word, base_end) == Some(Strength::Certain)
    })
}

/// The end of an HP option suffix (`#ABU`, `#B19`) at `end`, right after a code: `#`, three
/// capitals or digits with a capital among them, then the end of the word.
#[must_use]
pub fn option_suffix_end(text: &str, end: usize) -> Option<usize> {
    let suffix = text.as_bytes().get(end..end + 4)?;
    let ok = suffix[0] == b'#'
        && suffix[1..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && suffix[1..].iter().any(u8::is_ascii_uppercase)
        && word_end(text, end + 4);
    ok.then_some(end + 4)
}

/// The end of a Microsoft SKU id (`:0002` of `CFQ7TTC0LCHC:0002`) at `end`, right after a
/// code: `:`, four digits, then the end of the word.
#[must_use]
pub fn sku_id_suffix_end(text: &str, end: usize) -> Option<usize> {
    let suffix = text.as_bytes().get(end..end + 5)?;
    let ok = suffix[0] == b':'
        && suffix[1..].iter().all(u8::is_ascii_digit)
        && word_end(text, end + 5)
        && char_at(text, end + 5) != Some(':');
    ok.then_some(end + 5)
}

/// The end of a Cisco spare's `=` (`SFP-10G-SR-S=`) at `end`, right after a code: one `=`
/// that ends the word and is not followed by a value or another sign (`PO=12345`, `==`).
#[must_use]
pub fn spare_suffix_end(text: &str, end: usize) -> Option<usize> {
    let ok = char_at(text, end) == Some('=')
        && word_end(text, end + 1)
        && !matches!(char_at(text, end + 1), Some('=' | '>' | '-' | '+'));
    ok.then_some(end + 1)
}

/// How sure a code's shape alone makes it a part number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// Only part codes look like this.
    Certain,
    /// A part code in an order line (a quantity or `model` next to it).
    InOrderLine,
}

/// The code at `i`: its end and the end of its base (before an option suffix). Capitals
/// and digits in segments joined by single `-`, not glued to a path, address, version or
/// a longer name (`DS923+`).
pub(super) fn read_code(text: &str, i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let after_alternative = i > 0 && part_alternatives::splits_alternatives(text, i - 1);
    if char_before(text, i).is_some_and(|c| matches!(c, '-' | '/' | '.' | '@' | '#' | '_' | '\\'))
        && !after_alternative
    {
        return None;
    }
    let end = part_forms::code_end(text, i);
    if end - i > MAX_CODE_BYTES || bytes[i..end].iter().any(u8::is_ascii_lowercase) {
        return None;
    }
    let base_end = end;
    let end = option_suffix_end(text, end)
        .or_else(|| sku_id_suffix_end(text, end))
        .or_else(|| part_forms::plus_end(text, end))
        .or_else(|| spare_suffix_end(text, end))
        .unwrap_or(end);
    let glued = match char_at(text, end) {
        Some('/') if part_alternatives::splits_alternatives(text, end) => false,
        Some('/' | '.' | '@' | '_' | '-' | '#' | ':') => {
            char_at(text, end + 1).is_some_and(|c| c.is_ascii_alphanumeric())
        }
        Some('+') => true,
        _ => false,
    };
    (word_end(text, end) && !glued).then_some((end, base_end))
}

/// How sure the shape of `code` (whose base is `code[..base_len]`) makes it a part number.
pub(super) fn strength(code: &str, base_len: usize) -> Option<Strength> {
    let base = &code[..base_len];
    let digits = base.bytes().filter(u8::is_ascii_digit).count();
    let letters = base.bytes().filter(u8::is_ascii_uppercase).count();
    let segments: Vec<&str> = base.split(['-', '/']).collect();
    if is_not_part_shape(base) {
        return None;
    }
    let shaped = || SHAPES.iter().any(|s| fits(base, s));
    if letters == 0 && digits > 0 && shaped() {
        // Digits alone only in a shape of their own (`26599-999-989`).
        return Some(Strength::Certain);
    }
    if digits == 0
        || letters == 0
        || is_measure(segments[0])
        || segments.iter().any(|s| is_period(s))
    {
        return None;
    }
    let suffixed = code[base_len..].starts_with(['#', ':']);
    if (suffixed && base_len >= 5) || shaped() {
        return Some(Strength::Certain);
    }
    let turns: usize = segments.iter().map(|s| alternations(s)).sum();
    let core = base.len() - (segments.len() - 1);
    let single_turns = segments.iter().map(|s| alternations(s)).max().unwrap_or(0);
    let looks_like_code = single_turns >= 2 || (segments.len() >= 2 && turns >= 1);
    let looks = core >= 5 && digits >= 2 && looks_like_code;
    if looks && code.ends_with('=') {
        // A Cisco spare (`C9407-FAN=`): only part codes end so.
        return Some(Strength::Certain);
    }
    if part_forms::is_long_code(base, turns) {
        return Some(Strength::Certain);
    }
    let starts_with_letter = base.as_bytes()[0].is_ascii_uppercase();
    if segments.len() >= 3 && starts_with_letter && turns >= 2 && digits >= 2 {
        return Some(Strength::Certain);
    }
    looks.then_some(Strength::InOrderLine)
}

/// True when `code` (capitals and digits, maybe lower case) has a shape of a code that is
/// no part code: a UPS tracking number, a time, a licence key.
pub(super) fn is_not_part_shape(code: &str) -> bool {
    let upper = code.to_ascii_uppercase();
    is_dimensions(&upper) || NOT_SHAPES.iter().any(|s| fits(&upper, s))
}

/// True when `code` (in capitals) is numbers joined by `X`: dimensions or a resolution,
/// three numbers or two of three digits or more (`800X2000X1000`, `1920X1080`), not
/// `4X41C12468` nor a Lexmark `40X9135`.
fn is_dimensions(code: &str) -> bool {
    let numbers: Vec<&str> = code.split('X').collect();
    numbers.len() >= 2
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        && (numbers.len() >= 3 || numbers.iter().all(|n| n.len() >= MIN_DIMENSION_DIGITS))
}

/// True when `code` fits `shape` (see `data/identifiers/part_shapes.txt`): the whole code,
/// or with `*` its last segment after one or more others (`*-hw`), or its first segment
/// before one or more others (`pan-*`).
fn fits(code: &str, shape: &str) -> bool {
    if let Some(last) = shape.strip_prefix('*') {
        return code.len() > last.len()
            && code.is_char_boundary(code.len() - last.len())
            && fits(&code[code.len() - last.len()..], last);
    }
    if let Some(first) = shape.strip_suffix('*') {
        return code.len() > first.len()
            && code.is_char_boundary(first.len())
            && fits(&code[..first.len()], first);
    }
    code.len() == shape.len()
        && code.bytes().zip(shape.bytes()).all(|(c, s)| match s {
            b'9' => c.is_ascii_digit(),
            b'a' => c.is_ascii_uppercase(),
            b'x' => c.is_ascii_uppercase() || c.is_ascii_digit(),
            _ => c == s.to_ascii_uppercase(),
        })
}

/// How often letters and digits take turns in `segment` (`JL659A`: 2).
pub(super) fn alternations(segment: &str) -> usize {
    segment
        .as_bytes()
        .windows(2)
        .filter(|w| w[0].is_ascii_digit() != w[1].is_ascii_digit())
        .count()
}

/// `3000VA`, `16GB`, `10GBASE`: a number and a unit.
pub(super) fn is_measure(segment: &str) -> bool {
    let number = segment.bytes().take_while(u8::is_ascii_digit).count();
    let unit = segment[number..].to_ascii_lowercase();
    number > 0 && MEASURE_UNITS.contains(&unit.as_str())
}

/// `FY26`, `FY2026`, `Q3`, `V2`, `CAT6A`, `H1`: a period, version or standard prefix, a
/// number of one or two digits (one after `H`: a half year, not `H25G`) or a year, at most
/// one more letter. A longer number makes a code (`CW9166I`, not calendar week 9166;
/// `TVS-h874`).
pub(super) fn is_period(segment: &str) -> bool {
    let letters = segment.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &segment[letters..];
    let number = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = &rest[number..];
    let year = number == 4 && rest.starts_with("20");
    let most = if &segment[..letters] == "H" { 1 } else { 2 };
    letters > 0
        && ((1..=most).contains(&number) || year)
        && tail.len() <= 1
        && tail.bytes().all(|b| b.is_ascii_uppercase())
        && NOT_PART_PREFIXES.contains(&segment[..letters].to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::{is_certain, is_not_part_shape, is_period};
    use crate::extractors::part_code::parts;

    #[test]
    fn hp_option_codes_keep_their_suffix() {
        assert_eq!(
            parts("2 x 6T1B4EA#ABU, 4B7Z6AA#ABB and 1B9X4AA#ABA."),
            ["6T1B4EA#ABU", "4B7Z6AA#ABB", "1B9X4AA#ABA"]
        );
        // No letter in the suffix, no digit in the base, or glued to more: not an option code.
        assert!(parts("PO#ABC, 123456#789, ABC#DEF, 4B7Z6AA#ABBC").is_empty());
    }

    #[test]
    fn codes_whose_shape_makes_them_parts() {
        let text = "Aruba JL659A and R8N85A; Lenovo 20XW0045GE, 21HD003AGE; \
                    care packs U8PG1E, UB5P6E, H7J34AC; Dell 210-AYCJ; \
                    Cisco C9300-48P-E, C9200L-24T-4G-E, WS-C2960X-48FPD-L.";
        assert_eq!(
            parts(text),
            [
                "JL659A",
                "R8N85A",
                "20XW0045GE",
                "21HD003AGE",
                "U8PG1E",
                "UB5P6E",
                "H7J34AC",
                "210-AYCJ",
                "C9300-48P-E",
                "C9200L-24T-4G-E",
                "WS-C2960X-48FPD-L"
            ]
        );
        assert!(is_certain("JL659A") && is_certain("C9300-48P-E"));
        assert!(!is_certain("R750") && !is_certain("9300-48P") && !is_certain("P2725H"));
        assert!(is_certain("LH65QMCEBGCXEN") && is_certain("7D76A02JEA"));
        assert!(!is_certain("LH65QMCEBGCXE") && !is_certain("7D76A02JE"));
        assert!(is_certain("TK-3200") && is_certain("MK-3300") && !is_certain("TK-32000"));
        // A Cisco spare's `=` makes a code that looks like a part code certain.
        assert!(is_certain("C9407-FAN=") && !is_certain("C9407-FAN"));
        assert!(!is_certain("AB12=") && !is_certain("FY26="));
    }

    #[test]
    fn a_half_year_has_one_digit() {
        assert!(is_period("H1") && is_period("FY26") && is_period("Q3"));
        assert!(!is_period("H25G") && !is_period("CW9166I"));
    }

    #[test]
    fn dimensions_are_no_parts() {
        assert!(is_not_part_shape("800x2000x1000") && is_not_part_shape("1920X1080"));
        assert!(!is_not_part_shape("4X41C12468") && !is_not_part_shape("20XW0045GE"));
        assert!(!is_not_part_shape("40X9135"));
        assert_eq!(
            parts("a rack 800x2000x1000 x 2 and 4X41C12468"),
            ["4X41C12468"]
        );
    }
}
