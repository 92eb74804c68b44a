//! Char-boundary-safe text helpers shared by the modules of this crate.

/// The lower-cased words of `text`: maximal runs of letters and digits of any script.
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The number of words of `text` (as [`words`] counts them, without allocating).
pub(crate) fn word_count(text: &str) -> usize {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// The first `max` chars of `text` and how many chars were cut off (0 when it fits).
pub(crate) fn truncate_chars(text: &str, max: usize) -> (&str, usize) {
    match text.char_indices().nth(max) {
        Some((end, _)) => {
            let kept = text.get(..end).unwrap_or(text);
            let rest = text.get(end..).map_or(0, |r| r.chars().count());
            (kept, rest)
        }
        None => (text, 0),
    }
}

/// The first line of `text`, trimmed and cut to `max` chars with `…` when longer.
pub(crate) fn headline(text: &str, max: usize) -> String {
    let line = text.trim().lines().next().unwrap_or_default().trim();
    match truncate_chars(line, max) {
        (kept, 0) => kept.to_owned(),
        (kept, _) => format!("{}…", kept.trim_end()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_cased_alphanumeric_runs() {
        let w: Vec<String> = words("Écrire a C++ parser, e-mail: PO#12345!").collect();
        assert_eq!(
            w,
            ["écrire", "a", "c", "parser", "e", "mail", "po", "12345"]
        );
        assert_eq!(words("  -- ").count(), 0);
        assert_eq!(word_count("Écrire a C++ parser, e-mail: PO#12345!"), 8);
    }

    #[test]
    fn truncation_counts_chars_not_bytes() {
        assert_eq!(truncate_chars("héllo", 2), ("hé", 3));
        assert_eq!(truncate_chars("héllo", 5), ("héllo", 0));
        assert_eq!(truncate_chars("日本語テキスト", 3), ("日本語", 4));
        assert_eq!(truncate_chars("", 0), ("", 0));
        assert_eq!(truncate_chars("ab", 0), ("", 2));
    }

    #[test]
    fn headlines_take_the_first_line_and_mark_cuts() {
        assert_eq!(headline("  Research Rust\nand more", 40), "Research Rust");
        assert_eq!(
            headline("Research the history of Rust", 12),
            "Research the…"
        );
        assert_eq!(headline("", 10), "");
    }
}
