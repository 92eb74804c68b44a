//! More ids listed after a labelled one (`orders 90233 and 90241`, `P/N RX-2210, RX-2215`),
//! each written like the first.

use super::id_formats::IdFormat;
use super::id_read::{
    followed_by_unit, identifier, looks_like_year_or_date, part_tail_end, read_id,
};
use crate::entity::{Entity, EntityType};
use crate::text::{ascii_alnum_end, char_at, skip_blanks};

/// Words that join a labelled id to more ids: `data/identifiers/list_joiners.txt`.
const LIST_JOINERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_list_joiners.rs"));

/// Most ids read in a list after a labelled one.
const MAX_LISTED: usize = 8;

/// Ids listed after the labelled id `first` (`orders 90233 and 90241`, `P/N RX-2210,
/// RX-2215`): each after `,`, `/`, `&` or a word of [`LIST_JOINERS`], written like `first`
/// (same length, letters, digits and separators in the same places).
pub(super) fn listed_after(text: &str, format: &IdFormat, first: &Entity) -> Vec<Entity> {
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

#[cfg(test)]
mod tests {
    use crate::entity::EntityType;
    use crate::extractors::identifiers::extract;

    /// `(type, text)` of every identifier in `text` once overlaps are resolved, by position.
    fn ids(text: &str) -> Vec<(EntityType, String)> {
        crate::extractors::resolve(extract(text), &[])
            .into_iter()
            .map(|e| (e.kind, e.value))
            .collect()
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
}
