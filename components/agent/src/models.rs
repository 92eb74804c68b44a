//! The models an OpenAI client may name (`GET /v1/models`, `GET /v1/models/{id}`, and
//! `model` in `/v1/chat/completions`): each agent (its system prompt goes first), `edgecrew`
//! (the chain: models first, then the fallback), `edgecrew-templates` (the fallback only),
//! and each configured provider by name and by its configured model (the chain as well).

use edgecrew_agents::Agent;
use edgecrew_providers::config::Settings;
use serde_json::{Value, json};

use crate::chat::error;
use crate::respond::{self, Response};

/// The model name of the whole chain.
pub const CHAIN: &str = "edgecrew";

/// The model name of the fallback's templates.
pub const FALLBACK: &str = "edgecrew-templates";

/// What a model name runs.
#[derive(Debug, Clone)]
pub enum Target {
    /// An agent: its system prompt, then the chain.
    Agent(Agent),
    /// The chain: models first, then the fallback.
    Chain,
    /// The fallback alone.
    Fallback,
}

/// One entry of the list: its id, what it is, and a line about it.
struct Entry {
    id: String,
    kind: &'static str,
    description: String,
    target: Target,
}

/// Every model name, agents first.
fn entries(agents: &[Agent], settings: &Settings) -> Vec<Entry> {
    let mut out: Vec<Entry> = agents
        .iter()
        .map(|a| Entry {
            id: a.id.clone(),
            kind: "agent",
            description: format!("{}: {}", a.role, a.goal),
            target: Target::Agent(a.clone()),
        })
        .collect();
    out.push(Entry {
        id: CHAIN.into(),
        kind: "chain",
        description: "the provider chain: models in order, then the fallback".into(),
        target: Target::Chain,
    });
    out.push(Entry {
        id: FALLBACK.into(),
        kind: "fallback",
        description: "deterministic rule- and template-based answers, marked as degraded".into(),
        target: Target::Fallback,
    });
    for spec in &settings.providers {
        for id in std::iter::once(&spec.name).chain(spec.model.as_ref()) {
            if !out.iter().any(|e| &e.id == id) {
                out.push(Entry {
                    id: id.clone(),
                    kind: "provider",
                    description: format!("the chain, starting with provider '{}'", spec.name),
                    target: Target::Chain,
                });
            }
        }
    }
    out
}

/// What `name` runs, if it is a model of this deployment.
pub fn resolve(name: &str, agents: &[Agent], settings: &Settings) -> Option<Target> {
    entries(agents, settings)
        .into_iter()
        .find(|e| e.id == name)
        .map(|e| e.target)
}

/// The names a client may use, for error messages.
pub fn names(agents: &[Agent], settings: &Settings) -> Vec<String> {
    entries(agents, settings)
        .into_iter()
        .map(|e| e.id)
        .collect()
}

/// A model object as OpenAI lists it, with an `edgecrew` object saying what it is.
fn object(entry: &Entry) -> Value {
    json!({
        "id": entry.id,
        "object": "model",
        "created": 0,
        "owned_by": "edgecrew",
        "edgecrew": { "kind": entry.kind, "description": entry.description },
    })
}

/// The catalogue and the chain's settings, or the error response.
async fn load(request_id: &str) -> Result<(Vec<Agent>, Settings), Response> {
    let agents =
        edgecrew_agents::catalogue().map_err(|e| error(500, &e.to_string(), request_id))?;
    let settings = crate::chain::settings::load()
        .await
        .map_err(|e| error(500, &format!("provider configuration: {e}"), request_id))?;
    Ok((agents, settings))
}

/// `GET /v1/models`.
pub async fn list(request_id: &str) -> Response {
    match load(request_id).await {
        Ok((agents, settings)) => {
            let data: Vec<Value> = entries(&agents, &settings).iter().map(object).collect();
            respond::json(200, &json!({ "object": "list", "data": data }))
        }
        Err(resp) => resp,
    }
}

/// `GET /v1/models/{id}`.
pub async fn retrieve(id: &str, request_id: &str) -> Response {
    let (agents, settings) = match load(request_id).await {
        Ok(loaded) => loaded,
        Err(resp) => return resp,
    };
    match entries(&agents, &settings).iter().find(|e| e.id == id) {
        Some(entry) => respond::json(200, &object(entry)),
        None => crate::chat::unknown_model(id, &agents, &settings, request_id),
    }
}
