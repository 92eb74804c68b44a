//! Looser part codes ([`part_forms::is_loose_code`]) where the words around them make them
//! parts:
//! - right after or before a quantity (`6x U6-Pro`, `4x GLC-TE`, `10x 920-009295`,
//!   `4x AP9641`, `two USW-Lite-16-PoE`; written in lower case, `2 x c9200l-24p-4g-e`;
//!   forms of [`super::part_quantity_forms`], `2 x ZJX-00004`, `10x ap9641`) or after
//!   `model` (`Model: RS2423+`), unless a kind of device follows (`4 x MS120-24P
//!   switches`);
//! - anywhere, written in lower case with a SKU id or option suffix
//!   (`cfq7ttc0lchc:0002`) or in a form of [`super::part_lower_case`] (`sfp-h25g-cu1m`);
//! - named in prose ([`part_prose::named_in_prose`]: `the TVS-h874-i5-32G`, `a
//!   NETWORK-M3 card`, or a certain shape written in lower case, `the c9400-48u-a`; or
//!   after a short description, [`super::part_phrase::named_after_phrase`]: `the tap
//!   controller 952-000085`), under the same condition;
//! - right after a kind of accessory (`network cards Network-M2`), under the same
//!   condition;
//! - in brackets right after a product mention (`APC Back-UPS Pro 1600 (BR1600SI)`) or
//!   another word ([`part_prose::bracketed`]: `toner (W1480X)`), or in double quotes
//!   ([`part_quoted::quoted`]: `the network card "NETWORK-M3"`);
//! - of the same form as a part code found otherwise ([`super::part_kin::is_kin`]: `the
//!   older AP9631` beside `the AP9641 card`);
//! - in a list with a part code found otherwise (`UDM-PRO-SE, USW-Pro-24-PoE and 6x
//!   U6-Pro`): codes joined by `,`, `/` or a word of `data/identifiers/list_joiners.txt`
//!   (`vs.`), maybe each after an article or a quantity (`and a UCK-G2-PLUS`).

use std::collections::HashSet;

use super::part_forms::{self, Context};
use super::part_kin::Kin;
use super::part_lower_case::is_lower_case_dashed;
use super::part_order_line::{is_number_word, model_before, quantity_after, quantity_before};
use super::part_phrase::named_after_phrase;
use super::part_prose::{
    self, item_noun_after, item_noun_before, named_in_prose, prose_code, weak_prose_code,
};
use super::part_quantity_forms::is_quantity_code;
use super::part_quoted;
use super::part_vetoes::{device_follows, in_serial_run, other_code_cue};
use crate::entity::{Entity, EntityType, Normalized};
use crate::text::{ascii_alnum_end, char_at, skip_blanks, word_start};

/// Words that join codes in a list (`and`): `data/identifiers/list_joiners.txt`.
const LIST_JOINERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_list_joiners.rs"));

/// Segments from which a code in a product mention is no model's name.
const MODEL_MAX_SEGMENTS: usize = 3;

/// Articles that may stand before a code of a list (`X and the Y`).
const ARTICLES: [&str; 3] = ["a", "an", "the"];

/// Finds loose part codes in `text`; `products` are its product mentions, `found` the
/// spans of part codes found otherwise.
#[must_use]
pub fn extract(text: &str, products: &[Entity], found: &[(usize, usize)]) -> Vec<Entity> {
    let mut spans: Vec<(usize, usize)> = products.iter().map(|p| p.span).collect();
    spans.sort_unstable();
    let inside_product = |s: usize, e: usize| {
        let after = spans.partition_point(|p| p.0 <= s);
        after > 0 && e <= spans[after - 1].1
    };
    let mut out = Vec::new();
    for (start, end) in codes(text) {
        let code = &text[start..end];
        let by_quantity = (part_forms::is_loose_code(code, Context::Quantity)
            || part_forms::is_lower_case_code(code)
            || is_quantity_code(code))
            && (quantity_before(text, start)
                || quantity_after(text, end)
                || model_before(text, start));
        // `cfq7ttc0lchc:0002`: a SKU id or option suffix makes a lower-case code a part.
        let suffixed = (part_forms::is_lower_case_code(code) && code.contains([':', '#']))
            || is_lower_case_dashed(code);
        let in_prose = (named_in_prose(text, start, end) || named_after_phrase(text, start, end))
            && (prose_code(code)
                || part_forms::is_lower_case_code(code)
                || (weak_prose_code(code) && item_noun_after(text, end)));
        // `network cards Network-M2`, `licences MDRE1CSAA`: a kind of accessory before it.
        let by_noun = (weak_prose_code(code) || part_quoted::is_sparse_code(code))
            && item_noun_before(text, start);
        let listed = part_quoted::after_described_colon(text, start, end);
        if (by_quantity || in_prose || suffixed || by_noun || listed)
            && !device_follows(text, end)
            && !inside_product(start, end)
            && !other_code_cue(text, start)
        {
            out.push(part(text, start, end));
        }
    }
    for p in products {
        let i = skip_blanks(text, p.span.1);
        if char_at(text, i) != Some('(') {
            continue;
        }
        if let Some(end) = part_forms::read_loose(text, i + 1)
            && char_at(text, end) == Some(')')
            && part_forms::is_loose_code(&text[i + 1..end], Context::Column)
        {
            out.push(part(text, i + 1, end));
        }
    }
    for (open, _) in text.match_indices('(') {
        if let Some(end) = part_prose::bracketed(text, open)
            && !inside_product(open + 1, end)
        {
            out.push(part(text, open + 1, end));
        }
    }
    for (open, _) in text.match_indices('"') {
        if let Some(end) = part_quoted::quoted(text, open)
            && !inside_product(open + 1, end)
        {
            out.push(part(text, open + 1, end));
        }
    }
    let mut seeds: HashSet<usize> = found.iter().map(|s| s.0).collect();
    seeds.extend(out.iter().map(|e| e.span.0));
    out.extend(listed(text, &seeds, &inside_product));
    let known: Vec<(usize, usize)> = found
        .iter()
        .copied()
        .chain(out.iter().map(|e| e.span))
        .collect();
    out.extend(kin(text, &known, &inside_product));
    out
}

/// The codes of `text` that are kin of a part code at one of `known` (not themselves found
/// there), unless inside a product, before a kind of device, after a word of another
/// code's kind or in a run of serials.
fn kin(
    text: &str,
    known: &[(usize, usize)],
    inside_product: &dyn Fn(usize, usize) -> bool,
) -> Vec<Entity> {
    let starts: HashSet<usize> = known.iter().map(|s| s.0).collect();
    let kin = Kin::of(text, known);
    codes(text)
        .filter(|&(start, end)| {
            let code = &text[start..end];
            !starts.contains(&start)
                && part_forms::is_loose_code(code, Context::Column)
                && kin.has_kin(code)
                && !device_follows(text, end)
                && !inside_product(start, end)
                && !other_code_cue(text, start)
                && !in_serial_run(text, start, end)
        })
        .map(|(start, end)| part(text, start, end))
        .collect()
}

/// Every loose code of `text`, as spans, in order.
fn codes(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < text.len() {
            let at = i;
            if !text.is_char_boundary(at) || !word_start(text, at) {
                i += 1;
                continue;
            }
            if let Some(end) = part_forms::read_loose(text, at) {
                i = end;
                return Some((at, end));
            }
            i = ascii_alnum_end(text, at).max(at + 1);
        }
        None
    })
}

/// The codes of lists in `text` that hold a code starting at one of `seeds`, but a
/// product's model of one or two segments (`The monitors (Dell P2723DE, 210-BDPH)`).
fn listed(
    text: &str,
    seeds: &HashSet<usize>,
    inside_product: &dyn Fn(usize, usize) -> bool,
) -> Vec<Entity> {
    // A product's model has one or two segments (`P2723DE`, `MS120-24P`); codes of more are
    // parts even after a vendor (`Meraki MA-SFP-10GB-SR`).
    let listed_model = |s: usize, e: usize| {
        inside_product(s, e) && text[s..e].split(['-', '/']).count() < MODEL_MAX_SEGMENTS
    };
    let mut out = Vec::new();
    let mut after = 0;
    for (start, end) in codes(text) {
        if start < after || !part_forms::is_loose_code(&text[start..end], Context::Column) {
            continue;
        }
        let mut run = vec![(start, end)];
        let mut last = end;
        while let Some(next) = next_in_list(text, last)
            && let Some(next_end) = part_forms::read_loose(text, next)
            && part_forms::is_loose_code(&text[next..next_end], Context::Column)
        {
            run.push((next, next_end));
            last = next_end;
        }
        after = last;
        if run.len() >= 2 && run.iter().any(|(s, _)| seeds.contains(s)) {
            out.extend(
                run.iter()
                    .filter(|&&(s, e)| !other_code_cue(text, s) && !listed_model(s, e))
                    .map(|&(s, e)| part(text, s, e)),
            );
        }
    }
    out
}

/// Where the next code of a list starts after one that ends at `end`: after `,`, `/` or a
/// joining word (or both, `, and`; `vs.`), and maybe an article or a quantity (`the `,
/// `6x `, `two `).
fn next_in_list(text: &str, end: usize) -> Option<usize> {
    let mut i = skip_blanks(text, end);
    let mut joined = false;
    if matches!(char_at(text, i), Some(',' | '/')) {
        i = skip_blanks(text, i + 1);
        joined = true;
    }
    let word_end = ascii_alnum_end(text, i);
    if LIST_JOINERS
        .iter()
        .any(|w| text[i..word_end].eq_ignore_ascii_case(w))
    {
        let after = word_end + usize::from(char_at(text, word_end) == Some('.'));
        i = skip_blanks(text, after);
        joined = true;
    }
    // An article or a quantity in words (`and a UCK-G2-PLUS`, `two USW-Lite-16-PoE`).
    let word_end = text[i..]
        .find(|c: char| !c.is_alphabetic())
        .map_or(text.len(), |e| i + e);
    let word = &text[i..word_end];
    let skipped = ARTICLES.iter().any(|a| word.eq_ignore_ascii_case(a)) || is_number_word(word);
    if word_end > i && skipped && char_at(text, word_end) == Some(' ') {
        i = skip_blanks(text, word_end);
    }
    let digits = text[i..].bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let k = skip_blanks(text, i + digits);
        let rest = &text[k..];
        if let Some(sign) = ['x', 'X', '×'].iter().find(|s| rest.starts_with(**s))
            && rest[sign.len_utf8()..].starts_with(' ')
        {
            i = skip_blanks(text, k + sign.len_utf8());
        }
    }
    joined.then_some(i)
}

fn part(text: &str, start: usize, end: usize) -> Entity {
    Entity::rule(EntityType::PartNumber, text, start, end, 0.8)
        .with_normalized(Some(Normalized::Text(text[start..end].to_owned())))
}

#[cfg(test)]
mod tests {
    use super::extract;
    use crate::extractors::product;
    use crate::extractors::test_support::spans_of;

    fn parts(text: &str, found: &[&str]) -> Vec<String> {
        let spans = spans_of(text, found);
        let mut out: Vec<String> = extract(text, &product::extract(text), &spans)
            .into_iter()
            .map(|e| e.value)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn loose_codes_next_to_a_quantity() {
        assert_eq!(
            parts("lines (4x GLC-TE, 10x 920-009295) and 4x AP9641 cards", &[]),
            ["920-009295", "AP9641", "GLC-TE"]
        );
        let text = "2 x ZJX-00004, 10x ap9641 and fs-124f-fpoe x1\nModel: RS2423+\nRef: INV-00417";
        assert_eq!(
            parts(text, &[]),
            ["RS2423+", "ZJX-00004", "ap9641", "fs-124f-fpoe"]
        );
        assert!(
            parts(
                "2 x USB-C, 4 x SFP28, 3 x Smart-UPS, 4 x MS120-24P switches",
                &[]
            )
            .is_empty()
        );
    }

    #[test]
    fn weak_codes_after_a_kind_of_accessory() {
        assert_eq!(
            parts("add 2 network cards AP9641 and a rack AP9642", &[]),
            ["AP9641"]
        );
        assert!(parts("the network AP9641 and the cards, AP9642", &[]).is_empty());
        assert_eq!(
            parts("plus the MDR licences MDRE1CSAA for 40 users", &[]),
            ["MDRE1CSAA"]
        );
        assert!(parts("the MDR team MDRE1CSAA", &[]).is_empty());
        let text = "side panels AR7300, two sensors AP9335T, el transceptor J9151E";
        assert_eq!(parts(text, &[]), ["AP9335T", "AR7300", "J9151E"]);
    }

    #[test]
    fn models_in_a_list_are_not_parts() {
        assert_eq!(
            parts("The monitors (Dell P2723DE, 210-BDPH) stay", &["210-BDPH"]),
            ["210-BDPH"]
        );
        assert_eq!(
            parts("Meraki MA-SFP-10GB-SR, MA-SFP-1GB-TX", &["MA-SFP-1GB-TX"]),
            ["MA-SFP-10GB-SR", "MA-SFP-1GB-TX"]
        );
    }

    #[test]
    fn kin_of_a_found_part() {
        assert_eq!(
            parts(
                "is the AP9641 card fine, or the older AP9631? Serial AP9651.",
                &[]
            ),
            ["AP9631", "AP9641"]
        );
        assert!(parts("the older AP9631 and AP96311", &[]).is_empty());
    }

    #[test]
    fn lists_with_a_part() {
        assert_eq!(
            parts(
                "We're thinking UDM-PRO-SE, USW-Pro-24-PoE, and 6x U6-Pro. Plus",
                &[]
            ),
            ["U6-Pro", "UDM-PRO-SE", "USW-Pro-24-PoE"]
        );
        assert_eq!(
            parts(
                "Registered: P52534-B21, H8QP7E, DR-1124553",
                &["P52534-B21"]
            ),
            ["H8QP7E", "P52534-B21"]
        );
        assert!(parts("see UDM-PRO-SE, USW-Pro-24-PoE", &[]).is_empty());
    }

    #[test]
    fn lower_case_codes_named_in_prose() {
        assert_eq!(
            parts(
                "the box has the c9400-48u-a plus c9400-pwr-3200ac= now",
                &[]
            ),
            ["c9400-48u-a", "c9400-pwr-3200ac="]
        );
        assert_eq!(
            parts("We are torn between kx512b and KX518B for the floor.", &[]),
            ["kx512b"]
        );
        assert!(parts("the commit 3fa9c2b was merged and sw-core-01 rebooted", &[]).is_empty());
    }
}
