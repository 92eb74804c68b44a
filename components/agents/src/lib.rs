//! The agent catalogue and the orchestrator's pure logic: no I/O, no clock, no randomness,
//! no threads, so it builds natively and for `wasm32-wasip2` and every function is
//! deterministic. The component that calls the model (`components/agent`) drives it.
//!
//! Layout, in pipeline order:
//! - this file — the catalogue: who the agents are, as data in `agents.toml` (one file, easy
//!   to edit and extend), parsed once and checked; each agent names its `fallbacks`.
//! - [`lexicon`] — the keyword table: which words point to which agent.
//! - [`asks`] — splitting a request into its separate asks (sentences, "and then", lists).
//! - [`query`] — analysing a query: intent, entities, complexity, routing keywords.
//! - [`route`] — scoring and ranking the agents for a query; fallback chains.
//! - [`plan`] — the plan: its JSON Schema for the model, checking a model's plan, the
//!   rule-based plan without a model, and the execution order in dependency waves.
//! - [`review`] — checking the step outcomes, the context handed to a step from the steps it
//!   depends on, and composing the final answer.
//! - [`tools`] — the tool catalogue (`tools.toml`), argument checks, `calculate`'s
//!   arithmetic and the rule-based planner of tool calls.

#![deny(missing_docs)]

pub mod asks;
pub mod lexicon;
pub mod plan;
pub mod query;
pub mod review;
pub mod route;
mod text;
pub mod tools;

use serde::{Deserialize, Serialize};

/// The catalogue source, compiled in.
const CATALOGUE: &str = include_str!("../agents.toml");

/// One agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    /// Stable id used in routes (`/v1/agents/{id}/execute`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// The agent's role.
    pub role: String,
    /// What the agent is for.
    pub goal: String,
    /// What the agent can do; the orchestrator routes on these.
    pub capabilities: Vec<String>,
    /// Sent to the model as the system message.
    pub system_prompt: String,
    /// Agents that take over, in order, when this one fails (see [`route::fallback_chain`]).
    #[serde(default)]
    pub fallbacks: Vec<String>,
}

/// The public view of an agent (API.md: `GET /v1/agents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgentSummary<'a> {
    /// Agent id.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Role.
    pub role: &'a str,
    /// Goal.
    pub goal: &'a str,
    /// Capabilities.
    pub capabilities: &'a [String],
}

impl Agent {
    /// The public view.
    pub fn summary(&self) -> AgentSummary<'_> {
        AgentSummary {
            id: &self.id,
            name: &self.name,
            role: &self.role,
            goal: &self.goal,
            capabilities: &self.capabilities,
        }
    }
}

/// Why the catalogue is unusable.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    /// `agents.toml` does not parse.
    #[error("agents.toml: {0}")]
    Parse(#[from] toml::de::Error),
    /// An entry is incomplete or repeated.
    #[error("agents.toml: {0}")]
    Invalid(String),
}

#[derive(Deserialize)]
struct File {
    agent: Vec<Agent>,
}

/// Parse and check the catalogue: unique ids, no empty fields, and fallbacks that name other
/// agents of the catalogue, each at most once.
pub fn parse(source: &str) -> Result<Vec<Agent>, CatalogueError> {
    let agents = toml::from_str::<File>(source)?.agent;
    for (i, a) in agents.iter().enumerate() {
        let fields = [&a.id, &a.name, &a.role, &a.goal, &a.system_prompt];
        if fields.iter().any(|f| f.trim().is_empty()) || a.capabilities.is_empty() {
            return Err(CatalogueError::Invalid(format!(
                "agent '{}' has an empty field",
                a.id
            )));
        }
        if agents.iter().take(i).any(|b| b.id == a.id) {
            return Err(CatalogueError::Invalid(format!(
                "agent id '{}' is repeated",
                a.id
            )));
        }
        check_fallbacks(a, &agents)?;
    }
    Ok(agents)
}

/// An agent's fallbacks exist, are not the agent itself and are not repeated.
fn check_fallbacks(agent: &Agent, agents: &[Agent]) -> Result<(), CatalogueError> {
    for (j, f) in agent.fallbacks.iter().enumerate() {
        let problem = if *f == agent.id {
            "is the agent itself"
        } else if !agents.iter().any(|b| b.id == *f) {
            "is not an agent of the catalogue"
        } else if agent.fallbacks.iter().take(j).any(|g| g == f) {
            "is repeated"
        } else {
            continue;
        };
        return Err(CatalogueError::Invalid(format!(
            "agent '{}': fallback '{f}' {problem}",
            agent.id
        )));
    }
    Ok(())
}

/// The compiled-in catalogue.
pub fn catalogue() -> Result<Vec<Agent>, CatalogueError> {
    parse(CATALOGUE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_has_exactly_the_agents_the_api_names() {
        let agents = catalogue().expect("agents.toml is valid");
        let ids: Vec<&str> = agents.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, edgecrew_validation_rules::routes::AGENT_IDS);
        for a in &agents {
            assert!(
                a.system_prompt.len() > 80,
                "{} needs a real system prompt",
                a.id
            );
        }
    }

    #[test]
    fn incomplete_or_repeated_entries_are_rejected() {
        let one = "[[agent]]\nid='a'\nname='A'\nrole='r'\ngoal='g'\ncapabilities=['c']\nsystem_prompt='p'\n";
        assert!(parse(one).is_ok());
        assert!(parse(&format!("{one}{one}")).is_err(), "repeated id");
        assert!(
            parse(&one.replace("goal='g'", "goal=' '")).is_err(),
            "empty goal"
        );
        assert!(parse(&one.replace("capabilities=['c']", "capabilities=[]")).is_err());
        assert!(parse(&format!("{one}extra=1\n")).is_err(), "unknown field");
    }

    #[test]
    fn fallbacks_must_name_other_agents_once() {
        let agent = |id: &str, fallbacks: &str| {
            format!(
                "[[agent]]\nid='{id}'\nname='N'\nrole='r'\ngoal='g'\ncapabilities=['c']\n\
                 system_prompt='p'\nfallbacks={fallbacks}\n"
            )
        };
        let ok = format!("{}{}", agent("a", "['b']"), agent("b", "[]"));
        assert_eq!(parse(&ok).expect("valid")[0].fallbacks, ["b"]);
        let error = |source: String| parse(&source).expect_err("invalid").to_string();
        assert_eq!(
            error(agent("a", "['a']")),
            "agents.toml: agent 'a': fallback 'a' is the agent itself"
        );
        assert_eq!(
            error(agent("a", "['ghost']")),
            "agents.toml: agent 'a': fallback 'ghost' is not an agent of the catalogue"
        );
        assert_eq!(
            error(format!("{}{}", agent("a", "['b', 'b']"), agent("b", "[]"))),
            "agents.toml: agent 'a': fallback 'b' is repeated"
        );
        let without = "[[agent]]\nid='a'\nname='A'\nrole='r'\ngoal='g'\ncapabilities=['c']\nsystem_prompt='p'\n";
        assert!(
            parse(without).expect("fallbacks are optional")[0]
                .fallbacks
                .is_empty()
        );
    }
}
