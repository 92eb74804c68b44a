//! A quote id named at the end of a clause about the quote: "The quote we issued against it
//! is 44120 rev C" → `44120`. The clause opens with a word of
//! `data/identifiers/quote_clause_leads.txt` right after the quote label, runs over a few
//! lower-case words and ends with `is` or `was` (`data/identifiers/clause_verbs.txt`); the
//! id after it is a number of four or more digits (a revision after it, `rev C`, is not
//! part of it), or an id with a quote prefix (`Q-2026-0142`).
//!
//! [`without_revision`] also cuts a revision joined to a quote id (`Q-2026-0142-rev2`,
//! `55123/v3` → `Q-2026-0142`, `55123`), as one written apart (`44120 rev C`) never is.

use super::id_formats::FORMATS;
use super::id_read::{followed_by_unit, identifier, looks_like_year_or_date, read_id};
use crate::entity::{Entity, EntityType};
use crate::text::{ascii_alnum_end, skip_blanks, word_end};

/// Words that open a clause about a quote: `data/identifiers/quote_clause_leads.txt`.
const CLAUSE_LEADS: &[&str] = include!(concat!(
    env!("OUT_DIR"),
    "/identifiers_quote_clause_leads.rs"
));

/// Verbs that end such a clause before the id: `data/identifiers/clause_verbs.txt`.
const CLAUSE_VERBS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_clause_verbs.rs"));

/// Most words of a clause, its lead and verb included.
const MAX_CLAUSE_WORDS: usize = 8;

/// Fewest digits of a bare number named by a clause.
const MIN_DIGITS: usize = 4;

/// The quote id named by a clause that starts at `at` (right after a quote label), if any.
#[must_use]
pub fn id_after_clause(text: &str, at: usize) -> Option<Entity> {
    let mut i = at;
    for n in 0..MAX_CLAUSE_WORDS {
        i = skip_blanks(text, i);
        let end = ascii_alnum_end(text, i);
        let word = &text[i..end];
        if word.is_empty()
            || !word_end(text, end)
            || !word.bytes().all(|b| b.is_ascii_lowercase() || n == 0)
        {
            return None;
        }
        let is = |list: &[&str]| list.iter().any(|w| word.eq_ignore_ascii_case(w));
        if n == 0 && !is(CLAUSE_LEADS) {
            return None;
        }
        i = end;
        if n > 0 && is(CLAUSE_VERBS) {
            return named_id(text, skip_blanks(text, i));
        }
    }
    None
}

/// The id at `at` after a clause's verb: four or more digits, or a quote-prefixed id.
fn named_id(text: &str, at: usize) -> Option<Entity> {
    let (start, end) = read_id(text, at)?;
    let id = &text[start..end];
    let prefixes = FORMATS
        .iter()
        .find(|f| f.kind == EntityType::QuoteNumber)
        .map_or(&[][..], |f| f.prefixes);
    let prefixed = prefixes.iter().any(|p| id.starts_with(p));
    let number = id.len() >= MIN_DIGITS && id.bytes().all(|b| b.is_ascii_digit());
    let ok = (prefixed || number)
        && !looks_like_year_or_date(id)
        && !followed_by_unit(text, end)
        && ends_the_clause(text, end);
    ok.then(|| identifier(text, EntityType::QuoteNumber, start, end, 0.9))
}

/// The end of the quote id `text[start..end]` without a revision joined to it by `-` or
/// `/`: a last segment `rev` or `v` and one or two letters or digits (`-rev2`, `/REVB`,
/// `-v3`).
#[must_use]
pub fn without_revision(text: &str, start: usize, end: usize) -> usize {
    let id = &text[start..end];
    let Some(cut) = id.rfind(['-', '/']) else {
        return end;
    };
    let last = id[cut + 1..].to_ascii_lowercase();
    let mark = ["rev", "v"].iter().find_map(|m| last.strip_prefix(m));
    let revision = mark.is_some_and(|rest| {
        (1..=2).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if revision && cut > 0 {
        start + cut
    } else {
        end
    }
}

/// True when the id ending at `end` ends the clause: punctuation, the end of the line or
/// text, or a revision (`44120 rev C`) follows — not more words ("was 12500 lower").
fn ends_the_clause(text: &str, end: usize) -> bool {
    let i = skip_blanks(text, end);
    let word = &text[i..ascii_alnum_end(text, i)];
    match text[i..].chars().next() {
        None => true,
        Some(c) if c.is_alphanumeric() => ["rev", "revision"]
            .iter()
            .any(|r| word.eq_ignore_ascii_case(r)),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::{id_after_clause, without_revision};

    #[test]
    fn a_joined_revision_is_cut() {
        for (text, id) in [
            ("Q-2026-0142-rev2", "Q-2026-0142"),
            ("55123/REVB", "55123"),
            ("QT-5512-v3", "QT-5512"),
            ("Q-2026-0142", "Q-2026-0142"),
            ("FTQ-88213", "FTQ-88213"),
        ] {
            assert_eq!(&text[..without_revision(text, 0, text.len())], id);
        }
    }

    fn named(text: &str) -> Option<String> {
        let at = text.find("quote").map(|p| p + "quote".len())?;
        id_after_clause(text, at).map(|e| e.value)
    }

    #[test]
    fn a_clause_names_the_quote() {
        assert_eq!(
            named("The quote we issued against it is 44120 rev C.").as_deref(),
            Some("44120")
        );
        assert_eq!(
            named("the quote you sent was Q-2026-0142").as_deref(),
            Some("Q-2026-0142")
        );
    }

    #[test]
    fn prices_years_and_other_clauses_are_not_ids() {
        for text in [
            "the quote you sent is $4,500",
            "the quote we need is 2026 pricing",
            "the quote we got is 500 units short",
            "the quote total is 45000",
            "the quote we sent Monday is 44120",
            "the quote which was 12500 lower than theirs",
        ] {
            assert_eq!(named(text), None, "{text}");
        }
    }
}
