//! Reading one identifier's id from text, shared by [`super::identifiers`],
//! [`super::id_list`] and [`super::id_clause`]: where an id ends ([`read_id`], with a part
//! number's tail, [`part_tail_end`]), how it becomes an entity ([`identifier`]), and what
//! shows a number read there is a quantity, year or date rather than an id, or a code read
//! after a quote label a part code rather than a quote id (`quote_shaped`); and ids found by
//! a prefix that is part of them, at their start ([`prefixed`]: `Q-2026-0142`) or as their
//! middle segment ([`infixed`]: `2026-Q-0442`).

use super::id_clause;
use super::id_formats::IdFormat;
use super::part_shape::{option_suffix_end, sku_id_suffix_end, spare_suffix_end};
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{ascii_alnum_end, char_before, skip_blanks, word_end, word_start};

/// Longest id accepted, in bytes.
const MAX_ID_BYTES: usize = 64;

/// Words after an id that show it was a quantity, not an id: `data/identifiers/units.txt`.
const UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_units.rs"));

/// The end of a part number read up to `end`, with what may still belong to it: an HP option
/// suffix (`6T1B4EA#ABU`) or a Cisco spare's `=` (`GLC-SX-MMD=`), more segments joined by `_`
/// (`N015L544014EMEA_VP`), a closing `+` (`DS923+`).
pub(super) fn part_tail_end(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = end;
    while bytes.get(end) == Some(&b'_') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        end = ascii_alnum_end(text, end + 1);
    }
    if let Some(suffix_end) = option_suffix_end(text, end)
        .or_else(|| sku_id_suffix_end(text, end))
        .or_else(|| spare_suffix_end(text, end))
    {
        return suffix_end;
    }
    let plus_ends_it = bytes.get(end) == Some(&b'+')
        && word_end(text, end + 1)
        && !matches!(bytes.get(end + 1), Some(b'+' | b'-' | b'/'));
    if plus_ends_it {
        return end + 1;
    }
    end
}

/// The entity of an id found at `text[start..end]`, normalized to capitals.
pub(super) fn identifier(
    text: &str,
    kind: EntityType,
    start: usize,
    end: usize,
    confidence: f64,
) -> Entity {
    let normalized = text[start..end].to_ascii_uppercase();
    Entity::rule(kind, text, start, end, confidence)
        .with_normalized(Some(Normalized::Text(normalized)))
}

/// Reads an id at `i`: ASCII alphanumeric runs joined by single `-` or `/`.
pub(super) fn read_id(text: &str, i: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut end = ascii_alnum_end(text, i);
    if end == i || !word_start(text, i) {
        return None;
    }
    while end - i <= MAX_ID_BYTES
        && end + 1 < bytes.len()
        && matches!(bytes[end], b'-' | b'/')
        && bytes[end + 1].is_ascii_alphanumeric()
    {
        end = ascii_alnum_end(text, end + 1);
    }
    // An id glued to more letters of another script is not an id; nor is a run too long to
    // be one (which also keeps every label match's work bounded).
    if !word_end(text, end) || end - i > MAX_ID_BYTES {
        return None;
    }
    Some((i, end))
}

/// True when a unit (`units`, `pcs`) follows `end`: the number before it was a quantity.
pub(super) fn followed_by_unit(text: &str, end: usize) -> bool {
    let j = skip_blanks(text, end);
    let word_end_at = ascii_alnum_end(text, j);
    let word = &text[j..word_end_at];
    UNITS.iter().any(|u| word.eq_ignore_ascii_case(u))
}

/// `2026`, `2026-03-14`, `03/14/2026`: dates and years, not ids.
pub(super) fn looks_like_year_or_date(id: &str) -> bool {
    let parts: Vec<&str> = id.split(['-', '/']).collect();
    let all_digits = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits {
        return false;
    }
    match parts.as_slice() {
        [y] => y.len() == 4 && (y.starts_with("19") || y.starts_with("20")),
        [a, b, c] => {
            let lens = (a.len(), b.len(), c.len());
            matches!(lens, (4, 2, 2) | (2, 2, 4) | (1 | 2, 1 | 2, 4) | (2, 2, 2))
        }
        _ => false,
    }
}

/// True when `id` is written like a quote id: its first segment letters then digits
/// (`WQ184422`, `Q2026`, `55123`), each later one digits or letters alone (`Q-REN-44120`,
/// `DQ-20260318-0047`). A code whose letters and digits mix otherwise is a part code that
/// "please quote" names (`CON-SNT-C93004UE`, `X710-DA2`).
pub(super) fn quote_shaped(id: &str) -> bool {
    let mut segments = id.split(['-', '/']);
    let first = segments.next().unwrap_or(id);
    let letters = first.bytes().take_while(u8::is_ascii_alphabetic).count();
    first[letters..].bytes().all(|b| b.is_ascii_digit())
        && segments.all(|s| {
            s.bytes().all(|b| b.is_ascii_digit()) || s.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// The id at `at` that starts with `prefix` of `format`, with enough digits after it; not
/// the tail of a longer code it is joined to by `-` or `_` (`RAM-16GDR4ECT0-SO-3200`).
pub(super) fn prefixed(text: &str, format: &IdFormat, prefix: &str, at: usize) -> Option<Entity> {
    let joined = matches!(char_before(text, at), Some('-' | '_'))
        && char_before(text, at - 1).is_some_and(|c| c.is_ascii_alphanumeric());
    if !word_start(text, at) || joined {
        return None;
    }
    let (start, mut end) = read_id(text, at)?;
    if start != at {
        return None;
    }
    if format.kind == EntityType::QuoteNumber {
        end = id_clause::without_revision(text, start, end);
    }
    let rest = text.get(at + prefix.len()..end)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits < format.min_digits.max(3) {
        return None;
    }
    Some(identifier(text, format.kind, start, end, 0.97))
}

/// Ids of `format` whose middle segment is `infix`, the letters of one of its dash-ended
/// prefixes, between numbers joined by the same `-` or `/` (`2026-Q-0442`, `2611/OF/093`,
/// `2026-ORD-4471`); not when more segments or letters are joined to them (`A2026-Q-0442`,
/// `2026-Q-0442-B`).
pub(super) fn infixed<'a>(
    text: &'a str,
    format: &'a IdFormat,
    infix: &'a str,
) -> impl Iterator<Item = Entity> + 'a {
    text.match_indices(infix).filter_map(move |(at, _)| {
        let sep = char_before(text, at).filter(|c| matches!(c, '-' | '/'))?;
        let digits_before = text[..at - 1]
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
        let start = at - 1 - digits_before;
        let (id_start, end) = read_id(text, start)?;
        let mut segments = text[id_start..end].split(sep);
        let numbers = |s: Option<&str>| {
            s.is_some_and(|s| s.len() >= 2 && s.bytes().all(|b| b.is_ascii_digit()))
        };
        let whole = numbers(segments.next())
            && segments.next() == Some(infix)
            && numbers(segments.next())
            && segments.next().is_none();
        whole.then(|| identifier(text, format.kind, id_start, end, 0.97))
    })
}
