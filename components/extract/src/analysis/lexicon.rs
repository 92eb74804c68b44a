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

/// How many times `phrase` occurs in `text` as whole words.
#[must_use]
pub fn count(text: &str, phrase: &str) -> usize {
    occurrences(text, phrase).count()
}

/// True when `phrase` occurs in `text` as whole words.
#[must_use]
pub fn has(text: &str, phrase: &str) -> bool {
    count(text, phrase) > 0
}

/// Words that negate what follows them (`not urgent`, `no complaints`); words ending in
/// `n't` negate too.
pub const NEGATORS: &[&str] = &[
    "not", "no", "never", "without", "hardly", "isn't", "wasn't", "aren't", "don't", "doesn't",
    "didn't", "won't", "can't", "cannot", "nothing", "nor", "neither",
];

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

/// Sum of the weights of the cues asserted (see [`has_asserted`]), each counted once.
#[must_use]
pub fn score_asserted(text: &str, cues: &[Cue]) -> f32 {
    cues.iter()
        .filter(|(p, _)| has_asserted(text, p))
        .map(|(_, w)| *w)
        .sum()
}

/// Sum of the weights of the cues present (each counted once).
#[must_use]
pub fn score(text: &str, cues: &[Cue]) -> f32 {
    cues.iter()
        .filter(|(p, _)| has(text, p))
        .map(|(_, w)| *w)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::{count, has, has_asserted};

    #[test]
    fn whole_words_and_stems() {
        assert!(has("we shipped it", "ship*"));
        assert!(!has("relationship", "ship*"));
        assert!(!has("shipped", "ship"));
        assert_eq!(count("order, orders and order.", "order"), 2);
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
