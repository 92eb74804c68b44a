//! The keyword table: which words of a query point to which agent. [`crate::query`] derives
//! the intent from it and [`crate::route`] scores agents with it.
//!
//! A pattern is a lower-case word matched against the query's words: exactly, or as a prefix
//! when it ends in `*` (`analy*` matches `analyse`, `analyze`, `analysis`). A query word counts
//! once per agent however many patterns it matches. Rows are in catalogue order, which is also
//! the tie-break order. The patterns are data: one file per agent in `data/lexicon/`.

use std::sync::LazyLock;

use edgecrew_core::data;

/// One row of the table: an agent id and the words that point to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The agent id (`agents.toml`).
    pub agent: &'static str,
    /// Its patterns (`data/lexicon/<agent>.txt`).
    pub patterns: Vec<&'static str>,
}

/// Each agent id with its pattern file, compiled in, in catalogue order.
const FILES: [(&str, &str); 6] = [
    ("research", include_str!("../data/lexicon/research.txt")),
    ("code", include_str!("../data/lexicon/code.txt")),
    (
        "data_analysis",
        include_str!("../data/lexicon/data_analysis.txt"),
    ),
    ("writer", include_str!("../data/lexicon/writer.txt")),
    (
        "tool_executor",
        include_str!("../data/lexicon/tool_executor.txt"),
    ),
    (
        "email_analysis",
        include_str!("../data/lexicon/email_analysis.txt"),
    ),
];

/// The table, one row per agent id of the catalogue, in catalogue order; parsed from
/// `data/lexicon/` on first use.
pub static TABLE: LazyLock<Vec<Row>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|&(agent, text)| Row {
            agent,
            patterns: data::entries(text).collect(),
        })
        .collect()
});

/// The row of `agent`, if the table has one.
#[must_use]
pub fn row(agent: &str) -> Option<&'static Row> {
    TABLE.iter().find(|r| r.agent == agent)
}

/// True when `word` matches `pattern` (exactly, or as a prefix when it ends in `*`).
#[must_use]
pub fn matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == pattern,
    }
}

/// How many of `keywords` match at least one of `patterns`.
#[must_use]
pub fn hits(patterns: &[&str], keywords: &[String]) -> u32 {
    let n = keywords
        .iter()
        .filter(|k| patterns.iter().any(|p| matches(p, k)))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_row_per_catalogue_agent_in_catalogue_order() {
        let catalogue = crate::catalogue().expect("agents.toml is valid");
        let ids: Vec<&str> = catalogue.iter().map(|a| a.id.as_str()).collect();
        let rows: Vec<&str> = TABLE.iter().map(|r| r.agent).collect();
        assert_eq!(rows, ids);
    }

    #[test]
    fn patterns_are_lower_case_words_with_an_optional_star() {
        for r in TABLE.iter() {
            for p in &r.patterns {
                let stem = p.strip_suffix('*').unwrap_or(p);
                assert!(
                    !stem.is_empty()
                        && stem.chars().all(|c| c.is_lowercase() || c.is_ascii_digit()),
                    "{}: bad pattern {p:?}",
                    r.agent
                );
            }
        }
    }

    #[test]
    fn stars_match_prefixes_and_plain_patterns_whole_words() {
        assert!(matches("analy*", "analyse"));
        assert!(matches("analy*", "analyze"));
        assert!(!matches("analy*", "anal"));
        assert!(matches("csv", "csv"));
        assert!(!matches("csv", "csvs"));
        let keywords = [
            "analyze".to_owned(),
            "email".to_owned(),
            "emails".to_owned(),
        ];
        assert_eq!(hits(&["email*", "mail*"], &keywords), 2);
        assert_eq!(hits(&["analy*"], &keywords), 1);
        assert_eq!(row("writer").map(|r| r.agent), Some("writer"));
        assert!(row("ghost").is_none());
    }
}
