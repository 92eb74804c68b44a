//! Conversations: message numbering, bounded history, owners, paging, and deletes and
//! appends that leave nothing behind whatever fails or races.

use edgecrew_kv::{Kv, MemoryStore};
use futures::executor::block_on;

use super::opened;
use crate::conversations::store::{self, Conversation, Message};
use crate::conversations::store_exchange;

fn create(kv: &Kv, id: &str, owner: &str) -> Conversation {
    block_on(store::create(
        kv,
        id.into(),
        String::new(),
        "t".into(),
        owner,
    ))
    .unwrap()
}

fn message(role: &str, content: &str) -> Message {
    Message {
        seq: 0,
        role: role.into(),
        content: content.into(),
        agent: None,
        provider: None,
        created_at: "t".into(),
    }
}

fn append(kv: &Kv, id: &str, content: &str) -> Message {
    block_on(store::append(kv, id, message("user", content))).unwrap()
}

fn contents(messages: &[Message]) -> Vec<&str> {
    messages.iter().map(|m| m.content.as_str()).collect()
}

#[test]
fn messages_are_numbered_in_order_and_read_back_in_order() {
    let (_, kv) = opened();
    create(&kv, "c1", "k");
    let seqs: Vec<i64> = ["a", "b", "c"]
        .iter()
        .map(|t| append(&kv, "c1", t).seq)
        .collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(
        contents(&block_on(store::messages(&kv, "c1")).unwrap()),
        ["a", "b", "c"]
    );
}

#[test]
fn history_is_the_newest_messages_within_both_bounds_oldest_first() {
    let (_, kv) = opened();
    create(&kv, "c1", "k");
    for t in ["one", "two", "three", "four"] {
        append(&kv, "c1", t);
    }
    assert_eq!(
        contents(&block_on(store::recent(&kv, "c1", 2, 1_000)).unwrap()),
        ["three", "four"]
    );
    // "four" + "three" = 9 characters fit in 10, "two" would not.
    assert_eq!(
        contents(&block_on(store::recent(&kv, "c1", 10, 10)).unwrap()),
        ["three", "four"]
    );
    assert!(
        block_on(store::recent(&kv, "c1", 10, 3))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn another_key_does_not_see_a_conversation() {
    let (_, kv) = opened();
    create(&kv, "c1", "alice");
    assert!(block_on(store::get(&kv, "c1", "alice")).unwrap().is_some());
    assert!(block_on(store::get(&kv, "c1", "bob")).unwrap().is_none());
    let (bobs, _) = block_on(store::page(&kv, "bob", None, 10, 100)).unwrap();
    assert!(bobs.is_empty());
}

#[test]
fn pages_are_newest_first_with_a_cursor_and_skip_deleted_conversations() {
    let (_, kv) = opened();
    let all: Vec<Conversation> = (1..=5)
        .map(|n| create(&kv, &format!("c{n}"), "k"))
        .collect();
    block_on(store::delete(&kv, &all[3])).unwrap();
    let ids = |page: &[Conversation]| page.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    let (first, cursor) = block_on(store::page(&kv, "k", None, 2, 100)).unwrap();
    assert_eq!(ids(&first), ["c5", "c3"]);
    let (second, cursor) = block_on(store::page(&kv, "k", cursor, 2, 100)).unwrap();
    assert_eq!(ids(&second), ["c2", "c1"]);
    assert_eq!(cursor, None);
    // The scan budget bounds a page, and its cursor goes on from where it stopped.
    let (short, cursor) = block_on(store::page(&kv, "k", None, 10, 2)).unwrap();
    assert_eq!((ids(&short), cursor), (vec!["c5".to_owned()], Some(4)));
}

#[test]
fn a_delete_removes_every_key_of_the_conversation() {
    let (store, kv) = opened();
    let c = create(&kv, "c1", "k");
    append(&kv, "c1", "a");
    append(&kv, "c1", "b");
    create(&kv, "c2", "k");
    block_on(store::delete(&kv, &c)).unwrap();
    assert_eq!(
        store.keys(),
        ["conv:c2", "conv:index:k:2", "conv:index:k:seq"]
    );
}

#[test]
fn a_delete_that_fails_anywhere_leaves_the_record_until_a_retry_finishes_it() {
    for fail_at in 0..8 {
        let store = MemoryStore::new();
        let kv = Kv::new(store.clone());
        let c = create(&kv, "c1", "k");
        append(&kv, "c1", "a");
        append(&kv, "c1", "b");
        store.fail_after(fail_at);
        let failed = block_on(store::delete(&Kv::new(store.clone()), &c)).is_err();
        store.recover();
        let fresh = Kv::new(store.clone());
        let record_left = block_on(store::get(&fresh, "c1", "k")).unwrap().is_some();
        assert_eq!(
            failed, record_left,
            "failing at call {fail_at}: the record goes last"
        );
        if record_left {
            block_on(store::delete(&fresh, &c)).unwrap();
        }
        assert!(
            store.keys().iter().all(|k| k == "conv:index:k:seq"),
            "failing at call {fail_at}, left: {:?}",
            store.keys()
        );
    }
}

#[test]
fn an_exchange_stored_after_its_conversation_was_deleted_is_removed_again() {
    let (store, kv) = opened();
    let c = create(&kv, "c1", "k");
    append(&kv, "c1", "before");
    // The delete lands between the caller's check and its appends.
    block_on(store::delete(&kv, &c)).unwrap();
    let stored = block_on(store_exchange(
        &kv,
        &c,
        message("user", "q"),
        message("assistant", "a"),
    ))
    .unwrap();
    assert!(stored.is_none());
    assert_eq!(store.keys(), ["conv:index:k:seq"]);
}
