//! Whether and how an e-mail asks the reader for something (`could you`, `please`, a
//! question, `let me know`): shared by priority and intent.

use crate::analysis::lexicon::{asserted_at, occurrences};

/// Phrases that ask the reader for something.
const ASKS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_asks.rs"));

/// Whether `t` (subject and newest message, lower case) asks the reader for anything: a
/// question, `could you` / `please` + a verb that is not `note` / `find` / `ignore`, or an
/// un-negated ask (`we need`, `let me know`, not `no need to`, not the courtesy `let me know
/// if you need anything`).
pub(super) fn asks_anything(t: &str) -> bool {
    let (action, request) = asks(t);
    let asked = |cue: &&str| {
        occurrences(t, cue).any(|at| {
            let stem = cue.trim_end_matches('*');
            let offer = t[at + stem.len()..].trim_start().starts_with("if ");
            asserted_at(t, at, cue) && !offer
        })
    };
    action + request > 0.0 || asks_a_question(t) || ASKS.iter().any(asked)
}

/// A question of three words or more (`Need help?` and `Questions?` are boilerplate).
fn asks_a_question(t: &str) -> bool {
    t.split_inclusive(['.', '!', '?', '\n'])
        .filter(|s| s.ends_with('?'))
        .any(|s| s.split_whitespace().count() >= 3)
}

/// Verbs after `could you` / `can you` / `please` that ask for information rather than work.
const INFO_VERBS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_info_verbs.rs"));

/// Verbs after `please` that point at something rather than ask for work (`please find
/// attached`, `please don't hesitate`, `please keep this for reference`).
const NOT_ASKING: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_not_asking.rs"));

/// Scores `could you …`, `can you …`, `would you …`, `please …` by the verb that follows:
/// `(action, request)`.
pub(super) fn asks(t: &str) -> (f32, f32) {
    let mut action = 0.0_f32;
    let mut request = 0.0_f32;
    for lead in [
        "could you ",
        "can you ",
        "would you ",
        "please ",
        "could we ",
        "can we ",
        "could someone ",
        "can someone ",
    ] {
        for (at, _) in t.match_indices(lead) {
            if t[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                || !asserted_at(t, at, lead)
            {
                continue;
            }
            let rest = &t[at + lead.len()..];
            let verb = rest
                .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
                .next()
                .unwrap_or("");
            if NOT_ASKING.contains(&verb) || rest.starts_with("stop by") {
                continue;
            }
            if INFO_VERBS.contains(&verb) {
                request += 1.0;
            } else {
                action += 1.0;
            }
        }
    }
    (action.min(3.0), request.min(3.0))
}
