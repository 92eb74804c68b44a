//! The last link of the chain: the `fallback` component over Spin service chaining.

use edgecrew_providers::openai::Prompt;
use serde_json::{Value, json};
use spin_sdk::http::body::IncomingBodyExt;

/// Where the fallback component answers completions.
const FALLBACK_COMPLETE_URL: &str = "http://fallback.spin.internal/complete";

/// The fallback's answer: its text and the template family it chose.
pub struct Degraded {
    /// The answer text.
    pub text: String,
    /// The template family (`analysis`, `extraction`, ...).
    pub template: Value,
}

/// Ask the fallback component, or say why it could not answer (a real server fault).
pub async fn ask(prompt: &Prompt) -> Result<Degraded, String> {
    let payload =
        json!({ "prompt": prompt.last_user(), "system_prompt": prompt.system() }).to_string();
    let request = http::Request::post(FALLBACK_COMPLETE_URL)
        .header(http::header::CONTENT_TYPE, "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(payload)))
        .map_err(|e| format!("building the fallback request: {e}"))?;
    let response = spin_sdk::http::send(request)
        .await
        .map_err(|e| format!("the fallback component is unreachable: {e:?}"))?;
    if !response.status().is_success() {
        return Err(format!(
            "the fallback component answered {}",
            response.status()
        ));
    }
    let bytes = response
        .into_body()
        .bytes()
        .await
        .map_err(|e| format!("reading the fallback answer: {e:?}"))?;
    let answer: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the fallback answer is not JSON: {e}"))?;
    match answer["text"].as_str() {
        Some(text) if !text.trim().is_empty() => Ok(Degraded {
            text: text.to_owned(),
            template: answer["kind"].clone(),
        }),
        _ => Err("the fallback component answered without text".into()),
    }
}
