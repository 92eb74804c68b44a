//! The host's wall clock, for timings and for resolving relative dates.

use edgecrew_extract::calendar::Timestamp;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    let t = spin_sdk::wasip3::clocks::system_clock::now();
    t.seconds as f64 * 1000.0 + f64::from(t.nanoseconds) / 1e6
}

/// The current instant, to the second.
pub fn now() -> Timestamp {
    Timestamp {
        unix: spin_sdk::wasip3::clocks::system_clock::now().seconds,
    }
}
