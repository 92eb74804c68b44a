//! `GET /v1/agents`: the catalogue's public view.

use edgecrew_core::Problem;
use serde_json::json;

use crate::respond::{self, Response};

/// The agents, without their system prompts.
pub fn list(request_id: &str) -> Response {
    match edgecrew_agents::catalogue() {
        Ok(agents) => {
            let summaries: Vec<_> = agents.iter().map(edgecrew_agents::Agent::summary).collect();
            respond::json(200, &json!({ "agents": summaries }))
        }
        Err(e) => respond::problem(&Problem::new(500, e.to_string(), request_id)),
    }
}
