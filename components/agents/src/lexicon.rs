//! The keyword table: which words of a query point to which agent. [`crate::query`] derives
//! the intent from it and [`crate::route`] scores agents with it.
//!
//! A pattern is a lower-case word matched against the query's words: exactly, or as a prefix
//! when it ends in `*` (`analy*` matches `analyse`, `analyze`, `analysis`). A query word counts
//! once per agent however many patterns it matches. Rows are in catalogue order, which is also
//! the tie-break order.

/// One row of the table: an agent id and the words that point to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The agent id (`agents.toml`).
    pub agent: &'static str,
    /// Its patterns.
    pub patterns: &'static [&'static str],
}

/// The table, one row per agent id of the catalogue.
pub const TABLE: &[Row] = &[
    Row {
        agent: "research",
        patterns: &[
            "research*",
            "investigat*",
            "compar*",
            "source*",
            "fact*",
            "evidence",
            "study",
            "studies",
            "histor*",
            "overview",
            "background",
            "literature",
            "paper*",
            "versus",
            "vs",
            "pros",
            "cons",
            "differen*",
            "explain*",
            "learn*",
            "find",
        ],
    },
    Row {
        agent: "code",
        patterns: &[
            "code",
            "codes",
            "coding",
            "program*",
            "function*",
            "python",
            "rust",
            "javascript",
            "typescript",
            "java",
            "golang",
            "sql",
            "bug*",
            "debug*",
            "refactor*",
            "compil*",
            "script*",
            "api",
            "implement*",
            "class",
            "regex*",
            "algorithm*",
            "parse*",
            "parsing",
            "unit",
            "git",
            "library",
            "exception*",
            "stacktrace",
        ],
    },
    Row {
        agent: "data_analysis",
        patterns: &[
            "data",
            "dataset*",
            "analy*",
            "statistic*",
            "stats",
            "average",
            "mean",
            "median",
            "trend*",
            "chart*",
            "graph*",
            "plot*",
            "visuali*",
            "csv",
            "spreadsheet*",
            "excel",
            "metric*",
            "kpi*",
            "correlat*",
            "regression",
            "forecast*",
            "percent*",
            "growth",
            "revenue",
            "numbers",
            "calculat*",
        ],
    },
    Row {
        agent: "writer",
        patterns: &[
            "writ*",
            "rewrit*",
            "draft*",
            "essay*",
            "article*",
            "blog*",
            "post",
            "story",
            "poem*",
            "edit*",
            "proofread*",
            "summar*",
            "tone",
            "letter",
            "headline*",
            "paragraph*",
            "outline",
            "announcement*",
            "speech",
            "translat*",
        ],
    },
    Row {
        agent: "tool_executor",
        patterns: &[
            "run",
            "execut*",
            "deploy*",
            "install*",
            "schedul*",
            "automat*",
            "workflow*",
            "steps",
            "task",
            "tasks",
            "tool*",
            "command*",
            "configur*",
            "setup",
            "migrat*",
            "backup*",
            "plan",
            "planning",
            "checklist*",
        ],
    },
    Row {
        agent: "email_analysis",
        patterns: &[
            "email*",
            "mail*",
            "inbox",
            "triage",
            "customer*",
            "vendor*",
            "supplier*",
            "po",
            "invoice*",
            "shipment*",
            "shipping",
            "tracking",
            "rma",
            "renewal*",
            "sender",
            "classif*",
        ],
    },
];

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
        for r in TABLE {
            for p in r.patterns {
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
