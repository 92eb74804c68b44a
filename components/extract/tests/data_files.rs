//! The word lists and cue tables in `data/` (compiled in by `build.rs`) are well formed:
//! every entry trimmed and non-empty, no entry twice in a file, cue phrases in lower case
//! with a positive weight; and each list in [`ORDER`] in the order its code needs (sorted
//! where order does not matter), in lower case where [`LOWER_CASE`] says it is looked up in
//! lower-cased text.

use std::fs;
use std::path::{Path, PathBuf};

/// Every data file: `data/*.txt` and `data/<dir>/*.{txt,cues}`.
fn data_files() -> Vec<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut files = Vec::new();
    for entry in fs::read_dir(&data).expect("data/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(
                fs::read_dir(&path)
                    .expect("dir")
                    .map(|e| e.expect("entry").path()),
            );
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A file's entries: its lines but comments and empty ones.
fn entries(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .expect("UTF-8")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_data_file_is_well_formed() {
    let files = data_files();
    assert!(files.len() >= 70, "{} data files", files.len());
    for path in &files {
        let shown = path.display();
        let phrases: Vec<String> = match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => entries(path),
            Some("cues") => entries(path)
                .iter()
                .map(|line| {
                    let (weight, phrase) = line.split_once(' ').expect("<weight> <phrase>");
                    let weight: f32 = weight.parse().expect("a number");
                    assert!(weight > 0.0, "{shown}: {line}");
                    assert_eq!(phrase.to_lowercase(), phrase, "{shown}: {line}");
                    phrase.to_owned()
                })
                .collect(),
            _ => panic!("{shown}: not a .txt or .cues file"),
        };
        assert!(!phrases.is_empty(), "{shown} is empty");
        for p in &phrases {
            assert!(!p.is_empty() && p.trim() == p, "{shown}: '{p}'");
        }
        let mut sorted = phrases.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), phrases.len(), "{shown}: an entry twice");
    }
}

/// What a list's order means, and so how it is checked.
enum Order {
    /// Order does not matter: sorted, so every entry has one place to go (`first_names.txt`
    /// also needs it for binary search).
    Sorted,
    /// The first entry that fits wins: no entry comes after a shorter one that begins it
    /// followed by this separator (that one would always win).
    LongerFirst(&'static str),
    /// Position is meaning (line N is month N): exactly this many entries. The date tests
    /// check the meaning (`March 3` is in March, `next Monday` a Monday).
    Positional(usize),
    /// Order decides only the order results are reported in: kept as written.
    AsWritten,
}

/// Known breaks of [`Order::LongerFirst`]: `(file, entry, the shorter entry that always wins
/// over it)`. `S.A.S` never ends a company name (`S.A.` wins; person names still use it).
/// Moving it above `S.A.` would change what is extracted, so that is a change of its own,
/// with an eval run.
const SHADOWED: &[(&str, &str, &str)] = &[("company/suffixes.txt", "S.A.S", "S.A.")];

/// The lists of `data/` whose order is checked, path under `data/` first.
const ORDER: &[(&str, Order)] = &[
    ("first_names.txt", Order::Sorted),
    ("actions/cues.txt", Order::Sorted),
    ("actions/pleasantries.txt", Order::Sorted),
    ("amount/count_cues.txt", Order::Sorted),
    ("asks/courtesy_questions.txt", Order::Sorted),
    ("asks/request_leads.txt", Order::Sorted),
    ("category/info_subject.txt", Order::Sorted),
    ("company/after_comma.txt", Order::Sorted),
    ("company/connectors.txt", Order::Sorted),
    ("company/labels.txt", Order::AsWritten),
    ("company/not_company.txt", Order::Sorted),
    ("company/suffixes.txt", Order::LongerFirst("")),
    ("contact/country_calling_codes.txt", Order::Sorted),
    ("contact/domain_calling_codes.txt", Order::Sorted),
    ("contact/letter_labels.txt", Order::Sorted),
    ("contact/phone_alternatives.txt", Order::Sorted),
    ("contact/phone_labels.txt", Order::Sorted),
    ("contact/phone_linkers.txt", Order::Sorted),
    ("contact/phone_verbs.txt", Order::Sorted),
    ("contact/reply_headers.txt", Order::Sorted),
    ("contact/trunk_zero_kept.txt", Order::Sorted),
    ("date/months.txt", Order::Positional(12)),
    ("date/weekdays.txt", Order::Positional(7)),
    ("html/tags.txt", Order::Sorted),
    ("identifiers/alternative_joiners.txt", Order::Sorted),
    ("identifiers/case_labels.txt", Order::AsWritten),
    ("identifiers/case_prefixes.txt", Order::AsWritten),
    ("identifiers/clause_leads.txt", Order::Sorted),
    ("identifiers/clause_verbs.txt", Order::Sorted),
    ("identifiers/fillers.txt", Order::Sorted),
    ("identifiers/line_labels.txt", Order::Sorted),
    ("identifiers/list_joiners.txt", Order::Sorted),
    ("identifiers/measure_units.txt", Order::Sorted),
    ("identifiers/model_columns.txt", Order::Sorted),
    ("identifiers/model_labels.txt", Order::Sorted),
    ("identifiers/model_nouns.txt", Order::Sorted),
    ("identifiers/not_part_cues.txt", Order::Sorted),
    ("identifiers/not_part_prefixes.txt", Order::Sorted),
    ("identifiers/not_part_shapes.txt", Order::Sorted),
    ("identifiers/number_nouns.txt", Order::Sorted),
    ("identifiers/number_words.txt", Order::Sorted),
    ("identifiers/order_capital_labels.txt", Order::Sorted),
    ("identifiers/order_labels.txt", Order::AsWritten),
    ("identifiers/order_prefixes.txt", Order::AsWritten),
    ("identifiers/part_columns.txt", Order::Sorted),
    ("identifiers/part_labels.txt", Order::AsWritten),
    ("identifiers/part_marked_labels.txt", Order::Sorted),
    ("identifiers/part_nouns.txt", Order::Sorted),
    ("identifiers/part_ref_cues.txt", Order::Sorted),
    ("identifiers/part_shapes.txt", Order::Sorted),
    ("identifiers/po_labels.txt", Order::AsWritten),
    ("identifiers/prose_leads.txt", Order::Sorted),
    ("identifiers/quote_capital_labels.txt", Order::Sorted),
    ("identifiers/quote_labels.txt", Order::AsWritten),
    ("identifiers/quote_marked_labels.txt", Order::Sorted),
    ("identifiers/quantity_labels.txt", Order::Sorted),
    ("identifiers/quote_prefixes.txt", Order::AsWritten),
    ("identifiers/units.txt", Order::Sorted),
    ("lexicon/negators.txt", Order::Sorted),
    ("message/reply_markers.txt", Order::Sorted),
    ("product/edition_words.txt", Order::Sorted),
    ("product/vendors.txt", Order::LongerFirst(" ")),
    ("sentiment/intensifiers.txt", Order::Sorted),
    ("summary/greeting_words.txt", Order::Sorted),
    ("summary/headers.txt", Order::Sorted),
    ("summary/short_lines.txt", Order::Sorted),
    ("summary/sign_offs.txt", Order::Sorted),
    ("tracking/shipping_words.txt", Order::Sorted),
];

/// Lists looked up in lower-cased text, so an entry with a capital letter would never match.
const LOWER_CASE: &[&str] = &[
    "actions/cues.txt",
    "actions/pleasantries.txt",
    "amount/count_cues.txt",
    "asks/courtesy_questions.txt",
    "asks/request_leads.txt",
    "category/info_subject.txt",
    "company/labels.txt",
    "contact/country_calling_codes.txt",
    "contact/domain_calling_codes.txt",
    "contact/letter_labels.txt",
    "contact/phone_alternatives.txt",
    "contact/phone_labels.txt",
    "contact/phone_linkers.txt",
    "contact/phone_verbs.txt",
    "contact/reply_headers.txt",
    "date/months.txt",
    "html/tags.txt",
    "identifiers/alternative_joiners.txt",
    "identifiers/case_labels.txt",
    "identifiers/clause_leads.txt",
    "identifiers/clause_verbs.txt",
    "identifiers/line_labels.txt",
    "identifiers/list_joiners.txt",
    "identifiers/measure_units.txt",
    "identifiers/model_columns.txt",
    "identifiers/model_labels.txt",
    "identifiers/model_nouns.txt",
    "identifiers/not_part_cues.txt",
    "identifiers/not_part_prefixes.txt",
    "identifiers/not_part_shapes.txt",
    "identifiers/number_nouns.txt",
    "identifiers/number_words.txt",
    "identifiers/order_capital_labels.txt",
    "identifiers/order_labels.txt",
    "identifiers/part_columns.txt",
    "identifiers/part_labels.txt",
    "identifiers/part_marked_labels.txt",
    "identifiers/part_nouns.txt",
    "identifiers/part_ref_cues.txt",
    "identifiers/part_shapes.txt",
    "identifiers/po_labels.txt",
    "identifiers/prose_leads.txt",
    "identifiers/quantity_labels.txt",
    "identifiers/quote_capital_labels.txt",
    "identifiers/quote_labels.txt",
    "identifiers/quote_marked_labels.txt",
    "lexicon/negators.txt",
    "message/reply_markers.txt",
    "sentiment/intensifiers.txt",
    "summary/greeting_words.txt",
    "summary/headers.txt",
    "summary/short_lines.txt",
    "summary/sign_offs.txt",
    "tracking/shipping_words.txt",
];

/// A file under `data/`.
fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(rel)
}

/// A file's leading `#` lines, joined.
fn header(path: &Path) -> String {
    fs::read_to_string(path)
        .expect("UTF-8")
        .lines()
        .take_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_list_is_in_the_order_its_code_needs() {
    for (rel, order) in ORDER {
        let path = data(rel);
        let list = entries(&path);
        match order {
            Order::Sorted => assert!(list.windows(2).all(|w| w[0] < w[1]), "{rel}: not sorted"),
            Order::LongerFirst(sep) => {
                for (i, short) in list.iter().enumerate() {
                    let begins = format!("{short}{sep}");
                    for long in &list[i + 1..] {
                        assert!(
                            !long.starts_with(&begins)
                                || SHADOWED.contains(&(rel, long.as_str(), short.as_str())),
                            "{rel}: `{long}` after `{short}`, which would always win"
                        );
                    }
                }
            }
            Order::Positional(count) => assert_eq!(list.len(), *count, "{rel}"),
            Order::AsWritten => {}
        }
        if !matches!(order, Order::Sorted) {
            assert!(
                header(&path).contains("Order "),
                "{rel}: its order matters, and its header should say why"
            );
        }
    }
}

#[test]
fn every_known_break_of_the_order_is_still_there() {
    for (rel, long, short) in SHADOWED {
        let list = entries(&data(rel));
        let at = |e: &str| list.iter().position(|x| x == e);
        assert!(
            matches!((at(short), at(long)), (Some(s), Some(l)) if s < l),
            "{rel}: ({long}, {short}) is no longer a break: drop it from SHADOWED"
        );
    }
}

#[test]
fn lists_looked_up_in_lower_cased_text_are_lower_case() {
    for rel in LOWER_CASE {
        for entry in entries(&data(rel)) {
            assert_eq!(entry.to_lowercase(), entry, "{rel}");
        }
    }
    // Action cues are found in an ASCII-lower-cased copy of the sentence, whose offsets must
    // match the original's.
    assert!(
        entries(&data("actions/cues.txt"))
            .iter()
            .all(|c| c.is_ascii())
    );
}
