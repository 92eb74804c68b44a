//! The request counts kept in the store between scrapes, and how the audit records
//! appended since the last scrape are folded into them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Observation, Series, Snapshot};

/// How long an empty slot of the audit log is waited on before it is taken for an
/// append that failed: an append writes its record within one bounded store call (2 s)
/// of taking the slot.
pub const SETTLE_MS: i64 = 10_000;

/// A slot of the audit log the fold is waiting on: its record was not there yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// The slot's sequence number.
    pub slot: i64,
    /// Unix ms when a scrape first found it empty.
    pub since_ms: i64,
}

/// What a scrape found in one slot of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// No record (yet).
    Empty,
    /// A record a backup import appended: restored history, not a request served here.
    Restored,
    /// A request's record, with what the metrics count of it (`None`: written without).
    Served(Option<Observation>),
}

/// The request counts folded from the audit log so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// The last audit sequence number folded in.
    pub through: i64,
    /// The empty slot the last fold stopped at, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<Waiting>,
    /// Requests per series name ([`Observation::requests_key`]).
    pub requests: BTreeMap<String, u64>,
    /// Milliseconds per route ([`Observation::millis_key`]).
    pub millis: BTreeMap<String, u64>,
}

impl Tally {
    /// Count one finished request.
    pub fn add(&mut self, obs: &Observation) {
        *self.requests.entry(obs.requests_key()).or_default() += 1;
        let ms = self.millis.entry(obs.millis_key()).or_default();
        *ms = ms.saturating_add(obs.ms);
    }

    /// Fold the slots that follow [`Tally::through`], in order, at `now_ms`. An empty slot
    /// stops the fold (an append in flight) unless an earlier scrape found it empty more
    /// than [`SETTLE_MS`] before (an append that failed: stepped over).
    pub fn advance(&mut self, slots: impl IntoIterator<Item = Slot>, now_ms: i64) {
        for (slot, found) in (self.through + 1..).zip(slots) {
            match found {
                Slot::Served(Some(obs)) => self.add(&obs),
                Slot::Served(None) | Slot::Restored => {}
                Slot::Empty => match self.waiting {
                    Some(w) if w.slot == slot && now_ms - w.since_ms > SETTLE_MS => {}
                    Some(w) if w.slot == slot => return,
                    _ => {
                        self.waiting = Some(Waiting {
                            slot,
                            since_ms: now_ms,
                        });
                        return;
                    }
                },
            }
            self.through = slot;
            if self.waiting.is_some_and(|w| w.slot <= slot) {
                self.waiting = None;
            }
        }
    }

    /// The counts as a snapshot to render (no circuits yet), with `backlog` records
    /// still to fold.
    pub fn snapshot(&self, backlog: u64) -> Snapshot {
        Snapshot {
            requests: self
                .requests
                .iter()
                .filter_map(|(name, &n)| Series::parse(name).map(|s| (s, n)))
                .collect(),
            millis: self.millis.clone(),
            circuits: Vec::new(),
            backlog,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::NONE;
    use super::super::tests::obs;
    use super::*;

    fn served(ms: u64) -> Slot {
        Slot::Served(Some(obs(200, "fallback", "circuit_open", ms)))
    }

    fn total(tally: &Tally) -> u64 {
        tally.requests.values().sum()
    }

    #[test]
    fn a_tally_counts_each_request_in_its_series_and_its_route_sum() {
        let mut tally = Tally::default();
        tally.add(&obs(200, "fallback", "circuit_open", 30));
        tally.add(&obs(200, "fallback", "circuit_open", 40));
        tally.add(&obs(429, NONE, NONE, 2));
        let snapshot = tally.snapshot(7);
        assert_eq!(snapshot.requests.len(), 2);
        let served = snapshot
            .requests
            .iter()
            .find(|(s, _)| s.status == 200)
            .expect("200 series");
        assert_eq!((served.0.reason.as_str(), served.1), ("circuit_open", 2));
        assert_eq!(
            snapshot.millis.get("metrics:ms:POST /v1/complete"),
            Some(&72)
        );
        assert!(
            snapshot
                .render()
                .lines()
                .any(|l| l == "edgecrew_metrics_backlog_records 7")
        );
        let stored = serde_json::to_string(&tally).expect("serializes");
        assert_eq!(
            serde_json::from_str::<Tally>(&stored).expect("parses"),
            tally
        );
    }

    #[test]
    fn a_fold_counts_served_records_once_and_skips_restored_and_unmeasured_ones() {
        let mut tally = Tally::default();
        tally.advance(
            [served(1), Slot::Restored, Slot::Served(None), served(2)],
            0,
        );
        assert_eq!((tally.through, total(&tally)), (4, 2));
        // The next fold starts after what was folded: nothing is counted twice.
        tally.advance([served(3)], 0);
        assert_eq!((tally.through, total(&tally)), (5, 3));
    }

    #[test]
    fn an_empty_slot_stops_the_fold_until_it_is_filled_or_has_settled() {
        let mut tally = Tally::default();
        tally.advance([served(1), Slot::Empty, served(2)], 1_000);
        assert_eq!((tally.through, total(&tally)), (1, 1));
        assert_eq!(
            tally.waiting,
            Some(Waiting {
                slot: 2,
                since_ms: 1_000
            })
        );
        // Still empty, not yet settled: wait (the first sighting's time is kept).
        tally.advance([Slot::Empty, served(2)], 1_000 + SETTLE_MS);
        assert_eq!(tally.through, 1);
        assert_eq!(tally.waiting.map(|w| w.since_ms), Some(1_000));
        // Filled meanwhile: counted.
        let mut filled = tally.clone();
        filled.advance([served(5), served(2)], 2_000);
        assert_eq!(
            (filled.through, total(&filled), filled.waiting),
            (3, 3, None)
        );
        // Empty past the settling time: a failed append, stepped over.
        tally.advance([Slot::Empty, served(2)], 1_001 + SETTLE_MS);
        assert_eq!((tally.through, total(&tally), tally.waiting), (3, 2, None));
    }
}
