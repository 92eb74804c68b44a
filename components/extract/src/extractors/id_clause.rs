//! An identifier named at the end of a clause about it, after its label: "The quote we
//! issued against it is 44120 rev C" → `44120`, "our case with HPE is 5380212994", "a ticket
//! with Synology: 8829014", "Their PO will be 4500096150", "ordine d'acquisto è
//! 4500712093". The clause opens with a word of `data/identifiers/clause_leads.txt`
//! right after the label, runs over a few lower-case words (the first of them may start a
//! name: "with HPE", "with Cisco TAC") and ends with a verb
//! (`data/identifiers/clause_verbs.txt`), a `:` or a `(`; or it is the verb alone. The id
//! after it is a number of four or more digits (a revision after it, `rev C`, is not part
//! of it), or an id with a prefix of the label's format (`Q-2026-0142`).
//!
//! [`without_revision`] also cuts a revision joined to a quote id (`Q-2026-0142-rev2`,
//! `55123/v3` → `Q-2026-0142`, `55123`), as one written apart (`44120 rev C`) never is.

use super::id_formats::IdFormat;
use super::id_read::{followed_by_unit, identifier, looks_like_year_or_date, read_id};
use crate::entity::Entity;
use crate::text::{ascii_alnum_end, char_at, skip_blanks};

/// Words that open a clause about an identifier: `data/identifiers/clause_leads.txt`.
const CLAUSE_LEADS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_clause_leads.rs"));

/// Verbs that end such a clause before the id: `data/identifiers/clause_verbs.txt`.
const CLAUSE_VERBS: &[&str] = include!(concat!(env!("OUT_DIR"), "/identifiers_clause_verbs.rs"));

/// Most words of a clause, its lead and verb included.
const MAX_CLAUSE_WORDS: usize = 8;

/// Fewest digits of a bare number named by a clause.
const MIN_DIGITS: usize = 4;

/// The id of `format` named by a clause that starts at `at` (right after its label), if any.
#[must_use]
pub fn id_after_clause(text: &str, at: usize, format: &IdFormat) -> Option<Entity> {
    let mut i = at;
    let mut in_name = false;
    for n in 0..MAX_CLAUSE_WORDS {
        i = skip_blanks(text, i);
        let end = text[i..]
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(text.len(), |(k, _)| i + k);
        let word = &text[i..end];
        let is = |list: &[&str]| list.iter().any(|w| word.eq_ignore_ascii_case(w));
        // A name right after the lead, of one or more words: "with Cisco TAC".
        let name = (n == 1 || in_name) && word.starts_with(char::is_uppercase);
        in_name = name;
        if word.is_empty() || (n == 0 && !is(CLAUSE_LEADS) && !is(CLAUSE_VERBS)) {
            return None;
        }
        if n > 0 && !name && !word.chars().all(char::is_lowercase) {
            return None;
        }
        i = end;
        if is(CLAUSE_VERBS) {
            return named_id(text, skip_blanks(text, i), format);
        }
        let after = skip_blanks(text, i);
        if n > 0 && matches!(char_at(text, after), Some(':' | '(')) {
            return named_id(text, skip_blanks(text, after + 1), format);
        }
    }
    None
}

/// The id at `at` after a clause: four or more digits, or an id with a prefix of `format`.
fn named_id(text: &str, at: usize, format: &IdFormat) -> Option<Entity> {
    let (start, end) = read_id(text, at)?;
    let id = &text[start..end];
    let prefixed = format.prefixes.iter().any(|p| id.starts_with(p));
    let number = id.len() >= MIN_DIGITS && id.bytes().all(|b| b.is_ascii_digit());
    let ok = (prefixed || number)
        && !looks_like_year_or_date(id)
        && !followed_by_unit(text, end)
        && ends_the_clause(text, end);
    ok.then(|| identifier(text, format.kind, start, end, 0.9))
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
    use crate::entity::EntityType;
    use crate::extractors::id_formats::FORMATS;

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

    /// The id a clause after the first `label` of `kind` in `text` names.
    fn named_after(text: &str, label: &str, kind: EntityType) -> Option<String> {
        let format = FORMATS.iter().find(|f| f.kind == kind)?;
        let at = text.find(label).map(|p| p + label.len())?;
        id_after_clause(text, at, format).map(|e| e.value)
    }

    /// The quote id a clause after `quote` in `text` names.
    fn named(text: &str) -> Option<String> {
        named_after(text, "quote", EntityType::QuoteNumber)
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

    /// A clause after a case, PO or order label names its id; prices, years and counts are none.
    #[test]
    fn a_clause_names_a_case_po_or_order() {
        use EntityType::{CaseNumber, OrderNumber, PoNumber};
        for (text, label, kind, id) in [
            (
                "our case with HPE is 5380212994.",
                "case",
                CaseNumber,
                "5380212994",
            ),
            (
                "a ticket with Synology: 8829014.",
                "ticket",
                CaseNumber,
                "8829014",
            ),
            (
                "Their PO will be 4500096150; the",
                "PO",
                PoNumber,
                "4500096150",
            ),
            (
                "same PO as last time (4500090012).",
                "PO",
                PoNumber,
                "4500090012",
            ),
            (
                "loro ordine d'acquisto è 4500712093.",
                "acquisto",
                PoNumber,
                "4500712093",
            ),
            (
                "the order we placed was 778812.",
                "order",
                OrderNumber,
                "778812",
            ),
        ] {
            assert_eq!(
                named_after(text, label, kind).as_deref(),
                Some(id),
                "{text}"
            );
        }
        for (text, label, kind) in [
            ("our case with HPE is 2026 work", "case", CaseNumber),
            ("the case with 12 drives is 4000 units", "case", CaseNumber),
            ("PO will be 45 days late", "PO", PoNumber),
            (
                "the order we placed Monday was 778812",
                "order",
                OrderNumber,
            ),
            ("order as discussed (500 units)", "order", OrderNumber),
        ] {
            assert_eq!(named_after(text, label, kind), None, "{text}");
        }
    }
}
