//! Building HTTP responses: JSON bodies and problem+json errors.

use edgecrew_core::{JSON_CONTENT_TYPE, Problem, problem::PROBLEM_CONTENT_TYPE, request_id};
use serde_json::Value;
use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::http::{BoxBody, Request, box_body};

/// A response the runtime can send: a whole body or a stream.
pub type Response = http::Response<BoxBody>;

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

/// A problem+json body with the problem's status and `extra` members beside the standard
/// ones (what a client needs to act on it, such as the states a move may go to).
pub fn problem_with(p: &Problem, extra: Value) -> Response {
    let mut doc: Value = serde_json::from_slice(&p.to_json()).unwrap_or(Value::Null);
    if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
        doc.extend(extra);
    }
    build(p.status, PROBLEM_CONTENT_TYPE, doc.to_string())
}

/// A Server-Sent Events body, whole.
pub fn event_stream(events: String) -> Response {
    build(200, EVENT_STREAM, events)
}

/// The media type of Server-Sent Events.
pub const EVENT_STREAM: &str = "text/event-stream";

/// A Server-Sent Events response whose body is written as it is produced.
pub fn event_stream_body(
    body: impl http_body::Body<Data = bytes::Bytes, Error = anyhow::Error> + Send + 'static,
) -> Response {
    let mut resp = http::Response::new(box_body(body));
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(EVENT_STREAM),
    );
    resp
}

/// Say who answered: `x-edgecrew-provider` always, `x-edgecrew-fallback-reason` when the
/// answer is not from the first provider.
pub fn with_provider(mut resp: Response, provider: &crate::chain::ProviderReport) -> Response {
    let headers = resp.headers_mut();
    if let Ok(name) = http::HeaderValue::from_str(&provider.name) {
        headers.insert("x-edgecrew-provider", name);
    }
    if let Some(reason) = provider.fallback_reason {
        headers.insert(
            "x-edgecrew-fallback-reason",
            http::HeaderValue::from_static(reason),
        );
    }
    resp
}

/// Add the `Allow` header a 405 must carry.
pub fn with_allow(mut resp: Response, methods: &'static str) -> Response {
    resp.headers_mut()
        .insert(http::header::ALLOW, http::HeaderValue::from_static(methods));
    resp
}

fn build(status: u16, content_type: &'static str, body: String) -> Response {
    let mut resp = http::Response::new(box_body(body));
    *resp.status_mut() = http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(content_type),
    );
    resp
}

/// Whether the client asked for Server-Sent Events with `Accept: text/event-stream`.
pub fn wants_event_stream(req: &Request) -> bool {
    req.headers()
        .get_all(http::header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/event-stream"))
}

/// The request's JSON body (already checked by the validation middleware), or a 400.
pub async fn read_json(req: Request, request_id: &str) -> Result<Value, Response> {
    let body = req.into_body().bytes().await.map_err(|_| {
        problem(&Problem::new(
            400,
            "the request body could not be read",
            request_id,
        ))
    })?;
    serde_json::from_slice(&body)
        .map_err(|_| problem(&Problem::new(400, "malformed JSON", request_id)))
}

/// A response with the given status and no body (204).
pub fn empty(status: u16) -> Response {
    build(status, JSON_CONTENT_TYPE, String::new())
}

/// A body of any media type (exports).
pub fn typed(status: u16, content_type: &'static str, body: String) -> Response {
    build(status, content_type, body)
}

/// The scopes of the caller's API key, as the front door passed them on (none when the
/// agent is reached without it, as in a call from inside the app).
pub fn scopes(req: &Request) -> Vec<String> {
    req.headers()
        .get("x-edgecrew-scopes")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The API key id the validation middleware verified for this request (empty when the
/// agent is reached without it, as in a call from inside the app).
pub fn caller(req: &Request) -> String {
    req.headers()
        .get("x-edgecrew-key-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
