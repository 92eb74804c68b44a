//! Char-boundary-safe scanning helpers shared by the extractors.

/// The char starting at byte `i`, if `i` is a char boundary inside `text`.
#[must_use]
pub fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

/// The char ending at byte `i` (the one before `i`), if any.
#[must_use]
pub fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// Letters and digits of any script.
#[must_use]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when no word char ends just before `i`.
#[must_use]
pub fn word_start(text: &str, i: usize) -> bool {
    !char_before(text, i).is_some_and(is_word_char)
}

/// True when no word char starts at `i`.
#[must_use]
pub fn word_end(text: &str, i: usize) -> bool {
    !char_at(text, i).is_some_and(is_word_char)
}

/// `text[i..].starts_with(lit)`, ignoring the case of ASCII letters only (other characters
/// must match exactly).
#[must_use]
pub fn starts_with_ci(text: &str, i: usize, lit: &str) -> bool {
    text.as_bytes()
        .get(i..i + lit.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(lit.as_bytes()))
}

/// Byte offsets of every occurrence of `lit` (ASCII, case-insensitive) that is a whole word:
/// no word char right before it, and none right after it when `lit` ends in a word char.
pub fn find_words_ci<'a>(text: &'a str, lit: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    let first = lit.as_bytes()[0].to_ascii_lowercase();
    let needs_end = lit.chars().next_back().is_some_and(is_word_char);
    (0..bytes.len()).filter(move |&i| {
        bytes[i].to_ascii_lowercase() == first
            && text.is_char_boundary(i)
            && starts_with_ci(text, i, lit)
            && word_start(text, i)
            && (!needs_end || word_end(text, i + lit.len()))
    })
}

/// Offsets where a word starts: a word char with no word char before it.
pub fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut prev_word = false;
    text.char_indices().filter_map(move |(i, c)| {
        let word = is_word_char(c);
        let starts = word && !prev_word;
        prev_word = word;
        starts.then_some(i)
    })
}

/// End of the run of ASCII alphanumerics starting at `i`.
#[must_use]
pub fn ascii_alnum_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
        j += 1;
    }
    j
}

/// End of the run of ASCII digits starting at `i`.
#[must_use]
pub fn digits_end(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        j += 1;
    }
    j
}

/// Skips spaces and tabs (not newlines) from `i`.
#[must_use]
pub fn skip_blanks(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut j = i;
    while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t') {
        j += 1;
    }
    j
}

/// Skips one HTML non-breaking-space remnant (`&nbsp;` or `&#160;`) at `i`, if present.
#[must_use]
pub fn skip_html_space(text: &str, i: usize) -> usize {
    for lit in ["&nbsp;", "&#160;"] {
        if starts_with_ci(text, i, lit) {
            return i + lit.len();
        }
    }
    i
}

/// A line of `text` with the byte offset where it starts.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    /// Offset of the first byte of the line.
    pub start: usize,
    /// The line without its terminator.
    pub text: &'a str,
}

impl Line<'_> {
    /// Offset just past the line's last byte.
    #[must_use]
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Offset and text of the line after its quote markers (`>`) and surrounding blanks.
    #[must_use]
    pub fn content(&self) -> (usize, &str) {
        let mut i = 0;
        let bytes = self.text.as_bytes();
        while i < bytes.len() && matches!(bytes[i], b'>' | b' ' | b'\t') {
            i += 1;
        }
        let rest = &self.text[i..];
        (self.start + i, rest.trim_end())
    }
}

/// The lines of `text` (split at `\n`, a trailing `\r` dropped) with their offsets.
pub fn lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    let mut start = 0;
    text.split('\n').map(move |l| {
        let line = Line {
            start,
            text: l.strip_suffix('\r').unwrap_or(l),
        };
        start += l.len() + 1;
        line
    })
}

/// True when `word` starts with an upper-case letter, or is in a script without case (CJK).
#[must_use]
pub fn is_capitalized(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
#[must_use]
pub fn prefix_within(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    &s[..s.floor_char_boundary(max)]
}

/// The longest suffix of `s` of at most `max` bytes that starts on a char boundary.
#[must_use]
pub fn suffix_within(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    &s[s.ceil_char_boundary(s.len() - max)..]
}

/// Position and text of each whitespace-separated word of `s` (offsets relative to `s`).
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - s.as_ptr() as usize, w))
}

/// True when one of the `count` words right after `end` (blanks between, the first right
/// after them) is one of `words`, whole and in any case: `the AP9641 card` for `card`.
#[must_use]
pub fn among_next_words(text: &str, end: usize, count: usize, words: &[&str]) -> bool {
    let mut i = end;
    for _ in 0..count {
        let at = skip_blanks(text, i);
        if at == i {
            return false;
        }
        if words
            .iter()
            .any(|w| starts_with_ci(text, at, w) && word_end(text, at + w.len()))
        {
            return true;
        }
        i = text[at..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(text.len(), |e| at + e);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        let t = "PO 1, repo 2, Po: 3, PO";
        let hits: Vec<usize> = find_words_ci(t, "po").collect();
        assert_eq!(hits, vec![0, 14, 21]);
    }

    #[test]
    fn quote_markers_are_skipped() {
        let l = lines("a\n> > Hi Tom,\r\nb").nth(1).unwrap();
        assert_eq!(l.content(), (6, "Hi Tom,"));
    }
}
