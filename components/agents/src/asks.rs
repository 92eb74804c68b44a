//! Splitting a request into its asks: the separate things it asks for.
//!
//! A request is cut at line breaks, at sentence ends (`.`, `?`, `!`, `;` before a blank or
//! the end, except after abbreviations such as `e.g.` and after list numbers such as `1.`),
//! at joining phrases ("and then", "after that", ", also" ...; the phrase belongs to neither
//! side) and before inline list items (`2)`). Each piece loses its list marker (`-`, `*`,
//! `•`, `1.`, `a)`), its opening filler ("then", "also" ...) and trailing `.`, `;` or `,`.
//! Pieces without letters or digits are dropped; a piece of fewer than [`MIN_WORDS`] words
//! joins the ask before it (or the next one when it comes first), and a piece ending in `:`
//! (a preamble such as "Please do the following:") joins the next ask.
//!
//! The joining phrases, openers and abbreviations are data, in `data/asks/`.

use std::sync::LazyLock;

use edgecrew_core::data;

use crate::text;

/// Phrases that join two asks in one sentence (ASCII, matched case-insensitively), tried in
/// file order (`data/asks/connectors.txt`).
static CONNECTORS: LazyLock<Vec<&str>> =
    LazyLock::new(|| data::entries(include_str!("../data/asks/connectors.txt")).collect());

/// Words that open an ask without being part of it ("Then write ...").
static OPENERS: LazyLock<Vec<&str>> =
    LazyLock::new(|| data::entries(include_str!("../data/asks/openers.txt")).collect());

/// Words whose full stop does not end a sentence (lower case, without the final stop).
static ABBREVIATIONS: LazyLock<Vec<&str>> =
    LazyLock::new(|| data::entries(include_str!("../data/asks/abbreviations.txt")).collect());

/// Fewest words an ask has; a shorter piece joins its neighbour.
pub const MIN_WORDS: usize = 2;

/// The asks of `query`, in order, as slices of it; empty when it has no words.
#[must_use]
pub fn split(query: &str) -> Vec<&str> {
    let pieces = cut(query).into_iter().filter_map(|r| clean(query, r));
    merge(query, pieces)
        .into_iter()
        .filter_map(|(s, e)| query.get(s..e))
        .collect()
}

/// Byte ranges between the cut points of `text`.
fn cut(text: &str) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i < start {
            continue; // inside a connector already cut out
        }
        let next = chars.peek().map(|&(_, n)| n);
        if c == '\n' {
            pieces.push((start, i));
            start = i + 1;
        } else if matches!(c, '.' | '?' | '!' | ';')
            && next.is_none_or(char::is_whitespace)
            && ends_sentence(text, start, i, c)
        {
            pieces.push((start, i + 1));
            start = i + 1;
        } else if let Some(len) = connector_at(text, i) {
            pieces.push((start, i));
            start = i + len;
        } else if i > start && inline_item_at(text, i) {
            pieces.push((start, i));
            start = i;
        }
    }
    pieces.push((start, text.len()));
    pieces
}

/// False when the `.` at `i` follows an abbreviation, an initial or a list number.
fn ends_sentence(text: &str, start: usize, i: usize, c: char) -> bool {
    if c != '.' {
        return true;
    }
    let before = text.get(start..i).unwrap_or_default();
    let token = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let initial = token.chars().count() == 1;
    let number = (1..=2).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_digit());
    !(initial || number || ABBREVIATIONS.contains(&token.as_str()))
}

/// The length of the connector starting at byte `i`, if one does.
fn connector_at(text: &str, i: usize) -> Option<usize> {
    CONNECTORS
        .iter()
        .find(|lit| {
            starts_with_ci(text, i, lit)
                && (lit.starts_with(',') || no_word_before(text, i))
                && no_word_at(text, i + lit.len())
        })
        .map(|lit| lit.len())
}

/// True when an inline list item such as `2)` starts at byte `i` after a blank or `:`.
fn inline_item_at(text: &str, i: usize) -> bool {
    let after_blank = text
        .get(..i)
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| c.is_whitespace() || c == ':');
    after_blank && marker_len(text.get(i..).unwrap_or_default(), &[')']).is_some()
}

/// The length of a list number (`1.`, `12)`, `a)`) opening `s`, followed by a blank or the
/// end, with one of `closers` after the number.
fn marker_len(s: &str, closers: &[char]) -> Option<usize> {
    let digits = s.bytes().take(3).take_while(u8::is_ascii_digit).count();
    let label = match digits {
        1 | 2 => digits,
        0 if s.starts_with(|c: char| c.is_ascii_lowercase()) => 1,
        _ => return None,
    };
    let rest = s.get(label..)?;
    let closer = rest.chars().next().filter(|c| closers.contains(c))?;
    let after = rest.get(closer.len_utf8()..)?;
    after
        .chars()
        .next()
        .is_none_or(char::is_whitespace)
        .then_some(label + closer.len_utf8())
}

/// The piece `(s, e)` without blanks, list marker, opening filler and closing punctuation;
/// `None` when nothing with a letter or digit is left.
fn clean(text: &str, (s, e): (usize, usize)) -> Option<(usize, usize)> {
    let piece = text.get(s..e)?;
    let mut rest = piece.trim_start();
    if let Some(bullet) = rest
        .strip_prefix(['-', '*', '•', '+'])
        .filter(|r| r.starts_with(char::is_whitespace))
    {
        rest = bullet.trim_start();
    } else if let Some(len) = marker_len(rest, &['.', ')']) {
        rest = rest.get(len..).unwrap_or_default().trim_start();
    }
    while let Some(opener) = OPENERS
        .iter()
        .find(|w| starts_with_ci(rest, 0, w) && no_word_at(rest, w.len()))
    {
        rest = rest
            .get(opener.len()..)
            .unwrap_or_default()
            .trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    }
    let kept = rest.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ','));
    let start = s + (piece.len() - rest.len());
    kept.chars()
        .any(char::is_alphanumeric)
        .then_some((start, start + kept.len()))
}

/// Joins short pieces and preambles to their neighbours.
fn merge(text: &str, pieces: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut asks: Vec<(usize, usize)> = Vec::new();
    let mut carried: Option<(usize, usize)> = None;
    for (s, e) in pieces {
        let s = carried.take().map_or(s, |(c, _)| c);
        let piece = text.get(s..e).unwrap_or_default();
        let short = text::word_count(piece) < MIN_WORDS;
        match asks.last_mut() {
            _ if piece.ends_with(':') => carried = Some((s, e)),
            None if short => carried = Some((s, e)),
            Some(last) if short => last.1 = e,
            _ => asks.push((s, e)),
        }
    }
    if let Some((s, e)) = carried {
        match asks.last_mut() {
            Some(last) => last.1 = e,
            None => asks.push((s, e)),
        }
    }
    asks
}

/// `text[i..]` starts with the ASCII `lit`, ignoring ASCII case.
fn starts_with_ci(text: &str, i: usize, lit: &str) -> bool {
    text.as_bytes()
        .get(i..i.saturating_add(lit.len()))
        .is_some_and(|b| b.eq_ignore_ascii_case(lit.as_bytes()))
}

/// No letter or digit ends right before byte `i`.
fn no_word_before(text: &str, i: usize) -> bool {
    text.get(..i)
        .and_then(|s| s.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// No letter or digit starts at byte `i`.
fn no_word_at(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|s| s.chars().next())
        .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_question_is_one_ask() {
        assert_eq!(split("What is Rust?"), ["What is Rust?"]);
        assert_eq!(
            split("  Summarise this report.  "),
            ["Summarise this report"]
        );
    }

    #[test]
    fn joining_phrases_and_sentences_separate_asks() {
        let q = "Research the history of Rust and then write a blog post about it, then \
                 e-mail it to the team. Also, list open questions!";
        assert_eq!(
            split(q),
            [
                "Research the history of Rust",
                "write a blog post about it",
                "e-mail it to the team",
                "list open questions!",
            ]
        );
    }

    #[test]
    fn list_items_are_asks_without_their_markers() {
        let q = "1. Find the sales figures\n2) Compute the average\n- Write a summary\n• Send it";
        assert_eq!(
            split(q),
            [
                "Find the sales figures",
                "Compute the average",
                "Write a summary",
                "Send it"
            ]
        );
        assert_eq!(
            split("Three things: 1) research Spin 2) analyse costs 3) write a memo"),
            [
                "Three things: 1) research Spin",
                "analyse costs",
                "write a memo"
            ]
        );
    }

    #[test]
    fn preambles_join_the_next_ask_and_short_pieces_their_neighbour() {
        assert_eq!(
            split("Please do the following:\n- research wasm runtimes\n- compare their prices"),
            [
                "Please do the following:\n- research wasm runtimes",
                "compare their prices"
            ]
        );
        assert_eq!(
            split("Hi! Summarise this report. Thanks."),
            ["Hi! Summarise this report. Thanks"]
        );
        assert_eq!(split("Help"), ["Help"]);
    }

    #[test]
    fn abbreviations_numbers_and_decimals_do_not_end_sentences() {
        assert_eq!(
            split("Compare Spin vs. Wasmtime, e.g. startup time and memory. Also list the pros."),
            [
                "Compare Spin vs. Wasmtime, e.g. startup time and memory",
                "list the pros"
            ]
        );
        assert_eq!(
            split("Upgrade to 2.5 and check PO No. 12345"),
            ["Upgrade to 2.5 and check PO No. 12345"]
        );
    }

    #[test]
    fn words_inside_other_words_are_not_connectors() {
        assert_eq!(
            split("Explain the bandthen pattern"),
            ["Explain the bandthen pattern"]
        );
        assert_eq!(
            split("Stand up then sit down and also take a rest"),
            ["Stand up then sit down", "take a rest"]
        );
    }

    #[test]
    fn any_input_splits_without_panicking_into_slices_with_words() {
        let inputs = [
            "",
            "   \n\n ",
            "...?!;",
            "é.",
            "日本語のテキスト。そして、もう一つ。",
            "- \n* \n1.\n2)",
            "and then",
            ", then , also",
            "a)",
            "1. 2. 3.",
            "Écris un poème. Puis résume-le !",
        ];
        for q in inputs {
            for ask in split(q) {
                assert!(ask.chars().any(char::is_alphanumeric), "{q:?} -> {ask:?}");
            }
        }
        assert!(split("").is_empty());
        assert!(split("...?!;").is_empty());
    }
}
