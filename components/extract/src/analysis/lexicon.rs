//! Weighted cue phrases and how to count them in lower-cased text.

/// A cue phrase (lower case) and its weight.
pub type Cue = (&'static str, f32);

/// True when `phrase` occurs in `text` at `at` as whole words (a phrase ending in `*` matches
/// any word that starts with it: `ship*` matches `shipped`).
fn matches_at(text: &str, at: usize, phrase: &str) -> bool {
    let (stem, prefix_only) = match phrase.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (phrase, false),
    };
    let start_ok = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let end = at + stem.len();
    let end_ok = prefix_only
        || !stem.chars().next_back().is_some_and(char::is_alphanumeric)
        || text[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
    start_ok && end_ok
}

/// True when `phrase` occurs in `text` as whole words.
#[must_use]
pub fn has(text: &str, phrase: &str) -> bool {
    occurrences(text, phrase).next().is_some()
}

/// Words that negate what follows them (`not urgent`, `no complaints`); words ending in
/// `n't` negate too: `data/lexicon/negators.txt`.
pub const NEGATORS: &[&str] = include!(concat!(env!("OUT_DIR"), "/lexicon_negators.rs"));

/// True when `word` (lower case, punctuation trimmed) negates what follows it.
#[must_use]
pub fn is_negator(word: &str) -> bool {
    NEGATORS.contains(&word) || word.ends_with("n't")
}

/// Byte offsets where `phrase` occurs in `text` as whole words.
pub fn occurrences<'a>(text: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    let stem = phrase.strip_suffix('*').unwrap_or(phrase);
    text.match_indices(stem)
        .map(|(at, _)| at)
        .filter(move |at| matches_at(text, *at, phrase))
}

/// True when `phrase` occurs in `text` as whole words at least once as a statement (see
/// [`asserted_at`]).
#[must_use]
pub fn has_asserted(text: &str, phrase: &str) -> bool {
    occurrences(text, phrase).any(|at| asserted_at(text, at, phrase))
}

/// How far back, in bytes, [`asserted_at`] looks for the start of the sentence; bounds the
/// work per occurrence, so scoring stays linear in the text's length.
const LOOK_BACK: usize = 200;

/// True when the occurrence of `phrase` at `at` (an offset [`occurrences`] gave for the same
/// `text` and `phrase`) is a statement: not negated (a negator among the three words before
/// it in the same sentence: `not urgent`, `no need to rush`), not put off to a condition
/// (`if`, `unless` or `once` among the four words before it or opening the sentence: `if
/// these points are resolved`, `if you have any questions, please call`; `will be
/// escalated`, `escalated automatically`, `for urgent matters`), not the tail of a compound
/// (`non-urgent`, `time-critical`).
#[must_use]
pub fn asserted_at(text: &str, at: usize, phrase: &str) -> bool {
    let stem = phrase.strip_suffix('*').unwrap_or(phrase);
    let (Some(head), Some(tail)) = (text.get(..at), text.get(at + stem.len()..)) else {
        return false;
    };
    if head.ends_with('-') {
        return false;
    }
    let sentence = crate::text::suffix_within(head, LOOK_BACK)
        .rsplit(['.', '!', '?', '\n', ';'])
        .next()
        .unwrap_or("");
    let before: Vec<&str> = sentence
        .split_whitespace()
        .rev()
        .take(4)
        .map(bare)
        .collect();
    // Negation stays within its clause: "no rush - please sign" still asks.
    let clause = sentence
        .rsplit([',', ':', '\u{2013}', '\u{2014}'])
        .next()
        .unwrap_or("");
    let clause = clause.rsplit(" - ").next().unwrap_or("");
    let negated = clause
        .split_whitespace()
        .rev()
        .take(3)
        .map(bare)
        .any(is_negator);
    // `before` runs backwards, so the word after `before[i]` is `before[i - 1]`.
    let conditional = before.iter().enumerate().any(|(i, w)| {
        let next = i.checked_sub(1).and_then(|j| before.get(j)).copied();
        is_condition(w, next)
    }) || {
        let mut opening = sentence.split_whitespace().map(bare);
        opening
            .next()
            .is_some_and(|first| is_condition(first, opening.next()))
    };
    let deferred = matches!(
        before.as_slice(),
        [
            "be",
            "will" | "may" | "might" | "would" | "could" | "shall",
            ..
        ] | ["if" | "for" | "any", ..]
    );
    let after = tail
        .trim_start_matches(|c: char| c.is_alphanumeric())
        .split_whitespace()
        .next()
        .unwrap_or("");
    !negated && !conditional && !deferred && !after.starts_with("automatically")
}

/// A word with the punctuation around it trimmed (apostrophes kept: `isn't`).
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
}

/// Whether `word`, followed by `next`, puts what follows under a condition (`if`, `unless`,
/// `once`, but not `once again` / `once more`).
fn is_condition(word: &str, next: Option<&str>) -> bool {
    match word {
        "if" | "unless" => true,
        "once" => !matches!(next, Some("again" | "more")),
        _ => false,
    }
}

/// Sum of the weights of the cues present (each counted once).
#[must_use]
pub fn score(text: &str, cues: &[Cue]) -> f32 {
    Starts::new(text).score(cues)
}

/// The places in one text where a phrase can match as whole words: every offset whose
/// preceding character is not alphanumeric, grouped by the byte there. Built once (one
/// pass), it answers each cue by looking at the offsets that start with the cue's first
/// byte instead of searching the whole text again, which is what made scoring hundreds
/// of cues cost hundreds of passes over the text.
pub struct Starts<'a> {
    text: &'a str,
    by_first_byte: Vec<Vec<u32>>,
}

impl<'a> Starts<'a> {
    /// Index `text`.
    #[must_use]
    pub fn new(text: &'a str) -> Self {
        let mut by_first_byte = vec![Vec::new(); 256];
        let mut after_word = false;
        for (at, c) in text.char_indices() {
            if !after_word && let Ok(at) = u32::try_from(at) {
                by_first_byte[usize::from(text.as_bytes()[at as usize])].push(at);
            }
            after_word = c.is_alphanumeric();
        }
        Self {
            text,
            by_first_byte,
        }
    }

    /// Byte offsets where `phrase` occurs as whole words, in order (as [`occurrences`]
    /// gives them, and also where one occurrence overlaps the one before).
    pub fn occurrences<'s>(&'s self, phrase: &'s str) -> impl Iterator<Item = usize> + 's {
        let stem = phrase.strip_suffix('*').unwrap_or(phrase);
        let candidates = stem
            .as_bytes()
            .first()
            .map_or(&[][..], |&b| &self.by_first_byte[usize::from(b)]);
        candidates.iter().map(|&at| at as usize).filter(move |&at| {
            self.text.as_bytes()[at..].starts_with(stem.as_bytes())
                && matches_at(self.text, at, phrase)
        })
    }

    /// True when `phrase` occurs as whole words.
    #[must_use]
    pub fn has(&self, phrase: &str) -> bool {
        self.occurrences(phrase).next().is_some()
    }

    /// True when `phrase` occurs as whole words at least once as a statement (see
    /// [`asserted_at`]).
    #[must_use]
    pub fn has_asserted(&self, phrase: &str) -> bool {
        self.occurrences(phrase)
            .any(|at| asserted_at(self.text, at, phrase))
    }

    /// Sum of the weights of the cues present (each counted once).
    #[must_use]
    pub fn score(&self, cues: &[Cue]) -> f32 {
        cues.iter()
            .filter(|(p, _)| self.has(p))
            .map(|(_, w)| *w)
            .sum()
    }

    /// Sum of the weights of the cues asserted (see [`Starts::has_asserted`]), each
    /// counted once.
    #[must_use]
    pub fn score_asserted(&self, cues: &[Cue]) -> f32 {
        cues.iter()
            .filter(|(p, _)| self.has_asserted(p))
            .map(|(_, w)| *w)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::{Starts, has, has_asserted, occurrences};

    #[test]
    fn the_index_finds_what_a_search_of_the_text_finds() {
        let text = "we shipped it; relationship-ship. is it down? not urgent, but urgent! \
                    ship* 'quoted' ünïcode ship ship-ment #tag x#tag";
        let starts = Starts::new(text);
        for phrase in [
            "ship*",
            "ship",
            "shipped",
            "down",
            "is it down",
            "urgent",
            "'quoted'",
            "ünïcode",
            "#tag",
            "tag",
            "ment",
            "x",
            "t",
            "not urgent, but",
        ] {
            assert_eq!(
                starts.occurrences(phrase).collect::<Vec<_>>(),
                occurrences(text, phrase).collect::<Vec<_>>(),
                "{phrase}"
            );
            assert_eq!(starts.has(phrase), has(text, phrase), "{phrase}");
            assert_eq!(
                starts.has_asserted(phrase),
                has_asserted(text, phrase),
                "{phrase}"
            );
        }
        assert!(!starts.has(""));
    }

    #[test]
    fn whole_words_and_stems() {
        assert!(has("we shipped it", "ship*"));
        assert!(!has("relationship", "ship*"));
        assert!(!has("shipped", "ship"));
        assert_eq!(occurrences("order, orders and order.", "order").count(), 2);
        assert!(has("is it down?", "down"));
    }

    #[test]
    fn negated_and_conditional_cues_are_not_asserted() {
        assert!(has_asserted("this is urgent, please", "urgent"));
        assert!(!has_asserted(
            "it's not urgent - the office is usable",
            "urgent"
        ));
        assert!(!has_asserted("not at all urgent", "urgent"));
        assert!(has_asserted("no idea why. urgent: fix it", "urgent"));
        assert!(!has_asserted(
            "it will be escalated to your manager",
            "escalat*"
        ));
        assert!(!has_asserted(
            "requests are escalated automatically.",
            "escalat*"
        ));
        assert!(has_asserted("i am escalating this", "escalat*"));
        assert!(has_asserted(
            "not happy. this is escalated now",
            "escalated"
        ));
        assert!(has_asserted("not urgent, but this one is urgent", "urgent"));
        assert!(!has_asserted("for urgent matters please call", "urgent"));
        assert!(!has_asserted("a non-urgent question", "urgent"));
        assert!(!has_asserted(
            "we can sign if these points are resolved",
            "resolved"
        ));
        assert!(has_asserted("once again, the erp is down", "is down"));
        assert!(has_asserted("no rush - please sign the nda", "please"));
        assert!(!has_asserted("there is no urgent need", "urgent"));
    }
}
