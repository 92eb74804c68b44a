//! What the HTTP side hands to the inference thread, and what it gets back.

use std::time::Instant;

use llama_cpp_2::token::LlamaToken;
use tokio::sync::mpsc::UnboundedSender;

/// How to pick tokens for one request.
#[derive(Debug, Clone)]
pub struct SamplingParams {
    /// Tokens to generate at most.
    pub max_tokens: u32,
    /// Softmax temperature; `0` means greedy.
    pub temperature: f32,
    /// Nucleus sampling threshold (`1` disables it).
    pub top_p: f32,
    /// Top-k cut-off (`0` disables it).
    pub top_k: i32,
    /// RNG seed (`u32::MAX` lets llama.cpp pick one).
    pub seed: u32,
    /// Strings that end the generation (not included in the output).
    pub stop: Vec<String>,
    /// GBNF grammar the output must follow.
    pub grammar: Option<String>,
    /// Keep generating past end-of-generation tokens (llama-server's `ignore_eos`, for benchmarks).
    pub ignore_eos: bool,
}

/// One generation request, queued for a free sequence.
#[derive(Debug)]
pub struct Job {
    /// Prompt tokens, already checked to fit in one sequence's context.
    pub tokens: Vec<LlamaToken>,
    /// Sampling parameters.
    pub params: SamplingParams,
    /// Where the events of this request go; closed when the client goes away.
    pub events: UnboundedSender<Event>,
    /// When the request arrived.
    pub received: Instant,
    /// When the request must be finished.
    pub deadline: Instant,
}

/// Why a generation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishReason {
    /// An end-of-generation token or a stop string.
    Stop,
    /// `max_tokens` or the context size was reached.
    Length,
}

impl FinishReason {
    /// The OpenAI spelling.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stop => "stop",
            Self::Length => "length",
        }
    }
}

/// Counts and durations of one request, llama-server style.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    /// Prompt tokens decoded for this request.
    pub prompt_n: u32,
    /// Leading prompt tokens reused from an earlier request's cache, not decoded again.
    pub cache_n: u32,
    /// Milliseconds from admission to the first generated token.
    pub prompt_ms: f64,
    /// Tokens generated.
    pub predicted_n: u32,
    /// Milliseconds from the first to the last generated token.
    pub predicted_ms: f64,
}

impl Timings {
    /// Every token of the prompt, decoded or reused.
    #[must_use]
    pub fn prompt_total(&self) -> u32 {
        self.prompt_n.saturating_add(self.cache_n)
    }

    /// Prompt tokens decoded per second.
    #[must_use]
    pub fn prompt_per_second(&self) -> f64 {
        per_second(self.prompt_n, self.prompt_ms)
    }

    /// Generated tokens per second.
    #[must_use]
    pub fn predicted_per_second(&self) -> f64 {
        per_second(self.predicted_n, self.predicted_ms)
    }
}

fn per_second(n: u32, ms: f64) -> f64 {
    if ms > 0.0 {
        f64::from(n) * 1000.0 / ms
    } else {
        0.0
    }
}

/// Failures reported by the inference thread.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum EngineError {
    /// llama.cpp refused the grammar.
    #[error("the grammar derived from the request was rejected by llama.cpp")]
    Grammar,
    /// The request's deadline passed.
    #[error("the request deadline passed")]
    Deadline,
    /// `llama_decode` failed.
    #[error("decoding failed: {0}")]
    Decode(String),
}

/// A message from the inference thread about one request.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// More output text.
    Text(String),
    /// The generation ended normally.
    Done {
        /// Why it ended.
        reason: FinishReason,
        /// Its counts and durations.
        timings: Timings,
    },
    /// The generation failed; no more events follow.
    Error(EngineError),
}
