//! OpenAI's stream framing: `data: {chat.completion.chunk}` events (the assistant role
//! first, then content deltas, then a chunk with `finish_reason` and edgecrew's object),
//! an optional usage chunk (`stream_options.include_usage`), and `data: [DONE]`. A stream
//! broken off after tokens ends with `data: {"error": …}`, as OpenAI's does.

use bytes::Bytes;
use edgecrew_core::{Problem, openai_error};
use edgecrew_providers::serve::{self, Completion};
use serde_json::json;

use crate::chain::Answer;
use crate::chain::framing::Framing;

/// The chunks of one completion.
pub struct Chunks {
    completion: Completion,
    include_usage: bool,
    request_id: String,
}

impl Chunks {
    /// Chunks of `completion`, ending with a usage chunk when `include_usage`.
    pub fn new(completion: Completion, include_usage: bool, request_id: &str) -> Self {
        Self {
            completion,
            include_usage,
            request_id: request_id.to_owned(),
        }
    }
}

fn bytes(s: String) -> Bytes {
    Bytes::from(s)
}

impl Framing for Chunks {
    fn opening(&self) -> Vec<Bytes> {
        let delta = json!({ "role": "assistant", "content": "" });
        vec![bytes(serve::data(&self.completion.chunk(delta, None)))]
    }

    fn token(&self, text: &str) -> Bytes {
        bytes(serve::data(
            &self.completion.chunk(json!({ "content": text }), None),
        ))
    }

    /// A whole answer; one that calls tools sends them in one delta, as OpenAI streams them.
    fn whole(&self, answer: &Answer) -> Vec<Bytes> {
        let mut out = self.opening();
        if answer.tool_calls.is_empty() {
            out.push(self.token(&answer.text));
        } else {
            let delta = json!({ "tool_calls": serve::tool_call_list(&answer.tool_calls, true) });
            out.push(bytes(serve::data(&self.completion.chunk(delta, None))));
        }
        out.extend(self.finish(answer));
        out
    }

    fn finish(&self, answer: &Answer) -> Vec<Bytes> {
        let mut last = self.completion.chunk(json!({}), Some(answer.finish_reason));
        last["edgecrew"] = super::provenance(answer);
        let mut out = vec![bytes(serve::data(&last))];
        if self.include_usage {
            out.push(bytes(serve::data(
                &self.completion.usage_chunk(&answer.usage),
            )));
        }
        out.push(Bytes::from_static(serve::DONE.as_bytes()));
        out
    }

    fn failed(&self, provider: &str, reason: &str, detail: &str) -> Vec<Bytes> {
        let problem = Problem::new(
            502,
            format!("provider '{provider}' broke off the answer: {detail}"),
            self.request_id.as_str(),
        );
        vec![bytes(serve::data(&openai_error::body(
            &problem,
            Some(reason),
        )))]
    }
}
