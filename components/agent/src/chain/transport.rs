//! What the chain needs from the world, behind one small trait, as ripgrep puts a trait
//! between its searcher and its matchers: one collected attempt at a model provider and a
//! pause before a retry. [`SpinTransport`] does them over Spin's outbound HTTP and timers;
//! the unit tests script them. The fallback needs nothing from the world
//! (`super::fallback`), and a stream relayed to the client token by token reads the
//! provider's response itself (`super::stream`).

use std::time::Duration;

use edgecrew_providers::Failure;
use edgecrew_providers::config::{ProviderSpec, Timeouts};
use edgecrew_providers::openai::{Generated, Prompt};
use futures::FutureExt;
use futures::future::LocalBoxFuture;

use super::events::Events;
use super::{now, outbound};

/// The chain's capabilities.
pub trait Transport {
    /// One streamed attempt at `spec` for `prompt`, read to its end before `deadline`
    /// (Unix ms): what it generated, or why not.
    fn generate<'a>(
        &'a self,
        spec: &'a ProviderSpec,
        prompt: &'a Prompt,
        timeouts: &'a Timeouts,
        deadline: u64,
    ) -> LocalBoxFuture<'a, Result<Generated, Failure>>;

    /// Wait `ms` milliseconds.
    fn pause(&self, ms: u64) -> LocalBoxFuture<'static, ()>;
}

/// The transport components run on.
pub struct SpinTransport;

impl Transport for SpinTransport {
    fn generate<'a>(
        &'a self,
        spec: &'a ProviderSpec,
        prompt: &'a Prompt,
        timeouts: &'a Timeouts,
        deadline: u64,
    ) -> LocalBoxFuture<'a, Result<Generated, Failure>> {
        async move {
            let response = start(spec, prompt, timeouts, deadline).await?;
            let mut events = Events::new(response, deadline);
            let mut generated = Generated::default();
            while !generated.absorb(events.next().await?) {}
            Ok(generated)
        }
        .boxed_local()
    }

    fn pause(&self, ms: u64) -> LocalBoxFuture<'static, ()> {
        spin_sdk::time::sleep(Duration::from_millis(ms)).boxed_local()
    }
}

/// Send a streamed request to `spec`; the response head of a 2xx, or the failure.
pub async fn start(
    spec: &ProviderSpec,
    prompt: &Prompt,
    timeouts: &Timeouts,
    deadline: u64,
) -> Result<spin_sdk::http::Response, Failure> {
    let remaining = deadline.saturating_sub(now()).max(1);
    let body = prompt.chat_body(spec, true).to_string();
    outbound::within(remaining, async {
        let response = outbound::post(spec, body, timeouts, remaining).await?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(outbound::status_failure(response).await)
        }
    })
    .await
}
