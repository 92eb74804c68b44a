//! The request bodies the routes take, as schemas, and the value lists they accept.

use crate::schema::{Field, Kind, Schema};

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

/// The e-mail workflow's states (README: E-mail workflow).
pub const WORKFLOW_STATES: &[&str] = &[
    "new",
    "in_review",
    "in_progress",
    "pending_external",
    "completed",
];

/// Scope names of API.md.
pub const SCOPE_NAMES: &[&str] = &["agents", "emails", "conversations", "admin"];

pub(super) const PROMPT_MAX: usize = 32_768;

pub(super) static COMPLETE: Schema = Schema {
    fields: &[
        Field::required(
            "prompt",
            Kind::String {
                min: 1,
                max: PROMPT_MAX,
            },
        ),
        Field::optional("system_prompt", Kind::String { min: 0, max: 8192 }),
        Field::optional("max_tokens", Kind::Integer { min: 1, max: 4096 }),
        Field::optional("temperature", Kind::Number { min: 0.0, max: 2.0 }),
        Field::optional(
            "stop",
            Kind::StringOrStrings {
                max_items: 4,
                max_len: 64,
            },
        ),
        Field::optional(
            "seed",
            Kind::Integer {
                min: 0,
                max: i64::MAX,
            },
        ),
        Field::optional("json_schema", Kind::AnyObject),
        Field::optional("provider", Kind::OneOf(&["auto", "primary", "fallback"])),
        Field::optional("stream", Kind::Boolean),
    ],
};

pub(super) static TRANSITION: Schema = Schema {
    fields: &[
        Field::required("to", Kind::OneOf(WORKFLOW_STATES)),
        Field::optional("note", Kind::String { min: 0, max: 1000 }),
        Field::required(
            "if_version",
            Kind::Integer {
                min: 1,
                max: i64::MAX,
            },
        ),
    ],
};

pub(super) static EXECUTE: Schema = Schema {
    fields: &[
        Field::required(
            "task",
            Kind::String {
                min: 1,
                max: 16_384,
            },
        ),
        Field::optional(
            "context",
            Kind::StringOrObject {
                max_len: PROMPT_MAX,
            },
        ),
        Field::optional("conversation_id", Kind::Id),
        Field::optional("stream", Kind::Boolean),
    ],
};

pub(super) static ORCHESTRATE: Schema = Schema {
    fields: &[
        Field::required("query", Kind::String { min: 1, max: 8192 }),
        Field::optional("conversation_id", Kind::Id),
    ],
};

pub(super) static CREATE_CONVERSATION: Schema = Schema {
    fields: &[Field::optional("title", Kind::String { min: 0, max: 200 })],
};

pub(super) static APPEND_MESSAGE: Schema = Schema {
    fields: &[
        Field::required(
            "content",
            Kind::String {
                min: 1,
                max: PROMPT_MAX,
            },
        ),
        Field::optional("agent", Kind::OneOf(AGENT_IDS)),
    ],
};

pub(super) static ENTITY_TYPE: Kind = Kind::OneOf(ENTITY_TYPES);

pub(super) static EXTRACT: Schema = Schema {
    fields: &[
        Field::required(
            "text",
            Kind::String {
                min: 1,
                max: 200_000,
            },
        ),
        Field::optional(
            "types",
            Kind::Array {
                items: &ENTITY_TYPE,
                min: 1,
                max: 13,
            },
        ),
    ],
};

/// The Email type of API.md.
pub static EMAIL: Schema = Schema {
    fields: &[
        Field::optional("id", Kind::Id),
        Field::required("subject", Kind::String { min: 0, max: 998 }),
        Field::required(
            "body",
            Kind::String {
                min: 0,
                max: 200_000,
            },
        ),
        Field::optional("from", Kind::String { min: 0, max: 320 }),
        Field::optional(
            "to",
            Kind::StringOrStrings {
                max_items: 100,
                max_len: 320,
            },
        ),
        Field::optional("received_at", Kind::Timestamp),
        Field::optional("importance", Kind::OneOf(&["low", "normal", "high"])),
    ],
};

pub(super) static ANALYZE: Schema = Schema {
    fields: EMAIL.fields,
};

/// Items of a batch are checked one by one by the analysing component, so that one bad
/// item never fails the batch; here only the envelope is checked.
pub(super) static BATCH_ITEM: Kind = Kind::AnyObject;

pub(super) static BATCH: Schema = Schema {
    fields: &[Field::required(
        "emails",
        Kind::Array {
            items: &BATCH_ITEM,
            min: 1,
            max: 100,
        },
    )],
};

pub(super) static SCOPE: Kind = Kind::OneOf(SCOPE_NAMES);

pub(super) static CREATE_KEY: Schema = Schema {
    fields: &[
        Field::required("name", Kind::String { min: 1, max: 100 }),
        Field::required(
            "scopes",
            Kind::Array {
                items: &SCOPE,
                min: 1,
                max: 4,
            },
        ),
        Field::optional(
            "rate_limit_per_minute",
            Kind::Integer {
                min: 1,
                max: 1_000_000,
            },
        ),
        Field::optional("expires_at", Kind::Timestamp),
    ],
};

pub(super) static ROTATE_KEY: Schema = Schema {
    fields: &[Field::optional(
        "grace_seconds",
        Kind::Integer {
            min: 0,
            max: 30 * 86_400,
        },
    )],
};
