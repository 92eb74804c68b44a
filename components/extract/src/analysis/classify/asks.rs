//! Whether and how an e-mail asks the reader for something (`could you`, `please`, a
//! question, `let me know`): shared by priority and intent.

use crate::analysis::lexicon::{asserted_at, occurrences};

/// Phrases that ask the reader for something.
const ASKS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_asks.rs"));

/// Phrases that hold an ask word but ask nothing of the reader (`signature required`).
const NOT_ASKS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_not_asks.rs"));

/// Whether the `len` bytes at `at` in `t` lie inside a phrase of [`NOT_ASKS`].
fn inside_not_ask(t: &str, at: usize, len: usize) -> bool {
    NOT_ASKS.iter().any(|phrase| {
        occurrences(t, phrase).any(|start| start <= at && at + len <= start + phrase.len())
    })
}

/// Whether `t` (subject and newest message, lower case) asks the reader for anything: a
/// question, `could you` / `please` + a verb that is not `note` / `find` / `ignore`, or an
/// un-negated ask (`we need`, `let me know`, not `no need to`, not the courtesy `let me know
/// if you need anything`, not a carrier's `signature required`).
pub(super) fn asks_anything(t: &str) -> bool {
    let (action, request) = asks(t);
    let asked = |cue: &&str| {
        occurrences(t, cue).any(|at| {
            let stem = cue.trim_end_matches('*');
            let offer = t[at + stem.len()..].trim_start().starts_with("if ");
            asserted_at(t, at, cue) && !offer && !inside_not_ask(t, at, stem.len())
        })
    };
    action + request > 0.0 || asks_a_question(t) || ASKS.iter().any(asked)
}

/// How a help-line question opens (`Questions about your order? Call ...`).
const COURTESY_QUESTIONS: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/asks_courtesy_questions.rs"));

/// A question of three words or more (`Need help?` and `Questions?` are boilerplate), not a
/// help line's (`Questions about your order? Call us.`).
fn asks_a_question(t: &str) -> bool {
    t.split_inclusive(['.', '!', '?', '\n'])
        .filter(|s| s.ends_with('?'))
        .filter(|s| {
            !COURTESY_QUESTIONS
                .iter()
                .any(|q| s.trim_start().starts_with(q))
        })
        .any(|s| s.split_whitespace().count() >= 3)
}

/// Verbs after `could you` / `can you` / `please` that ask for information rather than work.
const INFO_VERBS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_info_verbs.rs"));

/// Verbs after `please` that point at something rather than ask for work (`please find
/// attached`, `please don't hesitate`, `please keep this for reference`).
const NOT_ASKING: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_not_asking.rs"));

/// Words between a lead and its verb that are passed over (`please also remember`).
const SKIPPED_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_skipped_words.rs"));

/// The words that open a request (`could you`, `please`), each looked for with one space
/// after it, before the verb.
const REQUEST_LEADS: &[&str] = include!(concat!(env!("OUT_DIR"), "/asks_request_leads.rs"));

/// Scores `could you …`, `can you …`, `would you …`, `please …` by the verb that follows:
/// `(action, request)`.
pub(super) fn asks(t: &str) -> (f32, f32) {
    let mut action = 0.0_f32;
    let mut request = 0.0_f32;
    for words in REQUEST_LEADS {
        // The lead as looked for: its words and the one space before the verb (the data
        // file cannot show a trailing space, so it holds the words alone).
        let lead = format!("{words} ");
        let lead = lead.as_str();
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
                .find(|w| !SKIPPED_WORDS.contains(w))
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

#[cfg(test)]
mod tests {
    use super::{REQUEST_LEADS, asks};

    #[test]
    fn a_lead_is_its_words_and_one_space_before_the_verb() {
        for words in REQUEST_LEADS {
            assert_eq!(asks(&format!("{words} send it")), (1.0, 0.0), "{words}");
            assert_eq!(asks(&format!("{words} confirm it")), (0.0, 1.0), "{words}");
            // Without that one space (nothing, another blank, punctuation) there is no lead.
            for gap in ["", "\n", "\t", ",", "-"] {
                assert_eq!(
                    asks(&format!("{words}{gap}send it")),
                    (0.0, 0.0),
                    "{words:?}"
                );
            }
        }
    }
}
