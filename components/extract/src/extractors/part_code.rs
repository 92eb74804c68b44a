//! Part numbers written without a cue word: vendor part codes known by their shape, or by
//! their shape and the order line around them.
//!
//! A code is ASCII capitals and digits, with both, in segments joined by single `-` or `/`
//! (`KSM32RD8/16HDR`), maybe followed by an HP option suffix (`6T1B4EA#ABU`), a Microsoft
//! SKU id (`CFQ7TTC0LCHC:0002`) or a Synology `+` (`DS1522+`). It is a part number
//! - anywhere, when its shape is one only part codes have: an option suffix or SKU id, a
//!   shape of `data/identifiers/part_shapes.txt` (`20XW0045GE`, `210-AYCJ`, `JL659A`,
//!   `U8PG1E`, `P52534-B21`, `FG-100F`), three or more segments, the first starting with a
//!   letter, in which letters and digits alternate at least twice (`C9300-48P-E`,
//!   `WS-C2960X-48FPD-L`), or twelve or more letters and digits that alternate four times
//!   ([`super::part_forms::is_long_code`]: `LS34C650TAUXEN`) — even right after a vendor
//!   name (`Aruba JL659A`), where [`super::product`] then ends the model;
//! - otherwise, when it looks like one (letters and digits alternate twice within a segment,
//!   `SRT3000XLI`, or once in a dashed code, `SFP-10G-SR-S`), is not a product's model (not
//!   inside a product mention, `Dell P2725H`, nor the model of one elsewhere in the text,
//!   nor followed by a kind of device, `P2725H monitors`), and is on an order line:
//!   - a quantity right before or after it (`2 x`, `2x`, `Qty 3`, `4 pcs`, `x 4`), or
//!     `model` before it;
//!   - or, eight or more characters long, on a line that starts with a quantity after a
//!     list marker (`- 2 x APC Smart-UPS SRT 3000VA (SRT3000XLI)`) or in a table row with a
//!     quantity cell (shorter codes there are often models or places: `P2725H`, `R12B3`).
//!
//! Looser codes in tables, lists and brackets are [`super::part_table`]'s and
//! [`super::part_context`]'s.
//!
//! Never after a word that makes it another kind of code (`serial`, `VAT`, `error`), nor
//! when it starts with a measure (`3000VA`, `10GBASE-SR`) or holds a period, version or
//! standard (`FY26`, `Q3-2026`, `DDR5-4800`). Codes of other types (`CAS-01234-X1Y2Z3`)
//! overlap these and win in [`super::resolve`].

use std::collections::HashSet;

use super::part_forms;
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{
    ascii_alnum_end, char_at, char_before, find_words_ci, prefix_within, skip_blanks,
    starts_with_ci, suffix_within, word_end, word_start,
};

/// Shapes only part codes have: `data/identifiers/part_shapes.txt`.
const SHAPES: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_part_shapes.rs"));

/// Words that make a code on their line another kind of code:
/// `data/identifiers/not_part_cues.txt`.
const NOT_PART_CUES: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_not_part_cues.rs"));

/// Letters that after a number make a measure: `data/identifiers/measure_units.txt`.
const MEASURE_UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_measure_units.rs"));

/// Letters that before a number make a period, version or standard:
/// `data/identifiers/not_part_prefixes.txt`.
const NOT_PART_PREFIXES: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/identifiers_not_part_prefixes.rs"
));

/// Words after which a code is a model's part code: `data/identifiers/model_labels.txt`.
const MODEL_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_model_labels.rs"));

/// Words that make the number after them a quantity: `data/identifiers/quantity_labels.txt`.
const QUANTITY_LABELS: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/identifiers_quantity_labels.rs"));

/// Kinds of device that after a code make it a model's name:
/// `data/identifiers/model_nouns.txt`.
const MODEL_NOUNS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_model_nouns.rs"));

/// Words that may stand between a cue and its code (`numbers`, `no`):
/// `data/identifiers/fillers.txt`.
const FILLERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_fillers.rs"));

/// Words that join codes in a list (`and`): `data/identifiers/list_joiners.txt`.
const LIST_JOINERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_list_joiners.rs"));

/// Words that number an order's lines (`Line 2:`, `Pos. 10`):
/// `data/identifiers/line_labels.txt`.
const LINE_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_line_labels.rs"));

/// Words after a number that make it a quantity (`4 pcs`): `data/identifiers/units.txt`.
const UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_units.rs"));

/// Longest code looked at, in bytes.
const MAX_CODE_BYTES: usize = 40;

/// Fewest characters of a code taken for being on an order line, nothing next to it.
const MIN_ORDER_LINE_CODE: usize = 8;

/// How far before a code its line is searched for a word that makes it another code.
const CUE_WINDOW: usize = 48;

/// Finds part codes without a cue word in `text`; `products` are the product mentions found
/// in it, whose models are not part codes unless their shape says so.
#[must_use]
pub fn extract(text: &str, products: &[Entity]) -> Vec<Entity> {
    let models = Models::of(products);
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() || !word_start(text, i) {
            i += 1;
            continue;
        }
        let Some((end, base_end)) = read_code(text, i) else {
            i = ascii_alnum_end(text, i).max(i + 1);
            continue;
        };
        let code = &text[i..end];
        let taken = match strength(code, base_end - i) {
            Some(Strength::Certain) => true,
            Some(Strength::InOrderLine) => {
                !models.named(text, i, end) && in_order_line(text, i, end)
            }
            None => false,
        };
        if taken && !other_code_cue(text, i) {
            out.push(
                Entity::rule(EntityType::PartNumber, text, i, end, 0.85)
                    .with_normalized(Some(Normalized::Text(code.to_owned()))),
            );
        }
        i = end;
    }
    out
}

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

/// How sure a code's shape alone makes it a part number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Only part codes look like this.
    Certain,
    /// A part code in an order line (a quantity or `model` next to it).
    InOrderLine,
}

/// The code at `i`: its end and the end of its base (before an option suffix). Capitals
/// and digits in segments joined by single `-`, not glued to a path, address, version or
/// a longer name (`DS923+`).
fn read_code(text: &str, i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    if char_before(text, i).is_some_and(|c| matches!(c, '-' | '/' | '.' | '@' | '#' | '_' | '\\')) {
        return None;
    }
    let mut end = ascii_alnum_end(text, i);
    while end + 1 < bytes.len()
        && matches!(bytes[end], b'-' | b'/')
        && bytes[end + 1].is_ascii_alphanumeric()
    {
        end = ascii_alnum_end(text, end + 1);
    }
    if end - i > MAX_CODE_BYTES || bytes[i..end].iter().any(u8::is_ascii_lowercase) {
        return None;
    }
    let base_end = end;
    let end = option_suffix_end(text, end)
        .or_else(|| sku_id_suffix_end(text, end))
        .or_else(|| part_forms::plus_end(text, end))
        .unwrap_or(end);
    let glued = match char_at(text, end) {
        Some('/' | '.' | '@' | '_' | '-' | '#' | ':') => {
            char_at(text, end + 1).is_some_and(|c| c.is_ascii_alphanumeric())
        }
        Some('+') => true,
        _ => false,
    };
    (word_end(text, end) && !glued).then_some((end, base_end))
}

/// How sure the shape of `code` (whose base is `code[..base_len]`) makes it a part number.
fn strength(code: &str, base_len: usize) -> Option<Strength> {
    let base = &code[..base_len];
    let digits = base.bytes().filter(u8::is_ascii_digit).count();
    let letters = base.bytes().filter(u8::is_ascii_uppercase).count();
    let segments: Vec<&str> = base.split(['-', '/']).collect();
    if digits == 0
        || letters == 0
        || is_measure(segments[0])
        || segments.iter().any(|s| is_period(s))
    {
        return None;
    }
    let suffixed = code[base_len..].starts_with(['#', ':']);
    if (suffixed && base_len >= 5) || SHAPES.iter().any(|s| fits(base, s)) {
        return Some(Strength::Certain);
    }
    let turns: usize = segments.iter().map(|s| alternations(s)).sum();
    if part_forms::is_long_code(base, turns) {
        return Some(Strength::Certain);
    }
    let starts_with_letter = base.as_bytes()[0].is_ascii_uppercase();
    if segments.len() >= 3 && starts_with_letter && turns >= 2 && digits >= 2 {
        return Some(Strength::Certain);
    }
    let core = base.len() - (segments.len() - 1);
    let single_turns = segments.iter().map(|s| alternations(s)).max().unwrap_or(0);
    let looks_like_code = single_turns >= 2 || (segments.len() >= 2 && turns >= 1);
    (core >= 5 && digits >= 2 && looks_like_code).then_some(Strength::InOrderLine)
}

/// True when `code` fits `shape` (see `data/identifiers/part_shapes.txt`).
fn fits(code: &str, shape: &str) -> bool {
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

/// `FY26`, `Q3`, `V2`, `CAT6A`: a period, version or standard prefix, a number, at most
/// one more letter.
pub(super) fn is_period(segment: &str) -> bool {
    let letters = segment.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &segment[letters..];
    let number = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = &rest[number..];
    letters > 0
        && number > 0
        && tail.len() <= 1
        && tail.bytes().all(|b| b.is_ascii_uppercase())
        && NOT_PART_PREFIXES.contains(&segment[..letters].to_ascii_lowercase().as_str())
}

/// True when the code at `text[start..end]` stands where order lines put part codes: next
/// to a quantity or after `model`, or, when long enough, on a line that starts with a
/// quantity or in a table row with one.
fn in_order_line(text: &str, start: usize, end: usize) -> bool {
    quantity_before(text, start)
        || quantity_after(text, end)
        || model_before(text, start)
        || (end - start >= MIN_ORDER_LINE_CODE
            && (on_order_line(text, start) || in_table_row_with_quantity(text, start)))
}

/// The product mentions of a text, to tell a model from a part code.
struct Models<'a> {
    /// Their spans, by position.
    spans: Vec<(usize, usize)>,
    /// Their last words (`R750` of `Dell PowerEdge R750`).
    last_words: HashSet<&'a str>,
}

impl<'a> Models<'a> {
    fn of(products: &'a [Entity]) -> Self {
        let mut spans: Vec<(usize, usize)> = products.iter().map(|p| p.span).collect();
        spans.sort_unstable();
        let last_words = products
            .iter()
            .filter_map(|p| p.value.rsplit(' ').next())
            .collect();
        Self { spans, last_words }
    }

    /// True when the code at `text[start..end]` names a product's model: it is inside a
    /// product mention, or the last word of one, or a kind of device follows it.
    fn named(&self, text: &str, start: usize, end: usize) -> bool {
        let after_start = self.spans.partition_point(|s| s.0 <= start);
        let inside = after_start > 0 && end <= self.spans[after_start - 1].1;
        inside || self.last_words.contains(&text[start..end]) || device_follows(text, end)
    }
}

/// True when a kind of device (`monitors`, `servers`) follows `end`: what stands before it
/// names a model.
#[must_use]
pub fn device_follows(text: &str, end: usize) -> bool {
    let after = &text[skip_blanks(text, end)..];
    MODEL_NOUNS
        .iter()
        .any(|n| starts_with_ci(after, 0, n) && word_end(after, n.len()))
}

/// The text of the line before `at`, at most `max` bytes of it.
fn line_before(text: &str, at: usize, max: usize) -> &str {
    let before = suffix_within(&text[..at], max);
    before.rsplit('\n').next().unwrap_or(before)
}

/// `2 x `, `2x `, `2× `, `Qty 3 `, `Qty: 3 `, `4 pcs `, `4 Stk. ` right before `at`.
pub(super) fn quantity_before(text: &str, at: usize) -> bool {
    let before = line_before(text, at, 32).trim_end();
    let before = before.strip_suffix('.').unwrap_or(before);
    if let Some(rest) = before
        .strip_suffix(['x', 'X', '×'])
        .filter(|r| !r.ends_with(|c: char| c.is_alphabetic()))
    {
        return ends_with_number(rest.trim_end());
    }
    let last_word_start = before.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |p| {
        p + before[p..].chars().next().map_or(1, char::len_utf8)
    });
    let last = &before[last_word_start..];
    if UNITS.iter().any(|u| last.eq_ignore_ascii_case(u)) {
        return ends_with_number(before[..last_word_start].trim_end());
    }
    if last.bytes().all(|b| b.is_ascii_digit()) && !last.is_empty() {
        let label = before[..last_word_start].trim_end();
        let label = label.strip_suffix(':').unwrap_or(label).trim_end();
        return QUANTITY_LABELS.iter().any(|q| {
            label.len() >= q.len()
                && label.is_char_boundary(label.len() - q.len())
                && label[label.len() - q.len()..].eq_ignore_ascii_case(q)
                && word_start(label, label.len() - q.len())
        });
    }
    false
}

/// True when the line of `at` starts with a quantity, after quote markers and a list marker
/// (`- `, `1. `, `Line 2: `, `Pos. 10 – `): `2 x …`, `Qty 3 …`, `4 pcs …`.
fn on_order_line(text: &str, at: usize) -> bool {
    let line = line_before(text, at, 160);
    if line.len() == 160 {
        return false;
    }
    let mut rest = line.trim_start_matches(['>', ' ', '\t']);
    rest = rest
        .trim_start_matches(['-', '*', '•', '·', '–', '—'])
        .trim_start();
    if let Some(label) = LINE_LABELS
        .iter()
        .find(|l| starts_with_ci(rest, 0, l) && word_end(rest, l.len()))
    {
        rest = rest[label.len()..].trim_start_matches('.').trim_start();
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after_number = &rest[digits..];
    let list_number = after_number.starts_with(['.', ')', ':'])
        || after_number.trim_start().starts_with(['–', '-', '—']);
    if digits > 0 && list_number {
        rest = after_number
            .trim_start_matches(['.', ')', ':', ' ', '\t'])
            .trim_start_matches(['–', '-', '—'])
            .trim_start();
    }
    let number = rest.bytes().take_while(u8::is_ascii_digit).count();
    if number == 0 {
        return QUANTITY_LABELS.iter().any(|q| {
            starts_with_ci(rest, 0, q)
                && word_end(rest, q.len())
                && rest[q.len()..]
                    .trim_start_matches([' ', '\t', ':', '.'])
                    .starts_with(|c: char| c.is_ascii_digit())
        });
    }
    let after = rest[number..].trim_start();
    let sign = after.strip_prefix(['x', 'X', '×']);
    if let Some(after_sign) = sign {
        return after_sign.starts_with([' ', '\t']);
    }
    let word = &after[..ascii_alnum_end(after, 0)];
    UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// True when the line of `at` is a table row (cells between `|` or tabs) with a cell that
/// holds a quantity alone (`| 2 | SRT3000XLI | 1 200,00 € |`).
fn in_table_row_with_quantity(text: &str, at: usize) -> bool {
    let before = line_before(text, at, 160);
    let rest = prefix_within(&text[at..], 160);
    let after = rest.split('\n').next().unwrap_or(rest);
    let cells: Vec<&str> = before
        .split(['|', '\t'])
        .chain(after.split(['|', '\t']))
        .collect();
    cells.len() >= 4
        && cells.iter().any(|c| {
            let c = c.trim();
            (1..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit())
        })
}

/// True when `s` ends with a whole number (`12`, not `v12` or `1.5`).
fn ends_with_number(s: &str) -> bool {
    let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
    digits > 0 && word_start(s, s.len() - digits) && !s[..s.len() - digits].ends_with(['.', ','])
}

/// ` x 4`, `x4`, `× 4`, ` (qty 4)`, `, 4 pcs`, ` – 4 units` right after `end`.
pub(super) fn quantity_after(text: &str, end: usize) -> bool {
    let mut rest = &text[skip_blanks(text, end)..];
    if let Some(r) = ["(", ",", "–", "—", "-", ":"]
        .iter()
        .find_map(|sep| rest.strip_prefix(sep))
    {
        rest = r.trim_start_matches([' ', '\t']);
    }
    let number_follows = |s: &str| {
        let s = s.trim_start_matches([' ', '\t', ':']);
        s.starts_with(|c: char| c.is_ascii_digit())
    };
    if let Some(after) = rest.strip_prefix(['x', 'X', '×']) {
        return number_follows(after);
    }
    if let Some(q) = QUANTITY_LABELS.iter().find(|q| starts_with_ci(rest, 0, q)) {
        return word_end(rest, q.len()) && number_follows(&rest[q.len()..]);
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let k = skip_blanks(rest, digits);
    let word = &rest[k..ascii_alnum_end(rest, k)];
    digits > 0 && UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// `model`, `Model:`, `model no.` right before `at`.
fn model_before(text: &str, at: usize) -> bool {
    let before = line_before(text, at, 24);
    let trimmed = before.trim_end_matches([' ', '\t', ':', '#', '.']);
    let trimmed = ["number", "no", "nr"]
        .iter()
        .find_map(|f| {
            let cut = trimmed.len().checked_sub(f.len())?;
            (trimmed.is_char_boundary(cut) && trimmed[cut..].eq_ignore_ascii_case(f))
                .then(|| trimmed[..cut].trim_end_matches([' ', '.']))
        })
        .unwrap_or(trimmed);
    MODEL_LABELS.iter().any(|m| {
        trimmed.len() >= m.len()
            && trimmed.is_char_boundary(trimmed.len() - m.len())
            && trimmed[trimmed.len() - m.len()..].eq_ignore_ascii_case(m)
            && word_start(trimmed, trimmed.len() - m.len())
    })
}

/// A word on the line before `at` that makes the code there another kind of code, with
/// nothing but separators, filler words (`numbers`, `no`, `and`) and other codes between
/// them (`Serial numbers: FG6H0FTB23900112, FG6H0FTB23900187`).
#[must_use]
pub fn other_code_cue(text: &str, at: usize) -> bool {
    let before = line_before(text, at, CUE_WINDOW);
    NOT_PART_CUES.iter().any(|cue| {
        find_words_ci(before, cue).any(|p| {
            before[p + cue.len()..]
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '/')
                .filter(|w| !w.is_empty())
                .all(|w| {
                    FILLERS
                        .iter()
                        .chain(LIST_JOINERS)
                        .any(|f| w.eq_ignore_ascii_case(f))
                        || (w.bytes().any(|b| b.is_ascii_digit())
                            && !w.bytes().any(|b| b.is_ascii_lowercase()))
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{extract, is_certain};
    use crate::extractors::product;

    fn parts(text: &str) -> Vec<String> {
        extract(text, &product::extract(text))
            .into_iter()
            .map(|e| e.value)
            .collect()
    }

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
    }

    #[test]
    fn codes_in_an_order_line() {
        let text = "- 2 x SRT3000XLI\n- 4x SFP-10G-SR-S\n- Qty 3 P52534-B21\n\
                    - Qty: 2 BR1500MS2\n- SMT1500RMI2U x 2\n- ST12000NT001 (qty 4)\n\
                    - TN-2420X, 6 pcs\nModel: SRT10KXLI";
        assert_eq!(
            parts(text),
            [
                "SRT3000XLI",
                "SFP-10G-SR-S",
                "P52534-B21",
                "BR1500MS2",
                "SMT1500RMI2U",
                "ST12000NT001",
                "TN-2420X",
                "SRT10KXLI"
            ]
        );
        assert_eq!(
            parts(
                "- 2 x APC Smart-UPS SRT 3000VA (SRT3000XLI), EUR 1 200,00\n\
                 Pos. 20 – 6 Stk. Seagate IronWolf Pro 12TB, ST12000NT001\n\
                 Line 3: 4 x HPE server memory, P52534-B21"
            ),
            ["SRT3000XLI", "ST12000NT001", "P52534-B21"]
        );
        assert_eq!(
            parts("| Pos | Artikel | Menge |\n| 1 | SRT3000XLI | 2 |\n| 2 | R12B3 | 1 |"),
            ["SRT3000XLI"]
        );
        // Short codes on an order line are often models or places, not parts.
        assert!(
            parts("- 4 x Cisco Meraki MR46 for rack R12B3\n- 12 x 27\" monitors (P2725H)")
                .is_empty()
        );
        // A word like `invoice` or `error` away from the code does not make it another code.
        assert_eq!(
            parts("Please invoice us for 2 x SRT3000XLI; the error was 2 x C9300-48P-E"),
            ["SRT3000XLI", "C9300-48P-E"]
        );
        // The same codes with no quantity or `model` next to them are not taken.
        assert!(parts("We discussed SRT3000XLI and SFP-10G-SR-S yesterday.").is_empty());
    }

    #[test]
    fn words_measures_periods_and_other_codes_are_not_parts() {
        for text in [
            "URGENT: ASAP please, EMEA Q3 FY26 forecast, FY2026-Q3, H1 2026.",
            "2 x 16GB DDR5-4800, 4 x 1TB, 6 x 10GBASE-SR, 2 x 3000VA, 1 x 1000BASE-T",
            "2 x CAT6A-UTP-3M, 4 x 25G SFP28, 2 x RJ45, 3 x USB3-C, 2 x 65W",
            "Serial numbers: FG6H0FTB23900112, FG6H0FTB23900187; service tag 7XKQ2M3",
            "S/N: PF3XK9Z2, VAT DE287654321, IBAN DE89 3704 0044 0532 0130 00",
            "the W-8BEN-E form, KB5034441, CVE-2024-53704, error 4C02, firmware 2335A",
            "Cost centre IT-INFRA-220, INV-2026-00417, DR-2026-04418, B2B-EDI, WPA2-PSK",
            "London EC1M 5RN, SW1A 1AA, K1A 0B1; 10:30 CET, 14H30, 9AM; EUR, USD, CHF",
            "Flight LH2024, gate B12, seat 23A, booking ref XK7Q2P, 24X7, 8X5XNBD",
            "Pick from bin A12-B3-C4, or rack R2-S3-T4",
            "USD 12,400.00 on 2026-03-14, +49 89 1234567, PO 4500012345",
        ] {
            assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
        }
    }

    #[test]
    fn product_models_are_not_parts() {
        for text in [
            "20 x Dell P2725H monitors, 10 x Dell WD22TB4, 8 x Dell PowerEdge R750",
            "2 x Cisco Meraki MS250-48FP, 4 x Cisco Catalyst 9200L-24P-4G switches",
            "2 x HP LaserJet Pro M404dn, 6 x Synology DS923+",
            "10 x U2724D monitors and 4 x MS120-24P switches",
            "We run the Dell UltraSharp U2724D. Please send 6 x U2724D.",
        ] {
            assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
        }
    }
}
