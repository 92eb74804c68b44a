//! Plain-text helpers: sentences, content words, extractive scoring.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use edgecrew_core::data;

/// Words too common to say anything about a text (`data/text/stopwords.txt`).
static STOPWORDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| data::entries(include_str!("../data/text/stopwords.txt")).collect());

/// The sentences of `text`: split after `.`, `!`, `?` or a line break, trimmed, non-empty.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            '\n' => true,
            '.' | '!' | '?' => chars.peek().is_none_or(|(_, n)| n.is_whitespace()),
            _ => false,
        };
        if ends {
            let end = i + c.len_utf8();
            push_trimmed(&mut out, &text[start..end]);
            start = end;
        }
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if s.chars().any(char::is_alphanumeric) {
        out.push(s);
    }
}

/// Lower-cased words of `text` (letters, digits, `'`, `-`, `_`).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '-' | '_')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// Whether a word carries meaning (not a stopword, at least three characters).
pub fn is_content(word: &str) -> bool {
    word.chars().count() >= 3 && !STOPWORDS.contains(&word)
}

/// The `n` most frequent content words, most frequent first (ties alphabetical).
pub fn key_terms(text: &str, n: usize) -> Vec<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for w in words(text).filter(|w| is_content(w)) {
        *counts.entry(w).or_default() += 1;
    }
    let mut ranked: Vec<(String, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(n).map(|(w, _)| w).collect()
}

/// The `n` sentences that best represent `text` (by the frequency of their content
/// words), in their original order.
pub fn extractive_summary(text: &str, n: usize) -> Vec<&str> {
    let all = sentences(text);
    let mut freq: BTreeMap<String, usize> = BTreeMap::new();
    for w in words(text).filter(|w| is_content(w)) {
        *freq.entry(w).or_default() += 1;
    }
    let mut scored: Vec<(usize, f64)> = all
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let ws: Vec<String> = words(s).filter(|w| is_content(w)).collect();
            let total: usize = ws.iter().map(|w| freq.get(w).copied().unwrap_or(0)).sum();
            let score = if ws.is_empty() {
                0.0
            } else {
                total as f64 / (ws.len() as f64).sqrt()
            };
            (i, score)
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut keep: Vec<usize> = scored.into_iter().take(n).map(|(i, _)| i).collect();
    keep.sort_unstable();
    keep.into_iter().map(|i| all[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_without_breaking_decimals_or_urls() {
        let s = sentences("Price is 3.50 USD. See example.com/a.b for more!\nNext line\n\n");
        assert_eq!(
            s,
            vec![
                "Price is 3.50 USD.",
                "See example.com/a.b for more!",
                "Next line"
            ]
        );
    }

    #[test]
    fn key_terms_ignore_stopwords_and_rank_by_frequency() {
        let t = key_terms(
            "The invoice and the invoice total; shipping total and shipping.",
            3,
        );
        assert_eq!(t, vec!["invoice", "shipping", "total"]);
    }

    #[test]
    fn summaries_keep_the_most_central_sentences_in_order() {
        let text = "Revenue grew in March. The weather was fine. Revenue from renewals drove the growth in revenue. Lunch was served.";
        assert_eq!(
            extractive_summary(text, 2),
            vec![
                "Revenue grew in March.",
                "Revenue from renewals drove the growth in revenue."
            ]
        );
    }
}
