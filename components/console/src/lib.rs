//! The `console` component: edgecrew's web console, a static single-page app served at `/`
//! and `/app/...`.
//!
//! The app (`web/`, TypeScript bundled by esbuild) is built by npm before cargo runs and
//! embedded at compile time (`build.rs`), so the component needs no files, no network
//! (empty `allowed_outbound_hosts`) and no store: it only answers `GET`/`HEAD` with the
//! bytes it was built with. The app itself talks to the public API (`/v1/...`, the
//! `validation` component) with the API key its user pastes.
//!
//! Layout:
//! - `site`: what a path serves (an asset, the app's `index.html` for client routes, 404,
//!   405) and the headers every response carries (a strict CSP among them);
//! - this file: the Spin entry point, turning a [`site::Reply`] into the response.

#![deny(missing_docs)]

pub mod site;

use bytes::Bytes;
use http_body_util::Full;
use spin_sdk::http::{IntoResponse, Request};
use spin_sdk::http_service;

/// Entry point: serve the file, or the app's page, that the path names.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let reply = site::serve(req.method().as_str(), req.uri().path());
    let mut response = http::Response::new(Full::new(Bytes::from_static(reply.body)));
    *response.status_mut() =
        http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in reply.headers {
        if let Ok(value) = http::HeaderValue::from_str(&value) {
            response
                .headers_mut()
                .insert(http::HeaderName::from_static(name), value);
        }
    }
    response
}
