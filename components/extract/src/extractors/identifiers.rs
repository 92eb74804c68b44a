//! Business identifiers (PO, quote, case, order, part numbers), driven by one table.
//!
//! An identifier is found in one of two ways:
//! - after a **label** (`PO#`, `Purchase Order`, `Ticket`, `SKU:` ...; `SO` only in
//!   capitals): separators (`#`, `:`, `-`, `.`, blanks) and filler words (`number`, `no`,
//!   `is` ...) are skipped, then an id is read: ASCII letters and digits, joined by single `-`
//!   or `/`; a part number keeps an HP option suffix (`6T1B4EA#ABU`) or a SKU id
//!   (`CFQ7TTC0LCHC:0002`), and may be capitals alone in segments after a part label (`SKU
//!   FMG-VM-BASE`, not after `KB article`); a quote number loses a revision joined to it
//!   (`Q-2026-0142-rev2`). The label is not part of the entity (`PO#12345` → `12345`, `SO
//!   7712009834` → `7712009834`). Some labels count only with a mark or filler word after
//!   them (`offer no. 9132`, not "we offer 2027 pricing"); after a quote label a clause may
//!   name the id ([`super::quote_clause`]: "the quote we issued is 44120").
//! - by a **prefix** that is part of the id itself (`Q-2026-0142`, `CAS-01234-X1Y2Z3`,
//!   `INC0012345`): the whole token is the entity.
//!
//! More ids written like a labelled one may follow it in a list (`orders 90233 and 90241`).
//! Part numbers without a label are [`super::part_code`]'s.

use super::{part_code, part_forms, quote_clause};
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{ascii_alnum_end, char_at, skip_blanks, starts_with_ci, word_end, word_start};

/// One identifier format: how it is introduced and what its id looks like.
#[derive(Debug)]
pub struct IdFormat {
    /// Entity type produced.
    pub kind: EntityType,
    /// Labels that introduce the id (case-insensitive, whole words).
    pub labels: &'static [&'static str],
    /// Labels that introduce the id only when written in capitals (`SO`; listed in lower
    /// case), not when a `-` joins them to it (`SO-44821` is a prefixed id).
    pub capital_labels: &'static [&'static str],
    /// Labels too common as words to introduce an id alone: only with a mark (`#`, `:`) or
    /// a filler word (`no.`, `number`) between them and the id (`offer no. 9132`, not
    /// "we can offer 2027 pricing").
    pub marked_labels: &'static [&'static str],
    /// Prefixes that are part of the id (case-sensitive), followed by at least `min_digits`
    /// digits.
    pub prefixes: &'static [&'static str],
    /// Fewest digits the id must contain.
    pub min_digits: usize,
    /// Fewest digits when nothing but blanks separates a label from the id (`order 778812`),
    /// so that quantities (`order 500 units`) are not taken for ids.
    pub min_digits_bare: usize,
    /// True when the id must start with a digit (after a label).
    pub starts_with_digit: bool,
    /// Examples, for the reader and the tests: `(text, id)`.
    pub examples: &'static [(&'static str, &'static str)],
}

/// Every identifier format, in priority order (earlier formats win over later ones). Labels
/// and prefixes are data: `data/identifiers/<format>_labels.txt` and `<format>_prefixes.txt`.
pub const FORMATS: &[IdFormat] = &[
    IdFormat {
        kind: EntityType::PoNumber,
        capital_labels: &[],
        marked_labels: &[],
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_po_labels.rs")),
        prefixes: &[],
        min_digits: 4,
        min_digits_bare: 4,
        starts_with_digit: true,
        examples: &[
            ("PO#12345", "12345"),
            ("P.O. 88321", "88321"),
            ("Purchase Order 4500012345", "4500012345"),
            ("PO-778812", "778812"),
            ("our PO is 55120", "55120"),
        ],
    },
    IdFormat {
        kind: EntityType::QuoteNumber,
        capital_labels: &[],
        marked_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_quote_marked_labels.rs"
        )),
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_quote_labels.rs")),
        prefixes: include!(concat!(env!("OUT_DIR"), "/identifiers_quote_prefixes.rs")),
        min_digits: 3,
        min_digits_bare: 4,
        starts_with_digit: false,
        examples: &[
            ("Quote #55123", "55123"),
            ("quote number 771200", "771200"),
            ("see Q-2026-0142", "Q-2026-0142"),
            ("WQ184422", "WQ184422"),
            ("FTQ-88213", "FTQ-88213"),
        ],
    },
    IdFormat {
        kind: EntityType::CaseNumber,
        capital_labels: &[],
        marked_labels: &[],
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_case_labels.rs")),
        prefixes: include!(concat!(env!("OUT_DIR"), "/identifiers_case_prefixes.rs")),
        min_digits: 4,
        min_digits_bare: 4,
        starts_with_digit: false,
        examples: &[
            ("CAS-01234-X1Y2Z3", "CAS-01234-X1Y2Z3"),
            ("INC0012345", "INC0012345"),
            ("Case 00123456", "00123456"),
            ("Ticket #4411", "4411"),
            ("SR#77120", "77120"),
        ],
    },
    IdFormat {
        kind: EntityType::OrderNumber,
        marked_labels: &[],
        capital_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_order_capital_labels.rs"
        )),
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_order_labels.rs")),
        prefixes: include!(concat!(env!("OUT_DIR"), "/identifiers_order_prefixes.rs")),
        min_digits: 3,
        min_digits_bare: 5,
        starts_with_digit: false,
        examples: &[
            ("Order #SO-44821", "SO-44821"),
            ("order 778812", "778812"),
            ("sales order 1100456", "1100456"),
            ("SO 7712009834", "7712009834"),
            ("SO#7712009834", "7712009834"),
            ("SO: 7712009834", "7712009834"),
            ("Sales Order No. 7712009834", "7712009834"),
        ],
    },
    IdFormat {
        kind: EntityType::PartNumber,
        capital_labels: &[],
        marked_labels: include!(concat!(
            env!("OUT_DIR"),
            "/identifiers_part_marked_labels.rs"
        )),
        labels: include!(concat!(env!("OUT_DIR"), "/identifiers_part_labels.rs")),
        prefixes: &[],
        min_digits: 1,
        min_digits_bare: 1,
        starts_with_digit: false,
        examples: &[
            ("SKU: ABC-1234", "ABC-1234"),
            ("P/N 8812-334", "8812-334"),
            ("SKU 4B7Z6AA#ABB", "4B7Z6AA#ABB"),
        ],
    },
];

/// Longest id accepted, in bytes.
const MAX_ID_BYTES: usize = 64;

/// Words that may stand between a label and its id: `data/identifiers/fillers.txt`.
const FILLERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_fillers.rs"));

/// Words that join a labelled id to more ids: `data/identifiers/list_joiners.txt`.
const LIST_JOINERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_list_joiners.rs"));

/// Words after an id that show it was a quantity, not an id: `data/identifiers/units.txt`.
const UNITS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_units.rs"));

/// Finds every identifier of every format in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    // One pass over word starts, trying the labels that begin with that letter.
    for (at, byte) in text.bytes().enumerate() {
        let first = byte.to_ascii_lowercase();
        if !first.is_ascii_alphabetic() || !word_start(text, at) {
            continue;
        }
        for format in FORMATS {
            for label in format.labels.iter().filter(|l| l.as_bytes()[0] == first) {
                let fits = starts_with_ci(text, at, label)
                    && (!label.ends_with(char::is_alphanumeric)
                        || word_end(text, at + label.len()));
                if fits && let Some(e) = after_label(text, format, label, at, false) {
                    out.extend(listed_after(text, format, &e));
                    out.push(e);
                }
            }
            for label in format
                .marked_labels
                .iter()
                .filter(|l| l.as_bytes()[0] == first)
            {
                let fits = starts_with_ci(text, at, label) && word_end(text, at + label.len());
                if fits && let Some(e) = after_label(text, format, label, at, true) {
                    out.extend(listed_after(text, format, &e));
                    out.push(e);
                }
            }
            for label in format
                .capital_labels
                .iter()
                .filter(|l| l.as_bytes()[0] == first)
            {
                let fits = in_capitals(text, at, label)
                    && word_end(text, at + label.len())
                    && char_at(text, at + label.len()) != Some('-');
                if fits && let Some(e) = after_label(text, format, label, at, false) {
                    out.extend(listed_after(text, format, &e));
                    out.push(e);
                }
            }
        }
    }
    for format in FORMATS {
        for prefix in format.prefixes {
            for (at, _) in text.match_indices(prefix) {
                if let Some(e) = prefixed(text, format, prefix, at) {
                    out.push(e);
                }
            }
        }
    }
    out
}

fn after_label(
    text: &str,
    format: &IdFormat,
    label: &str,
    at: usize,
    needs_mark: bool,
) -> Option<Entity> {
    // "purchase order" is not an order label; "work order" is neither.
    if format.kind == EntityType::OrderNumber && *label == *"order" {
        let before = text[..at].trim_end();
        let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next()?;
        if ["purchase", "work", "change", "standing", "blanket"]
            .iter()
            .any(|w| prev.eq_ignore_ascii_case(w))
        {
            return None;
        }
    }
    let mut i = at + label.len();
    let mut bare = true;
    for _ in 0..6 {
        let j = skip_blanks(text, i);
        let next = char_at(text, j);
        match next {
            Some('#' | ':' | '-' | '.' | '(' | '=') => {
                bare = false;
                i = j + 1;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let end = ascii_alnum_end(text, j);
                let word = &text[j..end];
                if FILLERS.iter().any(|f| word.eq_ignore_ascii_case(f)) && word_end(text, end) {
                    bare = false;
                    i = end;
                } else {
                    i = j;
                    break;
                }
            }
            _ => {
                i = j;
                break;
            }
        }
    }
    if needs_mark && bare {
        return None;
    }
    if format.kind == EntityType::QuoteNumber
        && let Some(e) = quote_clause::id_after_clause(text, i)
    {
        return Some(e);
    }
    let (start, mut end) = read_id(text, i)?;
    if format.kind == EntityType::PartNumber {
        end = part_tail_end(text, end);
    }
    if format.kind == EntityType::QuoteNumber {
        end = quote_clause::without_revision(text, start, end);
    }
    let id = &text[start..end];
    let digits = id.bytes().filter(u8::is_ascii_digit).count();
    let min = if bare {
        format.min_digits_bare
    } else {
        format.min_digits
    };
    let part = format.kind == EntityType::PartNumber;
    let lettered_part = part && part_forms::is_lettered_code(id);
    if (digits < min && !lettered_part)
        || (format.starts_with_digit && !id.as_bytes()[0].is_ascii_digit())
    {
        return None;
    }
    if part && (id.len() < 3 || part_code::other_code_cue(text, at)) {
        return None;
    }
    // `quotation - DL380 servers`: the model of a device, not a quote.
    if format.kind == EntityType::QuoteNumber && part_code::device_follows(text, end) {
        return None;
    }
    let quantity = !id.bytes().any(|b| b.is_ascii_alphabetic()) && followed_by_unit(text, end);
    if quantity || looks_like_year_or_date(id) {
        return None;
    }
    Some(identifier(text, format.kind, start, end, 0.95))
}

/// The end of a part number read up to `end`, with what may still belong to it: an HP
/// option suffix (`6T1B4EA#ABU`), more segments joined by `_` (`N015L544014EMEA_VP`), a
/// closing `+` (`DS923+`).
fn part_tail_end(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut end = end;
    while bytes.get(end) == Some(&b'_') && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
    {
        end = ascii_alnum_end(text, end + 1);
    }
    if let Some(suffix_end) =
        part_code::option_suffix_end(text, end).or_else(|| part_code::sku_id_suffix_end(text, end))
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

/// Most ids read in a list after a labelled one.
const MAX_LISTED: usize = 8;

/// Ids listed after the labelled id `first` (`orders 90233 and 90241`, `P/N RX-2210,
/// RX-2215`): each after `,`, `/`, `&` or a word of [`LIST_JOINERS`], written like `first`
/// (same length, letters, digits and separators in the same places).
fn listed_after(text: &str, format: &IdFormat, first: &Entity) -> Vec<Entity> {
    let shape = |id: &str| -> Vec<u8> {
        id.bytes()
            .map(|b| match b {
                b'0'..=b'9' => b'9',
                b'a'..=b'z' | b'A'..=b'Z' => b'a',
                other => other,
            })
            .collect()
    };
    let wanted = shape(&first.value);
    let mut out = Vec::new();
    let mut end = first.span.1;
    while out.len() < MAX_LISTED {
        let mut i = skip_blanks(text, end);
        let mut joined = false;
        if matches!(char_at(text, i), Some(',' | '/' | '&')) {
            i = skip_blanks(text, i + 1);
            joined = true;
        }
        let word_end_at = ascii_alnum_end(text, i);
        let word = &text[i..word_end_at];
        if LIST_JOINERS.iter().any(|w| word.eq_ignore_ascii_case(w)) {
            i = skip_blanks(text, word_end_at);
            joined = true;
        }
        let Some((start, mut id_end)) = read_id(text, i).filter(|_| joined) else {
            break;
        };
        if format.kind == EntityType::PartNumber {
            id_end = part_tail_end(text, id_end);
        }
        let id = &text[start..id_end];
        if shape(id) != wanted || followed_by_unit(text, id_end) || looks_like_year_or_date(id) {
            break;
        }
        out.push(identifier(text, format.kind, start, id_end, 0.9));
        end = id_end;
    }
    out
}

/// `label` (lower case) written in capitals at `at`.
fn in_capitals(text: &str, at: usize, label: &str) -> bool {
    text.as_bytes().get(at..at + label.len()).is_some_and(|b| {
        b.iter()
            .zip(label.bytes())
            .all(|(t, l)| *t == l.to_ascii_uppercase())
    })
}

fn prefixed(text: &str, format: &IdFormat, prefix: &str, at: usize) -> Option<Entity> {
    if !word_start(text, at) {
        return None;
    }
    let (start, mut end) = read_id(text, at)?;
    if start != at {
        return None;
    }
    if format.kind == EntityType::QuoteNumber {
        end = quote_clause::without_revision(text, start, end);
    }
    let rest = text.get(at + prefix.len()..end)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits < format.min_digits.max(3) {
        return None;
    }
    Some(identifier(text, format.kind, start, end, 0.97))
}

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

#[cfg(test)]
mod tests {
    use super::{FORMATS, extract};
    use crate::entity::EntityType;

    /// `(type, text)` of every identifier in `text` once overlaps are resolved, by position.
    fn ids(text: &str) -> Vec<(EntityType, String)> {
        crate::extractors::resolve(extract(text), &[])
            .into_iter()
            .map(|e| (e.kind, e.value))
            .collect()
    }

    #[test]
    fn every_documented_example_is_found() {
        for format in FORMATS {
            for (text, id) in format.examples {
                let found = extract(text);
                assert!(
                    found
                        .iter()
                        .any(|e| e.kind == format.kind && e.value == *id),
                    "{text:?} should give {:?} {id:?}, got {found:?}",
                    format.kind
                );
            }
        }
    }

    #[test]
    fn quantities_years_and_plain_words_are_not_ids() {
        for text in [
            "please order 500 units",
            "the case for 2026",
            "part of the plan",
            "in case 12 arrive",
            "PO box",
            "order 12",
        ] {
            assert!(extract(text).is_empty(), "{text:?}: {:?}", extract(text));
        }
    }

    #[test]
    fn sales_orders_after_so_or_sales_order() {
        let order = |id: &str| (EntityType::OrderNumber, id.to_owned());
        for (text, id) in [
            ("SO 7712009834", "7712009834"),
            ("SO# 7712009834", "7712009834"),
            ("SO#7712009834", "7712009834"),
            ("SO: 7712009834", "7712009834"),
            ("re: sales order 7712009834.", "7712009834"),
            ("Sales Order No. 7712009834", "7712009834"),
            ("sales order number 77120098", "77120098"),
        ] {
            assert_eq!(ids(text), [order(id)], "{text}");
        }
        // A dash joins the prefix, which stays: `SO-44821`, not `44821` too.
        assert_eq!(ids("Order #SO-44821"), [order("SO-44821")]);
        assert_eq!(ids("SO-44821 shipped"), [order("SO-44821")]);
    }

    #[test]
    fn so_in_lower_case_or_inside_a_word_is_no_label() {
        for text in [
            "so 7712009834 is what we need",
            "I think so. 12345 were sent",
            "ISO 9001 and ISO 27001",
            "SO 12 and SO 2026",
            "SO ASAP",
        ] {
            assert!(ids(text).is_empty(), "{text:?}: {:?}", ids(text));
        }
    }

    #[test]
    fn part_numbers_keep_what_belongs_to_them() {
        let part = |id: &str| (EntityType::PartNumber, id.to_owned());
        for (text, id) in [
            ("SKU: W1A53A#BGJ, unit price", "W1A53A#BGJ"),
            ("(P/N 1B9X4AA#ABA)", "1B9X4AA#ABA"),
            ("MPN: DS923+ à 612,50 EUR", "DS923+"),
            (
                "SKU N015L544014EMEA_VP, à 1.089,00 EUR",
                "N015L544014EMEA_VP",
            ),
            ("the P/N SX-880-T units", "SX-880-T"),
        ] {
            assert_eq!(ids(text), [part(id)], "{text}");
        }
        // A number followed by a unit is still a quantity.
        assert!(ids("item 500 units").is_empty());
    }

    #[test]
    fn ids_listed_after_a_labelled_one() {
        let of = |kind: EntityType, ids: &[&str]| -> Vec<(EntityType, String)> {
            ids.iter().map(|id| (kind, (*id).to_owned())).collect()
        };
        assert_eq!(
            ids("orders 90233 and 90241"),
            of(EntityType::OrderNumber, &["90233", "90241"])
        );
        assert_eq!(
            ids("resin parts (P/N RX-2210, RX-2215)"),
            of(EntityType::PartNumber, &["RX-2210", "RX-2215"])
        );
        assert_eq!(
            ids("PO 4500012345 / 4500012346 & 4500012347"),
            of(
                EntityType::PoNumber,
                &["4500012345", "4500012346", "4500012347"]
            )
        );
        // Only ids written like the first, and no quantities.
        assert_eq!(
            ids("order 778812, 120 units"),
            of(EntityType::OrderNumber, &["778812"])
        );
        assert_eq!(
            ids("order 778812 and 12345 units"),
            of(EntityType::OrderNumber, &["778812"])
        );
        assert_eq!(
            ids("Quote 55123 and 2026"),
            of(EntityType::QuoteNumber, &["55123"])
        );
    }

    #[test]
    fn more_part_and_order_labels() {
        for (text, kind, id) in [
            ("Art.-Nr. 4B7Z6AA", EntityType::PartNumber, "4B7Z6AA"),
            (
                "Artikelnummer 21HD003AGE",
                EntityType::PartNumber,
                "21HD003AGE",
            ),
            (
                "HP product number 6T1B4EA#ABU",
                EntityType::PartNumber,
                "6T1B4EA#ABU",
            ),
            (
                "Kundenauftrag 7712009834",
                EntityType::OrderNumber,
                "7712009834",
            ),
            ("Pedido 90233", EntityType::OrderNumber, "90233"),
        ] {
            assert_eq!(ids(text), [(kind, id.to_owned())], "{text}");
        }
    }
}
