//! The body of `POST /v1/chat/completions`, OpenAI's chat-completions request as edgecrew
//! accepts it. Like OpenAI, an unknown parameter is a 400, so a client never believes a
//! setting was honoured when it was not. A client's own `tools` pass through to the model,
//! with the assistant messages that called them and the `tool` messages that answer.

use crate::schema::{Field, Kind, Schema};

/// Characters of all messages' text at most (the context of the largest model is smaller).
const MESSAGES_MAX_CHARS: usize = 32_768;

/// Messages per request at most.
const MESSAGES_MAX: usize = 256;

/// Characters of one tool call's arguments at most.
const ARGUMENTS_MAX_CHARS: usize = 32_768;

/// Tools per request at most.
const TOOLS_MAX: usize = 64;

static CALLED_FUNCTION: Schema = Schema {
    fields: &[
        Field::required("name", Kind::String { min: 1, max: 64 }),
        Field::required(
            "arguments",
            Kind::String {
                min: 0,
                max: ARGUMENTS_MAX_CHARS,
            },
        ),
    ],
};

static TOOL_CALL: Schema = Schema {
    fields: &[
        Field::required("id", Kind::String { min: 1, max: 128 }),
        Field::required("type", Kind::OneOf(&["function"])),
        Field::required("function", Kind::Object(&CALLED_FUNCTION)),
    ],
};

static TOOL_CALL_KIND: Kind = Kind::Object(&TOOL_CALL);

/// A message; `content` may be absent or null only on an assistant message that calls
/// tools (`edgecrew_providers::serve::read` says so when it is missing elsewhere).
static MESSAGE: Schema = Schema {
    fields: &[
        Field::required(
            "role",
            Kind::OneOf(&["system", "developer", "user", "assistant", "tool"]),
        ),
        Field::optional(
            "content",
            Kind::TextOrParts {
                max_len: MESSAGES_MAX_CHARS,
            },
        ),
        Field::optional("name", Kind::String { min: 1, max: 64 }),
        Field::optional(
            "tool_calls",
            Kind::Array {
                items: &TOOL_CALL_KIND,
                min: 1,
                max: TOOLS_MAX,
            },
        ),
        Field::optional("tool_call_id", Kind::String { min: 1, max: 128 }),
        Field::optional("refusal", Kind::String { min: 0, max: 4096 }),
    ],
};

static FUNCTION: Schema = Schema {
    fields: &[
        Field::required("name", Kind::String { min: 1, max: 64 }),
        Field::optional("description", Kind::String { min: 0, max: 4096 }),
        Field::optional("parameters", Kind::AnyObject),
        Field::optional("strict", Kind::Boolean),
    ],
};

static TOOL: Schema = Schema {
    fields: &[
        Field::required("type", Kind::OneOf(&["function"])),
        Field::required("function", Kind::Object(&FUNCTION)),
    ],
};

static TOOL_KIND: Kind = Kind::Object(&TOOL);

static MESSAGE_KIND: Kind = Kind::Object(&MESSAGE);

static JSON_SCHEMA_FORMAT: Schema = Schema {
    fields: &[
        Field::required("name", Kind::String { min: 1, max: 64 }),
        Field::optional("description", Kind::String { min: 0, max: 1024 }),
        Field::required("schema", Kind::AnyObject),
        Field::optional("strict", Kind::Boolean),
    ],
};

static RESPONSE_FORMAT: Schema = Schema {
    fields: &[
        Field::required("type", Kind::OneOf(&["text", "json_object", "json_schema"])),
        Field::optional("json_schema", Kind::Object(&JSON_SCHEMA_FORMAT)),
    ],
};

static STREAM_OPTIONS: Schema = Schema {
    fields: &[Field::optional("include_usage", Kind::Boolean)],
};

/// OpenAI's chat-completions request: the parameters edgecrew honours.
pub static CHAT_COMPLETION: Schema = Schema {
    fields: &[
        Field::required("model", Kind::String { min: 1, max: 128 }),
        Field::required(
            "messages",
            Kind::Array {
                items: &MESSAGE_KIND,
                min: 1,
                max: MESSAGES_MAX,
            },
        ),
        Field::optional("max_tokens", Kind::Integer { min: 1, max: 4096 }),
        Field::optional("max_completion_tokens", Kind::Integer { min: 1, max: 4096 }),
        Field::optional("temperature", Kind::Number { min: 0.0, max: 2.0 }),
        Field::optional("top_p", Kind::Number { min: 0.0, max: 1.0 }),
        Field::optional(
            "seed",
            Kind::Integer {
                min: i64::MIN,
                max: i64::MAX,
            },
        ),
        Field::optional(
            "stop",
            Kind::StringOrStrings {
                max_items: 4,
                max_len: 64,
            },
        ),
        Field::optional("n", Kind::Integer { min: 1, max: 1 }),
        Field::optional("stream", Kind::Boolean),
        Field::optional("stream_options", Kind::Object(&STREAM_OPTIONS)),
        Field::optional("response_format", Kind::Object(&RESPONSE_FORMAT)),
        Field::optional("user", Kind::String { min: 0, max: 256 }),
        Field::optional(
            "tools",
            Kind::Array {
                items: &TOOL_KIND,
                min: 0,
                max: TOOLS_MAX,
            },
        ),
        Field::optional("tool_choice", Kind::StringOrObject { max_len: 16 }),
        Field::optional("parallel_tool_calls", Kind::Boolean),
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
        let with_tools = json!({
            "model": "writer",
            "messages": [
                {"role": "user", "content": "Weather in Paris?"},
                {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "sunny"}
            ],
            "tools": [{"type": "function", "function": {"name": "get_weather", "description": "d",
                "parameters": {"type": "object"}, "strict": true}}],
            "tool_choice": "auto", "parallel_tool_calls": false
        });
        assert_eq!(check(with_tools), Ok(()));
        let forced = json!({"model": "w", "messages": [{"role": "user", "content": "x"}],
            "tool_choice": {"type": "function", "function": {"name": "get_weather"}}});
        assert_eq!(check(forced), Ok(()));
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
                json!({"model": "m", "messages": [{"role": "robot", "content": "x"}]}),
                "field 'messages[0].role' must be one of: system, developer, user, assistant, tool",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}),
                "field 'messages[0].content[0]' is a 'image_url' part; only text parts are supported",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "tools": [{"type": "web"}]}),
                "field 'tools[0].type' must be one of: function",
            ),
            (
                json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "functions": []}),
                "unknown field 'functions'",
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
