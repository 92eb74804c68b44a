//! Forms of part codes that only a header, a quantity or an item cue makes parts: a shop's
//! or ERP's own numeric item number (`84231`, `2866763`), its own SKUs shaped like a
//! document number (`AB-100482`, `RKS-02`) and SKUs in lower case (`usw-pro-24-poe`) in a
//! column headed as part or item numbers, and
//! codes in mostly capitals with a lower-case letter or two (`BNGF280a`, `INC004btSGY`,
//! `DS1823xs+`) in a part column or after a quantity, and codes with dotted groups
//! (`NEX-N722.1F2`) in a part column.
//!
//! Position numbers, quantities and customer numbers never stand under such a header (a
//! position has fewer digits; a customer number has a header of its own).

use super::part_forms::{self, Context};
use super::part_shape::alternations;

/// Fewest digits of a shop's own numeric item number (`10`, `20` are positions).
const MIN_ITEM_DIGITS: usize = 4;

/// Most digits of a shop's own numeric item number (longer runs are EANs or accounts).
const MAX_ITEM_DIGITS: usize = 10;

/// True when `code` is a part code in a table column whose header names part or item
/// numbers: any loose code, a numeric item number, or a shop's SKU of a capital prefix and
/// a number (`AB-100482`).
#[must_use]
pub fn is_headed_cell(code: &str) -> bool {
    part_forms::is_loose_code(code, Context::Column)
        || is_item_number(code)
        || is_shop_sku(code)
        || is_lower_case_sku(code)
}

/// Most letters and digits in a group after a `.` of a dotted code (`N722.1F2`).
const MAX_DOT_GROUP: usize = 4;

/// True when the cell `word` under a part header is a code with dotted groups after a
/// code such a header takes (`NEX-N420.666`, `NEX-N722.1F2`): capitals and digits, each
/// group after a `.` short; not a version or a price (`7.2.2`, `6,40`).
#[must_use]
pub fn is_dotted_cell(word: &str) -> bool {
    let Some((head, groups)) = word.split_once('.') else {
        return false;
    };
    head.bytes().any(|b| b.is_ascii_uppercase())
        && is_headed_cell(head)
        && groups.split('.').all(|g| {
            (1..=MAX_DOT_GROUP).contains(&g.len())
                && g.bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        })
}

/// True when `code` is written in lower case and its capitals are a code a part column
/// takes (`usw-pro-24-poe`, `ct2000p3pssd8`, `sedc600m/960g`): a web shop's SKU, which shops
/// print in lower case.
fn is_lower_case_sku(code: &str) -> bool {
    !code.bytes().any(|b| b.is_ascii_uppercase())
        && part_forms::is_loose_code(&code.to_ascii_uppercase(), Context::Column)
}

/// True when `code` is a shop's or ERP's own numeric item number: four to ten digits.
#[must_use]
pub fn is_item_number(code: &str) -> bool {
    (MIN_ITEM_DIGITS..=MAX_ITEM_DIGITS).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
}

/// True when `code` is capitals, a `-` and digits (`AB-100482`, `RKS-02`): a shop's own SKU
/// under a part header, a document's number elsewhere.
fn is_shop_sku(code: &str) -> bool {
    code.split_once('-').is_some_and(|(prefix, number)| {
        (2..=4).contains(&prefix.len())
            && prefix.bytes().all(|b| b.is_ascii_uppercase())
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
    })
}

/// True when `base` (letters, digits, `-` and `+`) starts with a capital, holds two digits
/// and two capitals or more, no more lower-case letters than capitals, turns between
/// letters and digits twice and is no plural (`BNGF280a-e3`, `CAB004bt1MBK`; not `Win11`,
/// `MacBook14`, `T24i`, `R750s`).
#[must_use]
pub fn is_mostly_capitals(base: &str) -> bool {
    let digits = base.bytes().filter(u8::is_ascii_digit).count();
    let upper = base.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = base.bytes().filter(u8::is_ascii_lowercase).count();
    base.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && digits >= 2
        && upper >= 2
        && lower <= upper
        && alternations(base) >= 2
        && !is_plural_model(base)
}

/// True when `base` ends in a plural `s` right after a capital or digit (`R750s`, `MX68s`):
/// several of a model, not a code.
fn is_plural_model(base: &str) -> bool {
    base.strip_suffix('s')
        .and_then(|stem| stem.bytes().last())
        .is_some_and(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::{is_dotted_cell, is_headed_cell, is_item_number, is_mostly_capitals};

    #[test]
    fn numeric_item_numbers_and_shop_skus_under_a_header() {
        for code in ["84231", "2866763", "QX-204417", "TLB-07", "ZZ9Q4PL"] {
            assert!(is_headed_cell(code), "{code}");
        }
        for code in ["10", "120", "12345678901234", "EUR", "Switch"] {
            assert!(!is_headed_cell(code), "{code}");
        }
        assert!(is_item_number("4417") && !is_item_number("44-17"));
    }

    #[test]
    fn dotted_codes_under_a_header() {
        assert!(is_dotted_cell("NEX-N420.666") && is_dotted_cell("NEX-N722.1F2"));
        for word in [
            "7.2.2",
            "6,40",
            "v1.2",
            "NEX-N420",
            "LEG-033761.AB12C",
            "Inc.",
        ] {
            assert!(!is_dotted_cell(word), "{word}");
        }
    }

    #[test]
    fn lower_case_skus_under_a_header() {
        for code in ["usw-pro-24-poe", "u6-lr", "ct2000p3pssd8", "sedc600m/960g"] {
            assert!(is_headed_cell(code), "{code}");
        }
        for code in ["keep", "cancel", "n/a", "2026-12-08", "usb-c", "16gb"] {
            assert!(!is_headed_cell(code), "{code}");
        }
    }

    #[test]
    fn codes_in_mostly_capitals() {
        for code in ["KLMX410a", "KLMX410a-r2", "QRS007tzLMN", "DX2231ks"] {
            assert!(is_mostly_capitals(code), "{code}");
        }
        for code in [
            "Win11",
            "MacBook14",
            "Gen5",
            "iPhone15",
            "PCIe4",
            "ABCdef12",
            "K24i-30",
            "QX48s",
        ] {
            assert!(!is_mostly_capitals(code), "{code}");
        }
    }
}
