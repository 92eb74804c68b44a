//! Responses made here, and the headers every response leaves with: request id,
//! security headers, rate-limit state and CORS.

use bytes::Bytes;
use edgecrew_core::headers::SECURITY_HEADERS;
use edgecrew_core::problem::PROBLEM_CONTENT_TYPE;
use edgecrew_core::{JSON_CONTENT_TYPE, Problem, request_id};
use edgecrew_validation_rules::cors;
use edgecrew_validation_rules::ratelimit::Decision;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use http_body_util::Full;

/// A response built by this component.
pub type Local = http::Response<Full<Bytes>>;

fn build(status: u16, content_type: &'static str, body: Vec<u8>) -> Local {
    let mut resp = http::Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if status != 204 {
        resp.headers_mut().insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
    }
    resp
}

/// A JSON body (none for 204).
pub fn json_response(status: u16, body: &serde_json::Value) -> Local {
    let bytes = if status == 204 {
        Vec::new()
    } else {
        serde_json::to_vec(body).unwrap_or_default()
    };
    build(status, JSON_CONTENT_TYPE, bytes)
}

/// A problem+json body.
pub fn problem(status: u16, detail: impl Into<String>, request_id: &str) -> Local {
    build(
        status,
        PROBLEM_CONTENT_TYPE,
        Problem::new(status, detail, request_id).to_json(),
    )
}

/// Add a header, ignoring values that cannot be headers.
pub fn set(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), v);
    }
}

/// What every response of this request carries.
pub struct Stamp<'a> {
    /// The request id.
    pub request_id: &'a str,
    /// The rate-limit decision, once made.
    pub rate: Option<Decision>,
    /// The allowed `Origin`, when the request came from one.
    pub cors_origin: Option<&'a str>,
}

impl Stamp<'_> {
    /// Put the request id, security, rate-limit and CORS headers on `headers`.
    pub fn apply(&self, headers: &mut HeaderMap) {
        set(headers, request_id::HEADER, self.request_id);
        for (name, value) in SECURITY_HEADERS {
            headers.insert(name, HeaderValue::from_static(value));
        }
        if let Some(rate) = &self.rate {
            for (name, value) in rate.headers() {
                set(headers, name, &value);
            }
            if !rate.admitted {
                set(headers, "retry-after", &rate.reset_seconds.to_string());
            }
        }
        if let Some(origin) = self.cors_origin {
            set(headers, "access-control-allow-origin", origin);
            set(
                headers,
                "access-control-expose-headers",
                cors::EXPOSE_HEADERS,
            );
            headers.append(http::header::VARY, HeaderValue::from_static("origin"));
        }
    }
}

/// The answer to an allowed CORS preflight.
pub fn preflight() -> Local {
    let mut resp = build(204, JSON_CONTENT_TYPE, Vec::new());
    let h = resp.headers_mut();
    set(h, "access-control-allow-methods", cors::ALLOW_METHODS);
    set(h, "access-control-allow-headers", cors::ALLOW_HEADERS);
    set(h, "access-control-max-age", cors::MAX_AGE);
    resp
}
