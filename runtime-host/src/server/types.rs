//! OpenAI request shapes accepted by the completion endpoints.

use serde::Deserialize;
use serde_json::Value;

/// Sampling and output fields shared by chat and text completions.
#[derive(Debug, Default, Deserialize)]
pub struct CommonParams {
    /// Model name; must match the served model when given.
    pub model: Option<String>,
    /// Tokens to generate at most.
    pub max_tokens: Option<u32>,
    /// Newer spelling of `max_tokens`.
    pub max_completion_tokens: Option<u32>,
    /// Softmax temperature.
    pub temperature: Option<f32>,
    /// Nucleus threshold.
    pub top_p: Option<f32>,
    /// Top-k cut-off.
    pub top_k: Option<i32>,
    /// RNG seed.
    pub seed: Option<i64>,
    /// Stop string(s).
    pub stop: Option<Stop>,
    /// Stream as server-sent events.
    #[serde(default)]
    pub stream: bool,
    /// Constrained output.
    pub response_format: Option<ResponseFormat>,
    /// Number of choices; only 1 is supported.
    pub n: Option<u32>,
    /// llama-server extension: do not stop at end-of-generation tokens.
    #[serde(default)]
    pub ignore_eos: bool,
}

/// `stop` as a string or a list of strings.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Stop {
    /// One stop string.
    One(String),
    /// Several stop strings.
    Many(Vec<String>),
}

/// `response_format`.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResponseFormat {
    /// Plain text.
    Text,
    /// Any JSON object.
    JsonObject,
    /// JSON matching a schema.
    JsonSchema {
        /// The schema wrapper.
        json_schema: JsonSchemaSpec,
    },
}

/// `response_format.json_schema`.
#[derive(Debug, Deserialize)]
pub struct JsonSchemaSpec {
    /// The schema itself.
    pub schema: Option<Value>,
}

/// `POST /v1/chat/completions` body.
#[derive(Debug, Deserialize)]
pub struct ChatRequest {
    /// The conversation.
    pub messages: Vec<ChatMessage>,
    /// Functions the model may call.
    pub tools: Option<Vec<Value>>,
    /// Whether and which tool the model must call.
    pub tool_choice: Option<Value>,
    /// Everything else.
    #[serde(flatten)]
    pub common: CommonParams,
}

/// One chat message.
#[derive(Debug, Deserialize)]
pub struct ChatMessage {
    /// `system`, `developer`, `user`, `assistant` or `tool`.
    pub role: String,
    /// Text, a list of text parts, or null.
    pub content: Option<Content>,
    /// The calls an assistant message made.
    pub tool_calls: Option<Vec<Value>>,
    /// The call a `tool` message answers.
    pub tool_call_id: Option<String>,
}

/// Message content.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Content {
    /// Plain text.
    Text(String),
    /// Content parts; only `{"type":"text"}` parts are supported.
    Parts(Vec<ContentPart>),
}

/// One content part.
#[derive(Debug, Deserialize)]
pub struct ContentPart {
    /// Part type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Text of a text part.
    pub text: Option<String>,
}

/// `POST /v1/completions` body.
#[derive(Debug, Deserialize)]
pub struct CompletionRequest {
    /// The prompt.
    pub prompt: Prompt,
    /// Everything else.
    #[serde(flatten)]
    pub common: CommonParams,
}

/// `prompt` as a string or a one-element list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Prompt {
    /// One prompt.
    One(String),
    /// A list of prompts (only one is supported).
    Many(Vec<String>),
}
