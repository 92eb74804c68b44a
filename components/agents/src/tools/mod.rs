//! The tools agents may call: the catalogue (`tools.toml`, data beside `agents.toml`),
//! which agents may use which tool, and the pure parts of calling one: checking the
//! arguments against the tool's schema ([`Tool::check`]), the arithmetic of `calculate`
//! ([`calculate`]), the URLs `http_get` may fetch ([`url`]) and the rule-based planner
//! that picks calls without a model ([`plan`]).
//! The component (`components/agent/src/tools/`) runs the calls.

pub mod calculate;
pub mod plan;
pub mod url;

use std::sync::LazyLock;

use serde::Deserialize;
use serde_json::{Value, json};

/// The catalogue source, compiled in.
const CATALOGUE: &str = include_str!("../../tools.toml");

/// One tool.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    /// Its name, as models call it.
    pub name: String,
    /// What it does, for models.
    pub description: String,
    /// What the caller's key needs for it (`agents`, `emails`, `conversations`).
    pub scope: String,
    /// The agents that may use it.
    pub agents: Vec<String>,
    /// The JSON Schema of its arguments (an object).
    pub parameters: Value,
}

impl Tool {
    /// OpenAI's `tools[]` entry for it.
    pub fn openai(&self) -> Value {
        json!({
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.parameters,
            }
        })
    }

    /// Whether `arguments` fit the tool's schema; why not, when they do not.
    pub fn check(&self, arguments: &Value) -> Result<(), String> {
        edgecrew_providers::check::validate(&self.parameters, arguments)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    tool: Vec<Tool>,
}

/// The catalogue, parsed once per instance.
static TOOLS: LazyLock<Result<Vec<Tool>, String>> = LazyLock::new(|| {
    toml::from_str::<File>(CATALOGUE)
        .map(|f| f.tool)
        .map_err(|e| format!("tools.toml: {e}"))
});

/// Every tool of the catalogue, or why `tools.toml` does not parse.
pub fn catalogue() -> Result<&'static [Tool], String> {
    TOOLS.as_deref().map_err(Clone::clone)
}

/// The tools `agent` may use, in catalogue order.
pub fn for_agent(agent: &str) -> Vec<&'static Tool> {
    catalogue()
        .unwrap_or_default()
        .iter()
        .filter(|t| t.agents.iter().any(|a| a == agent))
        .collect()
}

/// A tool by name.
pub fn named(name: &str) -> Option<&'static Tool> {
    catalogue().ok()?.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_parses_names_unique_agents_real_schemas_objects() {
        let tools = catalogue().expect("tools.toml parses");
        let agents = crate::catalogue().expect("agents.toml parses");
        let mut names: Vec<&str> = tools.iter().map(|t| t.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), tools.len(), "a tool name twice");
        for tool in tools {
            assert_eq!(tool.parameters["type"], "object", "{}", tool.name);
            assert!(["agents", "emails", "conversations"].contains(&tool.scope.as_str()));
            for agent in &tool.agents {
                assert!(
                    agents.iter().any(|a| &a.id == agent),
                    "{}: no agent '{agent}'",
                    tool.name
                );
            }
            assert_eq!(tool.openai()["function"]["name"], tool.name.as_str());
        }
        assert!(
            for_agent("tool_executor").len() == tools.len(),
            "the operator has every tool"
        );
    }

    #[test]
    fn arguments_are_checked_against_the_schema() {
        let calc = named("calculate").expect("calculate");
        assert_eq!(calc.check(&json!({"expression": "1 + 1"})), Ok(()));
        assert!(calc.check(&json!({})).is_err(), "required");
        assert!(calc.check(&json!({"expression": 5})).is_err(), "type");
        assert!(
            calc.check(&json!({"expression": "1", "extra": true}))
                .is_err(),
            "additional"
        );
        assert!(
            calc.check(&json!({"expression": "1".repeat(501)})).is_err(),
            "length"
        );
        assert!(named("exec").is_none());
    }
}
