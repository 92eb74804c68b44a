//! Why one provider attempt failed, and how that shows in `provider.fallback_reason`.

use serde::Serialize;

/// One failed attempt. Only failures that say the provider is unhealthy count against its
/// circuit ([`Failure::counts_against_provider`]): not [`Failure::CircuitOpen`] (no request
/// was made), [`Failure::Rejected`] and [`Failure::Truncated`] (the request asked for what
/// could not be given), nor [`Failure::Overloaded`] (the provider is alive and busy) — so a
/// client cannot open the circuit for everyone with requests that are bound to fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// The circuit is open: the provider was skipped without a request.
    #[error("circuit open: the provider failed recently and is cooling down")]
    CircuitOpen,
    /// No connection could be made (refused, DNS, denied host).
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Connect, first-byte or between-bytes timeout, or the request's deadline.
    #[error("timeout: {0}")]
    Timeout(String),
    /// The provider answered 5xx.
    #[error("server error: HTTP {0}")]
    ServerError(u16),
    /// The provider is busy (429, or 503 with `Retry-After`); worth one retry.
    #[error("overloaded: HTTP {status}")]
    Overloaded {
        /// The status answered.
        status: u16,
        /// What `Retry-After` asked for, in milliseconds.
        retry_after_ms: Option<u64>,
    },
    /// The provider refused the request as malformed (4xx other than 429).
    #[error("rejected: HTTP {status}: {detail}")]
    Rejected {
        /// The status answered.
        status: u16,
        /// The provider's explanation, shortened.
        detail: String,
    },
    /// The answer was empty.
    #[error("empty output")]
    EmptyOutput,
    /// The answer did not parse, or did not match the requested schema.
    #[error("invalid output: {0}")]
    InvalidOutput(String),
    /// The answer was cut off by the request's own `max_tokens` before it was usable.
    #[error("truncated: the output reached max_tokens before it was complete ({0})")]
    Truncated(String),
}

impl Failure {
    /// The `fallback_reason` value of API.md for this failure.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::CircuitOpen => "circuit_open",
            Self::Unavailable(_) => "unavailable",
            Self::Timeout(_) => "timeout",
            Self::ServerError(_) => "server_error",
            Self::Overloaded { .. } => "overloaded",
            Self::Rejected { .. } => "rejected",
            Self::EmptyOutput => "empty_output",
            Self::InvalidOutput(_) => "invalid_output",
            Self::Truncated(_) => "truncated",
        }
    }

    /// Whether the failure says the provider is unhealthy (and so feeds its circuit).
    pub fn counts_against_provider(&self) -> bool {
        !matches!(
            self,
            Self::CircuitOpen
                | Self::Rejected { .. }
                | Self::Truncated(_)
                | Self::Overloaded { .. }
        )
    }

    /// Whether the request, not the provider, made the attempt fail: a provider answering
    /// only such failures is up, and the client should hear 422 rather than 503.
    pub fn is_client_caused(&self) -> bool {
        matches!(self, Self::Rejected { .. } | Self::Truncated(_))
    }

    /// Whether trying the same provider again, shortly, can help.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Overloaded { .. })
    }

    /// Classify an HTTP status that is not a success.
    pub fn from_status(status: u16, retry_after_ms: Option<u64>, detail: &str) -> Self {
        match status {
            429 => Self::Overloaded {
                status,
                retry_after_ms,
            },
            503 if retry_after_ms.is_some() => Self::Overloaded {
                status,
                retry_after_ms,
            },
            500..=599 => Self::ServerError(status),
            // Wrong key, wrong URL or wrong method: every request would fail the same way,
            // so it counts against the provider (and opens its circuit) like an outage.
            401 | 403 | 404 | 405 => Self::Unavailable(format!(
                "HTTP {status}: the provider refuses this deployment's requests (check its URL and key)"
            )),
            _ => Self::Rejected {
                status,
                detail: detail.chars().take(200).collect(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified_by_what_a_retry_or_the_breaker_should_do() {
        let busy = Failure::from_status(503, Some(1000), "");
        assert_eq!(busy.reason(), "overloaded");
        assert!(busy.is_retryable() && !busy.counts_against_provider());
        let down = Failure::from_status(503, None, "");
        assert_eq!(down, Failure::ServerError(503));
        assert!(!down.is_retryable());
        let bad = Failure::from_status(400, None, &"x".repeat(500));
        assert_eq!(bad.reason(), "rejected");
        assert!(!bad.counts_against_provider());
        assert!(matches!(bad, Failure::Rejected { ref detail, .. } if detail.len() == 200));
        assert!(Failure::from_status(429, None, "").is_retryable());
        let misconfigured = Failure::from_status(401, None, "");
        assert_eq!(misconfigured.reason(), "unavailable");
        assert!(misconfigured.counts_against_provider());
        assert!(!Failure::CircuitOpen.counts_against_provider());
        let cut = Failure::Truncated("x".into());
        assert!(!cut.counts_against_provider() && cut.is_client_caused());
        assert!(Failure::InvalidOutput("x".into()).counts_against_provider());
        assert!(Failure::Timeout("x".into()).counts_against_provider());
    }
}
