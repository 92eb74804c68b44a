//! edgecrew's own OpenAI-compatible API, the server side of [`crate::openai`]: a
//! `/v1/chat/completions` request read into a [`Prompt`], and the `chat.completion`
//! document and `chat.completion.chunk`s written back. The body was checked against
//! the front door's schema (`edgecrew_validation_rules::chat`); what remains to refuse
//! here is what a schema cannot say.

use serde_json::{Value, json};

use crate::openai::{Message, Prompt, Usage};

/// A chat-completions request, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ChatRequest {
    /// The `model` named.
    pub model: String,
    /// The conversation and sampling parameters.
    pub prompt: Prompt,
    /// Whether to answer with Server-Sent Events.
    pub stream: bool,
    /// Whether a stream ends with a usage chunk (`stream_options.include_usage`).
    pub include_usage: bool,
}

/// A message's text: the string, or its text parts joined.
fn text_of(content: &Value) -> String {
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p["text"].as_str())
            .collect::<Vec<_>>()
            .join(""),
        _ => String::new(),
    }
}

/// A request's `stop`: one string or an array of them (absent: none).
pub fn stop_strings(stop: &Value) -> Vec<String> {
    match stop {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Read `body`; `system` (an agent's system prompt) goes before the client's own system
/// messages, all of which become one leading system message (chat templates take one).
///
/// # Errors
/// A message for a 400 when the request cannot be answered as asked.
pub fn read(body: &Value, system: Option<&str>) -> Result<ChatRequest, String> {
    let model = body["model"]
        .as_str()
        .ok_or("field 'model' is required")?
        .to_owned();
    let mut systems: Vec<String> = system
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
        .into_iter()
        .collect();
    let mut turns = Vec::new();
    for message in body["messages"].as_array().into_iter().flatten() {
        let text = text_of(&message["content"]);
        match message["role"].as_str() {
            Some("system" | "developer") => systems.push(text),
            Some(role @ ("user" | "assistant")) => turns.push(Message::new(role, text)),
            _ => {
                return Err(
                    "every message needs a role: system, developer, user or assistant".into(),
                );
            }
        }
    }
    if !turns.iter().any(|m| m.role == "user") {
        return Err("field 'messages' must include at least one user message".into());
    }
    let mut messages = Vec::with_capacity(turns.len() + 1);
    let systems: Vec<String> = systems
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if !systems.is_empty() {
        messages.push(Message::new("system", systems.join("\n\n")));
    }
    messages.extend(turns);

    let format = &body["response_format"];
    let json_schema = match format["type"].as_str() {
        Some("json_schema") => Some(
            format
                .pointer("/json_schema/schema")
                .filter(|s| s.is_object())
                .cloned()
                .ok_or(
                    "field 'response_format.json_schema.schema' is required for type json_schema",
                )?,
        ),
        _ => None,
    };
    let prompt = Prompt {
        messages,
        max_tokens: body["max_completion_tokens"]
            .as_u64()
            .or_else(|| body["max_tokens"].as_u64())
            .and_then(|n| u32::try_from(n).ok()),
        temperature: body["temperature"].as_f64(),
        top_p: body["top_p"].as_f64(),
        stop: stop_strings(&body["stop"]),
        seed: body["seed"].as_i64(),
        json_object: format["type"] == "json_object",
        json_schema,
        tools: Vec::new(),
    };
    Ok(ChatRequest {
        model,
        prompt,
        stream: body["stream"].as_bool() == Some(true),
        include_usage: body.pointer("/stream_options/include_usage") == Some(&json!(true)),
    })
}

/// What every document and chunk of one completion shares.
#[derive(Debug, Clone, PartialEq)]
pub struct Completion {
    /// `chatcmpl-…`.
    pub id: String,
    /// Unix seconds.
    pub created: i64,
    /// The model the client named.
    pub model: String,
}

/// OpenAI's `usage` object.
pub fn usage(usage: &Usage) -> Value {
    json!({
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "total_tokens": usage.prompt_tokens + usage.completion_tokens,
    })
}

impl Completion {
    /// The whole `chat.completion` document; `extra` is edgecrew's own object (who
    /// answered), which strict clients ignore.
    pub fn document(&self, text: &str, finish_reason: &str, used: &Usage, extra: Value) -> Value {
        json!({
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "choices": [{
                "index": 0,
                "message": { "role": "assistant", "content": text, "refusal": null },
                "logprobs": null,
                "finish_reason": finish_reason,
            }],
            "usage": usage(used),
            "edgecrew": extra,
        })
    }

    /// One `chat.completion.chunk` with `delta` and, on the last, its finish reason.
    pub fn chunk(&self, delta: Value, finish_reason: Option<&str>) -> Value {
        json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [{
                "index": 0,
                "delta": delta,
                "logprobs": null,
                "finish_reason": finish_reason,
            }],
        })
    }

    /// The usage chunk that ends a stream with `include_usage`: no choices.
    pub fn usage_chunk(&self, used: &Usage) -> Value {
        json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "choices": [],
            "usage": usage(used),
        })
    }
}

/// One Server-Sent Event of OpenAI's stream: `data: <json>` and a blank line.
pub fn data(value: &Value) -> String {
    format!("data: {value}\n\n")
}

/// The event that ends every OpenAI stream.
pub const DONE: &str = "data: [DONE]\n\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_messages_merge_after_the_agents_prompt() {
        let body = json!({
            "model": "writer",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": [{"type": "text", "text": "Hi "}, {"type": "text", "text": "there"}]},
                {"role": "assistant", "content": "Hello."},
                {"role": "developer", "content": "No lists."},
                {"role": "user", "content": "Again"}
            ],
            "max_tokens": 10, "max_completion_tokens": 20, "top_p": 0.5, "seed": -3,
            "stop": "END", "stream": true, "stream_options": {"include_usage": true}
        });
        let read = read(&body, Some("You are the writer.")).expect("readable");
        let roles: Vec<&str> = read
            .prompt
            .messages
            .iter()
            .map(|m| m.role.as_str())
            .collect();
        assert_eq!(roles, ["system", "user", "assistant", "user"]);
        assert_eq!(
            read.prompt.messages[0].content,
            "You are the writer.\n\nBe brief.\n\nNo lists."
        );
        assert_eq!(read.prompt.messages[1].content, "Hi there");
        assert_eq!(read.prompt.last_user(), "Again");
        assert_eq!(
            read.prompt.max_tokens,
            Some(20),
            "max_completion_tokens wins"
        );
        assert_eq!(read.prompt.top_p, Some(0.5));
        assert_eq!(read.prompt.seed, Some(-3));
        assert_eq!(read.prompt.stop, ["END"]);
        assert!(read.stream && read.include_usage);
        assert_eq!(read.model, "writer");
    }

    #[test]
    fn response_formats_become_the_prompts_checks() {
        let base = |format: Value| json!({"model": "m", "messages": [{"role": "user", "content": "x"}], "response_format": format});
        let schema = json!({"type": "object", "properties": {"a": {"type": "integer"}}});
        let r = read(
            &base(json!({"type": "json_schema", "json_schema": {"name": "n", "schema": schema}})),
            None,
        )
        .expect("readable");
        assert_eq!(r.prompt.json_schema, Some(schema));
        let r = read(&base(json!({"type": "json_object"})), None).expect("readable");
        assert!(r.prompt.json_object && r.prompt.json_schema.is_none());
        let r = read(&base(json!({"type": "text"})), None).expect("readable");
        assert_eq!(r.prompt.required_schema(), None);
        assert!(!r.stream && !r.include_usage);
    }

    #[test]
    fn refuses_what_cannot_be_answered() {
        let only_system = json!({"model": "m", "messages": [{"role": "system", "content": "x"}]});
        assert_eq!(
            read(&only_system, None).unwrap_err(),
            "field 'messages' must include at least one user message"
        );
        let no_schema = json!({"model": "m", "messages": [{"role": "user", "content": "x"}],
            "response_format": {"type": "json_schema", "json_schema": {"name": "n"}}});
        assert!(
            read(&no_schema, None)
                .unwrap_err()
                .contains("json_schema.schema")
        );
    }

    #[test]
    fn documents_and_chunks_have_openais_shape() {
        let c = Completion {
            id: "chatcmpl-1".into(),
            created: 7,
            model: "writer".into(),
        };
        let used = Usage {
            prompt_tokens: 3,
            completion_tokens: 2,
        };
        let doc = c.document(
            "hi",
            "stop",
            &used,
            json!({"provider": {"name": "fallback"}}),
        );
        assert_eq!(doc["object"], "chat.completion");
        assert_eq!(doc["choices"][0]["message"]["content"], "hi");
        assert_eq!(doc["choices"][0]["finish_reason"], "stop");
        assert_eq!(doc["usage"]["total_tokens"], 5);
        assert_eq!(doc["edgecrew"]["provider"]["name"], "fallback");
        let chunk = c.chunk(json!({"content": "h"}), None);
        assert_eq!(chunk["object"], "chat.completion.chunk");
        assert!(chunk["choices"][0]["finish_reason"].is_null());
        assert_eq!(c.usage_chunk(&used)["choices"], json!([]));
        assert_eq!(data(&json!({"a": 1})), "data: {\"a\":1}\n\n");
    }
}
