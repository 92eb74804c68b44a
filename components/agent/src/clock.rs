//! The host's wall clock, for timings and for resolving relative dates (std's clock: the
//! host's `wasi:clocks` in a component, the system's natively, so tests run the same code).

use std::time::{SystemTime, UNIX_EPOCH};

use edgecrew_extract::calendar::Timestamp;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The current instant, to the second.
pub fn now() -> Timestamp {
    Timestamp {
        unix: (now_ms() / 1000.0) as i64,
    }
}
