//! Where the process stands, from status phrases in the newest message.

use super::State;
use crate::analysis::lexicon::Starts;
use crate::analysis::message::Parts;

/// The states status phrases name, in the order they are tried, with their phrases
/// (`data/state/<state>.txt`); an e-mail none matches is new.
const CHECKS: [(State, &[&str]); 4] = [
    (
        State::Completed,
        include!(concat!(env!("OUT_DIR"), "/state_completed.rs")),
    ),
    (
        State::PendingExternal,
        include!(concat!(env!("OUT_DIR"), "/state_pending_external.rs")),
    ),
    (
        State::InProgress,
        include!(concat!(env!("OUT_DIR"), "/state_in_progress.rs")),
    ),
    (
        State::InReview,
        include!(concat!(env!("OUT_DIR"), "/state_in_review.rs")),
    ),
];

/// Where the process stands, from status phrases in the newest message.
#[must_use]
pub fn state(parts: &Parts) -> State {
    let t = Starts::new(&parts.newest_lower);
    CHECKS
        .iter()
        .find(|(_, cues)| cues.iter().any(|c| t.has(c)))
        .map_or(State::New, |(s, _)| *s)
}

#[cfg(test)]
mod tests {
    use super::{State, state};
    use crate::analysis::message::split;

    #[test]
    fn status_phrases_name_the_state_in_the_order_the_states_are_tried() {
        let of = |body: &str| state(&split("Order 4711", body));
        assert_eq!(of("Your order has been delivered."), State::Completed);
        assert_eq!(
            of("We are still waiting for your PO."),
            State::PendingExternal
        );
        assert_eq!(of("The parcel is in transit."), State::InProgress);
        assert_eq!(of("Your request is under review."), State::InReview);
        // Completed is tried first: a resolved case that was under review is completed.
        assert_eq!(
            of("It was under review and is now resolved."),
            State::Completed
        );
        assert_eq!(of("Hello, a question about pricing."), State::New);
    }
}
