//! What the sender wants: an FYI, an action, a request or an update.

use super::asks::{asks, asks_anything};
use super::{Category, Intent};
use crate::analysis::lexicon::{Cue, Starts, score};
use crate::analysis::message::Parts;

/// Cues of mail that only informs (newsletters, notices, FYIs).
const FYI: &[Cue] = include!(concat!(env!("OUT_DIR"), "/intent_fyi.rs"));

/// Cues of mail that asks the reader to act (asserted, not negated).
const ACTION: &[Cue] = include!(concat!(env!("OUT_DIR"), "/intent_action.rs"));

/// Cues of mail that asks for information or a document.
const REQUEST: &[Cue] = include!(concat!(env!("OUT_DIR"), "/intent_request.rs"));

/// Cues of mail that reports progress or a result (asserted).
const UPDATE: &[Cue] = include!(concat!(env!("OUT_DIR"), "/intent_update.rs"));

/// Subject words of a report: a confirmation, a shipment, a quote or an approval sent.
const UPDATE_SUBJECT: &[Cue] = include!(concat!(env!("OUT_DIR"), "/intent_update_subject.rs"));

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
