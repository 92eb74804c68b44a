//! Company names: capitalized words ending in a legal suffix (`Acme Corp`, `Globex GmbH`,
//! `Initech Inc.`), or the value after a `customer:` / `vendor:` / `partner:` label.

use crate::entity::{Entity, EntityType};
use crate::text::{char_at, char_before, is_capitalized, lines, starts_with_ci};

/// Legal-form suffixes, longest first so `GmbH & Co. KG` wins over `KG`.
pub const SUFFIXES: &[&str] = &[
    "GmbH & Co. KG",
    "(Pty) Ltd",
    "Ltd. Şti.",
    "Ltd. Şti",
    "S.A. de C.V.",
    "Sp. z o.o.",
    "Pty. Ltd.",
    "Pte. Ltd.",
    "Co., Ltd.",
    "Pty Ltd",
    "Pte Ltd",
    "Co. Ltd",
    "Corporation",
    "Limited",
    "L.L.C.",
    "S.p.A.",
    "S.r.l.",
    "S.A.S.",
    "GmbH",
    "Inc.",
    "Corp.",
    "Ltd.",
    "Ltda.",
    "S.A.",
    "N.V.",
    "B.V.",
    "S.L.",
    "K.K.",
    "Ltda",
    "SARL",
    "Inc",
    "Corp",
    "PLLC",
    "LLC",
    "LLP",
    "Kft.",
    "Kft",
    "S.A.S",
    "S.r.l",
    "Sp. z o.o",
    "Ltd",
    "PLC",
    "plc",
    "SAS",
    "Srl",
    "SRL",
    "AG",
    "SE",
    "SA",
    "BV",
    "NV",
    "KG",
    "Oy",
    "AB",
    "A/S",
    "AS",
    "ApS",
    "Co.",
];

/// Labels whose value on the same line is a company.
const LABELS: &[&str] = &[
    "end customer:",
    "end-customer:",
    "customer name:",
    "customer:",
    "client:",
    "vendor:",
    "supplier:",
    "partner:",
    "reseller:",
    "distributor:",
    "company:",
    "account name:",
    "kunde:",
    "firma:",
    "lieferant:",
];

/// Capitalized words that start sentences or headers, never company names.
const NOT_COMPANY: &[&str] = &[
    "The",
    "We",
    "Our",
    "At",
    "From",
    "To",
    "For",
    "With",
    "Thanks",
    "Thank",
    "Hi",
    "Hello",
    "Dear",
    "Please",
    "This",
    "That",
    "Your",
    "My",
    "I",
    "In",
    "On",
    "By",
    "Re",
    "RE",
    "Fwd",
    "FW",
    "Subject",
    "Customer",
    "Vendor",
    "Partner",
    "Client",
    "Supplier",
    "Cc",
    "CC",
    "Sent",
    "Best",
    "Regards",
    "Kind",
    "And",
    "Or",
    "If",
    "As",
    "So",
    "Also",
    "Note",
    "Via",
    "Von",
    "An",
    "Per",
    "Attn",
    "Team",
    "Firma",
    "Kunde",
    "Dear",
    "Welcome",
    "Consignee",
    "Shipper",
    "Bill",
    "Ship",
    "Is",
    "Are",
    "It",
    "Its",
    "Has",
    "Have",
    "When",
    "Since",
    "After",
    "Before",
];

const CONNECTORS: &[&str] = &[
    "&", "and", "of", "de", "du", "der", "und", "y", "e", "la", "+",
];

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
/// (`Reno, NV`).
const AFTER_COMMA: &[&str] = &[
    "Inc.",
    "Inc",
    "LLC",
    "L.L.C.",
    "Ltd.",
    "Ltd",
    "Corp.",
    "Corp",
    "LLP",
    "Ltd. Şti.",
];

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
