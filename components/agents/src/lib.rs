//! The agent catalogue: who the agents are, as data in `agents.toml` (one file, easy to
//! edit and extend), parsed once and checked by the tests.

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

/// Parse and check the catalogue: unique ids, no empty fields.
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
        if agents[..i].iter().any(|b| b.id == a.id) {
            return Err(CatalogueError::Invalid(format!(
                "agent id '{}' is repeated",
                a.id
            )));
        }
    }
    Ok(agents)
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
}
