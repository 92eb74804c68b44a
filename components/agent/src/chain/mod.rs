//! The provider chain: the configured OpenAI-compatible providers in order (runtime-host
//! first), then the fallback templates (in this instance), so that every call gets an answer and says
//! which provider gave it and why an earlier one did not.
//!
//! Each attempt asks for a streamed answer, even when the caller wants it whole, so that
//! the outbound first-byte timeout bounds prompt processing and the between-bytes timeout
//! bounds a stalled generation; the call's deadline bounds the whole ([`outbound`],
//! [`events`]). A provider whose circuit is open is skipped without a request
//! ([`circuit`]); only an overloaded provider is retried, once, after a jittered backoff
//! that fits the deadline. Answers are checked ([`edgecrew_providers::check`]): empty
//! output, output that is not JSON or does not match the requested schema are failures.

mod answer;
pub mod circuit;
pub mod events;
pub mod fallback;
pub mod framing;
pub mod outbound;
pub mod settings;
pub mod stream;
pub mod transport;

use std::hash::{BuildHasher, RandomState};

use edgecrew_kv::Kv;
use edgecrew_providers::config::{ProviderSpec, Settings};
use edgecrew_providers::openai::{Generated, Prompt, Usage};
use edgecrew_providers::{Failure, check};
use serde_json::Value;

pub use answer::{Answer, Attempt, ChainError, ProviderReport, Route};

use crate::clock::now_ms;
use circuit::Admission;
use transport::{SpinTransport, Transport};

fn word_count(s: &str) -> u64 {
    s.split_whitespace().count() as u64
}

/// Milliseconds since the epoch, as an integer.
fn now() -> u64 {
    now_ms().max(0.0) as u64
}

/// A random factor in [1, 1.5) to spread retries (never sooner than asked): the hash of
/// nothing under a fresh `RandomState`, whose keys std draws from the host's randomness.
fn jitter() -> f64 {
    let r = RandomState::new().hash_one(());
    1.0 + (r % 500) as f64 / 1000.0
}

/// Backoff before retrying an overloaded provider, when it does not say.
const RETRY_BASE_MS: u64 = 100;

/// Longest backoff before the retry; a provider asking for more is not retried.
const RETRY_MAX_MS: u64 = 1_000;

/// The chain for one request: its settings, the shared breaker state, its transport.
pub struct Chain {
    /// The settings read from variables.
    pub settings: Settings,
    kv: Option<Kv>,
    transport: Box<dyn Transport>,
}

impl Chain {
    /// Read the settings and open the store holding the circuits.
    pub async fn open() -> Result<Self, ChainError> {
        let settings = settings::load().await?;
        Ok(Self::new(settings, Kv::open().await.ok(), SpinTransport))
    }

    /// A chain of `settings` over `transport`, its circuits in `kv` (none: always closed).
    pub fn new(settings: Settings, kv: Option<Kv>, transport: impl Transport + 'static) -> Self {
        Self {
            settings,
            kv,
            transport: Box::new(transport),
        }
    }

    /// The store the chain keeps its circuits in, for the request's other work (none when
    /// it could not be opened).
    pub fn store(&self) -> Option<&Kv> {
        self.kv.as_ref()
    }

    /// Answer `prompt` along `route` within the configured deadline.
    pub async fn answer(&self, prompt: &Prompt, route: Route) -> Result<Answer, ChainError> {
        self.answer_within(prompt, route, self.settings.deadline_ms)
            .await
    }

    /// Answer `prompt` along `route`, the models getting at most `budget_ms`.
    pub async fn answer_within(
        &self,
        prompt: &Prompt,
        route: Route,
        budget_ms: u64,
    ) -> Result<Answer, ChainError> {
        let started = now_ms();
        let attempts = if route == Route::Fallback {
            Vec::new()
        } else {
            match self.models(prompt, now().saturating_add(budget_ms)).await {
                Ok((spec, generated, json, attempts)) => {
                    return Ok(model_answer(
                        &spec, generated, json, attempts, prompt, started,
                    ));
                }
                Err(attempts) => attempts,
            }
        };
        if route == Route::Primary {
            return Err(ChainError::NoModel(attempts));
        }
        Ok(self.degraded(prompt, route, attempts, started))
    }

    /// The fallback templates' answer, reporting why the models did not answer.
    fn degraded(
        &self,
        prompt: &Prompt,
        route: Route,
        attempts: Vec<Attempt>,
        started: f64,
    ) -> Answer {
        let degraded = fallback::answer(prompt);
        let reason = if route == Route::Fallback {
            Some("requested")
        } else {
            Some(attempts.first().map_or("unavailable", |a| a.reason))
        };
        let total_ms = (now_ms() - started).max(0.0);
        let completion_tokens = word_count(&degraded.text);
        Answer {
            usage: Usage {
                prompt_tokens: prompt.messages.iter().map(|m| word_count(&m.content)).sum(),
                completion_tokens,
            },
            tokens_per_second: completion_tokens as f64 / (total_ms / 1000.0).max(1e-3),
            total_ms,
            finish_reason: "stop",
            text: degraded.text,
            json: None,
            tool_calls: Vec::new(),
            provider: ProviderReport {
                name: "fallback".into(),
                model: "edgecrew-templates".into(),
                fallback_reason: reason,
                template: Some(degraded.template),
                attempts,
            },
        }
    }

    /// Try each model provider in order until one gives a usable answer.
    async fn models(
        &self,
        prompt: &Prompt,
        deadline: u64,
    ) -> Result<(ProviderSpec, Generated, Option<Value>, Vec<Attempt>), Vec<Attempt>> {
        let mut attempts = Vec::new();
        for spec in &self.settings.providers {
            match self.try_provider(spec, prompt, deadline).await {
                Ok((generated, json)) => return Ok((spec.clone(), generated, json, attempts)),
                Err(failure) => attempts.push(Attempt::of(spec, &failure)),
            }
        }
        Err(attempts)
    }

    /// Whether the circuit lets this request call `spec` now, and how.
    async fn admit(&self, spec: &ProviderSpec) -> Admission {
        match &self.kv {
            Some(kv) => circuit::admit(kv, &spec.name, now(), self.settings.deadline_ms).await,
            None => Admission::Closed,
        }
    }

    /// Before calling `spec`: time must be left, and its circuit must let the call through.
    async fn gate(&self, spec: &ProviderSpec, deadline: u64) -> Result<Admission, Failure> {
        if deadline <= now() {
            // No request is made, so the provider's circuit learns nothing.
            return Err(Failure::Timeout(
                "no time was left for this provider".into(),
            ));
        }
        match self.admit(spec).await {
            Admission::Skip => Err(Failure::CircuitOpen),
            admission => Ok(admission),
        }
    }

    /// Record an admitted call's outcome on the provider's circuit.
    async fn record(
        &self,
        spec: &ProviderSpec,
        admission: &Admission,
        outcome: Result<(), &Failure>,
    ) {
        if let Some(kv) = &self.kv {
            circuit::outcome(
                kv,
                &spec.name,
                admission,
                outcome,
                &self.settings.breaker,
                now(),
            )
            .await;
        }
    }

    /// One provider: skip when its circuit is open, else call (retrying once when it is
    /// overloaded and the deadline allows), check the answer and record the outcome.
    async fn try_provider(
        &self,
        spec: &ProviderSpec,
        prompt: &Prompt,
        deadline: u64,
    ) -> Result<(Generated, Option<Value>), Failure> {
        let admission = self.gate(spec, deadline).await?;
        let mut result = self.call(spec, prompt, deadline).await;
        if let Err(failure @ Failure::Overloaded { retry_after_ms, .. }) = &result
            && failure.is_retryable()
        {
            let wait = (retry_after_ms.unwrap_or(RETRY_BASE_MS) as f64 * jitter()) as u64;
            if wait <= RETRY_MAX_MS && now().saturating_add(wait + RETRY_BASE_MS) < deadline {
                self.transport.pause(wait).await;
                result = self.call(spec, prompt, deadline).await;
            }
        }
        self.record(spec, &admission, result.as_ref().map(|_| ()))
            .await;
        result
    }

    /// One exchange with a provider (streamed, collected), and the checks of its answer.
    async fn call(
        &self,
        spec: &ProviderSpec,
        prompt: &Prompt,
        deadline: u64,
    ) -> Result<(Generated, Option<Value>), Failure> {
        let generated = self
            .transport
            .generate(spec, prompt, &self.settings.timeouts, deadline)
            .await?;
        let json = check::answer(&generated, prompt.required_schema().as_ref())?;
        Ok((generated, json))
    }

    /// Each provider's circuit state, in chain order, as `/health` names it.
    pub async fn circuits(&self) -> Vec<(String, &'static str)> {
        let mut out = Vec::with_capacity(self.settings.providers.len());
        for provider in &self.settings.providers {
            let open = match &self.kv {
                Some(kv) => circuit::record(kv, &provider.name).await,
                None => None,
            };
            let state = edgecrew_providers::breaker::state_name(open.as_ref(), now());
            out.push((provider.name.clone(), state));
        }
        out
    }

    /// The primary provider's circuit state, as `/health` names it.
    pub async fn primary_circuit(&self) -> &'static str {
        let (Some(kv), Some(primary)) = (&self.kv, self.settings.providers.first()) else {
            return "closed";
        };
        let open = circuit::record(kv, &primary.name).await;
        edgecrew_providers::breaker::state_name(open.as_ref(), now())
    }
}

/// Assemble the answer of a model provider.
fn model_answer(
    spec: &ProviderSpec,
    generated: Generated,
    json: Option<Value>,
    attempts: Vec<Attempt>,
    prompt: &Prompt,
    started: f64,
) -> Answer {
    let total_ms = (now_ms() - started).max(0.0);
    let usage = generated.usage.unwrap_or_else(|| Usage {
        prompt_tokens: prompt.messages.iter().map(|m| word_count(&m.content)).sum(),
        completion_tokens: word_count(&generated.text),
    });
    let tokens_per_second = generated
        .tokens_per_second
        .unwrap_or_else(|| usage.completion_tokens as f64 / (total_ms / 1000.0).max(1e-3));
    let finish_reason = if !generated.tool_calls.is_empty() {
        "tool_calls"
    } else if generated.hit_length_limit() {
        "length"
    } else {
        "stop"
    };
    Answer {
        finish_reason,
        tool_calls: generated.tool_calls,
        text: generated.text,
        json,
        provider: ProviderReport {
            name: spec.name.clone(),
            model: generated
                .model
                .or_else(|| spec.model.clone())
                .unwrap_or_else(|| "unknown".into()),
            fallback_reason: attempts.first().map(|a| a.reason),
            template: None,
            attempts,
        },
        usage,
        tokens_per_second,
        total_ms,
    }
}
