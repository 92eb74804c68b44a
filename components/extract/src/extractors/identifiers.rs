//! Business identifiers (PO, quote, case, order, part numbers), driven by one table.
//!
//! An identifier is found in one of two ways:
//! - after a **label** (`PO#`, `Purchase Order`, `Bestellung`, `offerta`, `Ticket`, `SKU:`
//!   ...; `SO` and `Q#` only in capitals): separators (`#`, `:`, `-`, `.`, `°`, blanks),
//!   number signs (`n°`, `n.º`) and filler words (`number`, `no`, `is` ...) are skipped, then
//!   an id is read: ASCII letters and digits, joined by single `-` or `/`; a part number
//!   keeps an HP option suffix (`6T1B4EA#ABU`) or a SKU id (`CFQ7TTC0LCHC:0002`), and may be
//!   capitals alone in segments after a part label (`SKU FMG-VM-BASE`, not after `KB
//!   article`); a quote number loses a revision joined to it (`Q-2026-0142-rev2`). The label
//!   is not part of the entity (`PO#12345` → `12345`, `SO 7712009834` → `7712009834`). Some
//!   labels count only with a mark or filler word after them (`offer no. 9132`, not "we
//!   offer 2027 pricing"); an order label inside a PO label is none (`bon de commande`).
//!   After any label but a part one a clause may name the id ([`super::id_clause`]: "the
//!   quote we issued is 44120", "our case with HPE is 5380212994"), and right after a bare
//!   quote label a code not written like a quote id is a part code the verb names ("please
//!   quote CON-SNT-C93004UE").
//! - by a **prefix** that is part of the id itself (`Q-2026-0142`, `CAS-01234-X1Y2Z3`,
//!   `INC0012345`): the whole token is the entity, unless it is the tail of a longer code
//!   (`SO-3200` of `RAM-16GDR4ECT0-SO-3200`); the letters of a dash-ended prefix also make
//!   the middle segment of an id between two numbers (`2026-Q-0442`, `2611/OF/093`).
//!
//! More ids written like a labelled one may follow it in a list (`orders 90233 and 90241`).
//! Part numbers without a label are [`super::part_code`]'s.
//!
//! The format table is [`super::id_formats`]; reading an id is [`super::id_read`]'s, and
//! the ids listed after a labelled one are [`super::id_list`]'s; ids in a table column
//! whose header names their format are [`super::id_table`]'s.

use super::id_formats::{FORMATS, IdFormat};
use super::id_list::listed_after;
use super::id_read::{
    followed_by_unit, identifier, infixed, looks_like_year_or_date, part_tail_end, prefixed,
    quote_shaped, read_id,
};
use super::part_vetoes::{device_follows, other_code_cue};
use super::{id_clause, id_table, part_forms};
use crate::entity::{Entity, EntityType};
use crate::text::{char_at, skip_blanks, starts_with_ci, word_end, word_start};

/// Words that may stand between a label and its id: `data/identifiers/fillers.txt`.
pub(super) const FILLERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_fillers.rs"));

/// "Number" in other languages, standing between a label and its id as a filler does:
/// `data/identifiers/number_nouns.txt`.
pub(super) const NUMBER_NOUNS: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/identifiers_number_nouns.rs"));

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
                let needs_mark = label.len() == 1;
                if fits && let Some(e) = after_label(text, format, label, at, needs_mark) {
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
            if let Some(infix) = prefix.strip_suffix('-') {
                out.extend(infixed(text, format, infix));
            }
        }
    }
    out.extend(id_table::extract(text));
    out
}

/// The id after `label` at `at` of `format`, if one follows it; `needs_mark` when the label
/// counts only with a mark or filler word after it.
fn after_label(
    text: &str,
    format: &IdFormat,
    label: &str,
    at: usize,
    needs_mark: bool,
) -> Option<Entity> {
    // "work order" is no order label; "purchase order", "bon de commande" and "ordine
    // d'acquisto" are PO labels, so the order label in them is none either.
    if format.kind == EntityType::OrderNumber {
        if *label == *"order" {
            let before = text[..at].trim_end();
            let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next()?;
            if not_an_order(prev) {
                return None;
            }
        }
        if inside_po_label(text, at, at + label.len()) {
            return None;
        }
    }
    let mut i = at + label.len();
    let mut bare = true;
    for _ in 0..6 {
        let j = skip_blanks(text, i);
        let next = char_at(text, j);
        match next {
            Some(c @ ('#' | ':' | '-' | '.' | '(' | ')' | '=' | '°' | 'º')) => {
                bare = false;
                i = j + c.len_utf8();
            }
            Some(c) if c.is_alphabetic() => {
                let end = text[j..]
                    .char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map_or(text.len(), |(k, _)| j + k);
                let word = text[j..end].to_lowercase();
                let is_in = |list: &[&str]| list.contains(&word.as_str());
                let filler = (is_in(FILLERS) || is_in(NUMBER_NOUNS)) && word_end(text, end);
                if filler || number_sign(text, j, end) {
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
    if format.kind != EntityType::PartNumber
        && let Some(e) = id_clause::id_after_clause(text, i, format)
    {
        return Some(e);
    }
    let (start, mut end) = read_id(text, i)?;
    if format.kind == EntityType::PartNumber {
        end = part_tail_end(text, end);
    }
    if format.kind == EntityType::QuoteNumber {
        end = id_clause::without_revision(text, start, end);
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
    if part && (id.len() < 3 || other_code_cue(text, at)) {
        return None;
    }
    // `quotation - DL380 servers`: the model of a device, not a quote; `please quote
    // CON-SNT-C93004UE`: a part code, not a quote.
    if format.kind == EntityType::QuoteNumber
        && (device_follows(text, end) || (bare && !quote_shaped(id)))
    {
        return None;
    }
    let quantity = !id.bytes().any(|b| b.is_ascii_alphabetic()) && followed_by_unit(text, end);
    if quantity || looks_like_year_or_date(id) {
        return None;
    }
    Some(identifier(text, format.kind, start, end, 0.95))
}

/// True when `prev` before `order` makes it no order label ("work order", "change order").
pub(super) fn not_an_order(prev: &str) -> bool {
    ["work", "change", "standing", "blanket"]
        .iter()
        .any(|w| prev.eq_ignore_ascii_case(w))
}

/// True when the word `text[start..end]` is a number sign written `n°` or `n.` (its `n`),
/// or `nº`, whose `º` is a letter (`offre n° 2026-11873`, `ordine n. 26/4471`, `pedido
/// n.º 2026-08815`, `orden de compra nº 45003391`).
fn number_sign(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    (word.eq_ignore_ascii_case("n") && matches!(char_at(text, end), Some('°' | 'º' | '.')))
        || word == "nº"
        || word == "Nº"
}

/// True when `text[start..end]` lies inside a PO label written around it (`commande` of
/// `bon de commande`, `ordine` of `ordine d'acquisto`).
fn inside_po_label(text: &str, start: usize, end: usize) -> bool {
    let po_labels = FORMATS
        .iter()
        .find(|f| f.kind == EntityType::PoNumber)
        .map_or(&[][..], |f| f.labels);
    po_labels.iter().any(|l| {
        (end.saturating_sub(l.len())..=start).any(|p| {
            text.is_char_boundary(p)
                && p + l.len() >= end
                && starts_with_ci(text, p, l)
                && word_start(text, p)
                && word_end(text, p + l.len())
        })
    })
}

/// `label` (lower case) written in capitals at `at`.
fn in_capitals(text: &str, at: usize, label: &str) -> bool {
    text.as_bytes().get(at..at + label.len()).is_some_and(|b| {
        b.iter()
            .zip(label.bytes())
            .all(|(t, l)| *t == l.to_ascii_uppercase())
    })
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::entity::EntityType;

    /// `(type, text)` of every identifier in `text` once overlaps are resolved, by position.
    fn ids(text: &str) -> Vec<(EntityType, String)> {
        crate::extractors::resolve(extract(text), &[])
            .into_iter()
            .map(|e| (e.kind, e.value))
            .collect()
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
