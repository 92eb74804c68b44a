//! The API's endpoints (API.md): which scope each needs and which body and query it
//! takes. The table ([`ROUTES`], `table.rs`) is the one place to add an endpoint; the
//! bodies it checks are in `schemas.rs`; matching a request to a row is here.

mod schemas;
mod table;

pub use schemas::{AGENT_IDS, EMAIL, ENTITY_TYPES, SCOPE_NAMES};
pub use table::ROUTES;

use crate::schema::{Schema, is_id};
use crate::{Rejection, keys::Scope};

/// What an endpoint is, for handlers that act on it in the validation component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /health`, the only unauthenticated route.
    Health,
    /// `POST /v1/admin/keys`.
    CreateKey,
    /// `POST /v1/admin/keys/{id}/rotate`.
    RotateKey,
    /// `DELETE /v1/admin/keys/{id}`.
    RevokeKey,
    /// `GET /v1/admin/audit`.
    Audit,
    /// `GET /v1/admin/export`.
    Export,
    /// `POST /v1/admin/import`: its body is a backup file (NDJSON), not a JSON document.
    Import,
    /// Any other endpoint of the table: checked here, served by the next handler.
    Forwarded,
}

/// A query parameter an endpoint accepts.
#[derive(Debug)]
pub struct QueryParam {
    /// Its name.
    pub name: &'static str,
    /// What its value may be.
    pub kind: QueryKind,
}

/// What a query parameter's value may be.
#[derive(Debug)]
pub enum QueryKind {
    /// An integer in `min..=max`.
    Integer {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// One of a fixed set.
    OneOf(&'static [&'static str]),
    /// Opaque text of at most this many characters (a pagination cursor).
    Text(usize),
    /// An RFC 3339 timestamp or Unix milliseconds.
    Time,
}

/// One row of the endpoint table.
#[derive(Debug)]
pub struct Route {
    /// HTTP method.
    pub method: &'static str,
    /// Path pattern: literal segments, `{name}` for an id segment.
    pub pattern: &'static str,
    /// What it is.
    pub endpoint: Endpoint,
    /// The scope a key needs; `None` means no authentication.
    pub scope: Option<Scope>,
    /// The JSON body it takes, if any.
    pub body: Option<&'static Schema>,
    /// The query parameters it accepts.
    pub query: &'static [QueryParam],
}

/// A matched endpoint and its id path segment, if it has one.
#[derive(Debug, Clone, Copy)]
pub struct Matched<'a> {
    /// The table row.
    pub route: &'static Route,
    /// The `{id}` segment.
    pub id: Option<&'a str>,
}

/// What the table says about a method and path.
#[derive(Debug)]
pub enum Lookup<'a> {
    /// A known endpoint.
    Found(Matched<'a>),
    /// A path the table does not know: any valid key may pass it on (the next handler
    /// answers 404), so that route existence is not revealed without a key.
    Unknown,
}

fn match_pattern<'a>(pattern: &str, path: &'a str) -> Result<Option<Option<&'a str>>, Rejection> {
    let mut id = None;
    let mut want = pattern.split('/');
    let mut have = path.split('/');
    loop {
        match (want.next(), have.next()) {
            (None, None) => return Ok(Some(id)),
            (Some("{id}"), Some(seg)) => {
                if !is_id(seg) {
                    // Only reject once the rest of the pattern also matches.
                    let rest_matches = want.clone().eq(have.clone());
                    if rest_matches {
                        return Err(Rejection::bad_request(format!(
                            "path segment '{}' is not a valid id: 1 to 64 of A-Z a-z 0-9 _ -",
                            seg.chars().take(64).collect::<String>()
                        )));
                    }
                    return Ok(None);
                }
                id = Some(seg);
            }
            (Some(w), Some(h)) if w == h => {}
            _ => return Ok(None),
        }
    }
}

/// Look a request up: the endpoint, 405 (with the allowed methods) for a known path
/// with another method, 400 for a malformed id segment, or `Unknown`.
pub fn lookup<'a>(method: &str, path: &'a str) -> Result<Lookup<'a>, Rejection> {
    let path = match path.strip_suffix('/') {
        Some(p) if !p.is_empty() => p,
        _ => path,
    };
    let mut allowed: Vec<&str> = Vec::new();
    for route in ROUTES {
        if let Some(id) = match_pattern(route.pattern, path)? {
            if route.method == method {
                return Ok(Lookup::Found(Matched { route, id }));
            }
            allowed.push(route.method);
        }
    }
    if allowed.is_empty() {
        Ok(Lookup::Unknown)
    } else {
        Err(Rejection::new(
            405,
            format!(
                "method {method} is not allowed here; allowed: {}",
                allowed.join(", ")
            ),
        ))
    }
}

/// The methods a known path accepts (for the `Allow` header of a 405).
pub fn allowed_methods(path: &str) -> Vec<&'static str> {
    ROUTES
        .iter()
        .filter(|r| matches!(match_pattern(r.pattern, path), Ok(Some(_))))
        .map(|r| r.method)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(method: &str, path: &str) -> (Endpoint, Option<Scope>, Option<String>) {
        match lookup(method, path).expect("ok") {
            Lookup::Found(m) => (m.route.endpoint, m.route.scope, m.id.map(str::to_owned)),
            Lookup::Unknown => panic!("{method} {path} unknown"),
        }
    }

    #[test]
    fn every_route_group_has_its_scope() {
        assert_eq!(found("GET", "/health").1, None);
        assert_eq!(found("POST", "/v1/complete").1, Some(Scope::Agents));
        assert_eq!(
            found("POST", "/v1/agents/writer/execute").2.as_deref(),
            Some("writer")
        );
        assert_eq!(
            found("GET", "/v1/conversations/c1").1,
            Some(Scope::Conversations)
        );
        assert_eq!(
            found("POST", "/v1/emails/analyze/batch").1,
            Some(Scope::Emails)
        );
        assert_eq!(found("POST", "/v1/admin/keys").0, Endpoint::CreateKey);
        assert_eq!(found("DELETE", "/v1/admin/keys/k1").0, Endpoint::RevokeKey);
        assert_eq!(
            found("POST", "/v1/admin/keys/k1/rotate").0,
            Endpoint::RotateKey
        );
        assert_eq!(found("GET", "/v1/conversations/").0, Endpoint::Forwarded);
    }

    #[test]
    fn wrong_methods_bad_ids_and_unknown_paths() {
        let e = lookup("PUT", "/v1/conversations").expect_err("405");
        assert_eq!(e.status, 405);
        assert!(
            e.detail.contains("GET, POST") || e.detail.contains("POST, GET"),
            "{}",
            e.detail
        );
        assert_eq!(
            lookup("GET", "/v1/conversations/a b")
                .expect_err("400")
                .status,
            400
        );
        assert!(matches!(lookup("GET", "/v1/nothing"), Ok(Lookup::Unknown)));
        assert!(matches!(
            lookup("GET", "/v1/conversations/a/b/c"),
            Ok(Lookup::Unknown)
        ));
        assert_eq!(
            allowed_methods("/v1/conversations/x"),
            vec!["GET", "DELETE"]
        );
    }
}
