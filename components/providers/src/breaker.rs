//! The circuit breaker's state machine. The state itself lives in the key-value store
//! (so every instance shares what one learned); this module only decides.
//!
//! - **closed**: calls go through; each failure increments the counter of the current
//!   window (`window_index`); reaching the threshold opens the circuit.
//! - **open** until `open_until_ms`: the provider is skipped without a request.
//! - **half-open** after that: one caller per probe slot (`probe_slot`, one slot per
//!   `lease_ms`, so a probe that died frees the next slot) calls; success closes the
//!   circuit, failure re-opens it for another cool-down.

use serde::{Deserialize, Serialize};

use crate::config::BreakerPolicy;

/// The stored record of an open circuit (absent when closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenCircuit {
    /// Wall-clock milliseconds until which the provider is skipped.
    pub open_until_ms: u64,
}

/// What a caller should do about a provider now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Closed: call.
    Call,
    /// Half-open: call only after winning probe slot `slot` (first to claim it).
    Probe {
        /// The probe slot to claim.
        slot: u64,
    },
    /// Open: skip without a request.
    Skip,
}

/// The circuit's name as `/health` reports it.
pub fn state_name(open: Option<&OpenCircuit>, now_ms: u64) -> &'static str {
    match open {
        None => "closed",
        Some(o) if now_ms < o.open_until_ms => "open",
        Some(_) => "half_open",
    }
}

/// Decide for a provider whose stored record is `open`.
pub fn decide(open: Option<&OpenCircuit>, now_ms: u64, lease_ms: u64) -> Decision {
    match open {
        None => Decision::Call,
        Some(o) if now_ms < o.open_until_ms => Decision::Skip,
        Some(o) => Decision::Probe {
            slot: (now_ms - o.open_until_ms) / lease_ms.max(1),
        },
    }
}

/// The failure-counting window `now_ms` falls in.
pub fn window_index(policy: &BreakerPolicy, now_ms: u64) -> u64 {
    now_ms / policy.window_ms.max(1)
}

/// After a failure made the window's count `failures`: the circuit to store, if it opens.
pub fn after_failure(policy: &BreakerPolicy, failures: u64, now_ms: u64) -> Option<OpenCircuit> {
    (failures >= policy.failure_threshold).then(|| reopen(policy, now_ms))
}

/// The record after a failed probe (or on opening): skip for one more cool-down.
pub fn reopen(policy: &BreakerPolicy, now_ms: u64) -> OpenCircuit {
    OpenCircuit {
        open_until_ms: now_ms.saturating_add(policy.cooldown_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: BreakerPolicy = BreakerPolicy {
        failure_threshold: 3,
        window_ms: 60_000,
        cooldown_ms: 30_000,
    };

    #[test]
    fn opens_at_the_threshold_and_skips_until_the_cool_down_ends() {
        assert_eq!(after_failure(&POLICY, 2, 1_000), None);
        let open = after_failure(&POLICY, 3, 1_000).expect("opens");
        assert_eq!(open.open_until_ms, 31_000);
        assert_eq!(decide(Some(&open), 30_999, 5_000), Decision::Skip);
        assert_eq!(state_name(Some(&open), 30_999), "open");
        assert_eq!(decide(None, 30_999, 5_000), Decision::Call);
        assert_eq!(state_name(None, 0), "closed");
    }

    #[test]
    fn half_open_hands_out_one_probe_slot_per_lease() {
        let open = OpenCircuit {
            open_until_ms: 10_000,
        };
        assert_eq!(state_name(Some(&open), 10_000), "half_open");
        assert_eq!(
            decide(Some(&open), 10_000, 5_000),
            Decision::Probe { slot: 0 }
        );
        assert_eq!(
            decide(Some(&open), 14_999, 5_000),
            Decision::Probe { slot: 0 }
        );
        assert_eq!(
            decide(Some(&open), 15_000, 5_000),
            Decision::Probe { slot: 1 }
        );
        assert_eq!(
            decide(Some(&open), 15_000, 0),
            Decision::Probe { slot: 5_000 }
        );
        assert_eq!(reopen(&POLICY, 20_000).open_until_ms, 50_000);
    }

    #[test]
    fn windows_split_time_by_the_policy() {
        assert_eq!(window_index(&POLICY, 59_999), 0);
        assert_eq!(window_index(&POLICY, 60_000), 1);
    }
}
