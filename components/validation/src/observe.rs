//! The log line every finished request leaves on standard output (request id, key id,
//! route, status, provider, ms; never a secret or a body), which `spin up` keeps in
//! `<state dir>/logs/validation_stdout.txt`.

use edgecrew_core::metrics::Observation;
use std::io::Write as _;

use serde_json::json;
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
