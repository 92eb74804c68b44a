//! Prometheus counters, gauges and histograms, rendered as text for `GET /metrics`.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Outcome of one completion request, used as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Answered successfully.
    Ok,
    /// Rejected as a client error (4xx).
    ClientError,
    /// Rejected because the queue was full (503).
    Rejected,
    /// The client went away or the deadline passed.
    Cancelled,
    /// Failed inside the server (5xx).
    ServerError,
}

impl Outcome {
    const ALL: [Self; 5] = [
        Self::Ok,
        Self::ClientError,
        Self::Rejected,
        Self::Cancelled,
        Self::ServerError,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::ClientError => "client_error",
            Self::Rejected => "rejected",
            Self::Cancelled => "cancelled",
            Self::ServerError => "server_error",
        }
    }

    fn index(self) -> usize {
        match self {
            Self::Ok => 0,
            Self::ClientError => 1,
            Self::Rejected => 2,
            Self::Cancelled => 3,
            Self::ServerError => 4,
        }
    }
}

/// A cumulative histogram with fixed bucket bounds.
#[derive(Debug)]
struct Histogram {
    bounds: &'static [f64],
    buckets: Vec<AtomicU64>,
    count: AtomicU64,
    /// Sum, stored as micro-units to stay atomic.
    sum_micros: AtomicU64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Self {
        Self {
            bounds,
            buckets: bounds.iter().map(|_| AtomicU64::new(0)).collect(),
            count: AtomicU64::new(0),
            sum_micros: AtomicU64::new(0),
        }
    }

    fn observe(&self, value: f64) {
        if !value.is_finite() || value < 0.0 {
            return;
        }
        for (bound, bucket) in self.bounds.iter().zip(&self.buckets) {
            if value <= *bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count.fetch_add(1, Ordering::Relaxed);
        // Saturating float-to-int cast is the intent here.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let micros = (value * 1e6) as u64;
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (bound, bucket) in self.bounds.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        #[allow(clippy::cast_precision_loss)]
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

const TTFT_BOUNDS: &[f64] = &[0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
const RATE_BOUNDS: &[f64] = &[1.0, 5.0, 10.0, 20.0, 40.0, 80.0, 160.0, 320.0, 640.0];

/// All metrics of the process.
#[derive(Debug)]
pub struct Metrics {
    requests: [AtomicU64; 5],
    prompt_tokens: AtomicU64,
    cached_prompt_tokens: AtomicU64,
    generated_tokens: AtomicU64,
    queue_depth: AtomicU64,
    active_sequences: AtomicU64,
    ttft: Histogram,
    generation_rate: Histogram,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            requests: std::array::from_fn(|_| AtomicU64::new(0)),
            prompt_tokens: AtomicU64::new(0),
            cached_prompt_tokens: AtomicU64::new(0),
            generated_tokens: AtomicU64::new(0),
            queue_depth: AtomicU64::new(0),
            active_sequences: AtomicU64::new(0),
            ttft: Histogram::new(TTFT_BOUNDS),
            generation_rate: Histogram::new(RATE_BOUNDS),
        }
    }
}

impl Metrics {
    /// Counts one finished request.
    pub fn request(&self, outcome: Outcome) {
        if let Some(counter) = self.requests.get(outcome.index()) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Adds processed prompt tokens.
    pub fn prompt_tokens(&self, n: u64) {
        self.prompt_tokens.fetch_add(n, Ordering::Relaxed);
    }

    /// Adds prompt tokens reused from a sequence's cache instead of processed.
    pub fn cached_prompt_tokens(&self, n: u64) {
        self.cached_prompt_tokens.fetch_add(n, Ordering::Relaxed);
    }

    /// Adds generated tokens.
    pub fn generated_tokens(&self, n: u64) {
        self.generated_tokens.fetch_add(n, Ordering::Relaxed);
    }

    /// Sets the number of requests waiting for a sequence.
    pub fn set_queue_depth(&self, n: u64) {
        self.queue_depth.store(n, Ordering::Relaxed);
    }

    /// Sets the number of sequences being decoded.
    pub fn set_active_sequences(&self, n: u64) {
        self.active_sequences.store(n, Ordering::Relaxed);
    }

    /// Records a time to first token, in seconds.
    pub fn observe_ttft(&self, seconds: f64) {
        self.ttft.observe(seconds);
    }

    /// Records one request's generation rate, in tokens per second.
    pub fn observe_generation_rate(&self, tokens_per_second: f64) {
        self.generation_rate.observe(tokens_per_second);
    }

    /// Renders every metric in the Prometheus text exposition format.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP runtime_host_requests_total Completion requests by outcome.\n# TYPE runtime_host_requests_total counter\n");
        for outcome in Outcome::ALL {
            let _ = writeln!(
                out,
                "runtime_host_requests_total{{outcome=\"{}\"}} {}",
                outcome.label(),
                self.requests[outcome.index()].load(Ordering::Relaxed)
            );
        }
        let scalar = [
            (
                "runtime_host_prompt_tokens_total",
                "counter",
                "Prompt tokens processed.",
                &self.prompt_tokens,
            ),
            (
                "runtime_host_prompt_tokens_cached_total",
                "counter",
                "Prompt tokens reused from an earlier request's cache instead of processed.",
                &self.cached_prompt_tokens,
            ),
            (
                "runtime_host_generated_tokens_total",
                "counter",
                "Tokens generated.",
                &self.generated_tokens,
            ),
            (
                "runtime_host_queue_depth",
                "gauge",
                "Requests waiting for a free sequence.",
                &self.queue_depth,
            ),
            (
                "runtime_host_active_sequences",
                "gauge",
                "Sequences being decoded.",
                &self.active_sequences,
            ),
        ];
        for (name, kind, help, value) in scalar {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        self.ttft.render(
            &mut out,
            "runtime_host_time_to_first_token_seconds",
            "Time from request arrival to its first generated token.",
        );
        self.generation_rate.render(
            &mut out,
            "runtime_host_generation_tokens_per_second",
            "Generation rate of each finished request.",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Metrics, Outcome};

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.request(Outcome::Ok);
        m.request(Outcome::Rejected);
        m.observe_ttft(0.03);
        m.observe_ttft(7.0);
        let text = m.render();
        assert!(text.contains("runtime_host_requests_total{outcome=\"ok\"} 1"));
        assert!(text.contains("runtime_host_requests_total{outcome=\"rejected\"} 1"));
        assert!(text.contains("runtime_host_time_to_first_token_seconds_bucket{le=\"0.05\"} 1"));
        assert!(text.contains("runtime_host_time_to_first_token_seconds_bucket{le=\"10\"} 2"));
        assert!(text.contains("runtime_host_time_to_first_token_seconds_count 2"));
    }
}
