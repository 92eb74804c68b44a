//! What a call of the chain yields: the answer with the provider that gave it, each
//! failed attempt before it, or the error when no provider could answer; and which
//! providers a call may use.

use edgecrew_providers::Failure;
use edgecrew_providers::config::{ConfigError, ProviderSpec};
use edgecrew_providers::openai::Usage;
use edgecrew_providers::tool_calls::ToolCallRequest;
use serde::Serialize;
use serde_json::Value;

/// Which providers a call may use (API.md: `"provider": "auto" | "primary" | "fallback"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Models first, then the fallback.
    Auto,
    /// Models only; no degraded answer.
    Primary,
    /// The fallback only.
    Fallback,
}

impl Route {
    /// Parse the request's `provider` field (absent: `auto`).
    pub fn parse(value: Option<&str>) -> Self {
        match value {
            Some("primary") => Self::Primary,
            Some("fallback") => Self::Fallback,
            _ => Self::Auto,
        }
    }
}

/// One provider that did not answer, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Attempt {
    /// The provider's name.
    pub provider: String,
    /// The `fallback_reason` value of the failure.
    pub reason: &'static str,
    /// What happened.
    pub detail: String,
}

impl Attempt {
    /// The record of `failure` at `spec`.
    pub fn of(spec: &ProviderSpec, failure: &Failure) -> Self {
        Self {
            provider: spec.name.clone(),
            reason: failure.reason(),
            detail: failure.to_string(),
        }
    }
}

/// `provider` of an answer, as API.md shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ProviderReport {
    /// `runtime-host`, a configured provider's name, or `fallback`.
    pub name: String,
    /// The model that answered (`edgecrew-templates` for the fallback).
    pub model: String,
    /// Why the answer is not from the first provider; `null` when it is.
    pub fallback_reason: Option<&'static str>,
    /// The fallback's template family.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<Value>,
    /// The providers tried before this one, with their failures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attempts: Vec<Attempt>,
}

impl ProviderReport {
    /// What is known of `spec` when it starts streaming after `attempts` failed: enough
    /// for the response's provider headers, sent before the answer is complete.
    pub fn streaming(spec: &ProviderSpec, attempts: &[Attempt]) -> Self {
        Self {
            name: spec.name.clone(),
            model: spec.model.clone().unwrap_or_default(),
            fallback_reason: attempts.first().map(|a| a.reason),
            template: None,
            attempts: attempts.to_vec(),
        }
    }
}

/// An answer from some provider of the chain.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The text.
    pub text: String,
    /// The parsed JSON when a schema was requested and a model matched it.
    pub json: Option<Value>,
    /// Who answered.
    pub provider: ProviderReport,
    /// Token counts (words for the fallback, which has no tokenizer).
    pub usage: Usage,
    /// Generation speed: the provider's own figure, else completion tokens over time.
    pub tokens_per_second: f64,
    /// Wall time of the whole call.
    pub total_ms: f64,
    /// Why generation stopped, as OpenAI says it: `length` at the token limit, else `stop`.
    pub finish_reason: &'static str,
    /// The tools the model asked to call (none from the fallback).
    pub tool_calls: Vec<ToolCallRequest>,
}

impl Answer {
    /// `usage` as API.md shows it.
    pub fn usage_json(&self) -> Value {
        serde_json::json!(self.usage)
    }

    /// `timings` as API.md shows it.
    pub fn timings_json(&self) -> Value {
        serde_json::json!({ "total_ms": self.total_ms, "tokens_per_second": self.tokens_per_second })
    }
}

/// Why the chain gave no answer at all.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// A provider variable is unusable (a deployment fault).
    #[error("provider configuration: {0}")]
    Config(#[from] ConfigError),
    /// `provider: "primary"` and no model answered.
    #[error("no model answered: {}", describe(.0))]
    NoModel(Vec<Attempt>),
}

fn describe(attempts: &[Attempt]) -> String {
    if attempts.is_empty() {
        return "no provider is configured".into();
    }
    attempts
        .iter()
        .map(|a| format!("{} ({}: {})", a.provider, a.reason, a.detail))
        .collect::<Vec<_>>()
        .join("; ")
}

impl ChainError {
    /// The HTTP status this error answers with: 422 when every provider answered but
    /// refused or could not complete what the request asked (its fault, not theirs).
    pub fn status(&self) -> u16 {
        match self {
            Self::Config(_) => 500,
            Self::NoModel(attempts)
                if !attempts.is_empty()
                    && attempts
                        .iter()
                        .all(|a| ["rejected", "truncated"].contains(&a.reason)) =>
            {
                422
            }
            Self::NoModel(_) => 503,
        }
    }
}
