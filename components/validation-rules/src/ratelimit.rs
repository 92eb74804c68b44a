//! Sliding-window rate limiting over one-minute windows.
//!
//! The count of the current window is an atomic counter in the key-value store
//! (`wasi:keyvalue/atomics.increment`); the previous window's count weighs in by the part
//! of it still inside the sliding minute. A request is admitted when its increment
//! leaves the counter within the allowance; a refused request gives its increment back,
//! so the counter only ever counts admitted requests. Because every increment returns a
//! distinct value, no two requests can both take the last slot: within one window at
//! most `allowance` requests are admitted, exactly, under any concurrency.

/// Window length in milliseconds.
pub const WINDOW_MS: i64 = 60_000;

/// The window a moment falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Unix ms at which the window starts.
    pub start: i64,
    /// How far into the window `now` is, in ms.
    pub elapsed: i64,
}

impl Window {
    /// The window containing `now`.
    pub fn at(now: i64) -> Self {
        let start = now.div_euclid(WINDOW_MS) * WINDOW_MS;
        Self {
            start,
            elapsed: now - start,
        }
    }

    /// Counter key of this window for a subject (`key:<id>` or `ip:<addr>`).
    pub fn counter_key(&self, subject: &str) -> String {
        format!("rl:{subject}:{}", self.start)
    }

    /// Counter key of the previous window.
    pub fn previous_counter_key(&self, subject: &str) -> String {
        format!("rl:{subject}:{}", self.start - WINDOW_MS)
    }

    /// Counter key of the window before the previous one (safe to delete).
    pub fn stale_counter_key(&self, subject: &str) -> String {
        format!("rl:{subject}:{}", self.start - 2 * WINDOW_MS)
    }

    /// Whole seconds until this window ends (at least 1).
    pub fn reset_seconds(&self) -> u64 {
        let ms = WINDOW_MS - self.elapsed;
        u64::try_from((ms + 999) / 1000).unwrap_or(1).max(1)
    }
}

/// How many requests the current window may still admit in total, given the previous
/// window's count: `limit − previous × (part of the previous window still in view)`.
pub fn allowance(limit: u32, previous: i64, window: &Window) -> i64 {
    let weight_ms = WINDOW_MS - window.elapsed;
    let carried = previous.max(0).saturating_mul(weight_ms) / WINDOW_MS;
    (i64::from(limit) - carried).max(0)
}

/// The outcome for one request, and the headers it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Whether the request may proceed.
    pub admitted: bool,
    /// `ratelimit-limit`.
    pub limit: u32,
    /// `ratelimit-remaining`.
    pub remaining: u64,
    /// `ratelimit-reset`, and `retry-after` when refused (seconds).
    pub reset_seconds: u64,
}

/// Decide on a request whose increment returned `count` (1-based) in `window`.
pub fn decide(limit: u32, previous: i64, count: i64, window: &Window) -> Decision {
    let allowance = allowance(limit, previous, window);
    let admitted = count <= allowance;
    Decision {
        admitted,
        limit,
        remaining: u64::try_from(allowance - count.min(allowance)).unwrap_or(0),
        reset_seconds: window.reset_seconds(),
    }
}

impl Decision {
    /// The `ratelimit-*` headers (IETF draft names, as API.md lists them).
    pub fn headers(&self) -> [(&'static str, String); 3] {
        [
            ("ratelimit-limit", self.limit.to_string()),
            ("ratelimit-remaining", self.remaining.to_string()),
            ("ratelimit-reset", self.reset_seconds.to_string()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_limit_is_admitted_in_a_fresh_window() {
        let w = Window::at(1_000_000 * WINDOW_MS + 5_000);
        let admitted = (1..=200).filter(|&n| decide(50, 0, n, &w).admitted).count();
        assert_eq!(admitted, 50);
        assert_eq!(decide(50, 0, 1, &w).remaining, 49);
        assert_eq!(decide(50, 0, 50, &w).remaining, 0);
        assert_eq!(decide(50, 0, 51, &w).remaining, 0);
        assert_eq!(w.reset_seconds(), 55);
    }

    #[test]
    fn the_previous_window_weighs_in_as_it_slides_out() {
        let start = 42 * WINDOW_MS;
        assert_eq!(allowance(100, 100, &Window::at(start)), 0);
        assert_eq!(allowance(100, 100, &Window::at(start + WINDOW_MS / 2)), 50);
        assert_eq!(allowance(100, 100, &Window::at(start + WINDOW_MS - 1)), 100);
        assert_eq!(allowance(10, 1000, &Window::at(start)), 0);
    }

    #[test]
    fn keys_name_the_subject_and_window() {
        let w = Window::at(3 * WINDOW_MS + 1);
        assert_eq!(
            w.counter_key("key:ab"),
            format!("rl:key:ab:{}", 3 * WINDOW_MS)
        );
        assert_eq!(
            w.previous_counter_key("ip:1.2.3.4"),
            format!("rl:ip:1.2.3.4:{}", 2 * WINDOW_MS)
        );
        assert_eq!(w.stale_counter_key("x"), format!("rl:x:{}", WINDOW_MS));
    }
}
