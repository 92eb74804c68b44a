//! Rate limiting against shared counters in the key-value store (see
//! `edgecrew_validation_rules::ratelimit` for the algorithm and its guarantee).

use edgecrew_validation_rules::ratelimit::{Decision, Window, decide};

use edgecrew_kv::{Kv, Result};

/// Count one request of `subject` (`key:<id>` or `ip:<addr>`) against `limit` per
/// minute at time `now`. The previous window's count is read first: it is a bounded call,
/// so a store that stopped answering is an error here, before the unbounded increment.
pub async fn check(kv: &Kv, subject: &str, limit: u32, now: i64) -> Result<Decision> {
    let window = Window::at(now);
    let counter = window.counter_key(subject);
    let previous = kv.counter(&window.previous_counter_key(subject)).await?;
    let count = kv.increment(&counter, 1)?;
    let decision = decide(limit, previous, count, &window);
    if !decision.admitted {
        // Give the slot back: the counter counts admitted requests only.
        kv.increment(&counter, -1)?;
    }
    if count == 1 {
        // First request of a window: the window before the previous one is done with.
        let _ = kv.bucket_delete(&window.stale_counter_key(subject));
    }
    Ok(decision)
}
