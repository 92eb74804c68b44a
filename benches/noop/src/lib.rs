//! The baseline of `benches/load/baseline.sh`: what a Spin HTTP component costs on its
//! own. It reads the request body (as edgecrew does) and answers 200 with a fixed JSON
//! body; no store, no variables, no network. Served by `benches/load/noop.toml`.

#![deny(missing_docs)]

use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::http::{IntoResponse, Request};
use spin_sdk::http_service;

/// Entry point: read the body, answer the fixed document.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let read = req.into_body().bytes().await.is_ok();
    let body = if read {
        r#"{"status":"ok"}"#
    } else {
        r#"{"status":"unreadable body"}"#
    };
    let mut response = http::Response::new(body.to_owned());
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    response
}
