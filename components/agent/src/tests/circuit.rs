//! The shared circuit breaker: opening at the threshold, one probe at a time, and only
//! the probe's outcome moving an open circuit.

use edgecrew_kv::Kv;
use edgecrew_providers::Failure;
use edgecrew_providers::config::BreakerPolicy;
use futures::executor::block_on;

use super::opened;
use crate::chain::circuit::{Admission, admit, outcome, record};

const POLICY: BreakerPolicy = BreakerPolicy {
    failure_threshold: 3,
    window_ms: 10_000,
    cooldown_ms: 5_000,
};
const LEASE: u64 = 1_000;
const P: &str = "runtime-host";

fn down() -> Failure {
    Failure::Timeout("no answer".into())
}

fn admit_at(kv: &Kv, now: u64) -> Admission {
    block_on(admit(kv, P, now, LEASE))
}

fn report(kv: &Kv, admission: &Admission, result: Result<(), &Failure>, now: u64) {
    block_on(outcome(kv, P, admission, result, &POLICY, now));
}

fn open_until(kv: &Kv) -> Option<u64> {
    block_on(record(kv, P)).map(|o| o.open_until_ms)
}

/// Open the circuit at `now` with threshold-many failures.
fn open_at(kv: &Kv, now: u64) {
    for _ in 0..POLICY.failure_threshold {
        let a = admit_at(kv, now);
        report(kv, &a, Err(&down()), now);
    }
    assert_eq!(open_until(kv), Some(now + POLICY.cooldown_ms));
}

#[test]
fn the_circuit_opens_at_the_threshold_and_skips_until_the_cool_down_ends() {
    let (_, kv) = opened();
    for _ in 0..POLICY.failure_threshold - 1 {
        report(&kv, &admit_at(&kv, 100), Err(&down()), 100);
    }
    assert_eq!(open_until(&kv), None, "below the threshold");
    report(&kv, &admit_at(&kv, 100), Err(&down()), 100);
    assert_eq!(open_until(&kv), Some(5_100));
    assert_eq!(admit_at(&kv, 5_099), Admission::Skip);
}

#[test]
fn failures_in_different_windows_do_not_add_up() {
    let (_, kv) = opened();
    for now in [1_000, 2_000, 11_000, 12_000] {
        report(&kv, &admit_at(&kv, now), Err(&down()), now);
    }
    assert_eq!(open_until(&kv), None);
}

#[test]
fn after_the_cool_down_one_probe_at_a_time_is_let_through() {
    let (_, kv) = opened();
    open_at(&kv, 0);
    let probe = admit_at(&kv, 5_000);
    assert!(matches!(probe, Admission::Probe { .. }));
    assert_eq!(admit_at(&kv, 5_010), Admission::Skip, "the slot is taken");
    // The next lease has a slot of its own (a probe that never reported back).
    assert!(matches!(admit_at(&kv, 6_000), Admission::Probe { .. }));
}

#[test]
fn a_successful_probe_closes_the_circuit_and_forgets_the_window() {
    let (store, kv) = opened();
    open_at(&kv, 0);
    let probe = admit_at(&kv, 5_000);
    report(&kv, &probe, Ok(()), 5_000);
    assert_eq!(open_until(&kv), None);
    assert_eq!(admit_at(&kv, 5_001), Admission::Closed);
    assert!(
        store.keys().iter().all(|k| !k.contains(":probe:")),
        "claim released"
    );
    // The failures that opened it are gone: one more does not re-open it.
    report(&kv, &admit_at(&kv, 5_002), Err(&down()), 5_002);
    assert_eq!(open_until(&kv), None);
}

#[test]
fn a_failed_probe_reopens_for_another_cool_down() {
    let (_, kv) = opened();
    open_at(&kv, 0);
    let probe = admit_at(&kv, 5_000);
    report(&kv, &probe, Err(&down()), 5_200);
    assert_eq!(open_until(&kv), Some(10_200));
    assert_eq!(admit_at(&kv, 10_199), Admission::Skip);
}

#[test]
fn a_probe_the_client_made_fail_still_proves_the_provider_answers() {
    let (_, kv) = opened();
    open_at(&kv, 0);
    let rejected = Failure::Rejected {
        status: 400,
        detail: "bad schema".into(),
    };
    report(&kv, &admit_at(&kv, 5_000), Err(&rejected), 5_000);
    assert_eq!(open_until(&kv), None);
}

#[test]
fn a_busy_probe_frees_its_slot_without_moving_the_circuit() {
    let (_, kv) = opened();
    open_at(&kv, 0);
    let busy = Failure::Overloaded {
        status: 429,
        retry_after_ms: None,
    };
    report(&kv, &admit_at(&kv, 5_000), Err(&busy), 5_000);
    assert_eq!(open_until(&kv), Some(5_000));
    assert!(
        matches!(admit_at(&kv, 5_010), Admission::Probe { .. }),
        "slot free again"
    );
}

#[test]
fn a_late_failure_of_a_call_admitted_before_opening_does_not_extend_it() {
    let (_, kv) = opened();
    let early = admit_at(&kv, 0);
    open_at(&kv, 100);
    report(&kv, &early, Err(&down()), 4_000);
    assert_eq!(open_until(&kv), Some(5_100));
}

#[test]
fn an_unreadable_store_lets_calls_through() {
    let (store, kv) = opened();
    open_at(&kv, 0);
    store.fail_after(0);
    assert_eq!(admit_at(&Kv::new(store.clone()), 100), Admission::Closed);
}
