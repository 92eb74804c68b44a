//! The audit log: one record per request, appended under a sequence number from an
//! atomic counter (`audit:seq`), so records are ordered and never overwrite each other.
//! `audit:tail` counts records removed by retention from the front.

use serde::{Deserialize, Serialize};

/// Counter key of the last sequence number handed out.
pub const SEQ_KEY: &str = "audit:seq";
/// Counter key of the last sequence number removed by retention.
pub const TAIL_KEY: &str = "audit:tail";
/// Counter key of the last sequence number a backup import appended: records up to it
/// may be out of time order.
pub const UNORDERED_TO_KEY: &str = "audit:unordered_to";

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
    /// `backup.exported`, `backup.imported`.
    pub action: String,
    /// The key a key action applied to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_key_id: Option<String>,
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
    fn statuses_map_to_actions() {
        assert_eq!(action_for_status(401), "auth.failed");
        assert_eq!(action_for_status(429), "rate_limited");
        assert_eq!(action_for_status(200), "request");
        assert_eq!(action_for_status(404), "request");
    }
}
