//! edgecrew's own OpenAI-compatible API, the server side of [`crate::openai`]: a
//! `/v1/chat/completions` request read into a [`Prompt`], and the `chat.completion`
//! document and `chat.completion.chunk`s written back. The body was checked against
//! the front door's schema (`edgecrew_validation_rules::chat`); what remains to refuse
//! here is what a schema cannot say.

use serde_json::{Value, json};

use crate::openai::{Message, Prompt, Usage};
use crate::tool_calls::{self, ToolCallRequest};

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
    for (i, message) in body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let text = text_of(&message["content"]);
        let calls = message["tool_calls"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let has_content = !message["content"].is_null();
        match message["role"].as_str() {
            Some("assistant") if !calls.is_empty() => {
                let mut turn = Message::new("assistant", text);
                turn.tool_calls = calls;
                turns.push(turn);
            }
            _ if !has_content => {
                return Err(format!("field 'messages[{i}].content' is required"));
            }
            Some("system" | "developer") => systems.push(text),
            Some(role @ ("user" | "assistant")) => turns.push(Message::new(role, text)),
            Some("tool") => {
                let id = message["tool_call_id"].as_str().ok_or(format!(
                    "field 'messages[{i}].tool_call_id' is required for a tool message"
                ))?;
                turns.push(tool_calls::result_message(id, &text));
            }
            _ => {
                return Err(
                    "every message needs a role: system, developer, user, assistant or tool".into(),
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
        tools: body["tools"].as_array().cloned().unwrap_or_default(),
        tool_choice: tool_choice(&body["tool_choice"])?,
    };
    Ok(ChatRequest {
        model,
        prompt,
        stream: body["stream"].as_bool() == Some(true),
        include_usage: body.pointer("/stream_options/include_usage") == Some(&json!(true)),
    })
}

/// The request's `tool_choice`, checked: `none`, `auto`, `required`, or a named function.
fn tool_choice(choice: &Value) -> Result<Option<Value>, String> {
    match choice {
        Value::Null => Ok(None),
        Value::String(s) if matches!(s.as_str(), "none" | "auto" | "required") => Ok(Some(choice.clone())),
        Value::Object(_) if choice["type"] == "function" && choice["function"]["name"].is_string() => {
            Ok(Some(choice.clone()))
        }
        _ => Err("field 'tool_choice' must be none, auto, required or {\"type\": \"function\", \"function\": {\"name\": ...}}".into()),
    }
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

    /// The whole `chat.completion` document of an answer that calls tools: its `tool_calls`,
    /// no content, `finish_reason: "tool_calls"`.
    pub fn tool_call_document(
        &self,
        calls: &[ToolCallRequest],
        used: &Usage,
        extra: Value,
    ) -> Value {
        let mut doc = self.document("", "tool_calls", used, extra);
        doc["choices"][0]["message"]["content"] = Value::Null;
        doc["choices"][0]["message"]["tool_calls"] = tool_call_list(calls, false);
        doc
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

/// OpenAI's `tool_calls` list of an assistant message, or of a stream's delta (`indexed`:
/// each call carries its `index`).
pub fn tool_call_list(calls: &[ToolCallRequest], indexed: bool) -> Value {
    Value::Array(
        calls
            .iter()
            .enumerate()
            .map(|(index, c)| {
                let mut call = json!({"id": c.id, "type": "function",
                       "function": {"name": c.name, "arguments": c.arguments}});
                if indexed {
                    call["index"] = json!(index);
                }
                call
            })
            .collect(),
    )
}

/// One Server-Sent Event of OpenAI's stream: `data: <json>` and a blank line.
pub fn data(value: &Value) -> String {
    format!("data: {value}\n\n")
}

/// The event that ends every OpenAI stream.
pub const DONE: &str = "data: [DONE]\n\n";

#[cfg(test)]
mod tests;
