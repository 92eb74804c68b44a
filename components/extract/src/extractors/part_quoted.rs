//! Part codes set off after a description: in double quotes (`the network card
//! "NETWORK-M3"`, `6kVA ("9PX6KIRTNBP")`, [`quoted`]), and the code forms brackets and
//! quotes take beyond those of running prose: long codes with a single digit among letters
//! (`Intercept X Advanced (CIXA1CSAA)`, [`is_sparse_code`]) and codes of three or more
//! segments of capitals (`FortiAnalyzer VM (FAZ-VM-BASE)`, [`is_long_lettered_code`]).
//! The same forms name an item at the end of a list line after a description and a colon
//! (`- Central Mobile Standard, 12 months: MSSA1CSAA`, [`after_described_colon`]).
//! A code that looks less like a part code is taken only after a kind of accessory
//! ([`super::part_prose::item_noun_before`]: `card "NETWORK-M3"`); a serial number's shape, a
//! word of another code's kind before it (`password "AB12CD34EF"`) or a kind of device
//! (`monitors "P2725H"`) keep it out.

use super::part_forms::{self, is_lettered_code};
use super::part_order_line::line_before;
use super::part_prose::{item_noun_before, serial_like, weak_prose_code};
use super::part_shape::{self, alternations, read_code, strength};
use super::part_vetoes::{device_before, other_code_cue};
use crate::text::{char_at, prefix_within};

/// Fewest letters of a code with a single digit among them taken in brackets or quotes.
const MIN_SPARSE_LETTERS: usize = 7;

/// Fewest segments of a code of capitals alone taken in brackets or quotes.
const MIN_LETTERED_SEGMENTS: usize = 3;

/// The end of the code in double quotes opening at `open`, right after a word or an
/// opening bracket, when it names an item: a code of a certain shape, a capital code that
/// looks like a part code, a long code with a single digit or one of three or more
/// segments of capitals; or, after a kind of accessory, one that looks less like one.
#[must_use]
pub fn quoted(text: &str, open: usize) -> Option<usize> {
    let before = text.get(..open)?;
    let after_word = before
        .strip_suffix(' ')
        .is_some_and(|b| b.ends_with(char::is_alphanumeric));
    if char_at(text, open) != Some('"') || !(after_word || before.ends_with('(')) {
        return None;
    }
    let start = open + 1;
    let end = part_forms::read_loose(text, start)?;
    if char_at(text, end) != Some('"') || other_code_cue(text, start) {
        return None;
    }
    let code = &text[start..end];
    if part_shape::is_certain(code) {
        return Some(end);
    }
    let looks = capital_code(text, start, end)
        || is_sparse_code(code)
        || is_long_lettered_code(code)
        || (weak_prose_code(code) && item_noun_before(text, open));
    (looks && !serial_like(code) && !device_before(text, open)).then_some(end)
}

/// Most bytes of a list line looked at before a code.
const LINE_WINDOW: usize = 160;

/// List markers that start a line of a list.
const LIST_MARKERS: [&str; 4] = ["- ", "* ", "• ", "– "];

/// True when the code at `text[start..end]` ends a list line after a description of two or
/// more words and a colon (`- Central Mobile Standard, 12 months: MSSA1CSAA`), and has a form
/// quotes take: a certain shape, capitals that look like a part code, or a long code with a
/// single digit; not after a word of another code's kind (`- Serial: FG100FTK22012345`).
#[must_use]
pub fn after_described_colon(text: &str, start: usize, end: usize) -> bool {
    let line = line_before(text, start, LINE_WINDOW).trim_start_matches(['>', ' ', '\t']);
    let Some(item) = LIST_MARKERS.iter().find_map(|m| line.strip_prefix(m)) else {
        return false;
    };
    let Some(description) = item.strip_suffix(": ") else {
        return false;
    };
    let rest = prefix_within(&text[end..], LINE_WINDOW);
    let line_ends = rest
        .split('\n')
        .next()
        .is_some_and(|r| r.trim_end().trim_end_matches(['.', ';']).is_empty());
    let code = &text[start..end];
    let form =
        part_shape::is_certain(code) || capital_code(text, start, end) || is_sparse_code(code);
    description.split_whitespace().count() >= 2
        && line_ends
        && form
        && !serial_like(code)
        && !other_code_cue(text, start)
}

/// True when `text[start..end]` is a code of capitals and digits that looks like a part
/// code ([`strength`] takes it).
fn capital_code(text: &str, start: usize, end: usize) -> bool {
    read_code(text, start)
        .filter(|&(e, _)| e == end)
        .and_then(|(e, base_end)| strength(&text[start..e], base_end - start))
        .is_some()
}

/// True when `code` is one segment of capitals with a single digit among them, letters on
/// both sides and seven or more of them (`CIXA1CSAA`, `MSSA1CSAA`): a licence SKU, taken in
/// brackets or quotes (not `ISO9001`, `WPA2`, `COVID19`).
#[must_use]
pub fn is_sparse_code(code: &str) -> bool {
    let letters = code.bytes().filter(u8::is_ascii_uppercase).count();
    let digits = code.bytes().filter(u8::is_ascii_digit).count();
    letters + digits == code.len()
        && digits == 1
        && letters >= MIN_SPARSE_LETTERS
        && alternations(code) == 2
}

/// True when `code` is three or more segments of capitals without a digit (`FAZ-VM-BASE`,
/// `FMG-VM-BASE`): a part in brackets or quotes (not `PAN-OS`, `SSL-VPN`).
#[must_use]
pub fn is_long_lettered_code(code: &str) -> bool {
    code.split('-').count() >= MIN_LETTERED_SEGMENTS && is_lettered_code(code)
}

/// True when `code` has a form brackets take beyond those of running prose: a long code
/// with a single digit or three or more segments of capitals.
#[must_use]
pub fn bracket_form(code: &str) -> bool {
    is_sparse_code(code) || is_long_lettered_code(code)
}

#[cfg(test)]
mod tests {
    use super::{after_described_colon, is_long_lettered_code, is_sparse_code, quoted};

    #[test]
    fn codes_in_quotes_after_a_description() {
        let code = |text: &str| -> Option<String> {
            let open = text.find('"').unwrap_or(0);
            quoted(text, open).map(|end| text[open + 1..end].to_owned())
        };
        assert_eq!(
            code("One Eaton 9PX UPS, 6kVA (\"9PX6KIRTNBP\"), with rails").as_deref(),
            Some("9PX6KIRTNBP")
        );
        assert_eq!(
            code("and the network card \"NETWORK-M3\". Does").as_deref(),
            Some("NETWORK-M3")
        );
        for text in [
            "and the network \"NETWORK-M3\". Does",
            "the password \"AB12CD34EF\" expired",
            "12 monitors \"P2725HE\" arrived",
            "the primary unit \"FG100FTK22012345\"",
            "He said \"FIX-IT\" twice",
        ] {
            assert_eq!(code(text), None, "{text}");
        }
    }

    #[test]
    fn codes_that_end_a_described_list_line() {
        let at = |text: &str, code: &str| {
            let start = text.find(code).unwrap_or(0);
            after_described_colon(text, start, start + code.len())
        };
        let text = "- Xstream Protection, 36 months: XT2C3CTAA\n\
                    - Central Mobile Standard, 12 months: MSSA1CSAA\n";
        assert!(at(text, "XT2C3CTAA") && at(text, "MSSA1CSAA"));
        for (text, code) in [
            (
                "- Primary unit serial: FG100FTK22012345\n",
                "FG100FTK22012345",
            ),
            ("- Contract: XT2C3CTAA\n", "XT2C3CTAA"),
            (
                "- Central Mobile Standard: MSSA1CSAA until May\n",
                "MSSA1CSAA",
            ),
            (
                "Central Mobile Standard, 12 months: MSSA1CSAA\n",
                "MSSA1CSAA",
            ),
            ("- Gate and seat, 12 rows: AB12\n", "AB12"),
        ] {
            assert!(!at(text, code), "{text:?}");
        }
    }

    #[test]
    fn forms_brackets_and_quotes_take() {
        assert!(is_sparse_code("CIXA1CSAA") && is_sparse_code("MSSA1CSAA"));
        for code in ["ISO9001", "WPA2", "COVID19", "XT2C3CTAA", "ABCDEF12"] {
            assert!(!is_sparse_code(code), "{code}");
        }
        assert!(is_long_lettered_code("FAZ-VM-BASE"));
        assert!(!is_long_lettered_code("PAN-OS") && !is_long_lettered_code("USB-C"));
    }
}
