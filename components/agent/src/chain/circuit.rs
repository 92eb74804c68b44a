//! Circuit breakers kept in the key-value store, one per provider, shared by every
//! instance: `cb:{provider}:open` (the [`OpenCircuit`] record, absent when closed),
//! `cb:{provider}:fail:{window}` (atomic failure counter of a window) and
//! `cb:{provider}:probe:{open_until}:{slot}` (atomic claim of a half-open probe).
//!
//! Only the probe's outcome moves an open circuit: its success (or a failure that is the
//! request's fault, which still proves the provider answers) closes it, its failure
//! re-opens it for another cool-down. Late outcomes of calls admitted before the circuit
//! opened do not extend it.

use edgecrew_kv::Kv;
use edgecrew_providers::Failure;
use edgecrew_providers::breaker::{self, Decision, OpenCircuit};
use edgecrew_providers::config::BreakerPolicy;

/// How a call was let through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// The circuit was closed.
    Closed,
    /// Half-open: this call is the probe holding `claim`.
    Probe {
        /// The claimed probe key (deleted when the outcome is recorded).
        claim: String,
    },
    /// Open: skip the provider.
    Skip,
}

fn open_key(provider: &str) -> String {
    format!("cb:{provider}:open")
}

fn fail_key(provider: &str, window: u64) -> String {
    format!("cb:{provider}:fail:{window}")
}

/// The stored record, treating an unreadable store as closed (the call then decides).
pub async fn record(kv: &Kv, provider: &str) -> Option<OpenCircuit> {
    kv.get_json(&open_key(provider)).await.ok().flatten()
}

/// May this request call `provider` now? Claims the probe slot when half-open.
pub async fn admit(kv: &Kv, provider: &str, now_ms: u64, lease_ms: u64) -> Admission {
    let open = record(kv, provider).await;
    match breaker::decide(open.as_ref(), now_ms, lease_ms) {
        Decision::Call => Admission::Closed,
        Decision::Skip => Admission::Skip,
        Decision::Probe { slot } => {
            let until = open.map_or(0, |o| o.open_until_ms);
            let claim = format!("cb:{provider}:probe:{until}:{slot}");
            match kv.increment(&claim, 1) {
                Ok(1) | Err(_) => Admission::Probe { claim },
                Ok(_) => Admission::Skip,
            }
        }
    }
}

/// Record the outcome of an admitted call.
pub async fn outcome(
    kv: &Kv,
    provider: &str,
    admission: &Admission,
    result: Result<(), &Failure>,
    policy: &BreakerPolicy,
    now_ms: u64,
) {
    let healthy = match result {
        Ok(()) => true,
        Err(f) if f.is_client_caused() => true,
        Err(f) if f.counts_against_provider() => false,
        // Neither proof of health nor of failure (busy, skipped): free the probe slot.
        Err(_) => {
            if let Admission::Probe { claim } = admission {
                let _ = kv.bucket_delete(claim);
            }
            return;
        }
    };
    match (admission, healthy) {
        (Admission::Probe { claim }, true) => {
            close(kv, provider, policy, now_ms).await;
            let _ = kv.bucket_delete(claim);
        }
        (Admission::Probe { claim }, false) => {
            let _ = kv
                .set_json(&open_key(provider), &breaker::reopen(policy, now_ms))
                .await;
            let _ = kv.bucket_delete(claim);
        }
        (Admission::Closed, true) => {
            if record(kv, provider).await.is_some() {
                close(kv, provider, policy, now_ms).await;
            }
        }
        (Admission::Closed, false) => count_failure(kv, provider, policy, now_ms).await,
        (Admission::Skip, _) => {}
    }
}

/// Close the circuit and forget this window's failures (so it does not re-open at once).
async fn close(kv: &Kv, provider: &str, policy: &BreakerPolicy, now_ms: u64) {
    let _ = kv.bucket_delete(&fail_key(provider, breaker::window_index(policy, now_ms)));
    let _ = kv.delete(&open_key(provider)).await;
}

/// Count a failure of a call admitted while closed; open the circuit at the threshold.
async fn count_failure(kv: &Kv, provider: &str, policy: &BreakerPolicy, now_ms: u64) {
    if record(kv, provider).await.is_some() {
        return; // Already open: a late failure must not extend the cool-down.
    }
    let window = breaker::window_index(policy, now_ms);
    let failures = kv.increment(&fail_key(provider, window), 1).unwrap_or(0);
    if window > 0 {
        let _ = kv.bucket_delete(&fail_key(provider, window - 1));
    }
    if let Some(circuit) =
        breaker::after_failure(policy, u64::try_from(failures).unwrap_or(0), now_ms)
    {
        let _ = kv.set_json(&open_key(provider), &circuit).await;
    }
}
