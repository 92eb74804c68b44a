//! `application/problem+json` bodies (RFC 9457), the shape of every edgecrew error.

use serde::{Deserialize, Serialize};

/// Content type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// One error as the API reports it: `{"type","title","status","detail","request_id"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI reference naming the kind of problem (`about:blank` style, relative to the API).
    #[serde(rename = "type")]
    pub kind: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request; names the field for validation errors.
    pub detail: String,
    /// The request id the response also carries in `x-request-id`.
    pub request_id: String,
}

impl Problem {
    /// A problem with the standard title for `status` and the given detail.
    pub fn new(status: u16, detail: impl Into<String>, request_id: impl Into<String>) -> Self {
        let (slug, title) = describe(status);
        Self {
            kind: format!("/problems/{slug}"),
            title: title.to_owned(),
            status,
            detail: detail.into(),
            request_id: request_id.into(),
        }
    }

    /// 404 for a path no route serves.
    pub fn not_found(path: &str, request_id: impl Into<String>) -> Self {
        Self::new(404, format!("no resource at path '{path}'"), request_id)
    }

    /// 405 for a known path used with the wrong method.
    pub fn method_not_allowed(method: &str, path: &str, request_id: impl Into<String>) -> Self {
        Self::new(
            405,
            format!("method {method} is not allowed on '{path}'"),
            request_id,
        )
    }

    /// The body as JSON bytes.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising a struct of strings and an integer cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// The problem-type slug and title for a status code.
fn describe(status: u16) -> (&'static str, &'static str) {
    match status {
        400 => ("bad-request", "Bad Request"),
        401 => ("unauthorized", "Unauthorized"),
        403 => ("forbidden", "Forbidden"),
        404 => ("not-found", "Not Found"),
        405 => ("method-not-allowed", "Method Not Allowed"),
        408 => ("request-timeout", "Request Timeout"),
        409 => ("conflict", "Conflict"),
        413 => ("payload-too-large", "Payload Too Large"),
        415 => ("unsupported-media-type", "Unsupported Media Type"),
        422 => ("unprocessable", "Unprocessable Content"),
        429 => ("rate-limited", "Too Many Requests"),
        502 => ("bad-gateway", "Bad Gateway"),
        503 => ("unavailable", "Service Unavailable"),
        504 => ("gateway-timeout", "Gateway Timeout"),
        s if s >= 500 => ("internal", "Internal Server Error"),
        _ => ("error", "Error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_the_api_field_names() {
        let p = Problem::not_found("/nope", "req-1");
        let v: serde_json::Value = serde_json::from_slice(&p.to_json()).expect("json");
        assert_eq!(v["type"], "/problems/not-found");
        assert_eq!(v["title"], "Not Found");
        assert_eq!(v["status"], 404);
        assert_eq!(v["request_id"], "req-1");
        assert!(v["detail"].as_str().expect("detail").contains("/nope"));
    }

    #[test]
    fn every_client_error_has_a_specific_title() {
        for s in [400, 401, 403, 404, 405, 413, 415, 429] {
            assert_ne!(Problem::new(s, "x", "r").title, "Error", "status {s}");
        }
    }
}
