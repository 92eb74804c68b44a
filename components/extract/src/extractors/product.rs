//! Products: a known vendor followed by its product line and model (`Cisco Catalyst 9300-48P`,
//! `HP LaserJet Pro M404dn`, `Lenovo ThinkPad T14 Gen 4`). At least one model word must hold a
//! digit; trailing words without one are dropped unless they are edition words (`Pro`, `Max`).
//! A vendor part code ends the model (`Lenovo ThinkPad T14 21HD003AGE`): it is a part number.

use super::part_shape;
use crate::entity::{Entity, EntityType};
use crate::text::{char_at, word_start};

/// Vendors whose names start a product mention, each before the shorter ones it begins with
/// (`Palo Alto Networks` before `Palo Alto`): `data/product/vendors.txt`.
pub const VENDORS: &[&str] = include!(concat!(env!("OUT_DIR"), "/product_vendors.rs"));

/// Words without a digit that may still end a model (`Pro`, `Max`, `Gen`):
/// `data/product/edition_words.txt`.
const EDITION_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/product_edition_words.rs"));

/// Finds product mentions in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut covered = 0;
    for (i, _) in text.char_indices() {
        if i < covered
            || !word_start(text, i)
            || !text[i..].starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
        {
            continue;
        }
        let Some(vendor) = VENDORS
            .iter()
            .find(|v| text[i..].starts_with(*v) && char_at(text, i + v.len()) == Some(' '))
        else {
            continue;
        };
        if let Some(end) = model_end(text, i + vendor.len()) {
            out.push(Entity::rule(EntityType::Product, text, i, end, 0.8));
            covered = end;
        }
    }
    out
}

/// End of the model words after a vendor ending at `from`, if one of them holds a digit.
fn model_end(text: &str, from: usize) -> Option<usize> {
    let mut words: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = from;
    while words.len() < 6 && text[i..].starts_with(' ') {
        let start = i + 1;
        let len = text[start..]
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '+' | '/')))
            .unwrap_or(text.len() - start);
        let word = text[start..start + len].trim_end_matches(['-', '/']);
        if word.is_empty() {
            break;
        }
        // A part code is no model (`Aruba JL659A`, `Lenovo ThinkPad T14 21HD003AGE`).
        if part_shape::is_certain(word) {
            break;
        }
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        let model_like = has_digit || word.chars().next().is_some_and(char::is_uppercase);
        if !model_like {
            break;
        }
        words.push((start, start + word.len(), has_digit));
        i = start + word.len();
        if !text[i..].starts_with(' ') {
            break;
        }
    }
    while let Some(&(s, e, has_digit)) = words.last() {
        if has_digit || EDITION_WORDS.contains(&&text[s..e]) {
            break;
        }
        words.pop();
    }
    // Product words are in the mention only if some word carries a model number.
    if words.iter().any(|w| w.2) {
        words.last().map(|w| w.1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn products(text: &str) -> Vec<String> {
        extract(text).into_iter().map(|e| e.value).collect()
    }

    #[test]
    fn vendor_plus_model() {
        assert_eq!(
            products("two Cisco Catalyst 9300-48P switches"),
            ["Cisco Catalyst 9300-48P"]
        );
        assert_eq!(
            products("the HP LaserJet Pro M404dn."),
            ["HP LaserJet Pro M404dn"]
        );
        assert_eq!(
            products("Lenovo ThinkPad T14 Gen 4 laptops"),
            ["Lenovo ThinkPad T14 Gen 4"]
        );
        assert_eq!(
            products("Dell PowerEdge R750 Server"),
            ["Dell PowerEdge R750"]
        );
        assert_eq!(products("Palo Alto PA-440"), ["Palo Alto PA-440"]);
        assert!(products("Cisco Systems, Inc. and Dell Support").is_empty());
    }

    #[test]
    fn a_part_code_ends_the_model() {
        assert_eq!(
            products("2 x Lenovo ThinkPad T14 Gen 4 21HD003AGE"),
            ["Lenovo ThinkPad T14 Gen 4"]
        );
        assert!(products("Aruba JL659A and Dell 210-AYCJ").is_empty());
        assert_eq!(products("HP Care Pack U8PG1E"), Vec::<String>::new());
    }
}
