//! Circuit breakers kept in the key-value store, one per provider, shared by every
//! instance: `cb:{provider}:open` (the [`OpenCircuit`] record, absent when closed),
//! `cb:{provider}:fail:{window}` (atomic failure counter of a window) and
//! `cb:{provider}:probe:{open_until}:{slot}` (atomic claim of a half-open probe).

use edgecrew_kv::Kv;
use edgecrew_providers::breaker::{self, Decision, OpenCircuit};
use edgecrew_providers::config::BreakerPolicy;

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
pub async fn admit(kv: &Kv, provider: &str, now_ms: u64, lease_ms: u64) -> bool {
    let open = record(kv, provider).await;
    match breaker::decide(open.as_ref(), now_ms, lease_ms) {
        Decision::Call => true,
        Decision::Skip => false,
        Decision::Probe { slot } => {
            let until = open.map_or(0, |o| o.open_until_ms);
            let claim = format!("cb:{provider}:probe:{until}:{slot}");
            // The first caller of the slot gets 1; a store error admits (fail open).
            kv.increment(&claim, 1).map_or(true, |n| n == 1)
        }
    }
}

/// A call succeeded: close the circuit if it was open or half-open.
pub async fn succeeded(kv: &Kv, provider: &str, policy: &BreakerPolicy, now_ms: u64) {
    if record(kv, provider).await.is_some() {
        // Forget this window's failures so the next one does not re-open at once.
        let _ = kv.bucket_delete(&fail_key(provider, breaker::window_index(policy, now_ms)));
        let _ = kv.delete(&open_key(provider)).await;
    }
}

/// A call failed in a way that counts: count it, and open (or re-open) the circuit.
pub async fn failed(kv: &Kv, provider: &str, policy: &BreakerPolicy, now_ms: u64) {
    let open = record(kv, provider).await;
    let reopened = if open.is_some() {
        // A failed probe: skip for another cool-down.
        Some(breaker::reopen(policy, now_ms))
    } else {
        let window = breaker::window_index(policy, now_ms);
        let failures = kv.increment(&fail_key(provider, window), 1).unwrap_or(0);
        if window > 0 {
            let _ = kv.bucket_delete(&fail_key(provider, window - 1));
        }
        breaker::after_failure(policy, u64::try_from(failures).unwrap_or(0), now_ms)
    };
    if let Some(circuit) = reopened {
        let _ = kv.set_json(&open_key(provider), &circuit).await;
    }
}
