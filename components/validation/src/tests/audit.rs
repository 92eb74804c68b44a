//! The audit log: appends in order, queries by time, retention that keeps pace without
//! writing when nothing is due, and imported blocks out of time order.

use edgecrew_kv::Kv;
use edgecrew_validation_rules::audit::{AuditEvent, SEQ_KEY, TAIL_KEY, record_key};
use futures::executor::block_on;

use super::opened;
use crate::audit::{RETIRE_EVERY, append, append_imported, query, request_ids_between};

const DAY: i64 = 86_400_000;

fn event(at_ms: i64, request_id: &str) -> AuditEvent {
    AuditEvent {
        at: String::new(),
        at_ms,
        request_id: request_id.to_owned(),
        key_id: None,
        method: "GET".into(),
        path: "/v1/agents".into(),
        status: 200,
        action: "request".into(),
        target_key_id: None,
        detail: None,
        route: None,
        provider: None,
        fallback_reason: None,
        ms: None,
    }
}

/// Append one event per entry of `times`, request ids `r0`, `r1`, ...
fn append_all(kv: &Kv, times: impl IntoIterator<Item = i64>, retention_ms: i64) {
    for (i, at) in times.into_iter().enumerate() {
        block_on(append(kv, &event(at, &format!("r{i}")), retention_ms)).unwrap();
    }
}

fn ids(events: &[AuditEvent]) -> Vec<&str> {
    events.iter().map(|e| e.request_id.as_str()).collect()
}

#[test]
fn records_are_read_back_oldest_first_from_a_time_and_up_to_a_limit() {
    let (_, kv) = opened();
    append_all(&kv, [100, 200, 300, 400, 500], DAY);
    assert_eq!(
        ids(&block_on(query(&kv, 0, 100)).unwrap()),
        ["r0", "r1", "r2", "r3", "r4"]
    );
    assert_eq!(
        ids(&block_on(query(&kv, 250, 100)).unwrap()),
        ["r2", "r3", "r4"]
    );
    assert_eq!(ids(&block_on(query(&kv, 250, 2)).unwrap()), ["r2", "r3"]);
    assert!(block_on(query(&kv, 501, 100)).unwrap().is_empty());
    let between = block_on(request_ids_between(&kv, 200, 400)).unwrap();
    assert_eq!(between.len(), 3);
    assert!(["r1", "r2", "r3"].iter().all(|id| between.contains(*id)));
}

#[test]
fn retention_retires_records_past_it_as_appends_go_on() {
    let (store, kv) = opened();
    // Eight old records, then eight a retention period and more later.
    append_all(&kv, (0..8).map(|i| i * 10), DAY);
    append_all(&kv, (0..8).map(|i| DAY + 1_000 + i), DAY);
    for seq in 1..=8 {
        assert!(
            store.peek(&record_key(seq)).is_none(),
            "record {seq} retired"
        );
    }
    assert_eq!(store.counter(TAIL_KEY), 8);
    let kept = block_on(query(&kv, 0, 100)).unwrap();
    assert_eq!(kept.len(), 8);
    assert!(kept.iter().all(|e| e.at_ms > DAY));
}

#[test]
fn retention_never_removes_a_record_early_and_writes_nothing_when_nothing_is_due() {
    let (store, kv) = opened();
    append_all(&kv, (0..RETIRE_EVERY - 1).map(|i| 1_000 + i), DAY);
    let before = store.writes();
    // The eighth append runs retention: nothing is due, so only its own two writes.
    append_all(&kv, [2_000], DAY);
    assert_eq!(
        store.writes() - before,
        2,
        "the sequence increment and the record"
    );
    assert_eq!(store.counter(TAIL_KEY), 0);
    assert_eq!(block_on(query(&kv, 0, 100)).unwrap().len(), 8);
}

#[test]
fn retention_steps_over_the_slot_of_an_append_that_failed_long_ago() {
    let (store, kv) = opened();
    // Slot 1 was handed out but never written; a thousand and more appends later it is a
    // hole, not an append in flight.
    kv.increment(SEQ_KEY, 1).unwrap();
    append_all(&kv, (0..1_007).map(|i| DAY * 2 + i), DAY);
    assert!(store.counter(TAIL_KEY) >= 1, "the hole was stepped over");
    assert_eq!(
        block_on(query(&kv, 0, 2_000)).unwrap().len(),
        1_007,
        "no record lost"
    );
}

#[test]
fn imported_records_older_than_the_log_are_still_found_by_time() {
    let (store, kv) = opened();
    append_all(&kv, [5_000, 6_000], DAY);
    let old: Vec<Vec<u8>> = [1_000, 2_000]
        .iter()
        .map(|&at| serde_json::to_vec(&event(at, &format!("old{at}"))).unwrap())
        .collect();
    let refs: Vec<&[u8]> = old.iter().map(Vec::as_slice).collect();
    block_on(append_imported(&kv, &refs)).unwrap();
    block_on(append(&kv, &event(7_000, "late"), DAY)).unwrap();
    // In log order: the import's block where it was put, then the newer record.
    assert_eq!(
        ids(&block_on(query(&kv, 1_500, 100)).unwrap()),
        ["r0", "r1", "old2000", "late"]
    );
    assert_eq!(store.counter(SEQ_KEY), 5);
    let between = block_on(request_ids_between(&kv, 0, 2_500)).unwrap();
    assert!(between.contains("old1000") && between.contains("old2000") && between.len() == 2);
}
