//! Handing an admitted request to the agent: only the headers it may see, then Spin local
//! service chaining to its private route (or, built with `http-middleware`, the next
//! handler of a middleware pipeline).

use bytes::Bytes;
use edgecrew_core::request_id;
use http_body_util::Full;

use crate::auth::Principal;
use crate::outcome::Outcome;
use crate::respond::{problem, set};

/// The agent, reached over local service chaining.
#[cfg(not(feature = "http-middleware"))]
const AGENT_URL: &str = "http://agent.spin.internal";

/// Headers the agent trusts: only this component may set them.
const INTERNAL_HEADER_PREFIX: &str = "x-edgecrew-";

/// The headers the agent sees: no client-set internal headers, no credentials,
/// and the verified caller.
pub fn parts_for_next(
    parts: &mut http::request::Parts,
    principal: Option<&Principal>,
    rid: &str,
) -> http::request::Parts {
    let names: Vec<_> = parts
        .headers
        .keys()
        .filter(|n| n.as_str().starts_with(INTERNAL_HEADER_PREFIX))
        .cloned()
        .collect();
    for name in names {
        parts.headers.remove(&name);
    }
    parts.headers.remove(http::header::AUTHORIZATION);
    parts.headers.remove(http::header::COOKIE);
    set(&mut parts.headers, request_id::HEADER, rid);
    if let Some(p) = principal {
        set(&mut parts.headers, "x-edgecrew-key-id", &p.key_id);
        let scopes: Vec<&str> = p.scopes.iter().map(|s| s.as_str()).collect();
        set(&mut parts.headers, "x-edgecrew-scopes", &scopes.join(","));
    }
    let mut out = http::Request::new(());
    *out.method_mut() = parts.method.clone();
    *out.uri_mut() = parts.uri.clone();
    *out.version_mut() = parts.version;
    *out.headers_mut() = std::mem::take(&mut parts.headers);
    out.into_parts().0
}

/// What handing a request on yields.
type PassedOn = Result<spin_sdk::http::Response, spin_sdk::wasip3::http::types::ErrorCode>;

/// Hand the checked request to the agent over Spin local service chaining: the agent's
/// route is private, so `http://agent.spin.internal` is the only way in, and only this
/// component may call it (`allowed_outbound_hosts`).
#[cfg(not(feature = "http-middleware"))]
async fn pass_on(mut request: http::Request<Full<Bytes>>) -> PassedOn {
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str)
        .to_owned();
    // The client's Host names this app, not the chained component.
    request.headers_mut().remove(http::header::HOST);
    *request.uri_mut() = format!("{AGENT_URL}{path}")
        .parse()
        .unwrap_or_else(|_| http::Uri::from_static(AGENT_URL));
    spin_sdk::http::send(request).await
}

/// Hand the checked request to the next handler of a Spin HTTP middleware pipeline (the
/// design `benches/load/middleware.toml` measures against service chaining).
#[cfg(feature = "http-middleware")]
async fn pass_on(request: http::Request<Full<Bytes>>) -> PassedOn {
    spin_sdk::http::next(request).await
}

/// Send the request on; the agent's response, or 502 when it could not be reached.
pub async fn forward(parts: http::request::Parts, body: Vec<u8>, rid: &str) -> Outcome {
    let request = http::Request::from_parts(parts, Full::new(Bytes::from(body)));
    match pass_on(request).await {
        Ok(response) => Outcome::Next(response),
        Err(e) => {
            eprintln!("request {rid}: the agent failed: {e}");
            Outcome::Local(problem(
                502,
                "the request could not be completed by the service behind the gateway",
                rid,
            ))
        }
    }
}
