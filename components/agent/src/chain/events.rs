//! Reading a provider's Server-Sent Events answer one event at a time, each read bounded
//! by the call's deadline (the outbound between-bytes timeout bounds silences too). A
//! provider that ignores `stream: true` and answers one JSON document is read the same
//! way: its text as one event.

use std::collections::VecDeque;

use edgecrew_providers::Failure;
use edgecrew_providers::openai::{Generated, SseParser, StreamEvent, parse_answer};
use http_body_util::BodyExt;
use spin_sdk::http::Response;

use super::{now, outbound};

/// The events of one streamed answer.
pub struct Events {
    body: spin_sdk::wasip3::http_compat::IncomingResponseBody,
    parser: SseParser,
    pending: VecDeque<StreamEvent>,
    buffer: Vec<u8>,
    deadline: u64,
    whole: bool,
}

impl Events {
    /// Read the events of `response` until `deadline` (epoch milliseconds).
    pub fn new(response: Response, deadline: u64) -> Self {
        let whole = response
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        Self {
            whole,
            body: response.into_body(),
            parser: SseParser::new(),
            pending: VecDeque::new(),
            buffer: Vec::new(),
            deadline,
        }
    }

    /// The next event; a stream that ends without `[DONE]` is a failure.
    pub async fn next(&mut self) -> Result<StreamEvent, Failure> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                return Ok(event);
            }
            let remaining = self.deadline.saturating_sub(now());
            let body = &mut self.body;
            let frame = outbound::within(remaining, async {
                body.frame()
                    .await
                    .transpose()
                    .map_err(|e| outbound::transport_failure(&e))
            })
            .await?;
            let Some(frame) = frame else {
                if self.whole {
                    return self.finish_whole();
                }
                return Err(Failure::InvalidOutput(
                    "the stream ended without [DONE]".into(),
                ));
            };
            if let Ok(data) = frame.into_data() {
                if self.whole {
                    self.buffer.extend_from_slice(&data);
                } else {
                    self.pending.extend(self.parser.push(&data)?);
                }
            }
        }
    }

    /// The whole JSON answer, once read, as the events a stream would have carried.
    fn finish_whole(&mut self) -> Result<StreamEvent, Failure> {
        let answer = parse_answer(&self.buffer)?;
        self.buffer.clear();
        self.whole = false;
        let text = answer.text.clone();
        self.pending.push_back(StreamEvent::Meta(Generated {
            text: String::new(),
            ..answer
        }));
        self.pending.push_back(StreamEvent::Done);
        Ok(StreamEvent::Delta(text))
    }
}
