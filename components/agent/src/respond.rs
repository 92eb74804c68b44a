//! Building HTTP responses: JSON bodies and problem+json errors.

use edgecrew_core::{JSON_CONTENT_TYPE, Problem, problem::PROBLEM_CONTENT_TYPE, request_id};
use spin_sdk::http::Request;

/// A response the runtime can send.
pub type Response = http::Response<String>;

/// The request id set by the validation middleware, or a fresh one when the agent is
/// reached without it.
pub fn request_id(req: &Request) -> String {
    let supplied = req
        .headers()
        .get(request_id::HEADER)
        .and_then(|v| v.to_str().ok());
    request_id::resolve(supplied, || {
        let mut out = [0u8; 16];
        let bytes = spin_sdk::wasip3::random::random::get_random_bytes(16);
        out.iter_mut().zip(bytes).for_each(|(o, b)| *o = b);
        out
    })
}

/// A JSON body with the given status.
pub fn json(status: u16, body: &impl serde::Serialize) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "null".into());
    build(status, JSON_CONTENT_TYPE, text)
}

/// A problem+json body with the problem's status.
pub fn problem(p: &Problem) -> Response {
    build(
        p.status,
        PROBLEM_CONTENT_TYPE,
        String::from_utf8_lossy(&p.to_json()).into_owned(),
    )
}

/// A Server-Sent Events body.
pub fn event_stream(events: String) -> Response {
    build(200, "text/event-stream", events)
}

/// Add the `Allow` header a 405 must carry.
pub fn with_allow(mut resp: Response, methods: &'static str) -> Response {
    resp.headers_mut()
        .insert(http::header::ALLOW, http::HeaderValue::from_static(methods));
    resp
}

fn build(status: u16, content_type: &'static str, body: String) -> Response {
    let mut resp = http::Response::new(body);
    *resp.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type),
    );
    resp
}
