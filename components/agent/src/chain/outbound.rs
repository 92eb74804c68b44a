//! One HTTP attempt at a provider, bounded twice: connect / first-byte / between-bytes
//! timeouts set on the outbound request (Spin's own default waits 600 s), and the
//! request's overall deadline raced against the whole exchange.

use std::pin::pin;
use std::time::Duration;

use bytes::Bytes;
use edgecrew_providers::Failure;
use edgecrew_providers::config::{ProviderSpec, Timeouts};
use futures::future::{Either, select};
use spin_sdk::http::Response;
use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::wasip3::http::types::{ErrorCode, RequestOptions};
use spin_sdk::wasip3::http_compat::RequestOptionsExtension;

/// Run `work`, or fail with a timeout once `budget_ms` has passed.
pub async fn within<T>(
    budget_ms: u64,
    work: impl Future<Output = Result<T, Failure>>,
) -> Result<T, Failure> {
    let sleep = pin!(spin_sdk::time::sleep(Duration::from_millis(budget_ms)));
    match select(pin!(work), sleep).await {
        Either::Left((result, _)) => result,
        Either::Right(((), _)) => Err(Failure::Timeout(format!(
            "no complete answer within the deadline ({budget_ms} ms)"
        ))),
    }
}

fn ns(ms: u64) -> u64 {
    ms.saturating_mul(1_000_000)
}

/// Outbound options carrying the three timeouts, each capped by what is left.
pub fn options(timeouts: &Timeouts, remaining_ms: u64) -> Result<RequestOptions, Failure> {
    let opts = RequestOptions::new();
    let set = |r: Result<(), _>| r.map_err(|e| Failure::Unavailable(format!("timeouts: {e:?}")));
    set(opts.set_connect_timeout(Some(ns(timeouts.connect_ms.min(remaining_ms)))))?;
    set(opts.set_first_byte_timeout(Some(ns(timeouts.first_byte_ms.min(remaining_ms)))))?;
    set(opts.set_between_bytes_timeout(Some(ns(timeouts.between_bytes_ms.min(remaining_ms)))))?;
    Ok(opts)
}

/// Classify a transport error.
pub fn transport_failure(e: &ErrorCode) -> Failure {
    let text = format!("{e:?}");
    if text.contains("Timeout") {
        Failure::Timeout(text)
    } else {
        Failure::Unavailable(text)
    }
}

/// POST `body` to the provider's chat endpoint; the response head, or why not.
pub async fn post(
    provider: &ProviderSpec,
    body: String,
    timeouts: &Timeouts,
    remaining_ms: u64,
) -> Result<Response, Failure> {
    let mut builder = http::Request::post(provider.chat_url())
        .header(http::header::CONTENT_TYPE, "application/json")
        .extension(RequestOptionsExtension(options(timeouts, remaining_ms)?));
    if let Some(key) = &provider.api_key {
        builder = builder.header(http::header::AUTHORIZATION, format!("Bearer {key}"));
    }
    let request = builder
        .body(http_body_util::Full::new(Bytes::from(body)))
        .map_err(|e| Failure::Unavailable(format!("building the request: {e}")))?;
    spin_sdk::http::send(request)
        .await
        .map_err(|e| transport_failure(&e))
}

/// Milliseconds a `Retry-After` header asks for (seconds form only).
pub fn retry_after_ms(response: &Response) -> Option<u64> {
    response
        .headers()
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(|s| s.saturating_mul(1000))
}

/// The whole body of a response.
pub async fn read_all(response: Response) -> Result<Bytes, Failure> {
    response
        .into_body()
        .bytes()
        .await
        .map_err(|e| transport_failure(&e))
}

/// Turn a non-success status into its failure (reading the body for the detail).
pub async fn status_failure(response: Response) -> Failure {
    let status = response.status().as_u16();
    let retry = retry_after_ms(&response);
    let detail = read_all(response).await.unwrap_or_default();
    Failure::from_status(status, retry, &String::from_utf8_lossy(&detail))
}

/// Whether the provider's `GET /health` answers 2xx within `budget_ms`.
pub async fn health(provider: &ProviderSpec, timeouts: &Timeouts, budget_ms: u64) -> bool {
    let url = format!("{}/health", provider.url.trim_end_matches('/'));
    let Ok(opts) = options(timeouts, budget_ms) else {
        return false;
    };
    let Ok(request) = http::Request::get(url)
        .extension(RequestOptionsExtension(opts))
        .body(http_body_util::Empty::<Bytes>::new())
    else {
        return false;
    };
    within(budget_ms, async {
        spin_sdk::http::send(request)
            .await
            .map_err(|e| transport_failure(&e))
    })
    .await
    .is_ok_and(|r| r.status().is_success())
}
