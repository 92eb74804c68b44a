//! What every finished request leaves behind besides its audit record: two metric
//! counters in the store (layout in `edgecrew_core::metrics`) and one JSON log line on
//! standard output (request id, key id, route, status, provider, ms; never a secret or a
//! body), which `spin up` keeps in `<state dir>/logs/validation_stdout.txt`.

use edgecrew_core::metrics::{self, Observation, REGISTRY_COUNT_KEY};
use std::io::Write as _;

use serde_json::json;

use edgecrew_kv::{Kv, Result};

/// Count `obs` in the shared metrics: one increment of its series, one of its route's
/// milliseconds, and a registry entry when the series reaches a registration count.
pub async fn count(kv: &Kv, obs: &Observation) -> Result<()> {
    let key = obs.requests_key();
    let count = kv.increment(&key, 1)?;
    kv.increment(&obs.millis_key(), i64::try_from(obs.ms).unwrap_or(i64::MAX))?;
    if metrics::should_register(count) {
        let n = kv.increment(REGISTRY_COUNT_KEY, 1)?;
        kv.set_json(&metrics::registry_key(n), &key).await?;
    }
    Ok(())
}

/// Write the log line of a finished request. A log that cannot be written (a full disk)
/// never fails the request.
pub fn log(at: &str, request_id: &str, key_id: Option<&str>, obs: &Observation) {
    let entry = json!({
        "at": at,
        "request_id": request_id,
        "key_id": key_id,
        "method": obs.method,
        "route": obs.route,
        "status": obs.status,
        "provider": obs.provider,
        "fallback_reason": obs.reason,
        "ms": obs.ms,
    });
    let _ = writeln!(std::io::stdout().lock(), "{entry}");
}
