//! One module per entity family; [`extract`] runs them all and resolves overlaps.

pub mod amount;
pub mod company;
pub mod contact;
pub mod date;
pub mod first_names;
pub mod html;
pub mod id_clause;
pub mod id_formats;
pub mod id_list;
pub mod id_read;
pub mod id_table;
pub mod identifiers;
pub mod part_alternatives;
pub mod part_bullets;
pub mod part_code;
pub mod part_context;
pub mod part_forms;
pub mod part_item_forms;
pub mod part_kin;
pub mod part_lower_case;
pub mod part_order_line;
pub mod part_phrase;
pub mod part_prose;
pub mod part_quantity_forms;
pub mod part_quoted;
pub mod part_ref_cue;
pub mod part_shape;
pub mod part_spaced;
pub mod part_table;
pub mod part_table_models;
pub mod part_vendor;
pub mod part_vetoes;
pub mod person;
pub mod phone_country;
pub mod phone_cue;
pub mod product;
pub mod tracking;

/// Test support shared by the extractors' unit tests.
#[cfg(test)]
pub(crate) mod test_support {
    /// The byte spans of `found` in `text` (each string's first occurrence), as the rules
    /// that extend already found parts take them.
    pub(crate) fn spans_of(text: &str, found: &[&str]) -> Vec<(usize, usize)> {
        found
            .iter()
            .map(|f| {
                let start = text.find(f).expect("a found string is in the text");
                (start, start + f.len())
            })
            .collect()
    }
}

use std::collections::{BTreeMap, HashSet};

use crate::calendar::Date;
use crate::entity::{Entity, EntityType};

/// Which entities to look for, and the day relative dates are counted from.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only these types (all when empty).
    pub types: Vec<EntityType>,
    /// The day `today`, `tomorrow` and weekdays refer to (an e-mail's `received_at`).
    pub reference: Option<Date>,
}

/// Rank of a type when two candidates overlap: lower wins.
fn rank(kind: EntityType) -> usize {
    match kind {
        EntityType::EmailAddress => 0,
        EntityType::TrackingNumber => 1,
        EntityType::QuoteNumber
        | EntityType::CaseNumber
        | EntityType::OrderNumber
        | EntityType::PoNumber => 2,
        EntityType::PartNumber => 3,
        EntityType::Amount => 4,
        EntityType::Date => 5,
        EntityType::PhoneNumber => 6,
        EntityType::Product => 7,
        EntityType::Company => 8,
        EntityType::Person => 9,
    }
}

/// Every rule-found entity in `text`: no two overlap, each distinct value once (first
/// occurrence), ordered by position.
#[must_use]
pub fn extract(original: &str, options: &Options) -> Vec<Entity> {
    let masked = html::mask(original);
    let text = masked.as_str();
    let mut candidates = contact::emails(text);
    candidates.extend(tracking::extract(text));
    candidates.extend(identifiers::extract(text));
    candidates.extend(amount::extract(text));
    candidates.extend(date::extract(text, options.reference));
    candidates.extend(contact::phones(text));
    let products = product::extract(text);
    candidates.extend(part_code::extract(text, &products));
    candidates.extend(part_spaced::extract(text));
    candidates.extend(part_ref_cue::extract(text));
    let parts: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|c| c.kind == EntityType::PartNumber)
        .map(|c| c.span)
        .collect();
    let in_tables = part_table::extract(text, &parts);
    let mut seeds = parts;
    seeds.extend(in_tables.iter().map(|e| e.span));
    candidates.extend(part_bullets::extract(text, &seeds));
    candidates.extend(part_context::extract(text, &products, &seeds));
    candidates.extend(in_tables);
    let model_cells = part_table_models::model_cells(text);
    candidates.retain(|c| c.kind != EntityType::PartNumber || !model_cells.contains(&c.span.0));
    candidates.extend(products);
    candidates.extend(company::extract(text));
    candidates.extend(person::extract(text));
    // Values quote the original text (markup inside a span stays as written); masking keeps
    // offsets, so a span that does not slice the original is dropped rather than trusted.
    candidates.retain_mut(|c| match original.get(c.span.0..c.span.1) {
        Some(v) => {
            c.value = v.to_owned();
            true
        }
        None => false,
    });
    resolve(candidates, &options.types)
}

/// Keeps the best of overlapping candidates, drops repeats, filters by type, sorts by position.
#[must_use]
pub fn resolve(mut candidates: Vec<Entity>, types: &[EntityType]) -> Vec<Entity> {
    candidates.sort_by(|a, b| {
        rank(a.kind)
            .cmp(&rank(b.kind))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.span.0.cmp(&b.span.0))
            .then((b.span.1 - b.span.0).cmp(&(a.span.1 - a.span.0)))
    });
    // Accepted spans by start; they never overlap, so only the neighbours need checking.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept: Vec<Entity> = Vec::with_capacity(candidates.len());
    for c in candidates {
        let (start, end) = c.span;
        let before_overlaps = taken
            .range(..=start)
            .next_back()
            .is_some_and(|(_, e)| *e > start);
        let after_overlaps = taken.range(start..end).next().is_some();
        if !before_overlaps && !after_overlaps {
            taken.insert(start, end);
            kept.push(c);
        }
    }
    kept.sort_by_key(|e| e.span);
    let mut seen = HashSet::new();
    kept.retain(|e| seen.insert((e.kind, e.value.to_lowercase())));
    drop_partial_names(&mut kept);
    if !types.is_empty() {
        kept.retain(|e| types.contains(&e.kind));
    }
    kept
}

/// `Tom` is dropped when `Tom Baker` is also a person; `Acme` when `Acme Corp` is a company.
fn drop_partial_names(entities: &mut Vec<Entity>) {
    let words_of_longer_names: HashSet<(EntityType, String)> = entities
        .iter()
        .filter(|e| matches!(e.kind, EntityType::Person | EntityType::Company))
        .filter(|e| e.value.contains(' '))
        .flat_map(|e| e.value.split(' ').map(move |w| (e.kind, w.to_owned())))
        .collect();
    entities.retain(|e| {
        !matches!(e.kind, EntityType::Person | EntityType::Company)
            || e.value.contains(' ')
            || !words_of_longer_names.contains(&(e.kind, e.value.clone()))
    });
}
