//! The provider chain's pure logic, shared by the `agent` component and its tests.
//!
//! The chain asks an ordered list of OpenAI-compatible providers (runtime-host first) and
//! ends in the deterministic fallback templates (`edgecrew-templates`, run in the agent).
//! Everything here is free of I/O so it builds natively and for `wasm32-wasip2`:
//!
//! - [`config`]: which providers exist, their timeouts and the breaker policy, read from
//!   Spin variable values;
//! - [`openai`]: the chat-completion request body, and the parsed answer (full or streamed);
//! - [`sse`]: the Server-Sent Events of a streamed answer, parsed;
//! - [`tool_calls`]: the tool calls a model asks for, and the messages that carry them;
//! - [`serve`]: edgecrew's own OpenAI-compatible API: requests read into a prompt, and
//!   the completion documents and chunks written back;
//! - [`check`]: whether an answer is usable — not empty, and matching the requested JSON
//!   schema when there is one;
//! - [`breaker`]: the circuit breaker's state machine over a stored [`breaker::Circuit`];
//! - [`failure`]: why an attempt failed, as the `fallback_reason` the API reports.

#![deny(missing_docs)]

pub mod breaker;
pub mod check;
pub mod config;
pub mod failure;
pub mod openai;
pub mod serve;
pub mod sse;
pub mod tool_calls;

pub use failure::Failure;
