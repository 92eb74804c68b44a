//! Rate limits: exact counts per window, the previous window's weight, what is written.

use edgecrew_validation_rules::ratelimit::{WINDOW_MS, Window};
use futures::executor::block_on;

use super::opened;
use crate::limits::check;

/// A moment one second into a window.
const EARLY: i64 = 1_000 * WINDOW_MS + 1_000;

#[test]
fn exactly_the_limit_is_admitted_and_refusals_are_not_counted() {
    let (store, kv) = opened();
    let admitted: Vec<bool> = (0..8)
        .map(|_| block_on(check(&kv, "key:a", 5, EARLY)).unwrap().admitted)
        .collect();
    assert_eq!(
        admitted,
        [true, true, true, true, true, false, false, false]
    );
    let counter = Window::at(EARLY).counter_key("key:a");
    assert_eq!(
        store.counter(&counter),
        5,
        "refused requests gave their slot back"
    );
    // Another subject has its own count.
    assert!(block_on(check(&kv, "key:b", 5, EARLY)).unwrap().admitted);
}

#[test]
fn remaining_counts_down_to_zero() {
    let (_, kv) = opened();
    let remaining: Vec<u64> = (0..4)
        .map(|_| {
            block_on(check(&kv, "ip:10.0.0.1", 3, EARLY))
                .unwrap()
                .remaining
        })
        .collect();
    assert_eq!(remaining, [2, 1, 0, 0]);
}

#[test]
fn the_previous_window_weighs_in_by_the_part_still_in_view() {
    let (store, kv) = opened();
    let half_way = 1_000 * WINDOW_MS + WINDOW_MS / 2;
    let previous = Window::at(half_way).previous_counter_key("key:a");
    kv.increment(&previous, 10).unwrap();
    // 10 − 10 × ½ = 5 left of a limit of 10.
    let admitted = (0..10)
        .filter(|_| {
            block_on(check(&kv, "key:a", 10, half_way))
                .unwrap()
                .admitted
        })
        .count();
    assert_eq!(admitted, 5);
    assert_eq!(
        store.counter(&previous),
        10,
        "the previous window is only read"
    );
}

#[test]
fn the_first_request_of_a_window_drops_the_window_before_the_previous() {
    let (store, kv) = opened();
    let window = Window::at(EARLY);
    let stale = window.stale_counter_key("key:a");
    let previous = window.previous_counter_key("key:a");
    kv.increment(&stale, 3).unwrap();
    kv.increment(&previous, 3).unwrap();
    block_on(check(&kv, "key:a", 10, EARLY)).unwrap();
    assert!(store.peek(&stale).is_none());
    assert_eq!(store.counter(&previous), 3);
}

#[test]
fn an_admitted_request_writes_one_increment_and_a_refused_one_two() {
    let (store, kv) = opened();
    block_on(check(&kv, "key:a", 1, EARLY)).unwrap();
    let before = store.writes();
    assert!(!block_on(check(&kv, "key:a", 1, EARLY)).unwrap().admitted);
    assert_eq!(
        store.writes() - before,
        2,
        "the increment and its give-back"
    );
    let (store, kv) = opened();
    block_on(check(&kv, "key:a", 5, EARLY)).unwrap();
    let before = store.writes();
    block_on(check(&kv, "key:a", 5, EARLY)).unwrap();
    assert_eq!(store.writes() - before, 1);
}

#[test]
fn a_store_that_is_gone_is_an_error_not_an_admission() {
    let (store, kv) = opened();
    store.fail_after(0);
    assert!(block_on(check(&kv, "key:a", 5, EARLY)).is_err());
}
