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

/// Scope names of API.md.
pub const SCOPE_NAMES: &[&str] = &["agents", "emails", "conversations", "admin"];

pub(super) const PROMPT_MAX: usize = 32_768;

pub(super) static COMPLETE: Schema = Schema {
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

pub(super) static EXECUTE: Schema = Schema {
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

pub(super) static ORCHESTRATE: Schema = Schema {
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

pub(super) static CREATE_CONVERSATION: Schema = Schema {
    fields: &[Field {
        name: "title",
        kind: Kind::String { min: 0, max: 200 },
        required: false,
    }],
};

pub(super) static APPEND_MESSAGE: Schema = Schema {
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

pub(super) static ENTITY_TYPE: Kind = Kind::OneOf(ENTITY_TYPES);

pub(super) static EXTRACT: Schema = Schema {
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

pub(super) static ANALYZE: Schema = Schema {
    fields: EMAIL.fields,
};

/// Items of a batch are checked one by one by the analysing component, so that one bad
/// item never fails the batch; here only the envelope is checked.
pub(super) static BATCH_ITEM: Kind = Kind::AnyObject;

pub(super) static BATCH: Schema = Schema {
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

pub(super) static SCOPE: Kind = Kind::OneOf(SCOPE_NAMES);

pub(super) static CREATE_KEY: Schema = Schema {
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

pub(super) static ROTATE_KEY: Schema = Schema {
    fields: &[Field {
        name: "grace_seconds",
        kind: Kind::Integer {
            min: 0,
            max: 30 * 86_400,
        },
        required: false,
    }],
};
