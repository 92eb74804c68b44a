//! The chained baseline of `benches/load/baseline.sh`: what a request costs that passes
//! through two Spin components over local service chaining, as edgecrew's do
//! (validation → agent), with none of edgecrew's work. It reads the request
//! body and sends it on to the URL in its `next` variable (`http://<id>.spin.internal`),
//! answering with what comes back; no store. Served by `benches/load/chain.toml`, whose
//! last component is `benches/noop`.

#![deny(missing_docs)]

use bytes::Bytes;
use http_body_util::Full;
use spin_sdk::http::Request;
use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::http_service;

/// Entry point: read the body, send the request on, return the answer (an error if none).
#[http_service]
async fn handle(req: Request) -> Result<spin_sdk::http::Response, spin_sdk::http::Error> {
    let (parts, body) = req.into_parts();
    let next = spin_sdk::variables::get("next").await.unwrap_or_default();
    let bytes = body.bytes().await.unwrap_or_default();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", http::uri::PathAndQuery::as_str);
    let mut out = http::Request::new(Full::new(Bytes::from(bytes.to_vec())));
    *out.method_mut() = parts.method.clone();
    *out.headers_mut() = parts.headers.clone();
    out.headers_mut().remove(http::header::HOST);
    match format!("{next}{path}").parse() {
        Ok(uri) => *out.uri_mut() = uri,
        Err(_) => {
            return Err(spin_sdk::http::Error::from(
                "the `next` variable is not a URL",
            ));
        }
    }
    spin_sdk::http::send(out)
        .await
        .map_err(|_| spin_sdk::http::Error::from("the next component did not answer"))
}
