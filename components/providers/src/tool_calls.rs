//! OpenAI tool calls as the chain speaks them: the calls a model asks for, in a whole
//! answer (`choices[0].message.tool_calls`) or streamed in fragments
//! (`choices[0].delta.tool_calls[i]`, joined by index), and the messages that carry them
//! and their results back to the model.

use serde::Serialize;
use serde_json::{Value, json};

use crate::openai::Message;

/// A call a model asked for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ToolCallRequest {
    /// The model's id for it, echoed in the result's message.
    pub id: String,
    /// The tool's name.
    pub name: String,
    /// Its arguments, as the JSON text the model wrote.
    pub arguments: String,
}

/// One streamed fragment of a tool call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolCallDelta {
    /// Which call of the answer it belongs to.
    pub index: usize,
    /// The call's id, in its first fragment.
    pub id: Option<String>,
    /// The tool's name, in its first fragment.
    pub name: Option<String>,
    /// More of the arguments' text.
    pub arguments: String,
}

/// The calls of a whole answer's `message`.
pub fn from_message(message: &Value) -> Vec<ToolCallRequest> {
    message["tool_calls"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| ToolCallRequest {
            id: c["id"].as_str().unwrap_or_default().to_owned(),
            name: c["function"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            arguments: c["function"]["arguments"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
}

/// The fragments in a streamed chunk's `delta`.
pub fn deltas(delta: &Value) -> Vec<ToolCallDelta> {
    delta["tool_calls"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| ToolCallDelta {
            index: c["index"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(i),
            id: c["id"].as_str().map(str::to_owned),
            name: c["function"]["name"].as_str().map(str::to_owned),
            arguments: c["function"]["arguments"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        })
        .collect()
}

/// Join `delta` into the calls read so far.
pub fn absorb(calls: &mut Vec<ToolCallRequest>, delta: ToolCallDelta) {
    if calls.len() <= delta.index {
        calls.resize_with(delta.index + 1, ToolCallRequest::default);
    }
    let call = &mut calls[delta.index];
    if let Some(id) = delta.id {
        call.id = id;
    }
    if let Some(name) = delta.name {
        call.name.push_str(&name);
    }
    call.arguments.push_str(&delta.arguments);
}

/// The assistant message that asked for `calls`, for the next request's history.
pub fn assistant_message(text: &str, calls: &[ToolCallRequest]) -> Message {
    let mut message = Message::new("assistant", text);
    message.tool_calls = calls
        .iter()
        .map(|c| json!({"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}))
        .collect();
    message
}

/// The message carrying a call's result (`content`: its output or error as text).
pub fn result_message(call_id: &str, content: &str) -> Message {
    let mut message = Message::new("tool", content);
    message.tool_call_id = Some(call_id.to_owned());
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_and_streamed_calls_read_the_same() {
        let whole = json!({"tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "calculate", "arguments": "{\"expression\":\"1+1\"}"}}
        ]});
        let want = vec![ToolCallRequest {
            id: "c1".into(),
            name: "calculate".into(),
            arguments: "{\"expression\":\"1+1\"}".into(),
        }];
        assert_eq!(from_message(&whole), want);
        let mut streamed = Vec::new();
        for delta in [
            json!({"tool_calls": [{"index": 0, "id": "c1", "function": {"name": "calculate", "arguments": ""}}]}),
            json!({"tool_calls": [{"index": 0, "function": {"arguments": "{\"expression\":"}}]}),
            json!({"tool_calls": [{"index": 0, "function": {"arguments": "\"1+1\"}"}}]}),
        ] {
            for d in deltas(&delta) {
                absorb(&mut streamed, d);
            }
        }
        assert_eq!(streamed, want);
        assert!(from_message(&json!({"content": "hi"})).is_empty());
    }

    #[test]
    fn calls_and_results_go_back_as_openai_messages() {
        let call = ToolCallRequest {
            id: "c1".into(),
            name: "t".into(),
            arguments: "{}".into(),
        };
        let asked = serde_json::to_value(assistant_message("", &[call])).unwrap();
        assert_eq!(asked["tool_calls"][0]["function"]["name"], "t");
        assert_eq!(asked["role"], "assistant");
        let result = serde_json::to_value(result_message("c1", "42")).unwrap();
        assert_eq!(
            result,
            json!({"role": "tool", "content": "42", "tool_call_id": "c1"})
        );
        let plain = serde_json::to_value(Message::new("user", "x")).unwrap();
        assert_eq!(plain, json!({"role": "user", "content": "x"}));
    }
}
