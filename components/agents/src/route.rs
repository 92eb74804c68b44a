//! Routing: scoring every agent of the catalogue for a query, ranking them, and the fallback
//! chain that takes over when an agent fails.
//!
//! An agent's score is the sum of:
//! - [`KEYWORD_POINTS`] per query keyword that matches the agent's row of the keyword table
//!   ([`crate::lexicon::TABLE`]: `research` — research, compare, sources ...; `code` — code,
//!   python, function, debug, parse ...; `data_analysis` — data, analyse, average, CSV,
//!   chart ...; `writer` — write, draft, blog, summarise, edit ...; `tool_executor` — run,
//!   deploy, install, schedule, workflow ...; `email_analysis` — e-mail, customer, PO,
//!   invoice, shipment ...);
//! - [`CAPABILITY_POINTS`] per query keyword that names one of the agent's `capabilities`
//!   (a word of a capability, equal or sharing its first [`STEM_CHARS`] characters:
//!   `debug` ~ `debugging`), so that agents added to `agents.toml` without a table row still
//!   route;
//! - [`IDENTIFIER_POINTS`] for [`IDENTIFIER_AGENT`] when the query holds a business identifier
//!   (PO, quote, case, order or tracking number, e-mail address).
//!
//! Ties keep catalogue order. A query nothing matches goes to [`DEFAULT_AGENT`].

use edgecrew_extract::EntityType;

use crate::Agent;
use crate::lexicon;
use crate::query::QueryAnalysis;

/// The generalist: answers what nothing else matches, combines results, ends every fallback
/// chain.
pub const DEFAULT_AGENT: &str = "writer";
/// Points per keyword-table match.
pub const KEYWORD_POINTS: u32 = 3;
/// Points per capability match.
pub const CAPABILITY_POINTS: u32 = 1;
/// Characters two words must share to count as the same capability word.
pub const STEM_CHARS: usize = 5;
/// Points for [`IDENTIFIER_AGENT`] when the query holds a business identifier.
pub const IDENTIFIER_POINTS: u32 = 2;
/// The agent business identifiers point to.
pub const IDENTIFIER_AGENT: &str = "email_analysis";

/// Entity types that mark business correspondence.
const IDENTIFIERS: &[EntityType] = &[
    EntityType::PoNumber,
    EntityType::QuoteNumber,
    EntityType::CaseNumber,
    EntityType::OrderNumber,
    EntityType::TrackingNumber,
    EntityType::EmailAddress,
];

/// An agent and its score for a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked<'a> {
    /// The agent.
    pub agent: &'a Agent,
    /// Its score (0: nothing matched).
    pub score: u32,
}

/// The score of `agent` for `analysis` (see the module documentation).
#[must_use]
pub fn score(agent: &Agent, analysis: &QueryAnalysis) -> u32 {
    let table =
        lexicon::row(&agent.id).map_or(0, |r| lexicon::hits(&r.patterns, &analysis.keywords));
    let capabilities = analysis
        .keywords
        .iter()
        .filter(|k| capability_words(agent).any(|w| same_stem(k, w)))
        .count();
    let identifiers = agent.id == IDENTIFIER_AGENT
        && analysis
            .entities
            .iter()
            .any(|e| IDENTIFIERS.contains(&e.kind));
    table
        .saturating_mul(KEYWORD_POINTS)
        .saturating_add(
            u32::try_from(capabilities)
                .unwrap_or(u32::MAX)
                .saturating_mul(CAPABILITY_POINTS),
        )
        .saturating_add(if identifiers { IDENTIFIER_POINTS } else { 0 })
}

/// Every agent of `catalogue` with its score, best first; ties keep catalogue order.
#[must_use]
pub fn rank<'a>(analysis: &QueryAnalysis, catalogue: &'a [Agent]) -> Vec<Ranked<'a>> {
    let mut ranked: Vec<Ranked<'a>> = catalogue
        .iter()
        .map(|agent| Ranked {
            agent,
            score: score(agent, analysis),
        })
        .collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.score));
    ranked
}

/// The agent to use: the best ranked when it scored, else [`DEFAULT_AGENT`] (else the first);
/// `None` only for an empty ranking.
#[must_use]
pub fn pick<'a>(ranked: &[Ranked<'a>]) -> Option<&'a Agent> {
    match ranked.first() {
        Some(top) if top.score > 0 => Some(top.agent),
        _ => ranked
            .iter()
            .find(|r| r.agent.id == DEFAULT_AGENT)
            .or(ranked.first())
            .map(|r| r.agent),
    }
}

/// The best agent for a part of a query (`analysis` of one ask) among agents already ranked
/// for the whole query: ties go to the better ranked, and an ask nothing matches goes to
/// [`pick`] of the whole ranking.
#[must_use]
pub fn best_for<'a>(analysis: &QueryAnalysis, ranked: &[Ranked<'a>]) -> Option<&'a Agent> {
    let mut best: Option<(u32, &'a Agent)> = None;
    for r in ranked {
        let s = score(r.agent, analysis);
        if s > best.map_or(0, |(b, _)| b) {
            best = Some((s, r.agent));
        }
    }
    best.map(|(_, agent)| agent).or_else(|| pick(ranked))
}

/// The agents that take over, in order, when `agent_id` fails: its `fallbacks` as listed in
/// `agents.toml` (checked by [`crate::parse`]: they exist and are not the agent itself).
/// Empty for an unknown id and for [`DEFAULT_AGENT`].
#[must_use]
pub fn fallback_chain<'a>(agent_id: &str, catalogue: &'a [Agent]) -> Vec<&'a Agent> {
    catalogue
        .iter()
        .find(|a| a.id == agent_id)
        .map(|agent| {
            agent
                .fallbacks
                .iter()
                .filter_map(|id| catalogue.iter().find(|a| a.id == *id && a.id != agent_id))
                .collect()
        })
        .unwrap_or_default()
}

/// The words of the agent's capabilities (`code_review` → `code`, `review`).
fn capability_words(agent: &Agent) -> impl Iterator<Item = &str> {
    agent
        .capabilities
        .iter()
        .flat_map(|c| c.split('_'))
        .filter(|w| !w.is_empty())
}

/// Equal, or both at least [`STEM_CHARS`] long with the same first [`STEM_CHARS`] chars.
fn same_stem(a: &str, b: &str) -> bool {
    a == b || a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count() >= STEM_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::analyse;

    fn catalogue() -> Vec<Agent> {
        crate::catalogue().expect("agents.toml is valid")
    }

    fn ranking(query: &str) -> Vec<(String, u32)> {
        let agents = catalogue();
        rank(&analyse(query), &agents)
            .into_iter()
            .map(|r| (r.agent.id.clone(), r.score))
            .collect()
    }

    fn top(query: &str) -> String {
        ranking(query)
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default()
    }

    #[test]
    fn queries_go_to_the_agent_they_are_about() {
        let cases = [
            ("write a python function to parse CSV", "code"),
            (
                "analyze this email from a customer about PO 12345",
                "email_analysis",
            ),
            (
                "research and compare the sources on wasm startup time",
                "research",
            ),
            (
                "plot the monthly revenue trend from this spreadsheet",
                "data_analysis",
            ),
            ("proofread and edit my cover letter", "writer"),
            (
                "install the agent and schedule the backup workflow",
                "tool_executor",
            ),
            ("debug this stack overflow", "code"),
        ];
        for (query, agent) in cases {
            assert_eq!(top(query), agent, "{query}: {:?}", ranking(query));
        }
    }

    #[test]
    fn every_agent_is_ranked_and_ties_keep_catalogue_order() {
        let ids: Vec<String> = catalogue().into_iter().map(|a| a.id).collect();
        let unmatched = ranking("hello there");
        assert!(unmatched.iter().all(|(_, s)| *s == 0));
        assert_eq!(
            unmatched.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
            ids
        );
        let scores: Vec<u32> = ranking("write a python function")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }

    #[test]
    fn scores_add_keywords_capabilities_and_identifiers() {
        let agents = catalogue();
        let get = |id: &str| agents.iter().find(|a| a.id == id).expect("agent");
        // `debug` is in the code row (3) and names the `debugging` capability (1).
        assert_eq!(score(get("code"), &analyse("debug")), 4);
        // `review` only names the `code_review` capability.
        assert_eq!(score(get("code"), &analyse("review")), 1);
        // A PO number points to the e-mail analyst even without e-mail words.
        assert_eq!(
            score(get("email_analysis"), &analyse("status of PO 4500012345")),
            3 + 2
        );
        assert_eq!(score(get("writer"), &analyse("hello")), 0);
    }

    #[test]
    fn unmatched_queries_go_to_the_default_agent() {
        let agents = catalogue();
        let ranked = rank(&analyse("hello there"), &agents);
        assert_eq!(pick(&ranked).map(|a| a.id.as_str()), Some(DEFAULT_AGENT));
        assert_eq!(pick(&[]), None);
        let ranked = rank(&analyse("write a python function"), &agents);
        assert_eq!(pick(&ranked).map(|a| a.id.as_str()), Some("code"));
    }

    #[test]
    fn parts_of_a_query_are_routed_among_the_whole_ranking() {
        let agents = catalogue();
        let ranked = rank(&analyse("research wasm and then write a memo"), &agents);
        let best = |ask: &str| best_for(&analyse(ask), &ranked).map(|a| a.id.clone());
        assert_eq!(best("write a memo").as_deref(), Some("writer"));
        assert_eq!(best("research wasm").as_deref(), Some("research"));
        // Nothing matches: the whole query's pick.
        assert_eq!(best("hello").as_deref(), Some("research"));
    }

    #[test]
    fn fallback_chains_end_in_the_default_agent() {
        let agents = catalogue();
        let chain = |id: &str| -> Vec<String> {
            fallback_chain(id, &agents)
                .into_iter()
                .map(|a| a.id.clone())
                .collect()
        };
        assert_eq!(chain("data_analysis"), ["research", "writer"]);
        assert_eq!(chain("tool_executor"), ["code", "writer"]);
        assert!(chain(DEFAULT_AGENT).is_empty());
        assert!(chain("ghost").is_empty());
        for a in &agents {
            let c = chain(&a.id);
            assert!(!c.contains(&a.id), "{} falls back to itself", a.id);
            if a.id != DEFAULT_AGENT {
                assert_eq!(
                    c.last().map(String::as_str),
                    Some(DEFAULT_AGENT),
                    "{}",
                    a.id
                );
            }
        }
    }
}
