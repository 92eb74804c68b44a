//! The metrics fold: each served request counted once, requests in flight waited for,
//! failed appends stepped over, restored history never counted.

use edgecrew_core::metrics::{SETTLE_MS, Tally};
use edgecrew_kv::Kv;
use edgecrew_validation_rules::audit::{
    AuditEvent, IMPORTED_COUNT_KEY, SEQ_KEY, imported_block_key, record_key,
};
use futures::executor::block_on;

use super::opened;
use crate::metrics::fold::fold;

const NOW: i64 = 1_800_000_000_000;

/// A served request's audit record, with what the metrics count.
fn served(route: &str, ms: u64) -> AuditEvent {
    AuditEvent {
        at: String::new(),
        at_ms: NOW,
        request_id: "r".into(),
        key_id: None,
        method: "GET".into(),
        path: route.into(),
        status: 200,
        action: "request".into(),
        target_key_id: None,
        detail: None,
        route: Some(route.into()),
        provider: Some(String::new()),
        fallback_reason: Some(String::new()),
        ms: Some(ms),
    }
}

/// Append a record as the front door does: a sequence number, then the record.
fn append(kv: &Kv, event: &AuditEvent) {
    let seq = kv.increment(SEQ_KEY, 1).unwrap();
    block_on(kv.set_json(&record_key(seq), event)).unwrap();
}

fn counted(tally: &Tally) -> u64 {
    tally.requests.values().sum()
}

#[test]
fn every_served_request_is_counted_once_however_often_it_is_scraped() {
    let (store, kv) = opened();
    for n in 0..20 {
        append(&kv, &served("/v1/agents", n));
    }
    let (tally, backlog) = block_on(fold(&kv, NOW)).unwrap();
    assert_eq!((counted(&tally), backlog), (20, 0));
    assert_eq!(tally.millis.values().sum::<u64>(), (0..20).sum::<u64>());
    let writes = store.writes();
    let (again, _) = block_on(fold(&kv, NOW + 1)).unwrap();
    assert_eq!(counted(&again), 20);
    assert_eq!(store.writes(), writes, "nothing new: nothing written");
    append(&kv, &served("/v1/complete", 3));
    assert_eq!(counted(&block_on(fold(&kv, NOW + 2)).unwrap().0), 21);
}

#[test]
fn a_request_still_being_appended_is_waited_for_then_a_failed_one_stepped_over() {
    let (_, kv) = opened();
    append(&kv, &served("/v1/agents", 1));
    kv.increment(SEQ_KEY, 1).unwrap(); // handed out, record not written (yet)
    append(&kv, &served("/v1/agents", 1));
    let (tally, backlog) = block_on(fold(&kv, NOW)).unwrap();
    assert_eq!(
        (counted(&tally), backlog),
        (1, 2),
        "stops at the empty slot"
    );
    let (tally, _) = block_on(fold(&kv, NOW + SETTLE_MS)).unwrap();
    assert_eq!(counted(&tally), 1, "not settled yet");
    let (tally, backlog) = block_on(fold(&kv, NOW + SETTLE_MS + 1)).unwrap();
    assert_eq!(
        (counted(&tally), backlog),
        (2, 0),
        "empty too long: stepped over"
    );
}

#[test]
fn records_a_backup_import_restored_are_not_counted() {
    let (_, kv) = opened();
    append(&kv, &served("/v1/agents", 1));
    // An import appends a block of two, listed before its records are written.
    let end = kv.increment(SEQ_KEY, 2).unwrap();
    let block = kv.increment(IMPORTED_COUNT_KEY, 1).unwrap();
    block_on(kv.set_json(&imported_block_key(block), &[end - 1, end])).unwrap();
    for seq in end - 1..=end {
        block_on(kv.set_json(&record_key(seq), &served("/v1/agents", 1))).unwrap();
    }
    append(&kv, &served("/v1/agents", 1));
    let (tally, backlog) = block_on(fold(&kv, NOW)).unwrap();
    assert_eq!((counted(&tally), backlog), (2, 0));
}

#[test]
fn records_without_measurements_advance_the_fold_uncounted() {
    let (_, kv) = opened();
    let mut off = served("/v1/agents", 1);
    off.ms = None; // request_metrics = "off"
    append(&kv, &off);
    append(&kv, &served("/v1/agents", 1));
    let (tally, backlog) = block_on(fold(&kv, NOW)).unwrap();
    assert_eq!((counted(&tally), backlog, tally.through), (1, 0, 2));
}

#[test]
fn a_store_that_is_gone_is_an_error() {
    let (store, kv) = opened();
    append(&kv, &served("/v1/agents", 1));
    store.fail_after(0);
    assert!(block_on(fold(&kv, NOW)).is_err());
}
