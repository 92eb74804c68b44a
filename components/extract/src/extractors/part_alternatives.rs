//! Codes offered as alternatives: two codes that both look like part codes, joined by a
//! word of `data/identifiers/alternative_joiners.txt` (`X710-DA2 or E810-XXVDA2`,
//! `SRX300-SYS-JB vs SRX345-SYS-JB`, each maybe after `the`) or by a `/`, are a choice
//! between items, so both are part numbers ([`offered_with_another`]). A `/` between two
//! codes that start alike separates them rather than joining one code
//! ([`splits_alternatives`]: `SFP-10G-SR-S/SFP-10G-LR-S`, not `KSM32RD8/16HDR`).

use super::part_forms;
use super::part_order_line::line_before;
use super::part_prose::prose_code;
use super::part_shape::{read_code, strength};
use crate::text::{char_at, skip_blanks, starts_with_ci, word_end, word_start};

/// Words that offer two codes as alternatives: `data/identifiers/alternative_joiners.txt`.
const ALTERNATIVE_JOINERS: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/identifiers_alternative_joiners.rs"
));

/// Characters two codes around a `/` share at their start when the `/` separates them.
const ALIKE_START: usize = 3;

/// How far before a code the code it is an alternative to is looked for, in bytes.
const PAIR_WINDOW: usize = 64;

/// The determiner that may stand before either code (`the X or the Y`).
const DETERMINER: &str = "the";

/// True when the `/` at `slash` separates two codes that start alike, alternatives rather
/// than one code (`SFP-10G-SR-S/SFP-10G-LR-S`, `JL659A/JL660A`; not `KSM32RD8/16HDR`).
#[must_use]
pub fn splits_alternatives(text: &str, slash: usize) -> bool {
    let bytes = text.as_bytes();
    if bytes.get(slash) != Some(&b'/') {
        return false;
    }
    let start = bytes[..slash]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .map_or(0, |p| p + 1);
    let head = &bytes[start..slash];
    head.len() > ALIKE_START
        && head[..ALIKE_START].iter().all(u8::is_ascii_alphanumeric)
        && bytes[slash + 1..].starts_with(&head[..ALIKE_START])
}

/// True when the code at `text[start..end]` is offered as an alternative to another code
/// that looks like a part code, right after or right before it.
#[must_use]
pub fn offered_with_another(text: &str, start: usize, end: usize) -> bool {
    code_after(text, end) || code_before(text, start)
}

/// The end of a code that looks like a part code at `at`: capitals that
/// [`strength`] takes, or a looser code [`prose_code`] takes.
fn looks_like_code(text: &str, at: usize) -> Option<usize> {
    if let Some((end, base_end)) = read_code(text, at)
        && strength(&text[at..end], base_end - at).is_some()
    {
        return Some(end);
    }
    part_forms::read_loose(text, at).filter(|&end| prose_code(&text[at..end]))
}

/// True when a joiner and a code that looks like a part code follow `end`.
fn code_after(text: &str, end: usize) -> bool {
    if splits_alternatives(text, end) {
        return looks_like_code(text, end + 1).is_some();
    }
    let mut i = skip_blanks(text, end);
    if char_at(text, i) == Some('/') {
        i += 1;
    } else if let Some(joiner) = ALTERNATIVE_JOINERS
        .iter()
        .find(|j| starts_with_ci(text, i, j) && word_end(text, i + j.len()))
    {
        i += joiner.len();
        if char_at(text, i) == Some('.') {
            i += 1;
        }
    } else {
        return false;
    }
    i = skip_blanks(text, i);
    if starts_with_ci(text, i, DETERMINER) && word_end(text, i + DETERMINER.len()) {
        i = skip_blanks(text, i + DETERMINER.len());
    }
    looks_like_code(text, i).is_some()
}

/// True when a code that looks like a part code and a joiner come right before `start`.
fn code_before(text: &str, start: usize) -> bool {
    if start > 0 && splits_alternatives(text, start - 1) {
        return true;
    }
    let line = line_before(text, start, PAIR_WINDOW);
    let mut before = line.trim_end_matches([' ', '\t']);
    if let Some(rest) = strip_word(before, DETERMINER) {
        before = rest.trim_end_matches([' ', '\t']);
    }
    let joined = if let Some(rest) = before.strip_suffix('/') {
        Some(rest)
    } else {
        ALTERNATIVE_JOINERS
            .iter()
            .find_map(|j| strip_word(before, j))
    };
    let Some(rest) = joined else {
        return false;
    };
    let rest = rest.trim_end_matches([' ', '\t']);
    let code_start = rest
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | ',' | ';'))
        .map_or(0, |p| p + 1);
    let at = start - line.len() + code_start;
    looks_like_code(text, at).is_some_and(|end| end == start - line.len() + rest.len())
}

/// `s` without the whole word `word` (case-insensitive) at its end.
fn strip_word<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(word.len())?;
    (s.is_char_boundary(cut) && s[cut..].eq_ignore_ascii_case(word) && word_start(s, cut))
        .then(|| &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::{offered_with_another, splits_alternatives};

    fn offered(text: &str, code: &str) -> bool {
        let start = text.find(code).unwrap_or(0);
        offered_with_another(text, start, start + code.len())
    }

    #[test]
    fn codes_joined_as_alternatives() {
        let text = "X710-DA2 or E810-XXVDA2?";
        assert!(offered(text, "X710-DA2") && offered(text, "E810-XXVDA2"));
        let text = "the EX4100-48MP vs. the EX4400-48MP";
        assert!(offered(text, "EX4100-48MP") && offered(text, "EX4400-48MP"));
        let text = "SFP-10G-SR-S / SFP-10G-LR-S stock";
        assert!(offered(text, "SFP-10G-SR-S") && offered(text, "SFP-10G-LR-S"));
        // A word that is no code, or `and`, offers nothing.
        assert!(!offered("coffee or SRT3000XLI", "SRT3000XLI"));
        assert!(!offered("Room 4B-017 and 4B-018", "4B-018"));
    }

    #[test]
    fn a_slash_between_codes_that_start_alike() {
        let text = "SFP-10G-SR-S/SFP-10G-LR-S";
        assert!(splits_alternatives(text, 12));
        assert!(!splits_alternatives("KSM32RD8/16HDR", 8));
        assert!(!splits_alternatives("ISR4331/K9", 7));
    }
}
