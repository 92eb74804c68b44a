//! Streaming through the chain: the first provider whose circuit admits the call and
//! that answers 2xx is relayed token by token as `event: token`; the stream ends with
//! `event: done` (the full result, as without streaming). If the provider breaks off
//! (error, silence past the timeouts, the deadline, garbage) before any token was sent,
//! the fallback's answer is sent instead (a token and `done`, with `fallback_reason`);
//! after tokens were sent, the stream ends with `event: error` — never a hang. When no
//! provider starts a stream, the fallback's answer is sent as one token and `done`.

use std::time::Duration;

use bytes::Bytes;
use edgecrew_providers::config::ProviderSpec;
use edgecrew_providers::openai::{Generated, Prompt, StreamEvent};
use edgecrew_providers::{Failure, check};
use futures::SinkExt;
use futures::channel::mpsc::Sender;
use serde_json::{Value, json};
use spin_sdk::http::Response as Upstream;
use spin_sdk::http::body::stream as body_stream;

use super::circuit::Admission;
use super::events::Events;
use super::{Answer, Attempt, Chain, ChainError, Route, model_answer, now};
use crate::clock::now_ms;
use crate::respond::{self, Response};

/// Turns the final answer into the `done` event's payload.
pub type ResultDoc = Box<dyn Fn(&Answer) -> Value + 'static>;

/// One Server-Sent Event.
fn event(name: &str, data: &Value) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// The two events of a whole answer: its text as one token, then `done`.
fn whole_events(answer: &Answer, result: &Value) -> [Bytes; 2] {
    [
        event("token", &json!({ "text": answer.text })),
        event("done", result),
    ]
}

/// A whole answer as a token and `done`.
pub fn whole(answer: &Answer, result: &Value) -> Response {
    let text: String = whole_events(answer, result)
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
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
    let deadline = now().saturating_add(chain.settings.deadline_ms);
    let mut attempts = Vec::new();
    if route != Route::Fallback {
        for spec in chain.settings.providers.clone() {
            match chain.open_stream(&spec, &prompt, deadline).await {
                Ok((upstream, admission)) => {
                    let (tx, body) = body_stream::<Bytes>();
                    let relay = Relay {
                        chain,
                        spec,
                        admission,
                        prompt,
                        route,
                        attempts,
                        started,
                        deadline,
                        result,
                    };
                    spin_sdk::wasip3::spawn(relay.run(upstream, tx));
                    return Ok(respond::event_stream_body(body));
                }
                Err(failure) => attempts.push(Attempt::of(&spec, &failure)),
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
    ) -> Result<(Upstream, Admission), Failure> {
        let admission = self.gate(spec, deadline).await?;
        match self.start(spec, prompt, deadline).await {
            Ok(head) => Ok((head, admission)),
            Err(failure) => {
                self.record(spec, &admission, Err(&failure)).await;
                Err(failure)
            }
        }
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
    admission: Admission,
    prompt: Prompt,
    route: Route,
    attempts: Vec<Attempt>,
    started: f64,
    deadline: u64,
    result: ResultDoc,
}

impl Relay {
    /// Send one event, within the deadline; `false` when the client is gone or stalled.
    async fn send(&self, tx: &mut Sender<Bytes>, bytes: Bytes) -> bool {
        let remaining = self.deadline.saturating_sub(now()).max(1);
        let sleep = std::pin::pin!(spin_sdk::time::sleep(Duration::from_millis(remaining)));
        let sent = std::pin::pin!(tx.send(bytes));
        matches!(
            futures::future::select(sent, sleep).await,
            futures::future::Either::Left((Ok(()), _))
        )
    }

    /// Relay until `[DONE]`, a failure, or the client leaving; then the last event.
    async fn run(mut self, upstream: Upstream, mut tx: Sender<Bytes>) {
        let mut generated = Generated::default();
        let outcome = match self.pump(upstream, &mut tx, &mut generated).await {
            Ok(Pumped::ClientGone) => {
                // Tokens flowed, so the provider works; nobody is left to tell.
                self.chain.record(&self.spec, &self.admission, Ok(())).await;
                return;
            }
            Ok(Pumped::Finished) => check::answer(&generated, self.prompt.json_schema.as_ref()),
            Err(failure) => Err(failure),
        };
        self.chain
            .record(&self.spec, &self.admission, outcome.as_ref().map(|_| ()))
            .await;
        let events = match outcome {
            Ok(json) => {
                let attempts = std::mem::take(&mut self.attempts);
                let answer = model_answer(
                    &self.spec,
                    generated,
                    json,
                    attempts,
                    &self.prompt,
                    self.started,
                );
                vec![event("done", &(self.result)(&answer))]
            }
            Err(failure) if generated.text.is_empty() && self.route == Route::Auto => {
                self.attempts.push(Attempt::of(&self.spec, &failure));
                let attempts = std::mem::take(&mut self.attempts);
                match self
                    .chain
                    .degraded(&self.prompt, self.route, attempts, self.started)
                    .await
                {
                    Ok(answer) => whole_events(&answer, &(self.result)(&answer)).to_vec(),
                    Err(e) => vec![error_event(&self.spec, "fallback_down", &e.to_string())],
                }
            }
            Err(failure) => vec![error_event(
                &self.spec,
                failure.reason(),
                &failure.to_string(),
            )],
        };
        for bytes in events {
            if !self.send(&mut tx, bytes).await {
                return;
            }
        }
    }

    /// Copy token events until `[DONE]` or the client leaving.
    async fn pump(
        &self,
        upstream: Upstream,
        tx: &mut Sender<Bytes>,
        generated: &mut Generated,
    ) -> Result<Pumped, Failure> {
        let mut events = Events::new(upstream, self.deadline);
        loop {
            let next = events.next().await?;
            if let StreamEvent::Delta(text) = &next
                && !self
                    .send(tx, event("token", &json!({ "text": text })))
                    .await
            {
                return Ok(Pumped::ClientGone);
            }
            if generated.absorb(next) {
                return Ok(Pumped::Finished);
            }
        }
    }
}

/// The `event: error` that ends a stream broken after tokens were sent.
fn error_event(spec: &ProviderSpec, reason: &str, detail: &str) -> Bytes {
    event(
        "error",
        &json!({ "provider": spec.name, "reason": reason, "detail": detail }),
    )
}
