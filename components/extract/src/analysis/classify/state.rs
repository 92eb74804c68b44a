//! Where the process stands, from status phrases in the newest message.

use super::State;
use crate::analysis::lexicon::Starts;
use crate::analysis::message::Parts;

/// Where the process stands, from status phrases in the newest message.
#[must_use]
pub fn state(parts: &Parts) -> State {
    let t = Starts::new(&parts.newest_lower);
    let checks: [(State, &[&str]); 4] = [
        (
            State::Completed,
            &[
                "resolved",
                "has been delivered",
                "was delivered",
                "completed",
                "closed",
                "fixed",
                "has been approved",
                "is approved",
                "processed",
            ],
        ),
        (
            State::PendingExternal,
            &[
                "waiting for",
                "awaiting",
                "pending your",
                "on hold",
                "waiting on",
                "pending approval",
                "once we receive",
                "still waiting",
            ],
        ),
        (
            State::InProgress,
            &[
                "working on",
                "in progress",
                "we are processing",
                "has shipped",
                "has been shipped",
                "in transit",
                "investigating",
                "scheduled",
            ],
        ),
        (
            State::InReview,
            &[
                "reviewing",
                "under review",
                "looking into",
                "will review",
                "we will check",
                "taking a look",
            ],
        ),
    ];
    checks
        .iter()
        .find(|(_, cues)| cues.iter().any(|c| t.has(c)))
        .map_or(State::New, |(s, _)| *s)
}
