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
    let stem = phrase.strip_suffix('*').unwrap_or(phrase);
    text.match_indices(stem)
        .filter(|(at, _)| matches_at(text, *at, phrase))
        .count()
}

/// True when `phrase` occurs in `text` as whole words.
#[must_use]
pub fn has(text: &str, phrase: &str) -> bool {
    count(text, phrase) > 0
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
    use super::{count, has};

    #[test]
    fn whole_words_and_stems() {
        assert!(has("we shipped it", "ship*"));
        assert!(!has("relationship", "ship*"));
        assert!(!has("shipped", "ship"));
        assert_eq!(count("order, orders and order.", "order"), 2);
        assert!(has("is it down?", "down"));
    }
}
