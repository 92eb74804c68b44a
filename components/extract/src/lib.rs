//! Entity extraction and rule-based e-mail analysis, shared by the components (wasm) and the
//! evaluation command (native). No I/O, no clock, no allocation-heavy dependencies: every
//! function is deterministic and safe on any input.
//!
//! Layout:
//! - [`entity`] — the `Entity` record of the API (type, value, normalized, span, confidence,
//!   method).
//! - [`extractors`] — one module per entity family (identifiers table, part codes without a
//!   cue word, tracking check digits, amounts, dates, contacts and the country of national
//!   phone numbers, people, companies, products) and the overlap resolver.
//! - [`analysis`] — phase 1 of e-mail analysis: workflow category and state, priority and SLA,
//!   intent, urgency, sentiment, action items and an extractive summary.
//! - [`calendar`] — dates and RFC 3339 timestamps for `due_at` and relative dates.
//! - [`text`] — char-boundary-safe scanning helpers.
//! - [`eval`] — the labelled evaluation set's format and its scoring.

#![deny(missing_docs)]

pub mod analysis;
pub mod calendar;
pub mod entity;
pub mod eval;
pub mod extractors;
pub mod text;

pub use analysis::{Analysis, Email, analyze};
pub use entity::{Entity, EntityType, Method, Money, Normalized};
pub use extractors::{Options, extract};
