//! The rule-based plan, for when no model writes one.

use super::{MAX_STEPS, Plan, Step};
use crate::asks;
use crate::query::{Complexity, QueryAnalysis, analyse};
use crate::route::{self, DEFAULT_AGENT, Ranked};

/// The description of the final step that merges the results of a multi-step plan.
pub const COMBINE_DESCRIPTION: &str = "Combine the results into one answer to the request.";

/// The description of the single step of a blank query.
const BLANK_QUERY: &str = "Answer the request.";

/// A deterministic plan for `query` without a model, from its `analysis` and the agents
/// `ranked` for it ([`route::rank`]):
/// - a simple query, or one with a single ask ([`asks::split`]): one step for the ranked
///   choice ([`route::pick`]), the whole query as its description;
/// - otherwise one step per ask, in order, each routed to its best agent
///   ([`route::best_for`]) and depending on the one before, then a final [`DEFAULT_AGENT`]
///   step ([`COMBINE_DESCRIPTION`]) that depends on them all. Asks beyond `MAX_STEPS - 1` are
///   joined (with `; `) into the last ask step.
///
/// Step ids are `s1`, `s2` ... When `ranked` is empty, steps name [`DEFAULT_AGENT`].
#[must_use]
pub fn rule_based(query: &str, analysis: &QueryAnalysis, ranked: &[Ranked<'_>]) -> Plan {
    let top = route::pick(ranked).map_or(DEFAULT_AGENT, |a| a.id.as_str());
    let asks = match analysis.complexity {
        Complexity::Simple => Vec::new(),
        Complexity::Moderate | Complexity::Complex => bounded(asks::split(query)),
    };
    if asks.len() < 2 {
        let description = match query.trim() {
            "" => BLANK_QUERY,
            q => q,
        };
        return Plan {
            steps: vec![step(1, top, description, Vec::new())],
        };
    }
    let mut steps: Vec<Step> = Vec::with_capacity(asks.len() + 1);
    for ask in &asks {
        let agent = route::best_for(&analyse(ask), ranked).map_or(top, |a| a.id.as_str());
        let previous = steps.last().map(|s| s.id.clone()).into_iter().collect();
        steps.push(step(steps.len() + 1, agent, ask, previous));
    }
    let combiner = ranked
        .iter()
        .find(|r| r.agent.id == DEFAULT_AGENT)
        .map_or(top, |r| r.agent.id.as_str());
    let all = steps.iter().map(|s| s.id.clone()).collect();
    steps.push(step(steps.len() + 1, combiner, COMBINE_DESCRIPTION, all));
    Plan { steps }
}

/// At most `MAX_STEPS - 1` asks: the ones beyond are joined into the last.
fn bounded(asks: Vec<&str>) -> Vec<String> {
    let keep = MAX_STEPS.saturating_sub(2);
    if asks.len() < MAX_STEPS {
        return asks.into_iter().map(str::to_owned).collect();
    }
    let mut out: Vec<String> = asks.iter().take(keep).map(|a| (*a).to_owned()).collect();
    out.push(
        asks.iter()
            .skip(keep)
            .copied()
            .collect::<Vec<_>>()
            .join("; "),
    );
    out
}

/// Step number `n`.
fn step(n: usize, agent: &str, description: &str, depends_on: Vec<String>) -> Step {
    Step {
        id: format!("s{n}"),
        agent: agent.to_owned(),
        description: description.to_owned(),
        depends_on,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Agent;

    fn catalogue() -> Vec<Agent> {
        crate::catalogue().expect("agents.toml is valid")
    }

    fn plan(query: &str, catalogue: &[Agent]) -> Plan {
        let analysis = analyse(query);
        rule_based(query, &analysis, &route::rank(&analysis, catalogue))
    }

    fn shape(plan: &Plan) -> Vec<(&str, &str, Vec<&str>)> {
        plan.steps
            .iter()
            .map(|s| {
                let deps = s.depends_on.iter().map(String::as_str).collect();
                (s.id.as_str(), s.agent.as_str(), deps)
            })
            .collect()
    }

    #[test]
    fn a_simple_query_is_one_step_for_the_top_agent() {
        let agents = catalogue();
        let p = plan("write a python function to parse CSV", &agents);
        assert_eq!(shape(&p), [("s1", "code", vec![])]);
        assert_eq!(
            p.steps[0].description,
            "write a python function to parse CSV"
        );
    }

    #[test]
    fn a_complex_query_with_three_asks_is_four_steps_ending_in_writer() {
        let agents = catalogue();
        let q = "Research the market for electric bikes in France. Then analyze the sales data \
                 in the attached CSV and compute the average growth. Finally write a blog post \
                 about the findings.";
        assert_eq!(analyse(q).complexity, Complexity::Complex);
        let p = plan(q, &agents);
        assert_eq!(
            shape(&p),
            [
                ("s1", "research", vec![]),
                ("s2", "data_analysis", vec!["s1"]),
                ("s3", "writer", vec!["s2"]),
                ("s4", "writer", vec!["s1", "s2", "s3"]),
            ]
        );
        assert_eq!(
            p.steps[1].description,
            "analyze the sales data in the attached CSV and compute the average growth"
        );
        assert_eq!(p.steps[3].description, COMBINE_DESCRIPTION);
        assert_eq!(p.validate(&agents), Ok(()));
    }

    #[test]
    fn many_asks_stay_within_the_step_budget() {
        let agents = catalogue();
        let q = (1..=9)
            .map(|i| format!("{i}. research topic number {i}\n"))
            .collect::<String>();
        let p = plan(&q, &agents);
        assert_eq!(p.steps.len(), MAX_STEPS);
        assert_eq!(
            p.steps[MAX_STEPS - 2].description,
            "research topic number 5; research topic number 6; research topic number 7; \
             research topic number 8; research topic number 9"
        );
        assert_eq!(p.validate(&agents), Ok(()));
    }

    #[test]
    fn rule_based_plans_are_always_valid() {
        let agents = catalogue();
        let queries = [
            "",
            "   ",
            "hello",
            "What is Rust? Why is it popular?",
            "Analyze this email from a customer about PO 12345 and then draft a reply.",
            "- deploy the service\n- run the smoke tests\n- write the release notes",
            "日本語で説明してください。そして、要約してください。",
            "\u{0}\u{200b}🙂. and then . , also ; 1) 2) • -",
            "Also. Then. Finally. And then. 1.\n2.\n:\n:",
            &"research wasm and then ".repeat(2000),
        ];
        for q in queries {
            let p = plan(q, &agents);
            assert!(p.steps.len() <= MAX_STEPS);
            assert_eq!(p.validate(&agents), Ok(()), "{q:?}: {p:?}");
            assert_eq!(p.waves().iter().map(Vec::len).sum::<usize>(), p.steps.len());
        }
        assert_eq!(plan("", &agents).steps[0].description, BLANK_QUERY);
    }

    #[test]
    fn without_agents_steps_name_the_default_agent() {
        let analysis = analyse("research X and then write Y");
        let p = rule_based("research X and then write Y", &analysis, &[]);
        assert!(p.steps.iter().all(|s| s.agent == DEFAULT_AGENT));
        assert_eq!(p.steps.len(), 3);
    }
}
