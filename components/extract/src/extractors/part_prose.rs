//! Part codes named in running prose, without a cue word or a quantity. A code that looks
//! like a vendor part code (not only by its shape alone) names an ordered item when the
//! word right before it is a lead of `data/identifiers/prose_leads.txt` — a determiner
//! (`the SRT3000RMXLI`), a word that picks an item (`a spare RS2423RP+`), one that joins or
//! compares items (`with LIC-ENT-5YR`, `WD22TB4 vs WD19S`) or a verb of ordering (`please
//! quote MX68-HW`) — or when it is offered as an alternative to another code
//! ([`super::part_alternatives`]: `X710-DA2 or E810-XXVDA2`) ([`named_in_prose`]); or in
//! brackets right after a word (`toner (W1480X)`, [`bracketed`]). Labels of other codes
//! (`Room 4B-017`, `Serial FG100FTK21009382`) and places (`in`, `at`) are no leads, and a
//! word of another code's kind right after the code (`the CZJ8420ABC serial`) cancels it.
//!
//! A looser code ([`prose_code`]) must look enough like a part code: words in mixed case
//! after a capital prefix (`U7-Pro`), digits in groups (`960-001311`), a Synology `+`
//! (`DS923+`) or letters and digits mixed in a segment of a code of several (`A20-020`).
//! One that looks less like one (`AP9641`, `MA-MNT-MV-30`, [`weak_prose_code`]) is taken
//! only before a kind of accessory (`data/identifiers/part_nouns.txt`: `the AP9641 card`,
//! [`item_noun_after`]). Both still drop a product's model (`the P2725H monitors`).

use super::part_alternatives::offered_with_another;
use super::part_forms::{self, Context};
use super::part_order_line::line_before;
use super::part_quoted;
use super::part_shape::{self, alternations, read_code, strength};
use super::part_vetoes::{device_before, other_code_after, other_code_cue};
use crate::text::{among_next_words, char_at, word_start};

/// Words after which a code names an item: `data/identifiers/prose_leads.txt`.
const PROSE_LEADS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_prose_leads.rs"));

/// Kinds of accessory that after a code show it is a part: `data/identifiers/part_nouns.txt`.
const PART_NOUNS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_part_nouns.rs"));

/// How far back on its line the lead of a code is looked for, in bytes.
const LEAD_WINDOW: usize = 24;

/// Longest run of digits in a one-segment code named in prose; serials have longer ones.
const MAX_DIGIT_RUN: usize = 6;

/// How many words after a code are looked at for a kind of accessory (`wall mounts`).
const NOUN_WORDS: usize = 2;

/// True when the code at `text[start..end]` is named in prose: after a prose lead or
/// offered as an alternative to another code, and no word of another code's kind follows
/// unless it is a kind of accessory too (`the AR3300 rack`, not `the CZJ8420ABC serial`);
/// never a serial number's shape.
#[must_use]
pub fn named_in_prose(text: &str, start: usize, end: usize) -> bool {
    !serial_like(&text[start..end])
        && (lead_before(text, start) || offered_with_another(text, start, end))
        && (!other_code_after(text, end) || item_noun_after(text, end))
}

/// True when `code` is one segment with a long run of digits, as serial numbers have
/// (`FG100FTK22012345`) and part codes named in prose do not.
pub(super) fn serial_like(code: &str) -> bool {
    let mut run = 0;
    let mut longest = 0;
    for b in code.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    !code.contains(['-', '/']) && longest > MAX_DIGIT_RUN
}

/// True when the word right before `at`, on its line and apart from it by blanks, is a
/// prose lead (`the`, `with`, `vs.`).
#[must_use]
pub fn lead_before(text: &str, at: usize) -> bool {
    let before = line_before(text, at, LEAD_WINDOW);
    let trimmed = before.trim_end_matches([' ', '\t']);
    trimmed.len() < before.len() && ends_with_lead(trimmed)
}

/// True when `s` ends with a prose lead, a whole word (`… and the`, `… vs.`).
#[must_use]
pub fn ends_with_lead(s: &str) -> bool {
    let word = s.strip_suffix('.').unwrap_or(s);
    let Some(start) = word
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)
    else {
        return false;
    };
    let lead = &s[start..];
    word_start(s, start) && PROSE_LEADS.iter().any(|l| lead.eq_ignore_ascii_case(l))
}

/// True when the loose code `code` (as [`part_forms::read_loose`] reads it) looks enough
/// like a part code to be named in prose: one that [`weak_prose_code`] takes and that has
/// words in mixed case (`U7-Pro`, `TVS-h874-i5-32G`), digits alone in groups
/// (`960-001311`), a Synology `+` (`DS923+`), letters and digits taking turns twice
/// (`WD19S`) or, in a code of several segments, two digits and a segment that mixes
/// letters and digits (`A20-020`, `SIP-T54W`).
#[must_use]
pub fn prose_code(code: &str) -> bool {
    if !weak_prose_code(code) {
        return false;
    }
    let base = code.trim_end_matches('+');
    let segments: Vec<&str> = base.split(['-', '/', '+']).collect();
    let digits = base.bytes().filter(u8::is_ascii_digit).count();
    let mixed = |s: &&str| alternations(s) > 0;
    code.bytes().any(|b| b.is_ascii_lowercase())
        || base.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        || code.ends_with('+')
        || (alternations(base) >= 2 && segments.len() == 1)
        || (segments.len() >= 2 && digits >= 2 && segments.iter().any(mixed))
}

/// True when the loose code `code` may be named in prose before a kind of accessory: a
/// code next to a quantity that holds a digit and starts with two or more letters or
/// digits (`AP9641`, `MA-MNT-MV-30`), not one of capitals alone (`PAN-OS`, `SSL-VPN`) nor
/// a form's name (`W-8BEN-E`).
#[must_use]
pub fn weak_prose_code(code: &str) -> bool {
    let first = code.split(['-', '/']).next().unwrap_or(code);
    first.len() >= 2
        && code.bytes().any(|b| b.is_ascii_digit())
        && part_forms::is_loose_code(code, Context::Quantity)
}

/// True when one of the two words right after `end` is a kind of accessory (`card`,
/// `wall mounts`).
#[must_use]
pub fn item_noun_after(text: &str, end: usize) -> bool {
    among_next_words(text, end, NOUN_WORDS, PART_NOUNS)
}

/// True when a kind of accessory ends right before `at`, one blank between (`card
/// "NETWORK-M3"`, `network cards Network-M2`).
#[must_use]
pub fn item_noun_before(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at).and_then(|b| b.strip_suffix(' ')) else {
        return false;
    };
    PART_NOUNS.iter().any(|n| {
        before.len() >= n.len()
            && before.is_char_boundary(before.len() - n.len())
            && before[before.len() - n.len()..].eq_ignore_ascii_case(n)
            && word_start(before, before.len() - n.len())
    })
}

/// The end of the code in brackets opening at `open` right after a word, when it names an
/// item (`toner (W1480X)`, `Rally Bar (960-001311)`, `firewall (PAN-PA-440)`): a code of a
/// certain shape; or, unless a kind of device before it makes it a model (`monitors
/// (P2725H)`) or it has a serial number's shape, a capital code that looks like a part
/// code, also written in lower case (`optics (j9150d)`), digits in groups, a code with
/// words in mixed case (`U6-Pro`) or a form of [`part_quoted::bracket_form`] (`(CIXA1CSAA)`,
/// `(FAZ-VM-BASE)`). A capital code that looks like a part code may also open a remark in
/// the brackets (`erweitert (D4ER01-16G, zwei Module)`).
#[must_use]
pub fn bracketed(text: &str, open: usize) -> Option<usize> {
    let before = text.get(..open)?.trim_end_matches([' ', '\t']);
    if before.len() == open || !before.ends_with(char::is_alphanumeric) {
        return None;
    }
    let start = open + 1;
    let end = part_forms::read_loose(text, start)?;
    // `(D4ER01-16G, zwei Module)`: a code of capitals may open a remark.
    let closed = char_at(text, end) == Some(')');
    let remark = char_at(text, end) == Some(',') && text[end..].split('\n').next()?.contains(')');
    if !(closed || remark) || other_code_cue(text, start) {
        return None;
    }
    let code = &text[start..end];
    if part_shape::is_certain(code) {
        return Some(end);
    }
    if serial_like(code) {
        return None;
    }
    let capitals = read_code(text, start)
        .filter(|&(e, _)| e == end)
        .and_then(|(e, base_end)| strength(&text[start..e], base_end - start))
        .is_some();
    let digits_only = code.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    let worded = code.bytes().any(|b| b.is_ascii_lowercase());
    // `(j9150d)`: written in lower case, capitals that look like a part code.
    let upper = code.to_ascii_uppercase();
    let lower_capitals = !code.bytes().any(|b| b.is_ascii_uppercase())
        && read_code(&upper, 0)
            .filter(|&(e, _)| e == upper.len())
            .and_then(|(e, base_end)| strength(&upper[..e], base_end))
            .is_some();
    let looks = if closed {
        capitals
            || lower_capitals
            || (prose_code(code) && (digits_only || worded))
            || part_quoted::bracket_form(code)
    } else {
        capitals
    };
    (looks && !device_before(text, open)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::{bracketed, item_noun_after, lead_before, prose_code, weak_prose_code};

    #[test]
    fn leads_are_whole_words_right_before_the_code() {
        let at = |text: &str, code: &str| lead_before(text, text.find(code).unwrap_or(0));
        assert!(at("can you give me the SRT3000RMXLI", "SRT3000RMXLI"));
        assert!(at("X710-DA2 vs. E810-XXVDA2", "E810"));
        assert!(at("we'd like SEDC600M/1920G", "SEDC600M"));
        assert!(at("charges EUR 1,689.00 per SRT3000XLI", "SRT3000XLI"));
        assert!(at("the list says nothing about EX-SFP-10GE-SR.", "EX-SFP"));
        assert!(!at(
            "the list says nothing abouts EX-SFP-10GE-SR.",
            "EX-SFP"
        ));
        assert!(at("bitte tauschen gegen ein SMT1500IC aus", "SMT1500IC"));
        assert!(!at("the code de SMT1500IC", "SMT1500IC"));
        assert!(!at("report to Room 4B-017", "4B-017"));
        assert!(!at("Serials are FGT60FTK22004711", "FGT60"));
        assert!(!at("bathe SRT3000RMXLI", "SRT3000RMXLI"));
        assert!(!at("the\nSRT3000RMXLI", "SRT3000RMXLI"));
        assert!(!at("the-SRT3000RMXLI", "SRT3000RMXLI"));
    }

    #[test]
    fn codes_in_brackets_after_a_word() {
        let code = |text: &str| -> Option<String> {
            let open = text.find('(').unwrap_or(0);
            bracketed(text, open).map(|end| text[open + 1..end].to_owned())
        };
        assert_eq!(
            code("the toner (W1480X) for each").as_deref(),
            Some("W1480X")
        );
        assert_eq!(
            code("Rally Bar (960-001311) with").as_deref(),
            Some("960-001311")
        );
        assert_eq!(
            code("our firewall (PAN-PA-440) is").as_deref(),
            Some("PAN-PA-440")
        );
        assert_eq!(code("10G optics (j9150d) and").as_deref(), Some("j9150d"));
        assert_eq!(
            code("Intercept X Advanced (CIXA1CSAA);").as_deref(),
            Some("CIXA1CSAA")
        );
        assert_eq!(
            code("The FortiAnalyzer VM (FAZ-VM-BASE) should").as_deref(),
            Some("FAZ-VM-BASE")
        );
        assert_eq!(
            code("auf 32 GB erweitert (D4ER01-16G, zwei Module).").as_deref(),
            Some("D4ER01-16G")
        );
        for text in [
            "the flight (LH2024, gate B12)",
            "12 x 27\" monitors (P2725H)",
            "the cipher (sha256) and",
            "the standard (ISO9001) and",
            "the client (PAN-OS) and",
            "(W1480X) alone",
            "the fee (EUR 120)",
            "our VAT ID (DE813495821)",
            "cost centre (IT-INFRA-220)",
            "valid until (2026-03-14)",
            "the primary unit (FG100FTK22012345)",
        ] {
            assert_eq!(code(text), None, "{text}");
        }
    }

    #[test]
    fn loose_codes_in_prose_hold_a_digit() {
        for code in ["U7-Pro", "960-001311", "DS923+", "A20-020", "SIP-T54W"] {
            assert!(prose_code(code), "{code}");
        }
        // Codes that look less like part codes need a kind of accessory after them.
        for code in [
            "AP9641",
            "MA-MNT-MV-30",
            "NETWORK-M3",
            "IT-INFRA-220",
            "LH2024",
        ] {
            assert!(weak_prose_code(code) && !prose_code(code), "{code}");
        }
        for code in ["PAN-OS", "SSL-VPN", "Wi-Fi", "W-8BEN-E"] {
            assert!(!weak_prose_code(code), "{code}");
        }
    }

    #[test]
    fn accessories_after_a_code() {
        let after = |text: &str, code: &str| {
            item_noun_after(text, text.find(code).unwrap_or(0) + code.len())
        };
        assert!(after("the AP9641 card", "AP9641"));
        assert!(after("the MA-MNT-MV-30 wall mounts", "MA-MNT-MV-30"));
        assert!(!after("the LH2024 flight to Oslo with a card", "LH2024"));
        assert!(!after("the AP9641, card", "AP9641"));
    }
}
