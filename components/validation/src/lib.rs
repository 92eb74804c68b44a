//! The `validation` component: Spin HTTP middleware in front of every route.
//!
//! It resolves the request id (echoing a well-formed client `x-request-id`, minting one
//! otherwise), passes the request to the next handler in the chain with that id set, and
//! stamps the id and the API's security headers on whatever comes back.

use edgecrew_core::{headers::SECURITY_HEADERS, request_id};
use http::{HeaderName, HeaderValue};
use spin_sdk::http::{IntoResponse, Request, next};
use spin_sdk::http_service;

/// Entry point: wrap the next handler with request-id and security-header handling.
#[http_service]
async fn handle(mut req: Request) -> anyhow::Result<impl IntoResponse> {
    let client_id = req
        .headers()
        .get(request_id::HEADER)
        .and_then(|v| v.to_str().ok());
    let id = request_id::resolve(client_id, random_bytes);
    let id_value = HeaderValue::from_str(&id)?;
    req.headers_mut()
        .insert(request_id::HEADER, id_value.clone());

    let mut resp = next(req).await?;
    let headers = resp.headers_mut();
    headers.insert(request_id::HEADER, id_value);
    for (name, value) in SECURITY_HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    Ok(resp)
}

/// 16 random bytes from the host's secure random source.
fn random_bytes() -> [u8; 16] {
    let mut out = [0u8; 16];
    let bytes = spin_sdk::wasip3::random::random::get_random_bytes(16);
    out.iter_mut().zip(bytes).for_each(|(o, b)| *o = b);
    out
}
