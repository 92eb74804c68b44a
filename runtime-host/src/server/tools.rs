//! OpenAI tool calling: a request's `tools` and `tool_choice` become an instruction to the
//! model and a grammar its answer decodes under, so that a call always parses, names one of
//! the tools and has arguments that fit that tool's schema (fails closed, as
//! `response_format` does); the answer is read back as `tool_calls` or as text.
//!
//! - `tool_choice: "required"` or a named function: the answer must be a call
//!   (`{"name": ..., "arguments": {...}}` under the grammar);
//! - `"auto"` (the default with tools): the answer is a call, or text that does not start
//!   with `{`;
//! - `"none"`: the tools are ignored.
//!
//! Earlier calls and their results go back into the prompt as the model would have written
//! them (the assistant's call as that JSON) and as a user turn holding the result, since
//! chat templates without tool roles are the common case.

use serde_json::{Value, json};

use super::error::ApiError;
use crate::grammar::schema_to_gbnf;

/// How the model must use the tools.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    /// A call or text.
    Auto,
    /// A call of any of the tools.
    Required,
    /// A call of this one.
    Named(String),
}

/// One tool: its name, description and argument schema.
#[derive(Debug, Clone)]
struct Tool {
    name: String,
    description: String,
    parameters: Value,
}

/// The tools of one request.
#[derive(Debug, Clone)]
pub struct Tools {
    tools: Vec<Tool>,
    mode: Mode,
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("invalid_tools", message)
}

impl Tools {
    /// The request's tools, or `None` when it has none or `tool_choice` is `none`.
    ///
    /// # Errors
    /// 400 for a tool that is not a function, a missing name, or an unknown choice.
    pub fn read(
        tools: Option<Vec<Value>>,
        choice: Option<Value>,
    ) -> Result<Option<Self>, ApiError> {
        let Some(list) = tools.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(list.len());
        for (i, tool) in list.iter().enumerate() {
            if tool["type"] != "function" {
                return Err(bad(format!("`tools[{i}].type` must be function")));
            }
            let function = &tool["function"];
            let name = function["name"]
                .as_str()
                .filter(|n| !n.is_empty())
                .ok_or_else(|| bad(format!("`tools[{i}].function.name` is required")))?;
            out.push(Tool {
                name: name.to_owned(),
                description: function["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                parameters: match &function["parameters"] {
                    Value::Null => json!({"type": "object", "properties": {}}),
                    p => p.clone(),
                },
            });
        }
        let mode = match &choice {
            None => Mode::Auto,
            Some(Value::String(s)) => match s.as_str() {
                "auto" => Mode::Auto,
                "required" => Mode::Required,
                "none" => return Ok(None),
                other => return Err(bad(format!("unknown `tool_choice` `{other}`"))),
            },
            Some(c) => {
                let name = c["function"]["name"]
                    .as_str()
                    .ok_or_else(|| bad("`tool_choice.function.name` is required"))?;
                if !out.iter().any(|t| t.name == name) {
                    return Err(bad(format!(
                        "`tool_choice` names `{name}`, which is not in `tools`"
                    )));
                }
                Mode::Named(name.to_owned())
            }
        };
        Ok(Some(Self { tools: out, mode }))
    }

    /// The tools the answer may call.
    fn callable(&self) -> impl Iterator<Item = &Tool> {
        self.tools.iter().filter(move |t| match &self.mode {
            Mode::Named(name) => &t.name == name,
            Mode::Auto | Mode::Required => true,
        })
    }

    /// What the model is told: the tools and how to call one.
    pub fn instruction(&self) -> String {
        let mut text = String::from(
            "You can call tools. To call one, answer with only a JSON object \
             {\"name\": <tool name>, \"arguments\": {...}} and nothing else.",
        );
        text.push_str(match self.mode {
            Mode::Auto => " Otherwise answer in plain text.",
            Mode::Required | Mode::Named(_) => " You must call a tool now.",
        });
        text.push_str("\nTools:");
        for tool in self.callable() {
            text.push_str(&format!(
                "\n- {}: {} Arguments: {}",
                tool.name, tool.description, tool.parameters
            ));
        }
        text
    }

    /// The grammar the answer decodes under.
    ///
    /// # Errors
    /// 400 when a tool's schema cannot be enforced.
    pub fn grammar(&self) -> Result<String, ApiError> {
        let calls: Vec<Value> = self
            .callable()
            .map(|t| {
                json!({
                    "type": "object",
                    "properties": {"name": {"const": t.name}, "arguments": t.parameters},
                    "required": ["name", "arguments"],
                    "additionalProperties": false
                })
            })
            .collect();
        let schema = match calls.as_slice() {
            [one] => one.clone(),
            _ => json!({ "anyOf": calls }),
        };
        let call = schema_to_gbnf(&schema)?;
        Ok(match self.mode {
            Mode::Auto => format!(
                "root ::= call | text\ntext ::= [^{{ \\t\\n\\r] [^\\x00]*\n{}",
                call.replacen("root ::= ", "call ::= ", 1)
            ),
            Mode::Required | Mode::Named(_) => call,
        })
    }

    /// The calls in `text`, when it is one: `(name, arguments as JSON text)`.
    pub fn calls_in(&self, text: &str) -> Option<Vec<(String, String)>> {
        let value: Value = serde_json::from_str(text.trim()).ok()?;
        let name = value["name"].as_str()?;
        self.callable().any(|t| t.name == name).then_some(())?;
        let arguments = value.get("arguments").filter(|a| a.is_object())?;
        Some(vec![(name.to_owned(), arguments.to_string())])
    }
}

/// An assistant message's earlier calls, as the model would have written them.
pub fn calls_as_text(calls: &[Value]) -> String {
    calls
        .iter()
        .map(|c| {
            let arguments: Value = c["function"]["arguments"]
                .as_str()
                .and_then(|a| serde_json::from_str(a).ok())
                .unwrap_or_else(|| json!({}));
            json!({"name": c["function"]["name"], "arguments": arguments}).to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Rewrite a whole chat completion whose text is a call: `tool_calls`, no content,
/// `finish_reason: "tool_calls"`. Call ids are `call_<completion id>_<n>`.
pub fn shape(mut doc: Value, tools: &Tools) -> Value {
    let text = doc["choices"][0]["message"]["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let Some(calls) = tools.calls_in(&text) else {
        return doc;
    };
    let id = doc["id"].as_str().unwrap_or("chatcmpl").to_owned();
    let list: Vec<Value> = calls
        .into_iter()
        .enumerate()
        .map(|(n, (name, arguments))| {
            json!({"id": format!("call_{id}_{n}"), "type": "function",
                   "function": {"name": name, "arguments": arguments}})
        })
        .collect();
    let choice = &mut doc["choices"][0];
    choice["message"]["content"] = Value::Null;
    choice["message"]["tool_calls"] = Value::Array(list);
    choice["finish_reason"] = json!("tool_calls");
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weather() -> Value {
        json!({"type": "function", "function": {"name": "get_weather", "description": "Weather.",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}})
    }

    #[test]
    fn choices_are_read_and_checked() {
        assert!(Tools::read(None, None).unwrap().is_none());
        assert!(
            Tools::read(Some(vec![weather()]), Some(json!("none")))
                .unwrap()
                .is_none()
        );
        let named = Tools::read(
            Some(vec![weather()]),
            Some(json!({"type": "function", "function": {"name": "get_weather"}})),
        );
        assert_eq!(
            named.unwrap().unwrap().mode,
            Mode::Named("get_weather".into())
        );
        assert!(Tools::read(Some(vec![weather()]), Some(json!("sometimes"))).is_err());
        assert!(
            Tools::read(
                Some(vec![weather()]),
                Some(json!({"type": "function", "function": {"name": "nope"}}))
            )
            .is_err()
        );
        assert!(Tools::read(Some(vec![json!({"type": "web"})]), None).is_err());
    }

    #[test]
    fn a_call_is_read_back_only_when_it_names_a_tool_with_object_arguments() {
        let tools = Tools::read(Some(vec![weather()]), None).unwrap().unwrap();
        assert_eq!(
            tools.calls_in(r#" {"name": "get_weather", "arguments": {"city": "Paris"}} "#),
            Some(vec![("get_weather".into(), r#"{"city":"Paris"}"#.into())])
        );
        assert_eq!(tools.calls_in("It is sunny."), None);
        assert_eq!(
            tools.calls_in(r#"{"name": "other", "arguments": {}}"#),
            None
        );
        let doc = shape(
            json!({"id": "chatcmpl-7", "choices": [{"message": {"role": "assistant",
            "content": r#"{"name":"get_weather","arguments":{"city":"Oslo"}}"#}, "finish_reason": "stop"}]}),
            &tools,
        );
        assert_eq!(doc["choices"][0]["finish_reason"], "tool_calls");
        assert_eq!(
            doc["choices"][0]["message"]["tool_calls"][0]["id"],
            "call_chatcmpl-7_0"
        );
        assert_eq!(doc["choices"][0]["message"]["content"], Value::Null);
    }

    #[test]
    fn the_grammar_allows_text_only_in_auto_mode() {
        let auto = Tools::read(Some(vec![weather()]), None)
            .unwrap()
            .unwrap()
            .grammar()
            .unwrap();
        assert!(auto.starts_with("root ::= call | text\n"), "{auto}");
        let required = Tools::read(Some(vec![weather()]), Some(json!("required")))
            .unwrap()
            .unwrap()
            .grammar()
            .unwrap();
        assert!(
            required.starts_with("root ::= ") && !required.contains("text ::="),
            "{required}"
        );
        let pattern = json!({"type": "function", "function": {"name": "f",
            "parameters": {"type": "object", "properties": {"x": {"type": "string", "pattern": "a+"}}}}});
        assert!(
            Tools::read(Some(vec![pattern]), None)
                .unwrap()
                .unwrap()
                .grammar()
                .is_err(),
            "unenforceable: refused"
        );
        assert_eq!(
            calls_as_text(&[json!({"function": {"name": "f", "arguments": "{\"a\":1}"}})]),
            r#"{"arguments":{"a":1},"name":"f"}"#
        );
    }
}
