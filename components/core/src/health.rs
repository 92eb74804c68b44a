//! The `GET /health` document.

use serde::{Deserialize, Serialize};

/// Overall status: `ok` when every check passes, `degraded` otherwise (still HTTP 200).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Every check passed.
    Ok,
    /// At least one check failed; the service still answers (fallbacks).
    Degraded,
}

/// Result of the key-value store check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KvCheck {
    /// `ok` when a write-read-delete round trip succeeded, `down` otherwise.
    pub status: String,
    /// Why the check failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Result of the language-model check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LlmCheck {
    /// `ok` when the primary provider's own health check passes, `down` otherwise
    /// (`unknown` is reserved by API.md for a check that could not run).
    pub status: String,
    /// Circuit-breaker state of the primary provider: `closed`, `open` or `half_open`.
    pub circuit: String,
}

/// Result of the fallback check (its templates run in the agent's own instance).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FallbackCheck {
    /// `ok` when the fallback templates' answer to a probe prompt names the probe's
    /// identifier, `down` otherwise.
    pub status: String,
}

/// All checks of the health document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checks {
    /// The key-value store.
    pub kv: KvCheck,
    /// The language-model provider chain.
    pub llm: LlmCheck,
    /// The fallback that answers when no model can.
    pub fallback: FallbackCheck,
}

/// The body of `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok` or `degraded`.
    pub status: Status,
    /// The deployed version.
    pub version: String,
    /// The individual checks.
    pub checks: Checks,
}

impl Health {
    /// The document for the given checks; degraded when the kv store or the fallback
    /// failed, or the model is known to be down.
    pub fn from_checks(checks: Checks) -> Self {
        let degraded = checks.kv.status != "ok"
            || checks.fallback.status != "ok"
            || checks.llm.status == "down";
        Self {
            status: if degraded {
                Status::Degraded
            } else {
                Status::Ok
            },
            version: crate::VERSION.to_owned(),
            checks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(status: &str) -> KvCheck {
        KvCheck {
            status: status.into(),
            error: None,
        }
    }

    fn llm(status: &str) -> LlmCheck {
        LlmCheck {
            status: status.into(),
            circuit: "closed".into(),
        }
    }

    fn status(kv_s: &str, llm_s: &str, fallback_s: &str) -> Status {
        Health::from_checks(Checks {
            kv: kv(kv_s),
            llm: llm(llm_s),
            fallback: FallbackCheck {
                status: fallback_s.into(),
            },
        })
        .status
    }

    #[test]
    fn ok_only_when_kv_and_fallback_are_ok_and_llm_is_not_down() {
        assert_eq!(status("ok", "unknown", "ok"), Status::Ok);
        assert_eq!(status("ok", "ok", "ok"), Status::Ok);
        assert_eq!(status("down", "ok", "ok"), Status::Degraded);
        assert_eq!(status("ok", "down", "ok"), Status::Degraded);
        assert_eq!(status("ok", "ok", "down"), Status::Degraded);
    }
}
