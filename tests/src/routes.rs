//! Spin's HTTP routing, following `crates/routes/src/lib.rs`: exact routes and `/...`
//! wildcards, the most specific match wins.

use crate::manifest::{HttpTrigger, Route};

/// A compiled route table.
#[derive(Debug, Clone, Default)]
pub struct Router {
    /// `(pattern, trigger index)`, most specific first.
    routes: Vec<(Pattern, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    Exact(String),
    /// Matches the prefix itself and anything below it (`/v1/...` matches `/v1`, `/v1/x`).
    Wildcard(String),
}

impl Pattern {
    fn parse(route: &str) -> Self {
        match route.strip_suffix("/...") {
            Some(prefix) => Pattern::Wildcard(prefix.to_owned()),
            None => Pattern::Exact(normalise(route).to_owned()),
        }
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            Pattern::Exact(p) => normalise(path) == p,
            Pattern::Wildcard(prefix) => {
                prefix.is_empty()
                    || path == prefix
                    || path
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
        }
    }

    /// Higher is more specific: any exact route beats any wildcard; longer prefixes win.
    fn specificity(&self) -> (u8, usize) {
        match self {
            Pattern::Exact(p) => (1, p.len()),
            Pattern::Wildcard(p) => (0, p.len()),
        }
    }
}

/// `/a/` and `/a` are the same exact route; `/` stays `/`.
fn normalise(path: &str) -> &str {
    match path.strip_suffix('/') {
        Some("") | None => path,
        Some(p) => p,
    }
}

impl Router {
    /// Build the table from the manifest's triggers; private routes are left out.
    pub fn new(triggers: &[HttpTrigger]) -> Self {
        let mut routes: Vec<(Pattern, usize)> = triggers
            .iter()
            .enumerate()
            .filter_map(|(i, t)| match &t.route {
                Route::Path(p) => Some((Pattern::parse(p), i)),
                Route::Private => None,
            })
            .collect();
        routes.sort_by_key(|r| std::cmp::Reverse(r.0.specificity()));
        Self { routes }
    }

    /// The trigger serving `path`, if any.
    pub fn route(&self, path: &str) -> Option<usize> {
        self.routes
            .iter()
            .find(|(p, _)| p.matches(path))
            .map(|(_, i)| *i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router(routes: &[&str]) -> Router {
        let triggers: Vec<HttpTrigger> = routes
            .iter()
            .map(|r| HttpTrigger {
                route: if *r == "private" {
                    Route::Private
                } else {
                    Route::Path((*r).to_owned())
                },
                component: (*r).to_owned(),
                middleware: vec![],
            })
            .collect();
        Router::new(&triggers)
    }

    #[test]
    fn most_specific_route_wins_regardless_of_order() {
        let r = router(&["/...", "/v1/...", "/v1/agents/...", "/health"]);
        assert_eq!(r.route("/health"), Some(3));
        assert_eq!(r.route("/health/"), Some(3));
        assert_eq!(r.route("/v1/agents/x/execute"), Some(2));
        assert_eq!(r.route("/v1/agents"), Some(2));
        assert_eq!(r.route("/v1/agentsx"), Some(1));
        assert_eq!(r.route("/v1"), Some(1));
        assert_eq!(r.route("/other"), Some(0));
        assert_eq!(r.route("/"), Some(0));
    }

    /// `spin.toml`'s layout, as `spin up` 4.1 routes it (checked by hand with curl and by
    /// e2e_console on both hosts): the console's `/` and `/app/...` win over the front
    /// door's `/...`, which keeps everything else.
    #[test]
    fn the_consoles_routes_win_over_the_front_doors_wildcard() {
        let r = router(&["/...", "/", "/app/..."]);
        for path in ["/", "/app", "/app/", "/app/chat", "/app/assets/app-1.js"] {
            assert_ne!(r.route(path), Some(0), "{path}");
        }
        assert_eq!(r.route("/"), Some(1));
        assert_eq!(r.route("/app/board/em_1"), Some(2));
        for path in ["/v1/agents", "/health", "/application", "/apps/x", "/x/"] {
            assert_eq!(r.route(path), Some(0), "{path}");
        }
    }

    #[test]
    fn exact_routes_do_not_match_below_themselves() {
        let r = router(&["/health"]);
        assert_eq!(r.route("/health/x"), None);
        assert_eq!(r.route("/healthz"), None);
    }

    #[test]
    fn private_routes_are_unreachable_from_outside() {
        let r = router(&["private"]);
        assert_eq!(r.route("/"), None);
        assert_eq!(r.route("/private"), None);
    }
}
