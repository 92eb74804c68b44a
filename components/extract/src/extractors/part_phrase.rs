//! Part codes named after a short description in prose: a prose lead or a vendor's name,
//! then up to three words that describe the item, maybe with a linking verb, then the code
//! (`the original EX-SFP-10GE-SR`, `the access point CBW240AC-E`, `the imaging unit is
//! 56F0Z00`, `Schneider Electric contactor LC1D09BD`, `Schneider Electric motor circuit
//! breaker GV2ME10`) ([`named_after_phrase`]).
//! Only codes whose shape says much are taken so far from their lead: eight or more
//! letters and digits, or letters and digits taking turns three times (`GV2ME10`), not
//! `the old AP9631` nor `the flight LH2024`; a kind of device after the code still makes it
//! a model (`the new P2725HE2X monitors`).

use super::part_order_line::line_before;
use super::part_prose::{ends_with_lead, serial_like};
use super::part_shape::alternations;
use super::part_vendor::vendor_before;
use super::part_vetoes::{device_follows, other_code_after};

/// Words that end a description before a code: `data/identifiers/phrase_breaks.txt`.
const PHRASE_BREAKS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_phrase_breaks.rs"));

/// Most words of a description between a lead and its code.
const MAX_PHRASE_WORDS: usize = 3;

/// Fewest letters and digits of a code taken after a description.
const MIN_PHRASE_CODE: usize = 8;

/// Fewest turns between letters and digits of a shorter code taken after a description.
const MIN_PHRASE_TURNS: usize = 3;

/// How far back on its line the description and its lead are looked for, in bytes.
const PHRASE_WINDOW: usize = 64;

/// True when the code at `text[start..end]`, of a shape that says much, follows a short
/// description after a prose lead or a vendor's name, is no serial number (`the HA partner
/// FG200FT922904533`), and no kind of device or word of another code's kind follows it.
#[must_use]
pub fn named_after_phrase(text: &str, start: usize, end: usize) -> bool {
    let code = &text[start..end];
    let core = code.bytes().filter(u8::is_ascii_alphanumeric).count();
    let turns: usize = code.split(['-', '/']).map(alternations).sum();
    (core >= MIN_PHRASE_CODE || turns >= MIN_PHRASE_TURNS)
        && !serial_like(code)
        && !device_follows(text, end)
        && !other_code_after(text, end)
        && phrase_before(text, start)
}

/// True when one to three words of letters (maybe joined by `-`, `Cache-SSDs`), each after
/// one blank, none a word that ends a description (`near`, `them`) nor an acronym, which
/// labels other codes (`your air shipment AWB 176-48213375`), stand right before `at`, and
/// a prose lead or a vendor's name right before them.
fn phrase_before(text: &str, at: usize) -> bool {
    let line = line_before(text, at, PHRASE_WINDOW);
    let line_start = at - line.len();
    let mut i = at;
    for _ in 0..MAX_PHRASE_WORDS {
        let Some(before) = text[line_start..i].strip_suffix(' ') else {
            return false;
        };
        // Words of letters, maybe joined by `-` (`Cache-SSDs`).
        let word_start = before
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic() && *c != '-')
            .map_or(0, |(p, c)| p + c.len_utf8());
        let word = &before[word_start..];
        if word.starts_with('-') || word.ends_with('-') {
            return false;
        }
        let acronym = word.len() >= 2 && word.chars().all(char::is_uppercase);
        if word.is_empty() || acronym || PHRASE_BREAKS.iter().any(|b| word.eq_ignore_ascii_case(b))
        {
            return false;
        }
        i = line_start + word_start;
        let rest = &text[line_start..i];
        if ends_with_lead(rest.trim_end_matches(' ')) && rest.ends_with(' ')
            || vendor_before(text, i).is_some()
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::named_after_phrase;
    use crate::extractors::part_code::parts;

    #[test]
    fn loose_codes_after_a_description() {
        let at = |text: &str, code: &str| {
            let start = text.find(code).unwrap_or(0);
            named_after_phrase(text, start, start + code.len())
        };
        assert!(at("The tap controller 952-000085 was fine", "952-000085"));
        assert!(at("the imaging unit is 56F0Z00", "56F0Z00"));
        assert!(at("Optional: die Cache-SSDs SNV3410-800G.", "SNV3410-800G"));
        assert!(!at("Optional: die Cache - SNV3410-800G.", "SNV3410-800G"));
        assert!(!at(
            "Your air shipment AWB 176-48213375 is on hold",
            "176-48213375"
        ));
        assert!(!at("Firmware on all of them is JXTC604Q", "JXTC604Q"));
    }

    #[test]
    fn codes_after_a_description() {
        assert_eq!(
            parts("With the original EX-SFP-10GE-SR the port comes up."),
            ["EX-SFP-10GE-SR"]
        );
        assert_eq!(
            parts("6 units of the access point CBW240AC-E for the branch"),
            ["CBW240AC-E"]
        );
        assert_eq!(
            parts("Schneider Electric motor circuit breaker GV2ME10\n"),
            ["GV2ME10"]
        );
    }

    #[test]
    fn short_codes_models_and_far_leads_are_not_parts() {
        for text in [
            "do we need the older AP9631?",
            "the flight LH2024 to Oslo",
            "the new wide P2725HE2X monitors",
            "the racks near CBW240AC-E",
            "the access point: CBW240AC-E",
            "The HA partner FG200FT922904533 still runs 7.2.8",
        ] {
            assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
        }
    }
}
