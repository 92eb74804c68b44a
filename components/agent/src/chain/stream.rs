//! Streaming through the chain: the first provider whose circuit admits the call and
//! that answers 2xx is relayed token by token as `event: token`; the stream ends with
//! `event: done` (the full result, as without streaming) or, if the provider breaks off
//! mid-way (error, silence past the timeouts, the deadline, garbage), with `event: error`
//! — never a hang. When no provider starts a stream, the fallback's answer is sent as
//! one token and `done`.

use bytes::Bytes;
use edgecrew_providers::config::ProviderSpec;
use edgecrew_providers::openai::{Generated, Prompt, SseParser, StreamEvent};
use edgecrew_providers::{Failure, check};
use futures::SinkExt;
use futures::channel::mpsc::Sender;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use spin_sdk::http::Response as Upstream;
use spin_sdk::http::body::stream as body_stream;

use super::{Answer, Attempt, Chain, ChainError, Route, model_answer, now, outbound};
use crate::clock::now_ms;
use crate::respond::{self, Response};

/// Turns the final answer into the `done` event's payload.
pub type ResultDoc = Box<dyn Fn(&Answer) -> Value + 'static>;

/// One Server-Sent Event.
fn event(name: &str, data: &Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// A whole answer as a token and `done`.
pub fn whole(answer: &Answer, result: &Value) -> Response {
    let mut text =
        String::from_utf8_lossy(&event("token", &json!({ "text": answer.text }))).into_owned();
    text.push_str(&String::from_utf8_lossy(&event("done", result)));
    respond::event_stream(text)
}

/// Answer `prompt` as a stream; `result` turns the final answer into the `done` payload.
pub async fn answer(
    chain: Chain,
    prompt: Prompt,
    route: Route,
    result: ResultDoc,
) -> Result<Response, ChainError> {
    let started = now_ms();
    let deadline = now() + chain.settings.deadline_ms;
    let mut attempts = Vec::new();
    if route != Route::Fallback {
        for spec in chain.settings.providers.clone() {
            match chain.open_stream(&spec, &prompt, deadline).await {
                Ok(upstream) => {
                    let (tx, body) = body_stream::<Bytes>();
                    let relay = Relay {
                        chain,
                        spec,
                        prompt,
                        attempts,
                        started,
                        deadline,
                        result,
                    };
                    spin_sdk::wasip3::spawn(relay.run(upstream, tx));
                    return Ok(respond::event_stream_body(body));
                }
                Err(failure) => attempts.push(Attempt {
                    provider: spec.name.clone(),
                    reason: failure.reason(),
                    detail: failure.to_string(),
                }),
            }
        }
        if route == Route::Primary {
            return Err(ChainError::NoModel(attempts));
        }
    }
    let answer = chain.degraded(&prompt, route, attempts, started).await?;
    Ok(whole(&answer, &result(&answer)))
}

impl Chain {
    /// Start a streamed call: the response head of a provider that accepted it.
    async fn open_stream(
        &self,
        spec: &ProviderSpec,
        prompt: &Prompt,
        deadline: u64,
    ) -> Result<Upstream, Failure> {
        if !self.admitted(spec).await {
            return Err(Failure::CircuitOpen);
        }
        let remaining = deadline.saturating_sub(now());
        let body = prompt.chat_body(spec, true).to_string();
        let head = outbound::within(remaining, async {
            let response = outbound::post(spec, body, &self.settings.timeouts, remaining).await?;
            if response.status().is_success() {
                Ok(response)
            } else {
                Err(outbound::status_failure(response).await)
            }
        })
        .await;
        if let Err(failure) = &head {
            self.record(spec, Err(failure)).await;
        }
        head
    }
}

/// How a relay's copying ended.
enum Pumped {
    /// The provider sent `[DONE]`.
    Finished,
    /// The client stopped reading.
    ClientGone,
}

/// The task that relays one provider's stream to the client.
struct Relay {
    chain: Chain,
    spec: ProviderSpec,
    prompt: Prompt,
    attempts: Vec<Attempt>,
    started: f64,
    deadline: u64,
    result: ResultDoc,
}

impl Relay {
    /// Relay until `[DONE]`, a failure, or the client leaving.
    async fn run(self, upstream: Upstream, mut tx: Sender<Bytes>) {
        let mut generated = Generated::default();
        let outcome = match self.pump(upstream, &mut tx, &mut generated).await {
            // The client left: nothing to tell it, and nothing learned about the provider.
            Ok(Pumped::ClientGone) => return,
            Ok(Pumped::Finished) => {
                check::output(&generated.text, self.prompt.json_schema.as_ref())
            }
            Err(failure) => Err(failure),
        };
        self.chain
            .record(&self.spec, outcome.as_ref().map(|_| ()))
            .await;
        let last = match outcome {
            Ok(json) => {
                let answer = model_answer(
                    &self.spec,
                    generated,
                    json,
                    self.attempts,
                    &self.prompt,
                    self.started,
                );
                event("done", &(self.result)(&answer))
            }
            Err(failure) => event(
                "error",
                &json!({
                    "provider": self.spec.name,
                    "reason": failure.reason(),
                    "detail": failure.to_string(),
                }),
            ),
        };
        let _ = tx.send(last).await;
    }

    /// Copy token events until `[DONE]` or the client leaving.
    async fn pump(
        &self,
        upstream: Upstream,
        tx: &mut Sender<Bytes>,
        generated: &mut Generated,
    ) -> Result<Pumped, Failure> {
        let mut body = upstream.into_body();
        let mut parser = SseParser::new();
        loop {
            let remaining = self.deadline.saturating_sub(now());
            let frame = outbound::within(remaining, async {
                body.frame()
                    .await
                    .transpose()
                    .map_err(|e| outbound::transport_failure(&e))
            })
            .await?;
            let Some(frame) = frame else {
                return Err(Failure::InvalidOutput(
                    "the stream ended without [DONE]".into(),
                ));
            };
            let Ok(data) = frame.into_data() else {
                continue;
            };
            for parsed in parser.push(&data)? {
                match parsed {
                    StreamEvent::Delta(text) => {
                        generated.text.push_str(&text);
                        if tx
                            .send(event("token", &json!({ "text": text })))
                            .await
                            .is_err()
                        {
                            return Ok(Pumped::ClientGone);
                        }
                    }
                    StreamEvent::Meta(meta) => {
                        generated.model = meta.model.or(generated.model.take());
                        generated.usage = meta.usage.or(generated.usage);
                        generated.tokens_per_second =
                            meta.tokens_per_second.or(generated.tokens_per_second);
                    }
                    StreamEvent::Done => return Ok(Pumped::Finished),
                }
            }
        }
    }
}
