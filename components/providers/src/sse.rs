//! Reading a streamed chat completion: Server-Sent Events split into parsed
//! [`StreamEvent`]s (text, metadata, tool-call fragments, the end), whatever the chunk
//! boundaries.

use serde_json::Value;

use crate::Failure;
use crate::openai::{Generated, StreamEvent, finish_of, speed_of, usage_of};
use crate::tool_calls;

/// Splits a byte stream of Server-Sent Events into parsed [`StreamEvent`]s, whatever the
/// chunk boundaries.
#[derive(Debug, Default)]
pub struct SseParser {
    buffer: Vec<u8>,
}

impl SseParser {
    /// A parser with an empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feed bytes; returns the events completed by them.
    pub fn push(&mut self, bytes: &[u8]) -> Result<Vec<StreamEvent>, Failure> {
        self.buffer.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = find_event_end(&self.buffer) {
            let block: Vec<u8> = self.buffer.drain(..end.0).collect();
            self.buffer.drain(..end.1);
            let block = String::from_utf8(block)
                .map_err(|_| Failure::InvalidOutput("the stream is not UTF-8".into()))?;
            for line in block.lines() {
                let Some(data) = line.strip_prefix("data:") else {
                    continue;
                };
                events.extend(parse_data(data.trim())?);
            }
        }
        Ok(events)
    }
}

/// Where the first complete event ends: (length of the block, length of its separator).
fn find_event_end(buf: &[u8]) -> Option<(usize, usize)> {
    let lf = buf.windows(2).position(|w| w == b"\n\n").map(|i| (i, 2));
    let crlf = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn parse_data(data: &str) -> Result<Vec<StreamEvent>, Failure> {
    if data == "[DONE]" {
        return Ok(vec![StreamEvent::Done]);
    }
    let v: Value = serde_json::from_str(data)
        .map_err(|e| Failure::InvalidOutput(format!("a stream chunk is not JSON: {e}")))?;
    if let Some(message) = v.pointer("/error/message").and_then(Value::as_str) {
        return Err(Failure::InvalidOutput(format!(
            "the provider reported an error mid-stream: {message}"
        )));
    }
    let mut out = Vec::new();
    if let Some(text) = v
        .pointer("/choices/0/delta/content")
        .and_then(Value::as_str)
        .filter(|t| !t.is_empty())
    {
        out.push(StreamEvent::Delta(text.to_owned()));
    }
    out.extend(
        tool_calls::deltas(&v["choices"][0]["delta"])
            .into_iter()
            .map(StreamEvent::ToolCall),
    );
    let meta = Generated {
        text: String::new(),
        model: v.get("model").and_then(Value::as_str).map(str::to_owned),
        usage: v.get("usage").and_then(usage_of),
        tokens_per_second: speed_of(&v),
        finish_reason: finish_of(&v),
        tool_calls: Vec::new(),
    };
    if meta.usage.is_some()
        || meta.tokens_per_second.is_some()
        || meta.model.is_some()
        || meta.finish_reason.is_some()
    {
        out.push(StreamEvent::Meta(meta));
    }
    Ok(out)
}
