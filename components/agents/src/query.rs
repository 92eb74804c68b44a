//! Analysing a query: what it is about (intent), what it names (entities), how much it asks
//! (complexity) and the words the router scores agents on (keywords).

use std::sync::LazyLock;

use edgecrew_core::data;
use edgecrew_extract::{Entity, Options};
use serde::{Deserialize, Serialize};

use crate::{asks, lexicon, text};

/// Most keywords kept from a query (the first distinct ones).
pub const MAX_KEYWORDS: usize = 64;

/// Words that carry no routing signal (`data/query/stopwords.txt`).
static STOPWORDS: LazyLock<Vec<&str>> =
    LazyLock::new(|| data::entries(include_str!("../data/query/stopwords.txt")).collect());

/// What a query is about. Each intent but `general` is served by one agent of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    /// Find, compare, explain what is known (agent `research`).
    Research,
    /// Write, review or debug code (agent `code`).
    Code,
    /// Numbers, data sets, statistics, charts (agent `data_analysis`).
    DataAnalysis,
    /// Write or edit text (agent `writer`).
    Writing,
    /// Triage or analyse business e-mail (agent `email_analysis`).
    Email,
    /// Carry out or plan concrete operational steps (agent `tool_executor`).
    Tool,
    /// None of the above.
    General,
}

impl Intent {
    /// The intent an agent of the keyword table serves.
    fn of_agent(agent: &str) -> Self {
        match agent {
            "research" => Self::Research,
            "code" => Self::Code,
            "data_analysis" => Self::DataAnalysis,
            "writer" => Self::Writing,
            "email_analysis" => Self::Email,
            "tool_executor" => Self::Tool,
            _ => Self::General,
        }
    }
}

/// How much a query asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Complexity {
    /// One ask of at most 40 words: one agent answers.
    Simple,
    /// Two asks, or one ask of more than 40 words.
    Moderate,
    /// Three asks or more, or more than 120 words.
    Complex,
}

/// What the orchestrator knows about a query before routing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryAnalysis {
    /// The row of [`lexicon::TABLE`] the most keywords match (ties: table order), or
    /// `general` when none matches.
    pub intent: Intent,
    /// Entities found by `edgecrew_extract` (identifiers, amounts, dates, contacts ...).
    pub entities: Vec<Entity>,
    /// From the number of asks ([`asks::split`]) and the number of words.
    pub complexity: Complexity,
    /// The query's distinct lower-cased words, in order, without stopwords, one-letter words
    /// and plain numbers; at most [`MAX_KEYWORDS`].
    pub keywords: Vec<String>,
}

/// Analyse `query`.
#[must_use]
pub fn analyse(query: &str) -> QueryAnalysis {
    let keywords = keywords(query);
    QueryAnalysis {
        intent: intent(&keywords),
        entities: edgecrew_extract::extract(query, &Options::default()),
        complexity: complexity(query),
        keywords,
    }
}

/// The routing keywords of `query`.
fn keywords(query: &str) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    for word in text::words(query) {
        if keywords.len() == MAX_KEYWORDS {
            break;
        }
        let signal = word.chars().nth(1).is_some()
            && !word.chars().all(|c| c.is_ascii_digit())
            && !STOPWORDS.contains(&word.as_str());
        if signal && !keywords.contains(&word) {
            keywords.push(word);
        }
    }
    keywords
}

/// The intent whose keyword row matches the most keywords.
fn intent(keywords: &[String]) -> Intent {
    let mut best: Option<(u32, &str)> = None;
    for row in lexicon::TABLE.iter() {
        let hits = lexicon::hits(&row.patterns, keywords);
        if hits > best.map_or(0, |(h, _)| h) {
            best = Some((hits, row.agent));
        }
    }
    best.map_or(Intent::General, |(_, agent)| Intent::of_agent(agent))
}

/// Simple, moderate or complex, from the asks and the words of `query`.
fn complexity(query: &str) -> Complexity {
    let asks = asks::split(query).len();
    let words = text::word_count(query);
    if asks >= 3 || words > 120 {
        Complexity::Complex
    } else if asks == 2 || words > 40 {
        Complexity::Moderate
    } else {
        Complexity::Simple
    }
}

#[cfg(test)]
mod tests {
    use edgecrew_extract::EntityType;

    use super::*;

    #[test]
    fn intents_follow_the_keyword_table() {
        let cases = [
            ("write a python function to parse CSV", Intent::Code),
            (
                "analyze this email from a customer about PO 12345",
                Intent::Email,
            ),
            (
                "compare the research on intermittent fasting",
                Intent::Research,
            ),
            (
                "compute the average and median of these numbers",
                Intent::DataAnalysis,
            ),
            (
                "draft a blog post announcing our new office",
                Intent::Writing,
            ),
            (
                "deploy the service and schedule a nightly backup",
                Intent::Tool,
            ),
            ("hello there", Intent::General),
            ("", Intent::General),
        ];
        for (query, intent) in cases {
            assert_eq!(analyse(query).intent, intent, "{query}");
        }
    }

    #[test]
    fn every_table_row_serves_an_intent() {
        for row in lexicon::TABLE.iter() {
            assert_ne!(
                Intent::of_agent(row.agent),
                Intent::General,
                "{}",
                row.agent
            );
        }
    }

    #[test]
    fn keywords_drop_stopwords_numbers_and_repeats() {
        let a =
            analyse("Please analyze THIS e-mail and the email about PO 12345, then the e-mail.");
        assert_eq!(a.keywords, ["analyze", "mail", "email", "po"]);
        let long = "word ".repeat(10) + &(0..200).map(|i| format!("w{i} ")).collect::<String>();
        assert_eq!(keywords(&long).len(), MAX_KEYWORDS);
        assert_eq!(keywords(&long).first().map(String::as_str), Some("word"));
    }

    #[test]
    fn no_stopword_is_a_table_pattern() {
        for row in lexicon::TABLE.iter() {
            for word in STOPWORDS.iter() {
                assert!(
                    !row.patterns.iter().any(|p| lexicon::matches(p, word)),
                    "{}: stopword {word} would never reach the table",
                    row.agent
                );
            }
        }
    }

    #[test]
    fn entities_come_from_the_extractor() {
        let a = analyse("analyze this email from a customer about PO 12345");
        let po: Vec<(EntityType, &str)> = a
            .entities
            .iter()
            .map(|e| (e.kind, e.value.as_str()))
            .collect();
        assert_eq!(po, [(EntityType::PoNumber, "12345")]);
    }

    #[test]
    fn complexity_counts_asks_and_words() {
        assert_eq!(analyse("What is Rust?").complexity, Complexity::Simple);
        assert_eq!(
            analyse("What is Rust? Why is it popular?").complexity,
            Complexity::Moderate
        );
        assert_eq!(
            analyse("Research X and then analyse Y, also write a memo about Z").complexity,
            Complexity::Complex
        );
        let long_single = "tell me about wasm ".repeat(11);
        assert_eq!(analyse(&long_single).complexity, Complexity::Moderate);
        let very_long = "tell me about wasm ".repeat(31);
        assert_eq!(analyse(&very_long).complexity, Complexity::Complex);
    }

    #[test]
    fn the_analysis_serializes_in_snake_case() {
        let json = serde_json::to_value(analyse("compute the average of the data set"))
            .expect("serializable");
        assert_eq!(json["intent"], "data_analysis");
        assert_eq!(json["complexity"], "simple");
        assert!(json["keywords"].is_array() && json["entities"].is_array());
    }
}
