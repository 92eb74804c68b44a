//! The audit log: one record per request, appended under a sequence number from an
//! atomic counter (`audit:seq`), so records are ordered and never overwrite each other.
//! `audit:tail` counts records removed by retention from the front. A record also carries
//! what the request metrics count (route, provider, fallback reason, ms), so counting a
//! request costs no store write of its own (`edgecrew_core::metrics`).

use edgecrew_core::metrics::Observation;
use serde::{Deserialize, Serialize};

/// Counter key of the last sequence number handed out.
pub const SEQ_KEY: &str = "audit:seq";
/// Counter key of the last sequence number removed by retention.
pub const TAIL_KEY: &str = "audit:tail";
/// Counter key of the last sequence number a backup import appended: records up to it
/// may be out of time order.
pub const UNORDERED_TO_KEY: &str = "audit:unordered_to";
/// Counter of the blocks backup imports appended ([`imported_block_key`]).
pub const IMPORTED_COUNT_KEY: &str = "audit:imported";

/// Block `n` a backup import appended: `[first, last]` sequence numbers, whose records
/// are restored history, not requests this store served (the metrics skip them).
pub fn imported_block_key(n: i64) -> String {
    format!("audit:imported:{n}")
}

/// The key of record `seq`, zero-padded so keys sort in sequence order.
pub fn record_key(seq: i64) -> String {
    format!("audit:{seq:020}")
}

/// One audited request. Secrets and bodies are never part of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// RFC 3339 time of the request.
    pub at: String,
    /// Unix ms of the request (for range queries).
    pub at_ms: i64,
    /// The request id.
    pub request_id: String,
    /// The authenticated key id, if any.
    pub key_id: Option<String>,
    /// HTTP method.
    pub method: String,
    /// Path, without the query string.
    pub path: String,
    /// Response status.
    pub status: u16,
    /// What happened: `request`, `key.created`, `key.rotated`, `key.revoked`,
    /// `auth.failed`, `auth.forbidden`, `rate_limited`, `request.invalid`,
    /// `backup.exported`, `backup.imported`, `email.transitioned`.
    pub action: String,
    /// The key a key action applied to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
    /// What a workflow action changed (`{email_id}: {from} -> {to}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The route pattern of the endpoint table, or `unmatched` (with `ms`: counted in
    /// the metrics).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Who answered (`x-edgecrew-provider`), `none` if no provider did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Why a fallback answered (`x-edgecrew-fallback-reason`), `none` if none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback_reason: Option<String>,
    /// Milliseconds until the response head.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ms: Option<u64>,
}

impl AuditEvent {
    /// What the metrics count of this request; `None` for a record written without
    /// them (before they were kept here, or with `request_metrics` off).
    pub fn observation(&self) -> Option<Observation> {
        Some(Observation {
            method: self.method.clone(),
            route: self.route.clone()?,
            status: self.status,
            provider: self.provider.clone()?,
            reason: self.fallback_reason.clone()?,
            ms: self.ms?,
        })
    }
}

/// The action to record for a finished request that did not set its own.
pub fn action_for_status(status: u16) -> &'static str {
    match status {
        401 => "auth.failed",
        403 => "auth.forbidden",
        429 => "rate_limited",
        400 | 405 | 413 | 415 => "request.invalid",
        _ => "request",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keys_sort_in_sequence_order() {
        let mut keys: Vec<String> = [10, 9, 100, 1].into_iter().map(record_key).collect();
        keys.sort();
        assert_eq!(
            keys,
            vec![
                record_key(1),
                record_key(9),
                record_key(10),
                record_key(100)
            ]
        );
    }

    #[test]
    fn a_record_with_its_measurements_is_an_observation_and_one_without_is_not() {
        let bare = r#"{"at":"2026-12-07T00:00:00Z","at_ms":1,"request_id":"r","key_id":null,"method":"GET","path":"/v1/agents","status":200,"action":"request"}"#;
        let bare: AuditEvent = serde_json::from_str(bare).expect("an older record parses");
        assert_eq!(bare.observation(), None);
        let measured = AuditEvent {
            route: Some("/v1/agents".into()),
            provider: Some("none".into()),
            fallback_reason: Some("none".into()),
            ms: Some(4),
            ..bare
        };
        let obs = measured.observation().expect("observation");
        assert_eq!(
            (obs.route.as_str(), obs.status, obs.ms),
            ("/v1/agents", 200, 4)
        );
        let stored = serde_json::to_string(&measured).expect("serializes");
        assert!(stored.contains(r#""ms":4"#), "{stored}");
        assert_eq!(
            serde_json::from_str::<AuditEvent>(&stored).expect("parses"),
            measured
        );
    }

    #[test]
    fn statuses_map_to_actions() {
        assert_eq!(action_for_status(401), "auth.failed");
        assert_eq!(action_for_status(429), "rate_limited");
        assert_eq!(action_for_status(200), "request");
        assert_eq!(action_for_status(404), "request");
    }
}
