//! CORS with an exact origin allow-list. The API authenticates with bearer keys only and
//! never sets `access-control-allow-credentials`, so no wildcard is ever combined with
//! credentials; a `*` entry in the list is ignored rather than honoured.

/// Methods a preflight may be granted.
pub const ALLOW_METHODS: &str = "GET, POST, DELETE, OPTIONS";
/// Request headers a preflight may be granted.
pub const ALLOW_HEADERS: &str = "authorization, content-type, x-request-id";
/// Response headers scripts may read.
pub const EXPOSE_HEADERS: &str = "x-request-id, ratelimit-limit, ratelimit-remaining, \
     ratelimit-reset, retry-after, x-edgecrew-provider, x-edgecrew-fallback-reason";
/// How long a preflight answer may be cached, in seconds.
pub const MAX_AGE: &str = "600";

/// The allowed origins, parsed from a comma-separated variable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList(Vec<String>);

impl AllowList {
    /// Parse `https://a.example, https://b.example` (entries without a scheme and `*`
    /// are dropped).
    pub fn parse(value: &str) -> Self {
        Self(
            value
                .split(',')
                .map(|o| o.trim().trim_end_matches('/').to_ascii_lowercase())
                .filter(|o| o.starts_with("https://") || o.starts_with("http://"))
                .collect(),
        )
    }

    /// Whether a request's `Origin` may read responses.
    pub fn allows(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        self.0.contains(&origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_origins_are_allowed_and_wildcards_are_ignored() {
        let list =
            AllowList::parse(" https://app.example.com/ , *, example.org, http://localhost:5173");
        assert!(list.allows("https://app.example.com"));
        assert!(list.allows("HTTPS://APP.EXAMPLE.COM"));
        assert!(list.allows("http://localhost:5173"));
        assert!(!list.allows("https://evil.example.com"));
        assert!(!list.allows("example.org"));
        assert!(!AllowList::parse("*").allows("https://anything.example"));
        assert!(!AllowList::parse("").allows("https://app.example.com"));
    }
}
