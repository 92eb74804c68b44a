//! What keeps a word shaped like a part code from being a part number: being a product's
//! model ([`Models`], [`device_follows`], [`device_before`]: `Dell P2725H`, `P2725H
//! monitors`, `monitors (P2725H)`), or a word before it or a heading above its list that
//! makes it another kind of code ([`other_code_cue`]: `serial`, `VAT`, `Serial numbers:`),
//! or, in prose, such a word right after it ([`other_code_after`]: `the CZJ8420ABC
//! serial`), or standing in a list of serials of one batch ([`in_serial_run`]).

use std::collections::HashSet;

use super::part_order_line::line_before;
use super::part_shape::{is_certain, is_measure};
use crate::entity::Entity;
use crate::text::{
    among_next_words, find_words_ci, skip_blanks, starts_with_ci, word_end, word_start,
};

/// Words that make a code on their line another kind of code:
/// `data/identifiers/not_part_cues.txt`.
const NOT_PART_CUES: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_not_part_cues.rs"));

/// Kinds of device that after a code make it a model's name:
/// `data/identifiers/model_nouns.txt`.
const MODEL_NOUNS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_model_nouns.rs"));

/// Words that may stand between a cue and its code (`numbers`, `no`):
/// `data/identifiers/fillers.txt`.
const FILLERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_fillers.rs"));

/// Verbs that link a cue to its codes (`are`): `data/identifiers/clause_verbs.txt`.
const CLAUSE_VERBS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_clause_verbs.rs"));

/// Words that join codes in a list (`and`): `data/identifiers/list_joiners.txt`.
const LIST_JOINERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_list_joiners.rs"));

/// Fewest letters and digits of a code too long to be a model's name (`MFCL8900CDWZU1`,
/// a Lenovo machine type `11T8S00A00`).
const MAX_MODEL_NAME: usize = 10;

/// How far before a code its line is searched for a word that makes it another code.
const CUE_WINDOW: usize = 48;

/// The product mentions of a text, to tell a model from a part code.
pub(super) struct Models<'a> {
    /// Their spans, by position.
    spans: Vec<(usize, usize)>,
    /// Their last words (`R750` of `Dell PowerEdge R750`).
    last_words: HashSet<&'a str>,
}

impl<'a> Models<'a> {
    /// The models of `products`, the product mentions of a text.
    pub(super) fn of(products: &'a [Entity]) -> Self {
        let mut spans: Vec<(usize, usize)> = products.iter().map(|p| p.span).collect();
        spans.sort_unstable();
        let last_words = products
            .iter()
            .filter_map(|p| p.value.rsplit(' ').next())
            .collect();
        Self { spans, last_words }
    }

    /// True when the code at `text[start..end]` names a product's model: it is inside a
    /// product mention, or the last word of one, or a kind of device follows it and it is
    /// short as models' names are (`P2725H monitors`, not `MFCL8900CDWZU1 printers`).
    pub(super) fn named(&self, text: &str, start: usize, end: usize) -> bool {
        let after_start = self.spans.partition_point(|s| s.0 <= start);
        let inside = after_start > 0 && end <= self.spans[after_start - 1].1;
        let code = &text[start..end];
        let short = code.bytes().filter(u8::is_ascii_alphanumeric).count() < MAX_MODEL_NAME;
        inside || self.last_words.contains(code) || (short && device_follows(text, end))
    }
}

/// True when a kind of device (`monitors`, `servers`) follows `end`: what stands before it
/// names a model.
#[must_use]
pub fn device_follows(text: &str, end: usize) -> bool {
    let after = &text[skip_blanks(text, end)..];
    MODEL_NOUNS
        .iter()
        .any(|n| starts_with_ci(after, 0, n) && word_end(after, n.len()))
}

/// True when the code ending at `end` is short and a capacity or rating follows it after
/// one blank (`DC600M 960GB SATA SSD`, `PM893 960GB`): the model of a product's name, not
/// `JL659A` alone or `KSM32RD8/16HDR 16GB` (long, a vendor's order code).
#[must_use]
pub fn measure_follows(text: &str, start: usize, end: usize) -> bool {
    let short = text[start..end]
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .count()
        < MIN_CODE_BEFORE_MEASURE;
    let Some(after) = text.get(end..).and_then(|a| a.strip_prefix(' ')) else {
        return false;
    };
    let word = after.split(char::is_whitespace).next().unwrap_or("");
    short && is_measure(word.trim_end_matches([',', '.', ';', ')']))
}

/// True when, later in the clause of the code ending at `end` and within a few words, a
/// code of a certain shape stands alone in brackets (`We tried the WD22TB4 as a test
/// (210-BDTD)`): the model's own order code, which makes the code before it a model.
#[must_use]
pub fn own_code_follows(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    let clause_end = rest
        .find(['.', ',', ';', '\n', '?', '!'])
        .unwrap_or(rest.len());
    let clause = &rest[..clause_end];
    let Some(open) = clause.find(" (") else {
        return false;
    };
    let inside = clause[open + 2..].split(')').next().unwrap_or("");
    clause[..open].split_whitespace().count() <= MAX_WORDS_TO_OWN_CODE
        && clause[open + 2..].contains(')')
        && is_certain(inside)
}

/// Most words between a model and its own order code in brackets.
const MAX_WORDS_TO_OWN_CODE: usize = 4;

/// Fewest letters and digits of a code that a capacity after it leaves a part.
const MIN_CODE_BEFORE_MEASURE: usize = 8;

/// How many words after a code are looked at for a word that makes it another code.
const AFTER_WORDS: usize = 2;

/// True when one of the two words right after `end` begins a word that makes the code
/// another kind of code (`the CZJ8420ABC serial`, `the IT-INFRA-220 cost centre`).
#[must_use]
pub fn other_code_after(text: &str, end: usize) -> bool {
    among_next_words(text, end, AFTER_WORDS, NOT_PART_CUES)
}

/// True when a kind of device (`monitors`) ends right before `at`, blanks between: what
/// follows in brackets names its model (`27\" monitors (P2725H)`).
#[must_use]
pub fn device_before(text: &str, at: usize) -> bool {
    let before = line_before(text, at, CUE_WINDOW).trim_end_matches([' ', '\t']);
    MODEL_NOUNS.iter().any(|n| {
        before.len() >= n.len()
            && before.is_char_boundary(before.len() - n.len())
            && before[before.len() - n.len()..].eq_ignore_ascii_case(n)
            && word_start(before, before.len() - n.len())
    })
}

/// A word on the line before `at` that makes the code there another kind of code, with
/// nothing but separators, filler words (`numbers`, `no`, `and`), linking verbs (`are`)
/// and other codes between them (`Serial numbers: FG6H0FTB23900112, FG6H0FTB23900187`).
#[must_use]
pub fn other_code_cue(text: &str, at: usize) -> bool {
    cue_on_line(text, at) || under_other_code_heading(text, at)
}

/// Fewest characters of a code that, with its neighbours in a list, counts as a serial.
const MIN_SERIAL_LEN: usize = 10;

/// How many trailing digits codes that count as a run of serials differ in.
const SERIAL_TAIL: usize = 3;

/// Fewest codes of a run of serials.
const MIN_SERIAL_RUN: usize = 3;

/// True when the code at `text[start..end]` stands alone on its line in a list of such
/// lines where three or more codes of its length share all but its last three characters,
/// digits (`S6ULNE0T401223`, `S6ULNE0T401257`, `S6ULNE0T401301`): serial numbers of one
/// batch, not parts.
#[must_use]
pub fn in_serial_run(text: &str, start: usize, end: usize) -> bool {
    let code = &text[start..end];
    let len = code.len();
    if len < MIN_SERIAL_LEN
        || !code[len - SERIAL_TAIL..]
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return false;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p);
    if text[line_start..line_end].trim() != code {
        return false;
    }
    let prefix = &code[..len - SERIAL_TAIL];
    let alike = |line: &str| {
        let line = line.trim();
        line.len() == len
            && line.starts_with(prefix)
            && line[len - SERIAL_TAIL..]
                .bytes()
                .all(|b| b.is_ascii_digit())
    };
    let above = text[..line_start]
        .lines()
        .rev()
        .take_while(|l| alike(l))
        .count();
    let below = text[line_end..]
        .lines()
        .skip(1)
        .take_while(|l| alike(l))
        .count();
    above + below + 1 >= MIN_SERIAL_RUN
}

/// How many lines above a code a heading that makes it another code is looked for.
const HEADING_LINES: usize = 12;

/// True when the code at `at` starts its line in a list of one code a line under a heading
/// that names another kind of code (`Serial numbers:` then one serial a line).
fn under_other_code_heading(text: &str, at: usize) -> bool {
    let before = line_before(text, at, CUE_WINDOW);
    if !before.trim().is_empty() {
        return false;
    }
    let line_start = at - before.len();
    for line in text[..line_start].lines().rev().take(HEADING_LINES) {
        let line = line.trim();
        if line.is_empty() || !line.contains(char::is_whitespace) {
            continue;
        }
        return line.ends_with(':')
            && NOT_PART_CUES
                .iter()
                .any(|cue| find_words_ci(line, cue).next().is_some());
    }
    false
}

/// A word before `at` on its line that makes the code there another kind of code.
#[must_use]
pub fn cue_on_line(text: &str, at: usize) -> bool {
    let before = line_before(text, at, CUE_WINDOW);
    NOT_PART_CUES.iter().any(|cue| {
        find_words_ci(before, cue).any(|p| {
            before[p + cue.len()..]
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '/')
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .all(|w| {
                    FILLERS
                        .iter()
                        .chain(LIST_JOINERS)
                        .chain(CLAUSE_VERBS)
                        .any(|f| w.eq_ignore_ascii_case(f))
                        || (w.bytes().any(|b| b.is_ascii_digit())
                            && !w.bytes().any(|b| b.is_ascii_lowercase()))
                })
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::extractors::part_code::parts;

    #[test]
    fn serials_joined_by_a_slash_and_contracts_are_not_parts() {
        let text = "two TZ670 (serials 2CB8ED04A1F0 / 2CB8ED04A2C4), Vertrag Z1AE-TC52XX-3C00";
        assert!(parts(text).is_empty());
        assert_eq!(
            parts("Akku BTRY-TC51-43MA1-01 je Gerät"),
            ["BTRY-TC51-43MA1-01"]
        );
    }

    #[test]
    fn a_code_with_its_own_order_code_in_brackets_is_a_model() {
        assert_eq!(
            parts("We tried the WD22TB4 as a test (210-BDTD) — same issue."),
            ["210-BDTD"]
        );
        assert_eq!(
            parts("We tried the WD22TB4, then a test (210-BDTD)."),
            ["WD22TB4", "210-BDTD"]
        );
    }

    #[test]
    fn a_short_code_before_a_capacity_is_a_model() {
        assert_eq!(
            parts("Kingston DC600M 960GB SATA SSD"),
            Vec::<String>::new()
        );
        assert_eq!(parts("DC600M 960GB, and JL659A for the core"), ["JL659A"]);
    }

    #[test]
    fn codes_listed_under_a_serial_heading_are_not_parts() {
        let text = "The QX-4410TT-B units fail. Serial numbers:\n\n\
                    QX-4410TT-B20240102ZZK11\nQX-4410TT-B20240102ZZK12\n";
        assert_eq!(parts(text), ["QX-4410TT-B"]);
    }

    #[test]
    fn a_run_of_serials_of_one_batch_is_not_parts() {
        let text = "five defective SSDs (MZ7L31T9HBLT-00A07):\n\n\
                    S6ULNE0T401223\nS6ULNE0T401257\nS6ULNE0T401301\n\nFirmware";
        assert_eq!(parts(text), ["MZ7L31T9HBLT-00A07"]);
        // Two alike codes, or codes that differ in more than their last digits, are parts.
        let text = "Lines:\n\nLS34C650TAUXEN\nLS27C650TAUXEN\nLS32C650TAUXEN\n";
        assert_eq!(parts(text).len(), 3);
    }

    #[test]
    fn cables_are_parts_and_monitors_models() {
        assert_eq!(
            parts("we need two X66031A cables and 10 x U2724D monitors"),
            ["X66031A"]
        );
        // Ten letters and digits are an order code even before a kind of device.
        assert_eq!(
            parts("box 2 has the 11T8S00A00 desktops and the P2725HE2X monitors"),
            ["11T8S00A00"]
        );
    }

    #[test]
    fn product_models_are_not_parts() {
        for text in [
            "20 x Dell P2725H monitors, 10 x Dell WD22TB4, 8 x Dell PowerEdge R750",
            "2 x Cisco Meraki MS250-48FP, 4 x Cisco Catalyst 9200L-24P-4G switches",
            "2 x HP LaserJet Pro M404dn, 6 x Synology DS923+",
            "10 x U2724D monitors and 4 x MS120-24P switches",
            "We run the Dell UltraSharp U2724D. Please send 6 x U2724D.",
        ] {
            assert!(parts(text).is_empty(), "{text:?}: {:?}", parts(text));
        }
    }
}
