//! The workflow's states and the moves between them (`data/workflow/transitions.txt`).

use std::sync::LazyLock;

use edgecrew_core::data;

/// Every state, in board order.
pub const STATES: [&str; 5] = [
    "new",
    "in_review",
    "in_progress",
    "pending_external",
    "completed",
];

/// The state whose e-mails are done: never overdue.
pub const DONE: &str = "completed";

/// Each state with the states it may move to.
static MOVES: LazyLock<Vec<(&'static str, Vec<&'static str>)>> = LazyLock::new(|| {
    data::entries(include_str!("../../data/workflow/transitions.txt"))
        .filter_map(|line| {
            let mut words = line.split(' ');
            Some((words.next()?, words.collect()))
        })
        .collect()
});

/// The states `from` may move to, in board order (none for an unknown state).
pub fn allowed(from: &str) -> Vec<&'static str> {
    let targets = MOVES
        .iter()
        .find(|(state, _)| *state == from)
        .map(|(_, to)| to.as_slice())
        .unwrap_or_default();
    STATES
        .iter()
        .copied()
        .filter(|s| targets.contains(s))
        .collect()
}
