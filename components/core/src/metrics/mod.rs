//! Request metrics folded from the audit log, and their Prometheus text.
//!
//! Every instance is new for each request, so nothing can be batched in memory, and a
//! counter per request would be one more store write on the hot path (an fsync'd
//! transaction on SQLite). Instead the audit record every request already writes carries
//! what the metrics need (route, provider, fallback reason, ms: an [`Observation`]), and
//! the scrape folds the records appended since the last scrape into a [`Tally`] kept in
//! the store under [`TALLY_KEY`] (replaced by compare-and-swap, so concurrent scrapes
//! never count a record twice). Labels are bounded: methods outside the standard ones
//! count as `OTHER`, routes are the table's patterns (or `unmatched`), providers and
//! reasons are the chain's names.

use std::collections::BTreeMap;
use std::fmt::Write as _;

mod tally;

pub use tally::{SETTLE_MS, Slot, Tally, Waiting};

/// Upper bounds of the latency buckets, in milliseconds (then `+Inf`).
pub const LATENCY_BUCKETS_MS: &[u64] = &[
    5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
];

/// Key of the [`Tally`] in the store.
pub const TALLY_KEY: &str = "metrics:tally";

const REQUESTS_PREFIX: &str = "metrics:req:";
const MILLIS_PREFIX: &str = "metrics:ms:";

/// Label value of requests no provider answered, or that no fallback answered.
pub const NONE: &str = "none";

/// One finished request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// HTTP method.
    pub method: String,
    /// The route pattern of the endpoint table, or `unmatched`.
    pub route: String,
    /// Response status.
    pub status: u16,
    /// Who answered (`x-edgecrew-provider`), or [`NONE`].
    pub provider: String,
    /// Why the fallback answered (`x-edgecrew-fallback-reason`), or [`NONE`].
    pub reason: String,
    /// Milliseconds until the response head.
    pub ms: u64,
}

/// Keep label values to `A-Z a-z 0-9 _ . - / { }` (so a key splits back and a label needs
/// no escaping), at most 64 characters.
fn clean(value: &str) -> String {
    let out: String = value
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_.-/{}".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() { NONE.to_owned() } else { out }
}

/// Methods counted under their own name; any other is `OTHER`, so clients cannot make
/// new series by inventing methods.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

fn method_label(method: &str) -> &str {
    METHODS
        .iter()
        .find(|m| **m == method)
        .copied()
        .unwrap_or("OTHER")
}

impl Observation {
    /// Index of its latency bucket (`LATENCY_BUCKETS_MS.len()` for `+Inf`).
    pub fn bucket(&self) -> usize {
        LATENCY_BUCKETS_MS
            .iter()
            .position(|&le| self.ms <= le)
            .unwrap_or(LATENCY_BUCKETS_MS.len())
    }

    fn route_labels(&self) -> String {
        format!("{} {}", method_label(&self.method), clean(&self.route))
    }

    /// The name of the series this request adds 1 to.
    pub fn requests_key(&self) -> String {
        format!(
            "{REQUESTS_PREFIX}{}|{}|{}|{}|{}",
            self.route_labels(),
            self.status,
            clean(&self.provider),
            clean(&self.reason),
            self.bucket()
        )
    }

    /// The name of the sum this request adds its milliseconds to.
    pub fn millis_key(&self) -> String {
        format!("{MILLIS_PREFIX}{}", self.route_labels())
    }
}

/// A requests series, split back into its labels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Series {
    /// HTTP method.
    pub method: String,
    /// Route pattern.
    pub route: String,
    /// Response status.
    pub status: u16,
    /// Who answered.
    pub provider: String,
    /// Why the fallback answered.
    pub reason: String,
    /// Latency bucket index.
    pub bucket: usize,
}

impl Series {
    /// Parse a requests key, as [`Observation::requests_key`] writes it.
    pub fn parse(key: &str) -> Option<Self> {
        let rest = key.strip_prefix(REQUESTS_PREFIX)?;
        let mut parts = rest.split('|');
        let (method, route) = parts.next()?.split_once(' ')?;
        let status = parts.next()?.parse().ok()?;
        let provider = parts.next()?;
        let reason = parts.next()?;
        let bucket: usize = parts.next()?.parse().ok()?;
        if parts.next().is_some() || bucket > LATENCY_BUCKETS_MS.len() {
            return None;
        }
        Some(Self {
            method: method_label(method).to_owned(),
            route: clean(route),
            status,
            provider: clean(provider),
            reason: clean(reason),
            bucket,
        })
    }

    /// The milliseconds counter of its route.
    pub fn millis_key(&self) -> String {
        format!("{MILLIS_PREFIX}{} {}", self.method, self.route)
    }
}

/// A circuit breaker's state, as `/health` names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Circuit {
    /// Provider name.
    pub provider: String,
    /// `closed`, `open` or `half_open`.
    pub state: &'static str,
}

/// Everything a scrape read from the store.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Each series and its count.
    pub requests: Vec<(Series, u64)>,
    /// Milliseconds spent per `{method} {route}` key ([`Series::millis_key`]).
    pub millis: BTreeMap<String, u64>,
    /// Circuit state per provider.
    pub circuits: Vec<Circuit>,
    /// Audit records appended but not folded in yet.
    pub backlog: u64,
}

/// Circuit states a provider is reported in.
const CIRCUIT_STATES: &[&str] = &["closed", "open", "half_open"];

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// Seconds from milliseconds, as Prometheus writes them.
fn seconds(ms: u64) -> String {
    format!("{}", ms as f64 / 1000.0)
}

impl Snapshot {
    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self) -> String {
        let mut requests: BTreeMap<(&str, &str, u16, &str), u64> = BTreeMap::new();
        let mut fallbacks: BTreeMap<&str, u64> = BTreeMap::new();
        let mut limited: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        let mut buckets: BTreeMap<(&str, &str), Vec<u64>> = BTreeMap::new();
        for (s, n) in &self.requests {
            *requests
                .entry((&s.method, &s.route, s.status, &s.provider))
                .or_default() += n;
            if s.reason != NONE {
                *fallbacks.entry(&s.reason).or_default() += n;
            }
            if s.status == 429 {
                *limited.entry((&s.method, &s.route)).or_default() += n;
            }
            buckets
                .entry((&s.method, &s.route))
                .or_insert_with(|| vec![0; LATENCY_BUCKETS_MS.len() + 1])[s.bucket] += n;
        }
        let mut out = String::new();
        header(
            &mut out,
            "edgecrew_requests_total",
            "counter",
            "Requests answered, by method, route, status and the provider that answered.",
        );
        for ((method, route, status, provider), n) in &requests {
            let _ = writeln!(
                out,
                "edgecrew_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\",provider=\"{provider}\"}} {n}"
            );
        }
        header(
            &mut out,
            "edgecrew_fallback_answers_total",
            "counter",
            "Answers not given by the first provider, by the reason the chain moved on.",
        );
        for (reason, n) in &fallbacks {
            let _ = writeln!(
                out,
                "edgecrew_fallback_answers_total{{reason=\"{reason}\"}} {n}"
            );
        }
        header(
            &mut out,
            "edgecrew_rate_limited_total",
            "counter",
            "Requests refused by a rate limit (429), by method and route.",
        );
        for ((method, route), n) in &limited {
            let _ = writeln!(
                out,
                "edgecrew_rate_limited_total{{method=\"{method}\",route=\"{route}\"}} {n}"
            );
        }
        header(
            &mut out,
            "edgecrew_request_duration_seconds",
            "histogram",
            "Time from the request to the response head, by method and route.",
        );
        for ((method, route), counts) in &buckets {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            let mut cumulative = 0;
            for (i, n) in counts.iter().enumerate() {
                cumulative += n;
                let le = LATENCY_BUCKETS_MS
                    .get(i)
                    .map_or_else(|| "+Inf".to_owned(), |&ms| seconds(ms));
                let _ = writeln!(
                    out,
                    "edgecrew_request_duration_seconds_bucket{{{labels},le=\"{le}\"}} {cumulative}"
                );
            }
            let sum = self
                .millis
                .get(&format!("{MILLIS_PREFIX}{method} {route}"))
                .copied()
                .unwrap_or(0);
            let _ = writeln!(
                out,
                "edgecrew_request_duration_seconds_sum{{{labels}}} {}\nedgecrew_request_duration_seconds_count{{{labels}}} {cumulative}",
                seconds(sum)
            );
        }
        header(
            &mut out,
            "edgecrew_circuit_state",
            "gauge",
            "Circuit breaker state per provider: 1 for the state it is in, 0 for the others.",
        );
        for c in &self.circuits {
            let provider = clean(&c.provider);
            for state in CIRCUIT_STATES {
                let _ = writeln!(
                    out,
                    "edgecrew_circuit_state{{provider=\"{provider}\",state=\"{state}\"}} {}",
                    u8::from(*state == c.state)
                );
            }
        }
        header(
            &mut out,
            "edgecrew_metrics_backlog_records",
            "gauge",
            "Audit records written but not yet counted in these metrics (folded at the next scrape).",
        );
        let _ = writeln!(out, "edgecrew_metrics_backlog_records {}", self.backlog);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finished `POST /v1/complete` (also used by the tally's tests).
    pub(super) fn obs(status: u16, provider: &str, reason: &str, ms: u64) -> Observation {
        Observation {
            method: "POST".into(),
            route: "/v1/complete".into(),
            status,
            provider: provider.into(),
            reason: reason.into(),
            ms,
        }
    }

    #[test]
    fn a_requests_key_parses_back_into_its_labels() {
        let o = obs(200, "fallback", "circuit_open", 30);
        let s = Series::parse(&o.requests_key()).expect("parses");
        assert_eq!(
            (s.method.as_str(), s.route.as_str(), s.status),
            ("POST", "/v1/complete", 200)
        );
        assert_eq!(
            (s.provider.as_str(), s.reason.as_str()),
            ("fallback", "circuit_open")
        );
        assert_eq!(LATENCY_BUCKETS_MS[s.bucket], 50);
        assert_eq!(s.millis_key(), o.millis_key());
    }

    #[test]
    fn label_values_cannot_break_the_key_or_the_exposition() {
        let o = obs(200, "evil\"|provider\n", NONE, 1);
        let s = Series::parse(&o.requests_key()).expect("parses");
        assert_eq!(s.provider, "evil__provider_");
        assert!(Series::parse("metrics:req:GET /x|200|a|b|99").is_none());
        let invented = Observation {
            method: "FOO1".into(),
            ..o
        };
        assert!(invented.requests_key().starts_with("metrics:req:OTHER "));
        assert!(Series::parse("metrics:req:GET /x|200|a|b|1|extra").is_none());
    }

    #[test]
    fn buckets_are_inclusive_upper_bounds_with_an_infinite_last() {
        assert_eq!(obs(200, NONE, NONE, 0).bucket(), 0);
        assert_eq!(obs(200, NONE, NONE, 5).bucket(), 0);
        assert_eq!(obs(200, NONE, NONE, 6).bucket(), 1);
        assert_eq!(
            obs(200, NONE, NONE, 60_001).bucket(),
            LATENCY_BUCKETS_MS.len()
        );
    }

    #[test]
    fn render_aggregates_counts_buckets_fallbacks_and_refusals() {
        let series = |o: Observation| Series::parse(&o.requests_key()).expect("parses");
        let snapshot = Snapshot {
            requests: vec![
                (series(obs(200, "runtime-host", NONE, 3)), 4),
                (series(obs(200, "fallback", "circuit_open", 40)), 2),
                (series(obs(429, NONE, NONE, 1)), 1),
            ],
            millis: BTreeMap::from([("metrics:ms:POST /v1/complete".to_owned(), 1500)]),
            circuits: vec![Circuit {
                provider: "runtime-host".into(),
                state: "open",
            }],
            backlog: 0,
        };
        let text = snapshot.render();
        for line in [
            "edgecrew_requests_total{method=\"POST\",route=\"/v1/complete\",status=\"200\",provider=\"runtime-host\"} 4",
            "edgecrew_requests_total{method=\"POST\",route=\"/v1/complete\",status=\"200\",provider=\"fallback\"} 2",
            "edgecrew_fallback_answers_total{reason=\"circuit_open\"} 2",
            "edgecrew_rate_limited_total{method=\"POST\",route=\"/v1/complete\"} 1",
            "edgecrew_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/complete\",le=\"0.005\"} 5",
            "edgecrew_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/complete\",le=\"0.025\"} 5",
            "edgecrew_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/complete\",le=\"0.05\"} 7",
            "edgecrew_request_duration_seconds_bucket{method=\"POST\",route=\"/v1/complete\",le=\"+Inf\"} 7",
            "edgecrew_request_duration_seconds_sum{method=\"POST\",route=\"/v1/complete\"} 1.5",
            "edgecrew_request_duration_seconds_count{method=\"POST\",route=\"/v1/complete\"} 7",
            "edgecrew_circuit_state{provider=\"runtime-host\",state=\"open\"} 1",
            "edgecrew_circuit_state{provider=\"runtime-host\",state=\"closed\"} 0",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
        assert!(text.contains("# TYPE edgecrew_request_duration_seconds histogram"));
    }
}
