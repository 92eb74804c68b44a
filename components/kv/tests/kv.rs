//! `Kv` over the in-memory backend: records, counters, compare-and-swap, and a request
//! that met a failed store.

use edgecrew_kv::{Kv, MemoryStore};
use futures::executor::block_on;
use serde_json::{Value, json};

fn opened() -> (MemoryStore, Kv) {
    let store = MemoryStore::new();
    (store.clone(), Kv::new(store))
}

#[test]
fn json_records_round_trip_and_absent_is_none() {
    let (_, kv) = opened();
    block_on(async {
        kv.set_json("a", &json!({"n": 1})).await.unwrap();
        assert_eq!(
            kv.get_json::<Value>("a").await.unwrap(),
            Some(json!({"n": 1}))
        );
        assert_eq!(kv.get_json::<Value>("missing").await.unwrap(), None);
        kv.delete("a").await.unwrap();
        kv.delete("a").await.unwrap();
        assert_eq!(kv.get_raw("a").await.unwrap(), None);
    });
}

#[test]
fn a_record_that_is_not_json_is_an_error_naming_its_key() {
    let (_, kv) = opened();
    block_on(async {
        kv.set_raw("bad", b"{not json").await.unwrap();
        let e = kv.get_json::<Value>("bad").await.unwrap_err();
        assert!(e.to_string().contains("'bad'"), "{e}");
        // A record that does not parse is not a store failure: the store is still usable.
        assert_eq!(
            kv.get_raw("bad").await.unwrap().as_deref(),
            Some(&b"{not json"[..])
        );
    });
}

#[test]
fn counters_count_exactly_and_read_back_as_counters() {
    let (_, kv) = opened();
    block_on(async {
        assert_eq!(kv.counter("c").await.unwrap(), 0);
        assert_eq!(kv.increment("c", 1).unwrap(), 1);
        assert_eq!(kv.increment("c", 5).unwrap(), 6);
        assert_eq!(kv.increment("c", -2).unwrap(), 4);
        assert_eq!(kv.counter("c").await.unwrap(), 4);
        kv.bucket_delete("c").unwrap();
        assert_eq!(kv.counter("c").await.unwrap(), 0);
        // Redis writes counters as decimal text: read back the same.
        kv.set_raw("r", b"42").await.unwrap();
        assert_eq!(kv.counter("r").await.unwrap(), 42);
        kv.set_raw("x", b"hello").await.unwrap();
        assert!(kv.counter("x").await.is_err());
    });
}

#[test]
fn a_swap_loses_to_a_writer_that_came_first() {
    let (_, kv) = opened();
    block_on(async {
        kv.set_raw("t", b"1").await.unwrap();
        let first = kv.watch_for_swap("t").unwrap();
        let second = kv.watch_for_swap("t").unwrap();
        assert_eq!(first.current.as_deref(), Some(&b"1"[..]));
        assert!(kv.swap(first, b"2").unwrap());
        assert!(
            !kv.swap(second, b"3").unwrap(),
            "the second saw a stale value"
        );
        assert_eq!(kv.get_raw("t").await.unwrap().as_deref(), Some(&b"2"[..]));
    });
}

#[test]
fn keys_are_listed_sorted_and_filtered() {
    let (_, kv) = opened();
    block_on(async {
        for key in ["conv:b", "key:1", "conv:a", "conv:c"] {
            kv.set_raw(key, b"{}").await.unwrap();
        }
        let conv = kv.keys_where(|k| k.starts_with("conv:")).await.unwrap();
        assert_eq!(conv, ["conv:a", "conv:b", "conv:c"]);
    });
}

#[test]
fn after_a_failure_every_later_call_of_the_request_fails_at_once() {
    let (store, kv) = opened();
    block_on(async {
        kv.set_raw("a", b"1").await.unwrap();
        store.fail_after(0);
        assert!(kv.get_raw("a").await.is_err());
        store.recover();
        // The store answers again, but this request does not wait on it a second time.
        let e = kv.get_raw("a").await.unwrap_err();
        assert!(e.to_string().contains("failed earlier"), "{e}");
        assert!(kv.increment("n", 1).is_err());
        // A new request (a new Kv) uses the store again.
        let fresh = Kv::new(store.clone());
        assert_eq!(
            fresh.get_raw("a").await.unwrap().as_deref(),
            Some(&b"1"[..])
        );
    });
}
