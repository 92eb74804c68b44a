//! `http_get`: a GET to the one origin the operator allows (the `http_get_origin`
//! variable, also in the agent's `allowed_outbound_hosts`), redirects followed by hand
//! within that origin (Spin hands a redirect back rather than following it), the body read
//! up to [`MAX_BODY`] bytes, the whole exchange within [`BUDGET_MS`]. Anything else is
//! refused with the reason, for the model and the client alike.

use bytes::Bytes;
use edgecrew_agents::tools::url::Url;
use edgecrew_providers::Failure;
use edgecrew_providers::config::Timeouts;
use http_body_util::BodyExt;
use serde_json::{Value, json};
use spin_sdk::wasip3::http_compat::RequestOptionsExtension;

use crate::chain::outbound::{self, options, within};

/// Largest body returned, in bytes; a longer one is an error.
pub const MAX_BODY: usize = 64 * 1024;

/// Longest the whole fetch may take, redirects included, in milliseconds.
pub const BUDGET_MS: u64 = 5_000;

/// Redirects followed at most.
const MAX_REDIRECTS: usize = 3;

/// The outbound timeouts of each request.
const TIMEOUTS: Timeouts = Timeouts {
    connect_ms: 2_000,
    first_byte_ms: BUDGET_MS,
    between_bytes_ms: BUDGET_MS,
};

/// Fetch `url`: its final URL, status, content type and text.
pub async fn fetch(url: &str) -> Result<Value, String> {
    let allowed = spin_sdk::variables::get("http_get_origin")
        .await
        .ok()
        .filter(|v| !v.trim().is_empty())
        .ok_or("no origin is allowed: the operator has not set the http_get_origin variable")?;
    let allowed = Url::parse(allowed.trim())?.origin();
    let mut current = Url::parse(url)?;
    admit(&current, &allowed)?;
    within(BUDGET_MS, async {
        for _ in 0..=MAX_REDIRECTS {
            let response = get(&current).await?;
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get(http::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            if let (300..=399, Some(location)) = (status, location) {
                let next = current.join(&location).map_err(Failure::Unavailable)?;
                admit(&next, &allowed).map_err(|e| {
                    Failure::Unavailable(format!("redirected to {}: {e}", next.text()))
                })?;
                current = next;
                continue;
            }
            let content_type = response
                .headers()
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let body = read_limited(response).await?;
            return Ok(json!({
                "url": current.text(),
                "status": status,
                "content_type": content_type,
                "body": String::from_utf8_lossy(&body),
            }));
        }
        Err(Failure::Unavailable(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    })
    .await
    .map_err(|f| match f {
        Failure::Unavailable(detail) => detail,
        Failure::Timeout(_) => format!("no complete answer within {BUDGET_MS} ms"),
        other => other.to_string(),
    })
}

/// Whether `url` may be fetched: only the allowed origin is.
fn admit(url: &Url, allowed: &str) -> Result<(), String> {
    let origin = url.origin();
    if origin == allowed {
        Ok(())
    } else if url.is_private() {
        Err(format!(
            "{origin} is a private or loopback address, and only {allowed} is allowed"
        ))
    } else {
        Err(format!("{origin} is not the allowed origin ({allowed})"))
    }
}

/// One GET, its response head.
async fn get(url: &Url) -> Result<spin_sdk::http::Response, Failure> {
    let request = http::Request::get(url.text())
        .extension(RequestOptionsExtension(options(&TIMEOUTS, BUDGET_MS)?))
        .body(http_body_util::Empty::<Bytes>::new())
        .map_err(|e| Failure::Unavailable(format!("building the request: {e}")))?;
    spin_sdk::http::send(request)
        .await
        .map_err(|e| outbound::transport_failure(&e))
}

/// The body, or an error once it passes [`MAX_BODY`] bytes.
async fn read_limited(response: spin_sdk::http::Response) -> Result<Vec<u8>, Failure> {
    let mut body = response.into_body();
    let mut out = Vec::new();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| outbound::transport_failure(&e))?;
        if let Ok(data) = frame.into_data() {
            out.extend_from_slice(&data);
            if out.len() > MAX_BODY {
                return Err(Failure::Unavailable(format!(
                    "the body is past the limit of {MAX_BODY} bytes"
                )));
            }
        }
    }
    Ok(out)
}
