//! The fallback's answers: deterministic, immediate, and plainly marked as degraded.
//!
//! - [`kind`]: which family a prompt belongs to (summary, action items, code, ...).
//! - [`text`]: sentence splitting, content words and extractive scoring.
//! - [`render`]: one template per family, filled from the prompt's own content, plus the
//!   intent taken from the system prompt.
//!
//! Same input, same output; no clock, no randomness, no I/O.

#![deny(missing_docs)]

pub mod kind;
pub mod render;
pub mod text;

pub use kind::{PromptKind, classify};
pub use render::{Answer, answer};
