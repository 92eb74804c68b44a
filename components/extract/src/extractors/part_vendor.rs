//! Part codes right after a vendor's name (`an APC BX1600MI`, `the Intel E810-XXVDA2 cards`,
//! `replace Samsung MZ-V9P2T0BW with …`): the vendor is not part of the code, and a code
//! that only looks like a part code is one when it is long (eight or more letters and
//! digits, as vendors' order codes are and models' names are not: `Dell P2723DE`, `Zebra
//! ZD421`), its vendor stands after a prose lead, and nothing after it makes it a model or
//! another code: a kind of device (`the Dell WD22TB4X docks`), its own part code in
//! brackets (`the Dell WD22TB4 (210-BDTD)`) or a word of another code's kind (`the NetApp
//! NS224XE shelf`). A possessive before the vendor names a device someone has, a model
//! (`our Brother MFC-L2750DW`).

use super::part_prose::lead_before;
use super::part_vetoes::{device_follows, other_code_after};
use super::product::VENDORS;
use crate::text::{char_at, skip_blanks, word_start};

/// Possessives that make a vendor's code a device someone has:
/// `data/identifiers/owner_words.txt`.
const OWNER_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_owner_words.rs"));

/// Fewest letters and digits of a code taken after a vendor.
const MIN_VENDOR_CODE: usize = 8;

/// True when the code at `text[start..end]` follows a vendor's name that a prose lead
/// (not a possessive) stands before, is long enough, and is followed by neither a kind of
/// device, a word of another code's kind (`shelf`, `serial`) nor a code in brackets.
#[must_use]
pub fn named_after_vendor(text: &str, start: usize, end: usize) -> bool {
    let long = text[start..end]
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .count()
        >= MIN_VENDOR_CODE;
    let bracket_after = char_at(text, skip_blanks(text, end)) == Some('(');
    long && !bracket_after
        && !device_follows(text, end)
        && !other_code_after(text, end)
        && vendor_before(text, start)
            .is_some_and(|v| lead_before(text, v) && !owner_before(text, v))
}

/// The start of a vendor's name that ends one blank before `at`.
#[must_use]
pub fn vendor_before(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?.strip_suffix(' ')?;
    VENDORS
        .iter()
        .filter(|v| before.ends_with(*v))
        .map(|v| before.len() - v.len())
        .find(|&v| word_start(text, v))
}

/// True when the word right before `at` (blanks between) is a possessive.
fn owner_before(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(p, c)| p + c.len_utf8());
    OWNER_WORDS
        .iter()
        .any(|w| before[start..].eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use crate::extractors::part_code::parts;

    #[test]
    fn long_codes_after_a_vendor_after_a_lead() {
        assert_eq!(
            parts("For power, an APC BX1600MI. It beats the Cisco SFP-10G-LR-S."),
            ["BX1600MI", "SFP-10G-LR-S"]
        );
        assert_eq!(
            parts("Do they fit the Intel E810-XXVDA2 cards?"),
            ["E810-XXVDA2"]
        );
    }

    #[test]
    fn models_after_a_vendor_are_not_parts() {
        for text in [
            "The monitors (Dell P2723DE, 210-BDPH) stay.",
            "the Dell WD22TB4 (210-BDTD) instead",
            "the other drives in the NetApp NS224XE shelf",
            "two of the Dell WD22TB4X docks",
            "we got a DR-2300 for our Brother MFC-L2750DW but",
            "a Palo Alto PA-450 bid came in",
            "Site Wels: Brother HL-L5210DN paper jam",
        ] {
            let found = parts(text);
            assert!(
                found
                    .iter()
                    .all(|p| p.starts_with("210-") || p == "DR-2300"),
                "{text:?}: {found:?}"
            );
        }
    }
}
