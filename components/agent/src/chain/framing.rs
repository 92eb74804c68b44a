//! How a streamed answer is written on the wire. Two framings exist: edgecrew's own
//! (`event: token` chunks, then `event: done` with the route's result document) and
//! OpenAI's `chat.completion.chunk`s (`crate::chat::frames`); the chain's relay does not
//! know which one it writes.

use bytes::Bytes;
use serde_json::{Value, json};

use super::Answer;

/// The bytes of each part of a stream.
pub trait Framing {
    /// What opens the stream, before the first token (OpenAI: the assistant-role chunk).
    fn opening(&self) -> Vec<Bytes>;
    /// One piece of generated text.
    fn token(&self, text: &str) -> Bytes;
    /// What closes a stream that ended well, given the whole answer.
    fn finish(&self, answer: &Answer) -> Vec<Bytes>;
    /// What closes a stream broken off after tokens were sent.
    fn failed(&self, provider: &str, reason: &str, detail: &str) -> Vec<Bytes>;

    /// A whole answer as a stream: opening, its text as one token, finish.
    fn whole(&self, answer: &Answer) -> Vec<Bytes> {
        let mut out = self.opening();
        out.push(self.token(&answer.text));
        out.extend(self.finish(answer));
        out
    }
}

/// Turns the final answer into the `done` event's payload.
pub type ResultDoc = Box<dyn Fn(&Answer) -> Value + 'static>;

/// One Server-Sent Event with a name.
fn event(name: &str, data: &Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// edgecrew's framing: `event: token` `{"text"}` chunks, then `event: done` with the
/// route's result document, or `event: error` `{"provider", "reason", "detail"}`.
pub struct NamedEvents {
    result: ResultDoc,
}

impl NamedEvents {
    /// A framing whose `done` event carries `result(answer)`.
    pub fn new(result: impl Fn(&Answer) -> Value + 'static) -> Self {
        Self {
            result: Box::new(result),
        }
    }
}

impl Framing for NamedEvents {
    fn opening(&self) -> Vec<Bytes> {
        Vec::new()
    }

    fn token(&self, text: &str) -> Bytes {
        event("token", &json!({ "text": text }))
    }

    fn finish(&self, answer: &Answer) -> Vec<Bytes> {
        vec![event("done", &(self.result)(answer))]
    }

    fn failed(&self, provider: &str, reason: &str, detail: &str) -> Vec<Bytes> {
        vec![event(
            "error",
            &json!({ "provider": provider, "reason": reason, "detail": detail }),
        )]
    }
}
