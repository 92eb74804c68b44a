//! One active sequence: its request, sampler chain, position and output text.

use std::time::Instant;

use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::sampling::LlamaSampler;
use llama_cpp_2::token::LlamaToken;
use llama_cpp_2::token::data::LlamaTokenData;
use llama_cpp_2::token::data_array::LlamaTokenDataArray;

use super::job::{EngineError, Event, FinishReason, Job, SamplingParams, Timings};
use super::text::{Push, TextStream};
use crate::metrics::Metrics;

/// State of one llama.cpp sequence serving one request.
pub struct Slot {
    /// The request.
    pub job: Job,
    /// Prompt tokens already submitted to `llama_decode`.
    pub prompt_fed: usize,
    /// Next position in the sequence.
    pub n_past: i32,
    /// Last sampled token, to be decoded in the next step.
    pub pending: Option<LlamaToken>,
    /// Index of this sequence's logits in the current batch.
    pub logits_index: Option<i32>,
    reused: usize,
    fed_generated: Vec<LlamaToken>,
    generated: u32,
    chain: LlamaSampler,
    grammar: Option<LlamaSampler>,
    text: TextStream,
    admitted: Instant,
    first_token: Option<Instant>,
}

fn build_chain(params: &SamplingParams) -> LlamaSampler {
    if params.temperature <= 0.0 {
        return LlamaSampler::greedy();
    }
    let mut samplers = Vec::with_capacity(4);
    if params.top_k > 0 {
        samplers.push(LlamaSampler::top_k(params.top_k));
    }
    if params.top_p < 1.0 {
        samplers.push(LlamaSampler::top_p(params.top_p, 1));
    }
    samplers.push(LlamaSampler::temp(params.temperature));
    samplers.push(LlamaSampler::dist(params.seed));
    LlamaSampler::chain_simple(samplers)
}

impl Slot {
    /// Prepares a sequence for `job`, whose KV cache already holds the first `reused` prompt
    /// tokens (fewer than the prompt's).
    ///
    /// # Errors
    /// [`EngineError::Grammar`] when llama.cpp rejects the request's grammar.
    pub fn new(model: &LlamaModel, job: Job, reused: usize) -> Result<Self, EngineError> {
        let reused = reused.min(job.tokens.len().saturating_sub(1));
        let grammar = match &job.params.grammar {
            Some(gbnf) => {
                Some(LlamaSampler::grammar(model, gbnf, "root").map_err(|_| EngineError::Grammar)?)
            }
            None => None,
        };
        Ok(Self {
            chain: build_chain(&job.params),
            grammar,
            text: TextStream::new(job.params.stop.clone()),
            job,
            prompt_fed: reused,
            n_past: i32::try_from(reused).unwrap_or(0),
            pending: None,
            logits_index: None,
            reused,
            fed_generated: Vec::new(),
            generated: 0,
            admitted: Instant::now(),
            first_token: None,
        })
    }

    /// True while prompt tokens remain to be submitted.
    #[must_use]
    pub fn prefilling(&self) -> bool {
        self.prompt_fed < self.job.tokens.len()
    }

    /// Marks the token sampled last as submitted for decoding (it is then held in the cache).
    pub fn pending_fed(&mut self) {
        if let Some(token) = self.pending.take() {
            self.fed_generated.push(token);
        }
    }

    /// The tokens this sequence's KV cache holds after the last successful decode, in order.
    #[must_use]
    pub fn held_tokens(&self) -> Vec<LlamaToken> {
        let prompt = &self.job.tokens[..self.prompt_fed.min(self.job.tokens.len())];
        prompt.iter().chain(&self.fed_generated).copied().collect()
    }

    /// Picks the next token from the logits at `idx` of the last decode.
    ///
    /// With a grammar, the unconstrained choice is tried first and the grammar is applied to
    /// the whole vocabulary only when that choice is not allowed (as llama.cpp's own server does).
    ///
    /// # Errors
    /// [`EngineError::Grammar`] when the grammar cannot accept any token.
    pub fn sample(&mut self, ctx: &LlamaContext<'_>, idx: i32) -> Result<LlamaToken, EngineError> {
        let token = self.chain.sample(ctx, idx);
        let Some(grammar) = self.grammar.as_mut() else {
            return Ok(token);
        };
        let mut single =
            LlamaTokenDataArray::new(vec![LlamaTokenData::new(token, 1.0, 0.0)], false);
        grammar.apply(&mut single);
        let allowed = single.data.first().is_some_and(|d| d.logit().is_finite());
        let token = if allowed {
            token
        } else {
            let mut all = ctx.token_data_array_ith(idx);
            grammar.apply(&mut all);
            self.chain.apply(&mut all);
            all.selected_token().ok_or(EngineError::Grammar)?
        };
        grammar
            .try_accept(token)
            .map_err(|_| EngineError::Grammar)?;
        Ok(token)
    }

    /// Records a sampled token and its text; returns the finish reason when the request is done.
    pub fn accept(
        &mut self,
        token: LlamaToken,
        piece: &[u8],
        is_eog: bool,
        ctx_size: u32,
    ) -> Option<FinishReason> {
        if self.first_token.is_none() {
            self.first_token = Some(Instant::now());
        }
        if is_eog {
            return Some(FinishReason::Stop);
        }
        self.generated += 1;
        match self.text.push(piece) {
            Push::Stop(text) => {
                self.send_text(text);
                return Some(FinishReason::Stop);
            }
            Push::Emit(text) => self.send_text(text),
        }
        let context_full = u32::try_from(self.n_past + 1).map_or(true, |p| p >= ctx_size);
        if self.generated >= self.job.params.max_tokens || context_full {
            return Some(FinishReason::Length);
        }
        self.pending = Some(token);
        None
    }

    fn send_text(&self, text: String) {
        if !text.is_empty() {
            let _ = self.job.events.send(Event::Text(text));
        }
    }

    /// Sends the held-back text, counts the request's tokens in `metrics`, then sends the
    /// final event with the request's timings.
    pub fn finish(&mut self, reason: FinishReason, metrics: &Metrics) {
        let rest = self.text.finish();
        self.send_text(rest);
        let now = Instant::now();
        let first = self.first_token.unwrap_or(now);
        let timings = Timings {
            prompt_n: u32::try_from(self.job.tokens.len() - self.reused).unwrap_or(u32::MAX),
            cache_n: u32::try_from(self.reused).unwrap_or(u32::MAX),
            prompt_ms: first.duration_since(self.admitted).as_secs_f64() * 1000.0,
            predicted_n: self.generated,
            predicted_ms: now.duration_since(first).as_secs_f64() * 1000.0,
        };
        // Counted before the client hears of the end, so a /metrics read after it sees them.
        metrics.prompt_tokens(u64::from(timings.prompt_n));
        metrics.cached_prompt_tokens(u64::from(timings.cache_n));
        metrics.generated_tokens(u64::from(timings.predicted_n));
        if timings.predicted_n > 1 {
            metrics.observe_generation_rate(timings.predicted_per_second());
        }
        let _ = self.job.events.send(Event::Done { reason, timings });
    }

    /// When this request produced its first token.
    #[must_use]
    pub fn first_token_at(&self) -> Option<Instant> {
        self.first_token
    }
}
