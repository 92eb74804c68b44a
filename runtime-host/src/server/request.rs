//! Turns a parsed OpenAI request into a validated engine [`Job`] description.

use crate::engine::{Engine, SamplingParams};
use crate::grammar::{json_object_gbnf, schema_to_gbnf};
use llama_cpp_2::token::LlamaToken;

use super::error::ApiError;
use super::tools;
use super::types::{ChatMessage, CommonParams, Content, Prompt, ResponseFormat, Stop};

const MAX_STOPS: usize = 4;
const MAX_STOP_LEN: usize = 256;

/// A request that passed validation: prompt tokens plus sampling parameters.
#[derive(Debug)]
pub struct Prepared {
    /// Prompt tokens.
    pub tokens: Vec<LlamaToken>,
    /// Sampling parameters.
    pub params: SamplingParams,
}

/// Checks the requested model name against the served one.
///
/// # Errors
/// 404 when a different model is named.
pub fn check_model(common: &CommonParams, engine: &Engine) -> Result<(), ApiError> {
    match common.model.as_deref() {
        None | Some("") => Ok(()),
        Some(name) if name == engine.info().id => Ok(()),
        Some(name) => Err(ApiError::unknown_model(name, &engine.info().id)),
    }
}

/// Converts chat messages to `(role, text)` pairs: a `tool` result becomes a user turn
/// holding it, an assistant's earlier calls the JSON the model wrote (`super::tools`).
///
/// # Errors
/// 400 for an empty conversation, an unknown role, or non-text content.
pub fn chat_messages(messages: Vec<ChatMessage>) -> Result<Vec<(String, String)>, ApiError> {
    if messages.is_empty() {
        return Err(ApiError::bad_request(
            "invalid_messages",
            "`messages` must not be empty",
        ));
    }
    messages
        .into_iter()
        .map(|m| {
            let role = match m.role.as_str() {
                "system" | "developer" => "system",
                "user" | "tool" => "user",
                "assistant" => "assistant",
                other => {
                    return Err(ApiError::bad_request(
                        "invalid_messages",
                        format!("unsupported message role `{other}`"),
                    ));
                }
            };
            let text = match m.content {
                None => String::new(),
                Some(Content::Text(t)) => t,
                Some(Content::Parts(parts)) => {
                    let mut text = String::new();
                    for part in parts {
                        match (part.kind.as_str(), part.text) {
                            ("text", Some(t)) => text.push_str(&t),
                            (kind, _) => {
                                return Err(ApiError::bad_request(
                                    "invalid_messages",
                                    format!(
                                        "unsupported content part `{kind}` (only text is supported)"
                                    ),
                                ));
                            }
                        }
                    }
                    text
                }
            };
            let text = match (m.role.as_str(), &m.tool_calls) {
                ("tool", _) => format!(
                    "Tool result ({}): {text}",
                    m.tool_call_id.as_deref().unwrap_or("call")
                ),
                ("assistant", Some(calls)) if !calls.is_empty() => tools::calls_as_text(calls),
                _ => text,
            };
            Ok((role.to_owned(), text))
        })
        .collect()
}

/// The single prompt of a text completion.
///
/// # Errors
/// 400 unless exactly one prompt is given.
pub fn single_prompt(prompt: Prompt) -> Result<String, ApiError> {
    match prompt {
        Prompt::One(p) => Ok(p),
        Prompt::Many(mut v) if v.len() == 1 => Ok(v.remove(0)),
        Prompt::Many(_) => Err(ApiError::bad_request(
            "invalid_prompt",
            "exactly one prompt is supported per request",
        )),
    }
}

/// Tokenizes `prompt` and validates the sampling fields against the server's limits.
///
/// # Errors
/// 400 for an empty or too long prompt, out-of-range parameters or an unusable schema.
pub fn prepare(
    engine: &Engine,
    prompt: &str,
    common: CommonParams,
    max_tokens_cap: u32,
) -> Result<Prepared, ApiError> {
    if common.n.is_some_and(|n| n != 1) {
        return Err(ApiError::bad_request(
            "invalid_n",
            "only `n: 1` is supported",
        ));
    }
    let ctx_size = engine.info().ctx_size;
    let tokens = engine.tokenize(prompt);
    if tokens.is_empty() {
        return Err(ApiError::bad_request("empty_prompt", "the prompt is empty"));
    }
    let prompt_len = u32::try_from(tokens.len()).unwrap_or(u32::MAX);
    if prompt_len >= ctx_size {
        return Err(ApiError::bad_request(
            "context_length_exceeded",
            format!(
                "the prompt is {prompt_len} tokens but the context holds {ctx_size} (prompt plus output)"
            ),
        ));
    }

    let max_tokens = match common.max_completion_tokens.or(common.max_tokens) {
        None => max_tokens_cap,
        Some(0) => {
            return Err(ApiError::bad_request(
                "invalid_max_tokens",
                "`max_tokens` must be at least 1",
            ));
        }
        Some(n) if n > max_tokens_cap => {
            return Err(ApiError::bad_request(
                "invalid_max_tokens",
                format!("`max_tokens` is {n}; this server allows at most {max_tokens_cap}"),
            ));
        }
        Some(n) => n,
    };

    let temperature = common.temperature.unwrap_or(0.8);
    if !(0.0..=100.0).contains(&temperature) {
        return Err(ApiError::bad_request(
            "invalid_temperature",
            "`temperature` must be between 0 and 100",
        ));
    }
    let top_p = common.top_p.unwrap_or(1.0);
    if !(top_p > 0.0 && top_p <= 1.0) {
        return Err(ApiError::bad_request(
            "invalid_top_p",
            "`top_p` must be in (0, 1]",
        ));
    }
    let top_k = common.top_k.unwrap_or(40);
    if top_k < 0 {
        return Err(ApiError::bad_request(
            "invalid_top_k",
            "`top_k` must not be negative",
        ));
    }
    // Seeds are 32-bit in llama.cpp; larger values are folded, not rejected.
    let seed = common
        .seed
        .map_or(u32::MAX, |s| (s as u64 & u64::from(u32::MAX)) as u32);

    let stop = match common.stop {
        None => Vec::new(),
        Some(Stop::One(s)) => vec![s],
        Some(Stop::Many(v)) => v,
    };
    if stop.len() > MAX_STOPS || stop.iter().any(|s| s.is_empty() || s.len() > MAX_STOP_LEN) {
        return Err(ApiError::bad_request(
            "invalid_stop",
            format!(
                "`stop` takes at most {MAX_STOPS} non-empty strings of at most {MAX_STOP_LEN} bytes"
            ),
        ));
    }

    let grammar = match common.response_format {
        None | Some(ResponseFormat::Text) => None,
        Some(ResponseFormat::JsonObject) => Some(json_object_gbnf()),
        Some(ResponseFormat::JsonSchema { json_schema }) => {
            let schema = json_schema.schema.ok_or_else(|| {
                ApiError::bad_request(
                    "invalid_schema",
                    "`response_format.json_schema.schema` is required",
                )
            })?;
            Some(schema_to_gbnf(&schema)?)
        }
    };

    // A finished grammar allows only end-of-generation tokens, so it cannot ignore them.
    let ignore_eos = common.ignore_eos && grammar.is_none();
    Ok(Prepared {
        tokens,
        params: SamplingParams {
            max_tokens,
            temperature,
            top_p,
            top_k,
            seed,
            stop,
            grammar,
            ignore_eos,
        },
    })
}
