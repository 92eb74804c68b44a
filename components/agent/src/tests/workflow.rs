//! The e-mail workflow: entering e-mails, every allowed and refused move, optimistic
//! concurrency, the history, and listings that page newest first through the index.

use edgecrew_kv::Kv;
use futures::executor::block_on;

use super::opened;
use crate::workflow::index::{self, PAGE};
use crate::workflow::machine::{self, STATES};
use crate::workflow::store::{self, Analysed, Refusal, Transition};

const HOUR_MS: i64 = 3_600_000;

fn analysed(id: &str, priority: &str, sla_hours: i64, state: &str) -> Analysed {
    Analysed {
        email_id: id.into(),
        subject: format!("Subject of {id}"),
        from: "Anna Weber <anna@acme.example>".into(),
        received_ms: Some(1_000 * HOUR_MS),
        category: "order_management".into(),
        priority: priority.into(),
        sla_hours,
        state: state.into(),
    }
}

fn track(kv: &Kv, id: &str, priority: &str) -> crate::workflow::record::Tracked {
    block_on(store::track(
        kv,
        &analysed(id, priority, 24, "new"),
        2_000 * HOUR_MS,
    ))
    .unwrap()
}

fn move_to(
    kv: &Kv,
    id: &str,
    to: &str,
    if_version: i64,
) -> Result<(crate::workflow::record::Tracked, String), Refusal> {
    let asked = Transition {
        to,
        note: Some("called the customer"),
        if_version,
        key_id: "key_ops",
    };
    block_on(store::transition(kv, id, &asked, 3_000 * HOUR_MS)).unwrap()
}

#[test]
fn an_analysed_email_enters_in_its_state_with_its_sla_and_keeps_its_state_when_analysed_again() {
    let (_, kv) = opened();
    let first = block_on(store::track(
        &kv,
        &analysed("em_1", "critical", 4, "in_review"),
        2_000 * HOUR_MS,
    ))
    .unwrap();
    assert_eq!(
        (first.state.as_str(), first.version, first.slot),
        ("in_review", 1, 0)
    );
    assert_eq!(first.due_ms, 1_004 * HOUR_MS, "due = received + SLA");
    move_to(&kv, "em_1", "in_progress", 1).unwrap();
    let again = block_on(store::track(
        &kv,
        &analysed("em_1", "low", 168, "new"),
        2_100 * HOUR_MS,
    ))
    .unwrap();
    assert_eq!(
        again.state, "in_progress",
        "a person's move outlives a new analysis"
    );
    assert_eq!((again.version, again.slot), (3, 0));
    assert_eq!(
        (again.priority.as_str(), again.due_ms),
        ("low", 1_168 * HOUR_MS)
    );
    let listed = block_on(index::scan(&kv, None, |_| true, 10, 4)).unwrap();
    assert_eq!(listed.entries, vec![again], "one index entry, up to date");
}

#[test]
fn an_email_without_an_arrival_time_is_due_from_its_analysis() {
    let (_, kv) = opened();
    let mut email = analysed("em_1", "high", 24, "new");
    email.received_ms = None;
    let tracked = block_on(store::track(&kv, &email, 50 * HOUR_MS)).unwrap();
    assert_eq!(tracked.due_ms, 74 * HOUR_MS);
    assert_eq!(tracked.received_at, tracked.analyzed_at);
}

#[test]
fn the_machine_allows_exactly_the_moves_of_its_data_file() {
    let expected: [(&str, &[&str]); 5] = [
        ("new", &["in_review", "in_progress", "completed"]),
        (
            "in_review",
            &["new", "in_progress", "pending_external", "completed"],
        ),
        (
            "in_progress",
            &["in_review", "pending_external", "completed"],
        ),
        ("pending_external", &["in_progress", "completed"]),
        ("completed", &["in_review"]),
    ];
    for (from, to) in expected {
        assert_eq!(machine::allowed(from), to, "from {from}");
    }
    assert!(machine::allowed("archived").is_empty());
}

#[test]
fn every_allowed_move_is_made_and_recorded_and_every_other_is_refused_naming_the_allowed() {
    let (_, kv) = opened();
    for (n, from) in STATES.iter().enumerate() {
        for to in STATES {
            let id = format!("em_{n}_{to}");
            block_on(store::track(&kv, &analysed(&id, "medium", 72, from), 0)).unwrap();
            let allowed = machine::allowed(from);
            match move_to(&kv, &id, to, 1) {
                Ok((moved, left)) => {
                    assert!(allowed.contains(&to), "{from} -> {to} was made");
                    assert_eq!((moved.state.as_str(), moved.version), (to, 2));
                    assert_eq!(left, *from);
                    let record = block_on(store::read(&kv, &id)).unwrap().unwrap();
                    let last = record.history.last().unwrap();
                    assert_eq!((last.from.as_str(), last.to.as_str()), (*from, to));
                    assert_eq!(last.key_id, "key_ops");
                    assert_eq!(last.note.as_deref(), Some("called the customer"));
                }
                Err(Refusal::NotAllowed {
                    from: now,
                    allowed: named,
                }) => {
                    assert!(!allowed.contains(&to), "{from} -> {to} was refused");
                    assert_eq!((now.as_str(), named), (*from, allowed));
                }
                Err(other) => panic!("{from} -> {to}: {other:?}"),
            }
        }
    }
}

#[test]
fn a_move_naming_an_old_version_is_refused_with_the_current_one_and_changes_nothing() {
    let (store, kv) = opened();
    track(&kv, "em_1", "high");
    move_to(&kv, "em_1", "in_review", 1).unwrap();
    let writes = store.writes();
    assert_eq!(
        move_to(&kv, "em_1", "in_progress", 1),
        Err(Refusal::Stale {
            current_version: 2,
            state: "in_review".into()
        })
    );
    assert_eq!(store.writes(), writes, "a refused move writes nothing");
    assert_eq!(
        move_to(&kv, "em_1", "archived", 2).unwrap_err(),
        Refusal::NotAllowed {
            from: "in_review".into(),
            allowed: machine::allowed("in_review"),
        }
    );
    assert_eq!(move_to(&kv, "em_9", "in_review", 1), Err(Refusal::NotFound));
}

#[test]
fn the_listing_pages_newest_first_across_index_pages_and_filters_as_it_goes() {
    let (_, kv) = opened();
    let count = 2 * PAGE + 22;
    for n in 0..count {
        let priority = if n % 3 == 0 { "high" } else { "low" };
        track(&kv, &format!("em_{n}"), priority);
    }
    let ids = |found: &index::Found| -> Vec<String> {
        found.entries.iter().map(|e| e.email_id.clone()).collect()
    };
    let first = block_on(index::scan(&kv, None, |_| true, 20, 8)).unwrap();
    let expected: Vec<String> = (count - 20..count)
        .rev()
        .map(|n| format!("em_{n}"))
        .collect();
    assert_eq!(ids(&first), expected);
    let mut seen = ids(&first);
    let mut cursor = first.next;
    while let Some(before) = cursor {
        let page = block_on(index::scan(&kv, Some(before), |_| true, 20, 8)).unwrap();
        seen.extend(ids(&page));
        cursor = page.next;
    }
    let all: Vec<String> = (0..count).rev().map(|n| format!("em_{n}")).collect();
    assert_eq!(seen, all, "every e-mail once, newest first");
    let high = block_on(index::scan(&kv, None, |e| e.priority == "high", 100, 8)).unwrap();
    assert_eq!(high.entries.len() as i64, (count + 2) / 3);
    assert!(high.entries.iter().all(|e| e.priority == "high"));
    assert_eq!(high.next, None, "nothing older is left");
}

#[test]
fn a_listing_reads_no_more_pages_than_its_budget_and_says_where_to_go_on() {
    let (_, kv) = opened();
    for n in 0..3 * PAGE {
        track(&kv, &format!("em_{n}"), "low");
    }
    let none = block_on(index::scan(&kv, None, |e| e.priority == "high", 20, 2)).unwrap();
    assert!(none.entries.is_empty());
    assert_eq!(none.next, Some(PAGE), "two pages read, one left");
    let rest = block_on(index::scan(&kv, none.next, |e| e.priority == "high", 20, 2)).unwrap();
    assert_eq!((rest.entries.len(), rest.next), (0, None));
}

#[test]
fn a_move_shows_in_the_listing_at_once() {
    let (_, kv) = opened();
    track(&kv, "em_1", "high");
    track(&kv, "em_2", "high");
    move_to(&kv, "em_1", "completed", 1).unwrap();
    let open = block_on(index::scan(&kv, None, |e| e.state != "completed", 10, 4)).unwrap();
    let ids: Vec<&str> = open.entries.iter().map(|e| e.email_id.as_str()).collect();
    assert_eq!(ids, ["em_2"]);
    assert!(!open.entries[0].overdue(0));
    assert!(open.entries[0].overdue(i64::MAX), "past its SLA and open");
}

#[test]
fn an_older_write_never_replaces_a_newer_index_entry_and_a_stale_move_repairs_a_lagging_one() {
    let (_, kv) = opened();
    let entered = track(&kv, "em_1", "high");
    move_to(&kv, "em_1", "in_review", 1).unwrap();
    let listed = || {
        let found = block_on(index::scan(&kv, None, |_| true, 10, 4)).unwrap();
        let e = &found.entries[0];
        (e.state.clone(), e.version)
    };
    block_on(index::put(&kv, &entered)).unwrap();
    assert_eq!(
        listed(),
        ("in_review".to_owned(), 2),
        "the late older write lost"
    );

    // An index write that failed after its record's: the listing still shows version 1.
    block_on(kv.set_json(&index::page_key(0), &vec![entered])).unwrap();
    assert_eq!(listed(), ("new".to_owned(), 1));
    assert_eq!(
        move_to(&kv, "em_1", "in_progress", 1).unwrap_err(),
        Refusal::Stale {
            current_version: 2,
            state: "in_review".into()
        }
    );
    assert_eq!(
        listed(),
        ("in_review".to_owned(), 2),
        "the refusal repaired it"
    );
}

#[test]
fn a_store_that_goes_away_mid_move_is_an_error_and_the_move_can_be_made_again() {
    let (store, kv) = opened();
    track(&kv, "em_1", "high");
    store.fail_after(1);
    let asked = Transition {
        to: "in_review",
        note: None,
        if_version: 1,
        key_id: "key_ops",
    };
    assert!(block_on(store::transition(&kv, "em_1", &asked, 0)).is_err());
    store.recover();
    let kv = Kv::new(store);
    let (moved, _) = block_on(store::transition(&kv, "em_1", &asked, 0))
        .unwrap()
        .expect("the version the caller saw still stands");
    assert_eq!((moved.state.as_str(), moved.version), ("in_review", 2));
}

#[test]
fn the_moves_file_is_a_well_formed_list() {
    let text = include_str!("../../data/workflow/transitions.txt");
    assert_eq!(edgecrew_core::data::lint(text, true), Vec::<String>::new());
}
