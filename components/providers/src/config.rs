//! Provider settings from Spin variable values: the ordered providers, their timeouts,
//! the request deadline and the circuit breaker's policy.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `runtime_host_url` | `http://127.0.0.1:8081` | the first provider, named `runtime-host` |
//! | `runtime_host_api_key` | empty | bearer key sent to runtime-host, if it wants one |
//! | `extra_providers` | `[]` | more OpenAI-compatible providers, tried in order after runtime-host: `[{"name","url","model"?,"api_key"?}]` (their hosts must also be in the agent's `allowed_outbound_hosts`) |
//! | `provider_connect_timeout_ms` | 1000 | TCP/TLS connect |
//! | `provider_first_byte_timeout_ms` | 30000 | until the response head arrives (prompt processing) |
//! | `provider_between_bytes_timeout_ms` | 10000 | silence allowed while the body streams |
//! | `request_deadline_ms` | 60000 | everything one model call may take, retries included |
//! | `breaker_failure_threshold` | 3 | failures within the window that open a circuit |
//! | `breaker_window_seconds` | 60 | the failure-counting window |
//! | `breaker_cooldown_seconds` | 30 | how long an open circuit skips its provider before a probe |

use serde::Deserialize;

/// The name runtime-host answers under in `provider.name`.
pub const RUNTIME_HOST: &str = "runtime-host";

/// One OpenAI-compatible provider.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    /// Reported as `provider.name`; also the circuit breaker's key.
    pub name: String,
    /// Base URL; requests go to `{url}/v1/chat/completions`.
    pub url: String,
    /// Model to ask for; when absent the server's own model is used.
    #[serde(default)]
    pub model: Option<String>,
    /// Bearer key, when the provider needs one.
    #[serde(default)]
    pub api_key: Option<String>,
}

impl ProviderSpec {
    /// The chat-completions endpoint.
    pub fn chat_url(&self) -> String {
        format!("{}/v1/chat/completions", self.url.trim_end_matches('/'))
    }
}

/// Outbound timeouts of one attempt, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Connecting.
    pub connect_ms: u64,
    /// Until the response head.
    pub first_byte_ms: u64,
    /// Between two body chunks.
    pub between_bytes_ms: u64,
}

/// When a circuit opens and how long it stays open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerPolicy {
    /// Failures within the window that open the circuit.
    pub failure_threshold: u64,
    /// Length of the failure-counting window.
    pub window_ms: u64,
    /// How long an open circuit skips its provider before one probe.
    pub cooldown_ms: u64,
}

/// Everything the chain needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Providers in the order they are tried (runtime-host first).
    pub providers: Vec<ProviderSpec>,
    /// Per-attempt timeouts.
    pub timeouts: Timeouts,
    /// Everything one model call may take.
    pub deadline_ms: u64,
    /// Circuit breaker policy, the same for every provider.
    pub breaker: BreakerPolicy,
}

/// A variable holds something unusable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// A number variable is not a positive integer.
    #[error("variable {name} must be a positive integer, got '{value}'")]
    Number {
        /// The variable.
        name: &'static str,
        /// What it held.
        value: String,
    },
    /// `extra_providers` is not a JSON list of providers.
    #[error("variable extra_providers: {0}")]
    ExtraProviders(String),
}

/// Read a positive integer variable, or its default when unset or empty.
fn number(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u64,
) -> Result<u64, ConfigError> {
    match lookup(name).filter(|v| !v.trim().is_empty()) {
        None => Ok(default),
        Some(value) => match value.trim().parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(ConfigError::Number { name, value }),
        },
    }
}

impl Settings {
    /// Build the settings from variable values (`lookup(name)`; `None` when unset).
    pub fn from_variables(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let url = lookup("runtime_host_url")
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "http://127.0.0.1:8081".to_owned());
        let mut providers = vec![ProviderSpec {
            name: RUNTIME_HOST.to_owned(),
            url,
            model: None,
            api_key: lookup("runtime_host_api_key").filter(|k| !k.is_empty()),
        }];
        if let Some(extra) = lookup("extra_providers").filter(|v| !v.trim().is_empty()) {
            let more: Vec<ProviderSpec> = serde_json::from_str(&extra)
                .map_err(|e| ConfigError::ExtraProviders(e.to_string()))?;
            for p in more {
                if p.name.trim().is_empty() || p.name == "fallback" {
                    return Err(ConfigError::ExtraProviders(format!(
                        "provider name '{}' is empty or reserved",
                        p.name
                    )));
                }
                if providers.iter().any(|q| q.name == p.name) {
                    return Err(ConfigError::ExtraProviders(format!(
                        "provider name '{}' is repeated",
                        p.name
                    )));
                }
                providers.push(p);
            }
        }
        Ok(Self {
            providers,
            timeouts: Timeouts {
                connect_ms: number(&lookup, "provider_connect_timeout_ms", 1_000)?,
                first_byte_ms: number(&lookup, "provider_first_byte_timeout_ms", 30_000)?,
                between_bytes_ms: number(&lookup, "provider_between_bytes_timeout_ms", 10_000)?,
            },
            deadline_ms: number(&lookup, "request_deadline_ms", 60_000)?,
            breaker: BreakerPolicy {
                failure_threshold: number(&lookup, "breaker_failure_threshold", 3)?,
                window_ms: number(&lookup, "breaker_window_seconds", 60)?.saturating_mul(1000),
                cooldown_ms: number(&lookup, "breaker_cooldown_seconds", 30)?.saturating_mul(1000),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Settings::from_variables(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_put_runtime_host_first_with_bounded_timeouts() {
        let s = settings(&[]).expect("defaults");
        assert_eq!(s.providers.len(), 1);
        assert_eq!(s.providers[0].name, RUNTIME_HOST);
        assert_eq!(
            s.providers[0].chat_url(),
            "http://127.0.0.1:8081/v1/chat/completions"
        );
        assert!(s.timeouts.connect_ms < s.deadline_ms);
        assert!(s.timeouts.first_byte_ms < s.deadline_ms);
        assert_eq!(s.breaker.cooldown_ms, 30_000);
    }

    #[test]
    fn extra_providers_follow_runtime_host_in_order() {
        let s = settings(&[
            ("runtime_host_url", "http://rh:9000/"),
            ("runtime_host_api_key", "k1"),
            (
                "extra_providers",
                r#"[{"name":"backup","url":"https://llm.example.com","model":"m","api_key":"k2"}]"#,
            ),
            ("breaker_cooldown_seconds", "2"),
        ])
        .expect("valid");
        let names: Vec<&str> = s.providers.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, [RUNTIME_HOST, "backup"]);
        assert_eq!(
            s.providers[0].chat_url(),
            "http://rh:9000/v1/chat/completions"
        );
        assert_eq!(s.providers[0].api_key.as_deref(), Some("k1"));
        assert_eq!(s.providers[1].model.as_deref(), Some("m"));
        assert_eq!(s.breaker.cooldown_ms, 2_000);
    }

    #[test]
    fn unusable_values_are_errors_that_name_the_variable() {
        let e = settings(&[("breaker_failure_threshold", "0")]).expect_err("zero");
        assert!(e.to_string().contains("breaker_failure_threshold"));
        assert!(settings(&[("request_deadline_ms", "soon")]).is_err());
        assert!(settings(&[("extra_providers", "{}")]).is_err());
        assert!(settings(&[("extra_providers", r#"[{"name":"fallback","url":"x"}]"#)]).is_err());
        assert!(
            settings(&[("extra_providers", r#"[{"name":"runtime-host","url":"x"}]"#)]).is_err()
        );
        assert!(settings(&[("extra_providers", r#"[{"name":"a","url":"x","typo":1}]"#)]).is_err());
    }
}
