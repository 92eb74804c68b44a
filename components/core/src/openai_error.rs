//! Errors on the OpenAI-compatible routes (`/v1/chat/completions`, `/v1/models`) in
//! OpenAI's own shape, `{"error": {"message", "type", "param", "code"}}`, which OpenAI
//! clients parse into their exception types; `request_id` rides along so an error can
//! still be traced. Every other route answers problem+json ([`crate::problem`]).

use serde_json::{Value, json};

use crate::Problem;

/// Path prefixes whose errors use OpenAI's shape.
const OPENAI_PATHS: &[&str] = &["/v1/chat/completions", "/v1/models"];

/// Whether errors on `path` are written in OpenAI's shape.
pub fn is_openai_path(path: &str) -> bool {
    OPENAI_PATHS.iter().any(|p| {
        path.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// OpenAI's `type` and `code` for an HTTP status.
fn kind_of(status: u16) -> (&'static str, Option<&'static str>) {
    match status {
        401 => ("authentication_error", Some("invalid_api_key")),
        403 => ("permission_error", Some("insufficient_scope")),
        404 => ("not_found_error", None),
        405 | 413 | 415 | 400 | 409 | 422 => ("invalid_request_error", None),
        429 => ("rate_limit_error", Some("rate_limit_exceeded")),
        503 => ("service_unavailable", None),
        _ => ("api_error", None),
    }
}

/// The request field a detail names (`field 'messages[0].role' …` → `messages[0].role`).
fn param_of(detail: &str) -> Option<&str> {
    let rest = detail.strip_prefix("field '")?;
    rest.split_once('\'').map(|(name, _)| name)
}

/// The OpenAI error body for `problem`, with `code` (e.g. `model_not_found`) when given;
/// `param` names the field a 400 is about.
pub fn body(problem: &Problem, code: Option<&str>) -> Value {
    let (kind, default_code) = kind_of(problem.status);
    json!({
        "error": {
            "message": problem.detail,
            "type": kind,
            "param": param_of(&problem.detail),
            "code": code.or(default_code),
            "request_id": problem.request_id,
        }
    })
}

/// [`body`] as bytes.
pub fn to_json(problem: &Problem, code: Option<&str>) -> Vec<u8> {
    serde_json::to_vec(&body(problem, code)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openai_paths_are_the_two_routes_and_below() {
        assert!(is_openai_path("/v1/chat/completions"));
        assert!(is_openai_path("/v1/models"));
        assert!(is_openai_path("/v1/models/writer"));
        assert!(!is_openai_path("/v1/modelsx"));
        assert!(!is_openai_path("/v1/complete"));
        assert!(!is_openai_path("/health"));
    }

    #[test]
    fn the_body_is_openais_shape_with_the_request_id() {
        let p = Problem::new(401, "missing API key", "rid-1");
        let v = body(&p, None);
        assert_eq!(v["error"]["message"], "missing API key");
        assert_eq!(v["error"]["type"], "authentication_error");
        assert_eq!(v["error"]["code"], "invalid_api_key");
        assert_eq!(v["error"]["request_id"], "rid-1");
        assert!(v["error"]["param"].is_null());
        let nf = body(&Problem::new(404, "no model", "r"), Some("model_not_found"));
        assert_eq!(nf["error"]["type"], "not_found_error");
        assert_eq!(nf["error"]["code"], "model_not_found");
        assert_eq!(
            body(&Problem::new(429, "slow", "r"), None)["error"]["type"],
            "rate_limit_error"
        );
        let bad = body(&Problem::new(400, "field 'n' must be 1", "r"), None);
        assert_eq!(bad["error"]["type"], "invalid_request_error");
        assert_eq!(bad["error"]["param"], "n");
    }
}
