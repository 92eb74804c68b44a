//! The API's endpoints (API.md): which scope each needs and which body and query it
//! takes. The table is the one place to add an endpoint.

use crate::schema::{Field, Kind, Schema, is_id};
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

/// Entity types of API.md.
pub const ENTITY_TYPES: &[&str] = &[
    "po_number",
    "quote_number",
    "case_number",
    "order_number",
    "tracking_number",
    "part_number",
    "amount",
    "date",
    "email_address",
    "phone_number",
    "person",
    "company",
    "product",
];

/// Agent ids of API.md.
pub const AGENT_IDS: &[&str] = &[
    "research",
    "code",
    "data_analysis",
    "writer",
    "tool_executor",
    "email_analysis",
];

/// Scope names of API.md.
pub const SCOPE_NAMES: &[&str] = &["agents", "emails", "conversations", "admin"];

const PROMPT_MAX: usize = 32_768;

static COMPLETE: Schema = Schema {
    fields: &[
        Field {
            name: "prompt",
            kind: Kind::String {
                min: 1,
                max: PROMPT_MAX,
            },
            required: true,
        },
        Field {
            name: "system_prompt",
            kind: Kind::String { min: 0, max: 8192 },
            required: false,
        },
        Field {
            name: "max_tokens",
            kind: Kind::Integer { min: 1, max: 4096 },
            required: false,
        },
        Field {
            name: "temperature",
            kind: Kind::Number { min: 0.0, max: 2.0 },
            required: false,
        },
        Field {
            name: "stop",
            kind: Kind::StringOrStrings {
                max_items: 4,
                max_len: 64,
            },
            required: false,
        },
        Field {
            name: "seed",
            kind: Kind::Integer {
                min: 0,
                max: i64::MAX,
            },
            required: false,
        },
        Field {
            name: "json_schema",
            kind: Kind::AnyObject,
            required: false,
        },
        Field {
            name: "provider",
            kind: Kind::OneOf(&["auto", "primary", "fallback"]),
            required: false,
        },
        Field {
            name: "stream",
            kind: Kind::Boolean,
            required: false,
        },
    ],
};

static EXECUTE: Schema = Schema {
    fields: &[
        Field {
            name: "task",
            kind: Kind::String {
                min: 1,
                max: 16_384,
            },
            required: true,
        },
        Field {
            name: "context",
            kind: Kind::StringOrObject {
                max_len: PROMPT_MAX,
            },
            required: false,
        },
        Field {
            name: "conversation_id",
            kind: Kind::Id,
            required: false,
        },
        Field {
            name: "stream",
            kind: Kind::Boolean,
            required: false,
        },
    ],
};

static ORCHESTRATE: Schema = Schema {
    fields: &[
        Field {
            name: "query",
            kind: Kind::String { min: 1, max: 8192 },
            required: true,
        },
        Field {
            name: "conversation_id",
            kind: Kind::Id,
            required: false,
        },
    ],
};

static CREATE_CONVERSATION: Schema = Schema {
    fields: &[Field {
        name: "title",
        kind: Kind::String { min: 0, max: 200 },
        required: false,
    }],
};

static APPEND_MESSAGE: Schema = Schema {
    fields: &[
        Field {
            name: "content",
            kind: Kind::String {
                min: 1,
                max: PROMPT_MAX,
            },
            required: true,
        },
        Field {
            name: "agent",
            kind: Kind::OneOf(AGENT_IDS),
            required: false,
        },
    ],
};

static ENTITY_TYPE: Kind = Kind::OneOf(ENTITY_TYPES);

static EXTRACT: Schema = Schema {
    fields: &[
        Field {
            name: "text",
            kind: Kind::String {
                min: 1,
                max: 200_000,
            },
            required: true,
        },
        Field {
            name: "types",
            kind: Kind::Array {
                items: &ENTITY_TYPE,
                min: 1,
                max: 13,
            },
            required: false,
        },
    ],
};

/// The Email type of API.md.
pub static EMAIL: Schema = Schema {
    fields: &[
        Field {
            name: "id",
            kind: Kind::Id,
            required: false,
        },
        Field {
            name: "subject",
            kind: Kind::String { min: 0, max: 998 },
            required: true,
        },
        Field {
            name: "body",
            kind: Kind::String {
                min: 0,
                max: 200_000,
            },
            required: true,
        },
        Field {
            name: "from",
            kind: Kind::String { min: 0, max: 320 },
            required: false,
        },
        Field {
            name: "to",
            kind: Kind::StringOrStrings {
                max_items: 100,
                max_len: 320,
            },
            required: false,
        },
        Field {
            name: "received_at",
            kind: Kind::Timestamp,
            required: false,
        },
        Field {
            name: "importance",
            kind: Kind::OneOf(&["low", "normal", "high"]),
            required: false,
        },
    ],
};

static ANALYZE: Schema = Schema {
    fields: EMAIL.fields,
};

/// Items of a batch are checked one by one by the analysing component, so that one bad
/// item never fails the batch; here only the envelope is checked.
static BATCH_ITEM: Kind = Kind::AnyObject;

static BATCH: Schema = Schema {
    fields: &[Field {
        name: "emails",
        kind: Kind::Array {
            items: &BATCH_ITEM,
            min: 1,
            max: 100,
        },
        required: true,
    }],
};

static SCOPE: Kind = Kind::OneOf(SCOPE_NAMES);

static CREATE_KEY: Schema = Schema {
    fields: &[
        Field {
            name: "name",
            kind: Kind::String { min: 1, max: 100 },
            required: true,
        },
        Field {
            name: "scopes",
            kind: Kind::Array {
                items: &SCOPE,
                min: 1,
                max: 4,
            },
            required: true,
        },
        Field {
            name: "rate_limit_per_minute",
            kind: Kind::Integer {
                min: 1,
                max: 1_000_000,
            },
            required: false,
        },
        Field {
            name: "expires_at",
            kind: Kind::Timestamp,
            required: false,
        },
    ],
};

static ROTATE_KEY: Schema = Schema {
    fields: &[Field {
        name: "grace_seconds",
        kind: Kind::Integer {
            min: 0,
            max: 30 * 86_400,
        },
        required: false,
    }],
};

const NO_QUERY: &[QueryParam] = &[];

/// Every endpoint of API.md.
pub static ROUTES: &[Route] = &[
    Route {
        method: "GET",
        pattern: "/health",
        endpoint: Endpoint::Health,
        scope: None,
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/complete",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: Some(&COMPLETE),
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/chat/completions",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: Some(&crate::chat::CHAT_COMPLETION),
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/models",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/models/{id}",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/agents",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/agents/{id}/execute",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: Some(&EXECUTE),
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/orchestrate",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Agents),
        body: Some(&ORCHESTRATE),
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/conversations",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Conversations),
        body: Some(&CREATE_CONVERSATION),
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/conversations",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Conversations),
        body: None,
        query: &[
            QueryParam {
                name: "limit",
                kind: QueryKind::Integer { min: 1, max: 100 },
            },
            QueryParam {
                name: "cursor",
                kind: QueryKind::Text(256),
            },
        ],
    },
    Route {
        method: "GET",
        pattern: "/v1/conversations/{id}",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Conversations),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "DELETE",
        pattern: "/v1/conversations/{id}",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Conversations),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/conversations/{id}/messages",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Conversations),
        body: Some(&APPEND_MESSAGE),
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/conversations/{id}/export",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Conversations),
        body: None,
        query: &[QueryParam {
            name: "format",
            kind: QueryKind::OneOf(&["json", "markdown"]),
        }],
    },
    Route {
        method: "POST",
        pattern: "/v1/entities/extract",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Emails),
        body: Some(&EXTRACT),
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/emails/analyze",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Emails),
        body: Some(&ANALYZE),
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/emails/analyze/batch",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Emails),
        body: Some(&BATCH),
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/emails/{id}/analysis",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Emails),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/admin/keys",
        endpoint: Endpoint::CreateKey,
        scope: Some(Scope::Admin),
        body: Some(&CREATE_KEY),
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/admin/keys/{id}/rotate",
        endpoint: Endpoint::RotateKey,
        scope: Some(Scope::Admin),
        body: Some(&ROTATE_KEY),
        query: NO_QUERY,
    },
    Route {
        method: "DELETE",
        pattern: "/v1/admin/keys/{id}",
        endpoint: Endpoint::RevokeKey,
        scope: Some(Scope::Admin),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/admin/export",
        endpoint: Endpoint::Export,
        scope: Some(Scope::Admin),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "POST",
        pattern: "/v1/admin/import",
        endpoint: Endpoint::Import,
        scope: Some(Scope::Admin),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/metrics",
        endpoint: Endpoint::Forwarded,
        scope: Some(Scope::Admin),
        body: None,
        query: NO_QUERY,
    },
    Route {
        method: "GET",
        pattern: "/v1/admin/audit",
        endpoint: Endpoint::Audit,
        scope: Some(Scope::Admin),
        body: None,
        query: &[
            QueryParam {
                name: "since",
                kind: QueryKind::Time,
            },
            QueryParam {
                name: "limit",
                kind: QueryKind::Integer { min: 1, max: 1000 },
            },
        ],
    },
];

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
