//! Company names: capitalized words ending in a legal suffix (`Acme Corp`, `Globex GmbH`,
//! `Initech Inc.`), or the value after a `customer:` / `vendor:` / `partner:` label.

use crate::entity::{Entity, EntityType};
use crate::text::{char_at, char_before, is_capitalized, lines, starts_with_ci};

/// Legal-form suffixes, each before the shorter ones it begins with, so `GmbH & Co. KG` wins
/// over `GmbH`: `data/company/suffixes.txt`.
pub const SUFFIXES: &[&str] = include!(concat!(env!("OUT_DIR"), "/company_suffixes.rs"));

/// Labels whose value on the same line is a company: `data/company/labels.txt`.
const LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/company_labels.rs"));

/// Capitalized words that start sentences or headers, never company names:
/// `data/company/not_company.txt`.
const NOT_COMPANY: &[&str] = include!(concat!(env!("OUT_DIR"), "/company_not_company.rs"));

/// Words that may join a company name's words (`&`, `and`, `of`):
/// `data/company/connectors.txt`.
const CONNECTORS: &[&str] = include!(concat!(env!("OUT_DIR"), "/company_connectors.rs"));

/// Finds company names in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let mut out = suffixed(text);
    out.extend(labelled(text));
    out
}

fn suffixed(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut taken_until = 0;
    for line in lines(text) {
        let (start, content) = line.content();
        let mut i = 0;
        while i < content.len() {
            if !content.is_char_boundary(i) {
                i += 1;
                continue;
            }
            let after_blank = i > 0
                && content.as_bytes()[i - 1] == b' '
                && SUFFIXES
                    .iter()
                    .any(|s| s.as_bytes()[0] == content.as_bytes()[i]);
            let Some(suffix) = SUFFIXES
                .iter()
                .filter(|_| after_blank)
                .find(|s| suffix_at(content, i, s))
            else {
                i += 1;
                continue;
            };
            let end = i + suffix.len();
            if let Some(first) = name_before(content, i)
                && start + first >= taken_until
            {
                out.push(Entity::rule(
                    EntityType::Company,
                    text,
                    start + first,
                    start + end,
                    0.85,
                ));
                taken_until = start + end;
            }
            i = end;
        }
    }
    out
}

/// Suffixes that may follow a comma (`Acme, Inc.`); others after a comma are something else
/// (`Reno, NV`): `data/company/after_comma.txt`.
const AFTER_COMMA: &[&str] = include!(concat!(env!("OUT_DIR"), "/company_after_comma.rs"));

fn suffix_at(content: &str, i: usize, suffix: &str) -> bool {
    if !content[i..].starts_with(suffix) || char_before(content, i) != Some(' ') {
        return false;
    }
    let before = crate::text::suffix_within(&content[..i], 16).trim_end_matches(' ');
    let ends_ok = suffix.ends_with('.')
        || !char_at(content, i + suffix.len()).is_some_and(char::is_alphanumeric);
    ends_ok && (!before.ends_with(',') || AFTER_COMMA.contains(&suffix))
}

/// Start of the company words right before a suffix at `i` (up to five words, one line).
fn name_before(content: &str, i: usize) -> Option<usize> {
    let window = crate::text::suffix_within(&content[..i], 160);
    let base = i - window.len();
    let before = window.trim_end().trim_end_matches(',');
    let mut first = None;
    let mut count = 0;
    for (at, word) in crate::text::words(before)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        if count >= 5 {
            break;
        }
        if CONNECTORS.contains(&word) && first.is_some() {
            continue;
        }
        let company_word = (is_capitalized(word)
            || word.chars().next().is_some_and(|c| c.is_ascii_digit()))
            && !NOT_COMPANY.contains(&word)
            && !word.ends_with([',', ':', ';', ')', '('])
            && !word.contains(['@', '<', '>', '"', '|', '/'])
            && !word.starts_with(['(', '"', '\'']);
        if !company_word {
            break;
        }
        first = Some(base + at);
        count += 1;
    }
    first
}

fn labelled(text: &str) -> Vec<Entity> {
    let mut out = Vec::new();
    for line in lines(text) {
        let (start, content) = line.content();
        let lower = content.to_ascii_lowercase();
        for label in LABELS {
            let mut from = 0;
            while let Some(pos) = lower[from..].find(label) {
                let at = from + pos;
                from = at + label.len();
                if !content.is_char_boundary(at) || !starts_with_ci(content, at, label) {
                    continue;
                }
                if at > 0 && char_before(content, at).is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let value_at = from + content[from..].len() - content[from..].trim_start().len();
                let rest = crate::text::prefix_within(&content[value_at..], 200);
                let cut = [
                    ",", ";", "(", " - ", " – ", " / ", "|", " (", ". ", "  ", "<",
                ]
                .iter()
                .filter_map(|c| rest.find(c))
                .min()
                .unwrap_or(rest.len());
                let value = rest[..cut].trim_end().trim_end_matches('.');
                let words = value.split_whitespace().count();
                if (1..=6).contains(&words) && is_capitalized(value) {
                    let s = start + value_at;
                    out.push(Entity::rule(
                        EntityType::Company,
                        text,
                        s,
                        s + value.len(),
                        0.8,
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn names(text: &str) -> Vec<String> {
        extract(text).into_iter().map(|e| e.value).collect()
    }

    #[test]
    fn suffixes_and_labels() {
        assert_eq!(names("We at Acme Corp agree."), ["Acme Corp"]);
        assert_eq!(
            names("Globex GmbH & Co. KG, Munich"),
            ["Globex GmbH & Co. KG"]
        );
        assert_eq!(names("Thanks to Initech Inc. for"), ["Initech Inc."]);
        assert_eq!(names("Wayne Enterprises S.A."), ["Wayne Enterprises S.A."]);
        assert_eq!(
            names("Customer: Northwind Traders, Seattle"),
            ["Northwind Traders"]
        );
        assert_eq!(
            names("the Johnson & Johnson Ltd deal"),
            ["Johnson & Johnson Ltd"]
        );
        assert!(names("as soon AS possible, in the SE region").is_empty());
    }
}
