//! Part codes written in lower case in running prose, with no word around them that makes
//! them parts (`the dac we listed is sfp-h25g-cu1m`, `that should be sfp-10g-t-x`, `2 more
//! sfp-10g-sr-s please`): three or more segments after a first of two or more letters, one
//! of them a number with a unit of letters after it (`10g`, `h25g`, `cu1m`), as vendors'
//! codes have and words do not. A host name's numbers end its segments (`srv-app01-prd`),
//! and a word with a number (`3rd-party`, `utf-8`) has fewer segments or starts with it.

use super::part_forms::{self, Context};

/// Fewest segments of such a code.
const MIN_SEGMENTS: usize = 3;

/// Fewest letters of its first segment.
const MIN_FIRST_LETTERS: usize = 2;

/// True when `code` is a lower-case code of this form whose capitals a quantity takes.
#[must_use]
pub fn is_lower_case_dashed(code: &str) -> bool {
    let segments: Vec<&str> = code.split('-').collect();
    let first = segments[0];
    !code.bytes().any(|b| b.is_ascii_uppercase())
        && segments.len() >= MIN_SEGMENTS
        && first.len() >= MIN_FIRST_LETTERS
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && segments.iter().any(|s| number_with_unit(s))
        && part_forms::is_loose_code(&code.to_ascii_uppercase(), Context::Quantity)
}

/// True when a digit is followed by a letter in `segment` (`10g`, `cu1m`).
fn number_with_unit(segment: &str) -> bool {
    segment
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::is_lower_case_dashed;

    #[test]
    fn lower_case_codes_of_vendors() {
        for code in ["sfp-10g-t-x", "sfp-h25g-cu1m", "sfp-10g-sr-s"] {
            assert!(is_lower_case_dashed(code), "{code}");
        }
    }

    #[test]
    fn host_names_and_words_are_refused() {
        for code in [
            "srv-app01-prd",
            "3rd-party-app",
            "utf-8",
            "glc-lh-smd",
            "SFP-10G-T-X",
        ] {
            assert!(!is_lower_case_dashed(code), "{code}");
        }
    }
}
