//! The last link of the chain: the deterministic templates of `edgecrew_templates`, run in
//! the agent's own instance. They read nothing but the prompt and reach nothing (the crate
//! has no I/O at all), so the answer of last resort cannot fail for want of a network hop.

use edgecrew_providers::openai::Prompt;
use serde_json::Value;

/// The fallback's answer: its text and the template family it chose.
pub struct Degraded {
    /// The answer text, which says plainly that it is degraded.
    pub text: String,
    /// The template family (`analysis`, `extraction`, ...).
    pub template: Value,
}

/// The templates' answer to the prompt's last user message, under its system prompt.
pub fn answer(prompt: &Prompt) -> Degraded {
    let answer = edgecrew_templates::answer(prompt.last_user(), prompt.system());
    Degraded {
        text: answer.text,
        template: serde_json::to_value(answer.kind).unwrap_or(Value::Null),
    }
}
