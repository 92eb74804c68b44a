//! The OpenAI chat-completions protocol as the chain speaks it: the request body, the
//! parsed full answer, and an incremental parser for its Server-Sent Events stream.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Failure;
use crate::config::ProviderSpec;
use crate::tool_calls::{self, ToolCallDelta, ToolCallRequest};

pub use crate::sse::SseParser;

/// One chat message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// `system`, `user`, `assistant` or `tool`.
    pub role: String,
    /// The text.
    pub content: String,
    /// The calls an assistant message asked for (OpenAI's `tool_calls`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<Value>,
    /// The call a `tool` message answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl Message {
    /// A message with the given role.
    pub fn new(role: &str, content: impl Into<String>) -> Self {
        Self {
            role: role.to_owned(),
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: None,
        }
    }
}

/// What the caller asks of a model: the conversation and the sampling parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prompt {
    /// The messages, system message first when there is one.
    pub messages: Vec<Message>,
    /// Tokens to generate at most.
    pub max_tokens: Option<u32>,
    /// Softmax temperature.
    pub temperature: Option<f64>,
    /// Nucleus-sampling mass.
    pub top_p: Option<f64>,
    /// Stop strings.
    pub stop: Vec<String>,
    /// Sampling seed.
    pub seed: Option<i64>,
    /// JSON Schema the answer must match; the provider is asked to constrain to it.
    pub json_schema: Option<Value>,
    /// The answer must be a JSON object (OpenAI's `json_object` mode); a schema, when
    /// given, says more and wins.
    pub json_object: bool,
    /// Tools the model may call (OpenAI's `tools`).
    pub tools: Vec<Value>,
    /// Whether and which tool the model must call (OpenAI's `tool_choice`).
    pub tool_choice: Option<Value>,
}

impl Prompt {
    /// A prompt of an optional system message and one user message.
    pub fn new(system: Option<&str>, user: &str) -> Self {
        let mut messages = Vec::with_capacity(2);
        if let Some(system) = system.filter(|s| !s.trim().is_empty()) {
            messages.push(Message::new("system", system));
        }
        messages.push(Message::new("user", user));
        Self {
            messages,
            ..Self::default()
        }
    }

    /// The system message, if any.
    pub fn system(&self) -> Option<&str> {
        self.messages
            .iter()
            .find(|m| m.role == "system")
            .map(|m| m.content.as_str())
    }

    /// The last user message (what the fallback answers).
    pub fn last_user(&self) -> &str {
        self.messages
            .iter()
            .rev()
            .find(|m| m.role == "user")
            .map_or("", |m| m.content.as_str())
    }

    /// The schema the answer is checked against: the requested one, or any object in
    /// `json_object` mode.
    pub fn required_schema(&self) -> Option<Value> {
        match (&self.json_schema, self.json_object) {
            (Some(schema), _) => Some(schema.clone()),
            (None, true) => Some(json!({ "type": "object" })),
            (None, false) => None,
        }
    }

    /// The `/v1/chat/completions` body for `provider`.
    pub fn chat_body(&self, provider: &ProviderSpec, stream: bool) -> Value {
        let mut body = json!({ "messages": self.messages, "stream": stream });
        if let Some(model) = &provider.model {
            body["model"] = json!(model);
        }
        if let Some(n) = self.max_tokens {
            body["max_tokens"] = json!(n);
        }
        if let Some(t) = self.temperature {
            body["temperature"] = json!(t);
        }
        if let Some(p) = self.top_p {
            body["top_p"] = json!(p);
        }
        if !self.stop.is_empty() {
            body["stop"] = json!(self.stop);
        }
        if let Some(seed) = self.seed {
            body["seed"] = json!(seed);
        }
        if let Some(schema) = &self.json_schema {
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": { "name": "answer", "strict": true, "schema": schema },
            });
        } else if self.json_object {
            body["response_format"] = json!({ "type": "json_object" });
        }
        if !self.tools.is_empty() {
            body["tools"] = json!(self.tools);
        }
        if let Some(choice) = &self.tool_choice {
            body["tool_choice"] = choice.clone();
        }
        body
    }
}

/// Token counts a provider reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// Prompt tokens.
    pub prompt_tokens: u64,
    /// Generated tokens.
    pub completion_tokens: u64,
}

/// A provider's answer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Generated {
    /// The generated text.
    pub text: String,
    /// The model that answered, as the provider names it.
    pub model: Option<String>,
    /// Token counts, when reported.
    pub usage: Option<Usage>,
    /// Generation speed the provider measured (llama.cpp's `timings.predicted_per_second`).
    pub tokens_per_second: Option<f64>,
    /// Why generation stopped (`stop`, `length`, ...), when reported.
    pub finish_reason: Option<String>,
    /// The tools the model asked to call, if any.
    pub tool_calls: Vec<ToolCallRequest>,
}

impl Generated {
    /// Whether generation stopped at the request's `max_tokens`.
    pub fn hit_length_limit(&self) -> bool {
        self.finish_reason.as_deref() == Some("length")
    }
}

pub(crate) fn usage_of(v: &Value) -> Option<Usage> {
    Some(Usage {
        prompt_tokens: v.get("prompt_tokens")?.as_u64()?,
        completion_tokens: v.get("completion_tokens")?.as_u64()?,
    })
}

pub(crate) fn finish_of(v: &Value) -> Option<String> {
    v.pointer("/choices/0/finish_reason")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

pub(crate) fn speed_of(v: &Value) -> Option<f64> {
    v.pointer("/timings/predicted_per_second")
        .and_then(Value::as_f64)
        .filter(|s| s.is_finite() && *s >= 0.0)
}

/// Parse a full (non-streamed) chat-completion answer.
pub fn parse_answer(body: &[u8]) -> Result<Generated, Failure> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| Failure::InvalidOutput(format!("the answer is not JSON: {e}")))?;
    let calls = tool_calls::from_message(&v["choices"][0]["message"]);
    let text = match v.pointer("/choices/0/message/content") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None if !calls.is_empty() => String::new(),
        _ => {
            return Err(Failure::InvalidOutput(
                "no choices[0].message.content".into(),
            ));
        }
    };
    Ok(Generated {
        text,
        model: v.get("model").and_then(Value::as_str).map(str::to_owned),
        usage: v.get("usage").and_then(usage_of),
        tokens_per_second: speed_of(&v),
        finish_reason: finish_of(&v),
        tool_calls: calls,
    })
}

/// One parsed event of a streamed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum StreamEvent {
    /// More text.
    Delta(String),
    /// Metadata that came with a chunk (model, usage, speed), without text.
    Meta(Generated),
    /// A fragment of a tool call.
    ToolCall(ToolCallDelta),
    /// `data: [DONE]`: the stream ended properly.
    Done,
}

impl Generated {
    /// Fold one streamed event into the answer so far; `true` at `[DONE]`.
    pub fn absorb(&mut self, event: StreamEvent) -> bool {
        match event {
            StreamEvent::Delta(text) => self.text.push_str(&text),
            StreamEvent::Meta(meta) => {
                self.model = meta.model.or(self.model.take());
                self.usage = meta.usage.or(self.usage);
                self.tokens_per_second = meta.tokens_per_second.or(self.tokens_per_second);
                self.finish_reason = meta.finish_reason.or(self.finish_reason.take());
                if !meta.tool_calls.is_empty() {
                    self.tool_calls = meta.tool_calls;
                }
            }
            StreamEvent::ToolCall(delta) => tool_calls::absorb(&mut self.tool_calls, delta),
            StreamEvent::Done => return true,
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provider(model: Option<&str>) -> ProviderSpec {
        ProviderSpec {
            name: "p".into(),
            url: "http://h".into(),
            model: model.map(str::to_owned),
            api_key: None,
        }
    }

    #[test]
    fn the_body_carries_the_system_message_and_the_schema() {
        let mut p = Prompt::new(Some("be brief"), "hello");
        p.max_tokens = Some(16);
        p.json_schema = Some(json!({"type": "object"}));
        let body = p.chat_body(&provider(Some("m")), false);
        assert_eq!(
            body["messages"][0],
            json!({"role": "system", "content": "be brief"})
        );
        assert_eq!(body["messages"][1]["role"], "user");
        assert_eq!(body["model"], "m");
        assert_eq!(body["max_tokens"], 16);
        assert_eq!(
            body["response_format"]["json_schema"]["schema"]["type"],
            "object"
        );
        let plain = Prompt::new(Some("  "), "hi").chat_body(&provider(None), true);
        assert_eq!(plain["messages"].as_array().map(Vec::len), Some(1));
        assert!(plain.get("model").is_none() && plain.get("response_format").is_none());
        assert_eq!(plain["stream"], true);
    }

    #[test]
    fn json_object_mode_asks_for_and_checks_an_object() {
        let mut p = Prompt::new(None, "hi");
        p.json_object = true;
        p.top_p = Some(0.5);
        let body = p.chat_body(&provider(None), false);
        assert_eq!(body["response_format"], json!({"type": "json_object"}));
        assert_eq!(body["top_p"], 0.5);
        assert_eq!(p.required_schema(), Some(json!({"type": "object"})));
        p.json_schema = Some(json!({"type": "array"}));
        assert_eq!(p.required_schema(), Some(json!({"type": "array"})));
        assert_eq!(
            p.chat_body(&provider(None), false)["response_format"]["type"],
            "json_schema"
        );
        assert_eq!(Prompt::new(None, "hi").required_schema(), None);
    }

    #[test]
    fn full_answers_parse_with_usage_and_speed() {
        let body = br#"{"model":"tiny","choices":[{"message":{"role":"assistant","content":"hi there"}}],
            "usage":{"prompt_tokens":5,"completion_tokens":2},"timings":{"predicted_per_second":41.5}}"#;
        let g = parse_answer(body).expect("parses");
        assert_eq!(g.text, "hi there");
        assert_eq!(g.model.as_deref(), Some("tiny"));
        assert_eq!(g.usage.map(|u| u.completion_tokens), Some(2));
        assert_eq!(g.tokens_per_second, Some(41.5));
        assert!(!g.hit_length_limit());
        assert!(matches!(
            parse_answer(b"<html>"),
            Err(Failure::InvalidOutput(_))
        ));
        assert!(matches!(
            parse_answer(b"{\"choices\":[]}"),
            Err(Failure::InvalidOutput(_))
        ));
    }

    #[test]
    fn streams_parse_across_any_chunk_boundary() {
        let stream = "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n\
                      data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\r\n\r\n\
                      data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n\
                      data: [DONE]\n\n";
        for split in 1..stream.len() {
            let mut parser = SseParser::new();
            let mut events = parser.push(&stream.as_bytes()[..split]).expect("ok");
            events.extend(parser.push(&stream.as_bytes()[split..]).expect("ok"));
            let text: String = events
                .iter()
                .filter_map(|e| match e {
                    StreamEvent::Delta(t) => Some(t.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(text, "Hello", "split at {split}");
            let mut folded = Generated::default();
            let done = events.iter().cloned().any(|e| folded.absorb(e));
            assert!(done && folded.text == "Hello" && folded.hit_length_limit());
            assert_eq!(events.last(), Some(&StreamEvent::Done));
            assert!(
                events
                    .iter()
                    .any(|e| matches!(e, StreamEvent::Meta(g) if g.usage.is_some()))
            );
        }
    }

    #[test]
    fn a_mid_stream_error_or_garbage_is_a_failure() {
        let mut parser = SseParser::new();
        assert!(
            parser
                .push(b"data: {\"error\":{\"message\":\"boom\"}}\n\n")
                .is_err()
        );
        assert!(SseParser::new().push(b"data: not json\n\n").is_err());
        assert_eq!(SseParser::new().push(b": comment\n\n").expect("ok"), vec![]);
    }
}
