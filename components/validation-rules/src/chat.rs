//! The body of `POST /v1/chat/completions`, OpenAI's chat-completions request as edgecrew
//! accepts it. Like OpenAI, an unknown parameter is a 400, so a client never believes a
//! setting was honoured when it was not; `tools` arrive with agent tool calling.

use crate::schema::{Field, Kind, Schema};

/// Characters of all messages' text at most (the context of the largest model is smaller).
const MESSAGES_MAX_CHARS: usize = 32_768;

/// Messages per request at most.
const MESSAGES_MAX: usize = 256;

static MESSAGE: Schema = Schema {
    fields: &[
        Field {
            name: "role",
            kind: Kind::OneOf(&["system", "developer", "user", "assistant"]),
            required: true,
        },
        Field {
            name: "content",
            kind: Kind::TextOrParts {
                max_len: MESSAGES_MAX_CHARS,
            },
            required: true,
        },
        Field {
            name: "name",
            kind: Kind::String { min: 1, max: 64 },
            required: false,
        },
    ],
};

static MESSAGE_KIND: Kind = Kind::Object(&MESSAGE);

static JSON_SCHEMA_FORMAT: Schema = Schema {
    fields: &[
        Field {
            name: "name",
            kind: Kind::String { min: 1, max: 64 },
            required: true,
        },
        Field {
            name: "description",
            kind: Kind::String { min: 0, max: 1024 },
            required: false,
        },
        Field {
            name: "schema",
            kind: Kind::AnyObject,
            required: true,
        },
        Field {
            name: "strict",
            kind: Kind::Boolean,
            required: false,
        },
    ],
};

static RESPONSE_FORMAT: Schema = Schema {
    fields: &[
        Field {
            name: "type",
            kind: Kind::OneOf(&["text", "json_object", "json_schema"]),
            required: true,
        },
        Field {
            name: "json_schema",
            kind: Kind::Object(&JSON_SCHEMA_FORMAT),
            required: false,
        },
    ],
};

static STREAM_OPTIONS: Schema = Schema {
    fields: &[Field {
        name: "include_usage",
        kind: Kind::Boolean,
        required: false,
    }],
};

/// OpenAI's chat-completions request: the parameters edgecrew honours.
pub static CHAT_COMPLETION: Schema = Schema {
    fields: &[
        Field {
            name: "model",
            kind: Kind::String { min: 1, max: 128 },
            required: true,
        },
        Field {
            name: "messages",
            kind: Kind::Array {
                items: &MESSAGE_KIND,
                min: 1,
                max: MESSAGES_MAX,
            },
            required: true,
        },
        Field {
            name: "max_tokens",
            kind: Kind::Integer { min: 1, max: 4096 },
            required: false,
        },
        Field {
            name: "max_completion_tokens",
            kind: Kind::Integer { min: 1, max: 4096 },
            required: false,
        },
        Field {
            name: "temperature",
            kind: Kind::Number { min: 0.0, max: 2.0 },
            required: false,
        },
        Field {
            name: "top_p",
            kind: Kind::Number { min: 0.0, max: 1.0 },
            required: false,
        },
        Field {
            name: "seed",
            kind: Kind::Integer {
                min: i64::MIN,
                max: i64::MAX,
            },
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
            name: "n",
            kind: Kind::Integer { min: 1, max: 1 },
            required: false,
        },
        Field {
            name: "stream",
            kind: Kind::Boolean,
            required: false,
        },
        Field {
            name: "stream_options",
            kind: Kind::Object(&STREAM_OPTIONS),
            required: false,
        },
        Field {
            name: "response_format",
            kind: Kind::Object(&RESPONSE_FORMAT),
            required: false,
        },
        Field {
            name: "user",
            kind: Kind::String { min: 0, max: 256 },
            required: false,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(body: serde_json::Value) -> Result<(), String> {
        CHAT_COMPLETION.validate(&body)
    }

    #[test]
    fn accepts_what_openai_clients_send() {
        let body = json!({
            "model": "writer",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Hi"}], "name": "ann"},
                {"role": "assistant", "content": "Hello."},
                {"role": "developer", "content": "No lists."}
            ],
            "max_completion_tokens": 64, "temperature": 0.2, "top_p": 0.9, "seed": -7,
            "stop": ["\n\n"], "n": 1, "stream": true, "stream_options": {"include_usage": true},
            "response_format": {"type": "json_schema", "json_schema": {
                "name": "answer", "strict": true, "schema": {"type": "object"}}},
            "user": "u-1"
        });
        assert_eq!(check(body), Ok(()));
    }

    #[test]
    fn refuses_what_it_does_not_honour_naming_the_field() {
        let cases = [
            (
                json!({"messages": [{"role": "user", "content": "x"}]}),
                "field 'model' is required",
            ),
            (
                json!({"model": "m", "messages": []}),
                "field 'messages' must have 1 to 256 items (got 0)",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "n": 2}),
                "field 'n' must be 1: no other value is supported",
            ),
            (
                json!({"model": "m", "messages": [{"role": "tool", "content": "x"}]}),
                "field 'messages[0].role' must be one of: system, developer, user, assistant",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}),
                "field 'messages[0].content[0]' is a 'image_url' part; only text parts are supported",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": []}),
                "unknown field 'tools'",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": {"type": "yaml"}}),
                "field 'response_format.type' must be one of: text, json_object, json_schema",
            ),
        ];
        for (body, want) in cases {
            assert_eq!(check(body.clone()), Err(want.to_owned()), "{body}");
        }
    }
}
