//! Forms of part codes that only a quantity right before or after makes parts, refused
//! elsewhere: a Microsoft licence or hardware SKU of three capitals and five digits (`2 x
//! ZJX-00004`, `8 x ZXX-00005`), which alone looks like a document's number (`INV-00417`),
//! five digits and two in groups (a Jabra `120 x 14208-26`), and a code written in lower case whose capitals a quantity takes and one of whose
//! segments mixes letters and digits (`10x ap9641`, `fs-124f-fpoe x1`), not a word with a
//! number (`2x 10-pack`).

use super::part_forms::{self, Context};
use super::part_shape::alternations;

/// Capitals before the `-` of a Microsoft SKU (`ZJX`).
const MICROSOFT_LETTERS: usize = 3;

/// Digits after the `-` of a Microsoft SKU (`00004`).
const MICROSOFT_DIGITS: usize = 5;

/// Digits before and after the `-` of a code of digits in two groups (`14208-26`).
const DIGIT_GROUPS: (usize, usize) = (5, 2);

/// True when `code` is a part next to a quantity in one of these forms.
#[must_use]
pub fn is_quantity_code(code: &str) -> bool {
    is_microsoft_sku(code) || is_digit_groups(code) || is_lower_case_mixed(code)
}

/// True when `code` is five digits, a `-` and two digits (`14208-26`).
fn is_digit_groups(code: &str) -> bool {
    code.split_once('-').is_some_and(|(head, tail)| {
        (head.len(), tail.len()) == DIGIT_GROUPS
            && head.bytes().chain(tail.bytes()).all(|b| b.is_ascii_digit())
    })
}

/// True when `code` is three capitals, a `-` and five digits (`ZJX-00004`).
fn is_microsoft_sku(code: &str) -> bool {
    code.split_once('-').is_some_and(|(letters, digits)| {
        letters.len() == MICROSOFT_LETTERS
            && letters.bytes().all(|b| b.is_ascii_uppercase())
            && digits.len() == MICROSOFT_DIGITS
            && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// True when `code` has no capital, its capitals are a code a quantity takes, and one of
/// its segments mixes letters and digits (`ap9641`, `fap-231f-e`).
fn is_lower_case_mixed(code: &str) -> bool {
    code.bytes().any(|b| b.is_ascii_lowercase())
        && !code.bytes().any(|b| b.is_ascii_uppercase())
        && code.split(['-', '/']).any(|s| alternations(s) > 0)
        && part_forms::is_loose_code(&code.to_ascii_uppercase(), Context::Quantity)
}

#[cfg(test)]
mod tests {
    use super::is_quantity_code;

    #[test]
    fn microsoft_skus_and_lower_case_codes() {
        for code in [
            "ZJX-00004",
            "ZXX-00005",
            "ap9641",
            "fs-124f-fpoe",
            "fap-231f-e",
        ] {
            assert!(is_quantity_code(code), "{code}");
        }
    }

    #[test]
    fn look_alikes_are_refused() {
        for code in [
            "INV-2026",
            "ZJXA-00004",
            "10-pack",
            "1-year",
            "usb-c",
            "AP9641",
            "cat6",
        ] {
            assert!(!is_quantity_code(code), "{code}");
        }
    }
}
