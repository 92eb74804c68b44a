//! Streaming through the chain. Each provider in turn, when its circuit admits the call,
//! is asked to stream; the response head is sent to the client only once the provider's
//! first token has arrived, so a provider that fails before its first token (an error,
//! silence past the timeouts, the deadline, an empty or garbled answer) costs the client
//! nothing: the next provider is tried, then the fallback, whose answer is sent whole.
//! The response says who answers (`x-edgecrew-provider`, `x-edgecrew-fallback-reason`).
//! After the first token the provider's tokens are relayed as they come; if it breaks off
//! then, the stream ends with the framing's error — never a hang (sends are bounded by the
//! deadline too). How events look is the [`Framing`]'s business.

use std::time::Duration;

use bytes::Bytes;
use edgecrew_providers::config::ProviderSpec;
use edgecrew_providers::openai::{Generated, Prompt, StreamEvent};
use edgecrew_providers::{Failure, check};
use futures::SinkExt;
use futures::channel::mpsc::Sender;
use spin_sdk::http::body::stream as body_stream;

use super::circuit::Admission;
use super::events::Events;
use super::framing::Framing;
use super::transport;
use super::{Answer, Attempt, Chain, ChainError, ProviderReport, Route, model_answer, now};
use crate::clock::now_ms;
use crate::respond::{self, Response};

/// A whole answer as a stream in `framing`, with the provider headers.
pub fn whole(answer: &Answer, framing: &dyn Framing) -> Response {
    let text: String = framing
        .whole(answer)
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    respond::with_provider(respond::event_stream(text), &answer.provider)
}

/// Answer `prompt` as a stream written in `framing`.
pub async fn answer(
    chain: Chain,
    prompt: Prompt,
    route: Route,
    framing: Box<dyn Framing>,
) -> Result<Response, ChainError> {
    let started = now_ms();
    let deadline = now().saturating_add(chain.settings.deadline_ms);
    let mut attempts = Vec::new();
    if route != Route::Fallback {
        for spec in chain.settings.providers.clone() {
            match chain.first_token(&spec, &prompt, deadline).await {
                Ok(started_stream) => {
                    let head = ProviderReport::streaming(&spec, &attempts);
                    let (tx, body) = body_stream::<Bytes>();
                    let relay = Relay {
                        chain,
                        spec,
                        prompt,
                        attempts,
                        started,
                        deadline,
                        framing,
                    };
                    spin_sdk::wasip3::spawn(relay.run(started_stream, tx));
                    return Ok(respond::with_provider(
                        respond::event_stream_body(body),
                        &head,
                    ));
                }
                Err(failure) => attempts.push(Attempt::of(&spec, &failure)),
            }
        }
        if route == Route::Primary {
            return Err(ChainError::NoModel(attempts));
        }
    }
    let answer = chain.degraded(&prompt, route, attempts, started);
    Ok(whole(&answer, framing.as_ref()))
}

/// A provider's stream that has produced its first token.
struct Started {
    events: Events,
    admission: Admission,
    generated: Generated,
    first: String,
}

impl Chain {
    /// Start a streamed call and read up to its first token. A failure before it (the
    /// head, the first events, an answer without text) is recorded on the circuit.
    async fn first_token(
        &self,
        spec: &ProviderSpec,
        prompt: &Prompt,
        deadline: u64,
    ) -> Result<Started, Failure> {
        let admission = self.gate(spec, deadline).await?;
        let outcome = async {
            let head = transport::start(spec, prompt, &self.settings.timeouts, deadline).await?;
            let mut events = Events::new(head, deadline);
            let mut generated = Generated::default();
            loop {
                match events.next().await? {
                    StreamEvent::Delta(text) if !text.is_empty() => {
                        generated.text.push_str(&text);
                        return Ok((events, generated, text));
                    }
                    event => {
                        if generated.absorb(event) {
                            // [DONE] without text: the checks say why it is no answer.
                            check::answer(&generated, prompt.required_schema().as_ref())?;
                            return Err(Failure::EmptyOutput);
                        }
                    }
                }
            }
        }
        .await;
        match outcome {
            Ok((events, generated, first)) => Ok(Started {
                events,
                admission,
                generated,
                first,
            }),
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
    prompt: Prompt,
    attempts: Vec<Attempt>,
    started: f64,
    deadline: u64,
    framing: Box<dyn Framing>,
}

impl Relay {
    /// Send chunks, within the deadline; `false` when the client is gone or stalled.
    async fn send(&self, tx: &mut Sender<Bytes>, chunks: Vec<Bytes>) -> bool {
        for bytes in chunks {
            let remaining = self.deadline.saturating_sub(now()).max(1);
            let sleep = std::pin::pin!(spin_sdk::time::sleep(Duration::from_millis(remaining)));
            let sent = std::pin::pin!(tx.send(bytes));
            if !matches!(
                futures::future::select(sent, sleep).await,
                futures::future::Either::Left((Ok(()), _))
            ) {
                return false;
            }
        }
        true
    }

    /// Relay until `[DONE]`, a failure, or the client leaving; then the last events.
    async fn run(mut self, started: Started, mut tx: Sender<Bytes>) {
        let Started {
            mut events,
            admission,
            mut generated,
            first,
        } = started;
        let mut opening = self.framing.opening();
        opening.push(self.framing.token(&first));
        let pumped = if self.send(&mut tx, opening).await {
            self.pump(&mut events, &mut tx, &mut generated).await
        } else {
            Ok(Pumped::ClientGone)
        };
        let outcome = match pumped {
            Ok(Pumped::ClientGone) => {
                // Tokens flowed, so the provider works; nobody is left to tell.
                self.chain.record(&self.spec, &admission, Ok(())).await;
                return;
            }
            Ok(Pumped::Finished) => {
                check::answer(&generated, self.prompt.required_schema().as_ref())
            }
            Err(failure) => Err(failure),
        };
        self.chain
            .record(&self.spec, &admission, outcome.as_ref().map(|_| ()))
            .await;
        let last = match outcome {
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
                self.framing.finish(&answer)
            }
            Err(failure) => {
                self.framing
                    .failed(&self.spec.name, failure.reason(), &failure.to_string())
            }
        };
        self.send(&mut tx, last).await;
    }

    /// Copy tokens until `[DONE]` or the client leaving.
    async fn pump(
        &self,
        events: &mut Events,
        tx: &mut Sender<Bytes>,
        generated: &mut Generated,
    ) -> Result<Pumped, Failure> {
        loop {
            let next = events.next().await?;
            if let StreamEvent::Delta(text) = &next
                && !text.is_empty()
                && !self.send(tx, vec![self.framing.token(text)]).await
            {
                return Ok(Pumped::ClientGone);
            }
            if generated.absorb(next) {
                return Ok(Pumped::Finished);
            }
        }
    }
}
