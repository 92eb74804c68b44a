//! What the sender wants: an FYI, an action, a request or an update.

use super::asks::{asks, asks_anything};
use super::{Category, Intent};
use crate::analysis::lexicon::{Cue, Starts, score};
use crate::analysis::message::Parts;

/// Cues of mail that only informs (newsletters, notices, FYIs).
const FYI: &[Cue] = &[
    ("newsletter", 3.0),
    ("unsubscribe", 3.0),
    ("fyi", 2.0),
    ("for your information", 2.0),
    ("announcement", 2.0),
    ("out of office", 3.0),
    ("out of the office", 3.0),
    ("automatic reply", 3.0),
    ("automatische antwort", 3.0),
    ("nicht im büro", 3.0),
    ("no action", 2.0),
    ("no need to reply", 2.0),
    ("heads up", 1.0),
    ("heads-up", 1.0),
    ("webinar", 1.5),
    ("just wanted to share", 1.5),
    ("for your records", 1.5),
    ("no reply needed", 2.0),
    ("just wanted to say", 2.0),
    ("please note", 1.0),
    ("reminder", 1.0),
    ("highlights", 1.5),
    ("we wish you", 1.5),
    ("shout-out", 1.5),
    ("will be closed", 1.5),
    ("no action needed", 2.0),
    ("no action required", 2.0),
    ("no further action", 2.0),
    ("nothing needed", 2.0),
    ("invitation", 1.0),
];

/// Cues of mail that asks the reader to act (asserted, not negated).
const ACTION: &[Cue] = &[
    ("we need", 1.5),
    ("i need", 1.5),
    ("need to", 0.5),
    ("required", 1.0),
    ("action required", 3.0),
    ("action needed", 3.0),
    ("for action", 2.0),
    ("please approve", 3.0),
    ("need you to", 2.5),
    ("needs your", 2.0),
    ("must", 1.0),
    ("please sign", 2.5),
    ("please confirm", 1.5),
    ("please send", 1.0),
    ("please process", 2.0),
    ("please update", 1.5),
    ("please review", 1.5),
    ("asap", 1.0),
    ("urgent", 1.0),
    ("immediately", 1.0),
    ("by end of", 1.0),
    ("deadline", 1.0),
    ("please cancel", 2.0),
    ("please ship", 2.0),
    ("please expedite", 2.0),
    ("approve", 1.0),
    ("please complete", 2.0),
    ("please fill", 2.0),
    ("please return", 1.5),
    ("please fix", 2.0),
    ("please escalate", 2.0),
    ("please arrange", 2.0),
    ("please issue", 2.0),
];

/// Cues of mail that asks for information or a document.
const REQUEST: &[Cue] = &[
    ("what is", 1.0),
    ("when will", 1.5),
    ("do you have", 1.0),
    ("is there", 0.5),
    ("please quote", 2.0),
    ("request", 1.0),
    ("let me know", 1.0),
    ("i'd like", 1.0),
    ("we would like", 1.0),
    ("interested in", 1.0),
    ("please advise", 1.5),
    ("any update", 1.5),
    ("what is the status", 2.0),
    ("could we", 1.0),
    ("is it possible", 1.5),
    ("wondering", 1.0),
    ("please share", 1.0),
    ("looking for", 1.0),
    ("need a quote", 2.0),
];

/// Cues of mail that reports progress or a result (asserted).
const UPDATE: &[Cue] = &[
    ("update", 1.0),
    ("has shipped", 2.0),
    ("has been", 1.0),
    ("we have", 0.5),
    ("status", 0.5),
    ("completed", 1.0),
    ("delivered", 1.0),
    ("resolved", 1.5),
    ("confirming", 1.5),
    ("wanted to let you know", 2.0),
    ("just to let you know", 2.0),
    ("is now", 1.0),
    ("will be", 0.5),
    ("attached is", 1.0),
    ("please find attached", 1.0),
    ("shipped", 1.0),
    ("has been approved", 2.0),
    ("approved", 0.5),
    ("is scheduled", 1.0),
    ("we received", 1.0),
    ("pleased to confirm", 2.0),
    ("is processed", 1.5),
    ("has been processed", 1.5),
    ("went out", 1.5),
    ("left our", 1.5),
    ("were sent", 1.0),
    ("was sent", 1.0),
    ("please find our", 1.0),
    ("here is", 1.0),
    ("confirmed", 1.0),
    ("expired", 1.0),
    ("automated message", 1.0),
];

/// Subject words of a report: a confirmation, a shipment, a quote or an approval sent.
const UPDATE_SUBJECT: &[Cue] = &[
    ("confirmation", 1.5),
    ("confirmed", 1.5),
    ("confirmé", 1.5),
    ("shipped", 1.5),
    ("approved", 1.5),
    ("quotation", 1.0),
    ("revised quote", 1.0),
    ("your quote", 1.0),
    ("updated", 1.0),
    ("resolved", 1.5),
    ("delivered", 1.0),
    ("acknowledgement", 1.5),
    ("expired", 1.5),
];

/// What the sender wants, from the newest message and the subject.
#[must_use]
pub fn intent(parts: &Parts, category: Category) -> Intent {
    let t = &parts.own;
    let starts = Starts::new(t);
    let fyi = starts.score(FYI);
    let (ask_action, ask_request) = asks(t);
    let action = starts.score_asserted(ACTION) + ask_action;
    let request = starts.score(REQUEST) + ask_request + 0.5 * t.matches('?').count().min(3) as f32;
    let update = starts.score_asserted(UPDATE) + score(&parts.subject, UPDATE_SUBJECT);
    if fyi >= 2.0 && action < 2.0 || (category == Category::General && action + request < 1.0) {
        return Intent::Fyi;
    }
    if asks_anything(t) {
        return if request > action {
            Intent::Request
        } else {
            Intent::ActionRequired
        };
    }
    if update > 0.0 {
        return Intent::Update;
    }
    // Business mail that asks for nothing identifiable is still most often a call to act.
    if category == Category::General {
        Intent::Fyi
    } else {
        Intent::ActionRequired
    }
}
