//! The HTTP trigger's server, following Spin's `crates/trigger-http/src/server.rs`: the
//! HTTP/1.1 front end accepts connections, enforces the transport limits (body
//! size, concurrency, deadline), hands requests to the [`App`], and shuts down
//! gracefully, letting in-flight requests finish.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, Result};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use wasmtime_wasi_http::WasiBody;

use crate::app::{App, host_problem, request_id_of};

/// Transport limits of the server.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Largest request body accepted; larger ones get 413 before any component runs.
    pub max_body_bytes: u64,
    /// Deadline for a whole request, middleware and chained calls included.
    pub request_timeout: Duration,
    /// Requests handled at once; more get 503 with `Retry-After`.
    pub max_concurrent: usize,
    /// How long shutdown waits for in-flight requests.
    pub shutdown_grace: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 10 << 20,
            request_timeout: Duration::from_secs(120),
            max_concurrent: 256,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// A bound server, ready to serve.
pub struct Server {
    listener: TcpListener,
    app: App,
    config: Arc<ServerConfig>,
    permits: Arc<Semaphore>,
}

impl Server {
    /// Bind `addr` (port 0 picks a free port).
    pub async fn bind(addr: SocketAddr, app: App, config: ServerConfig) -> Result<Self> {
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("binding {addr}"))?;
        Ok(Self {
            listener,
            app,
            permits: Arc::new(Semaphore::new(config.max_concurrent)),
            config: Arc::new(config),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serve until `shutdown` resolves, then drain in-flight requests.
    pub async fn serve(self, shutdown: impl Future<Output = ()>) -> Result<()> {
        let graceful = GracefulShutdown::new();
        let local = self.local_addr()?;
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let (stream, peer) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        tracing::warn!(error = %e, "accept failed");
                        continue;
                    }
                },
                () = &mut shutdown => break,
            };
            // A response written in two segments must not wait for the client's delayed
            // ACK (40 ms on Linux) on a kept-alive connection.
            if let Err(e) = stream.set_nodelay(true) {
                tracing::debug!(error = %e, "TCP_NODELAY not set");
            }
            let app = self.app.clone();
            let config = self.config.clone();
            let permits = self.permits.clone();
            let service = service_fn(move |req| {
                let app = app.clone();
                let config = config.clone();
                let permits = permits.clone();
                async move {
                    Ok::<_, Infallible>(handle(app, &config, &permits, local, peer, req).await)
                }
            });
            let connection = http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .serve_connection(TokioIo::new(stream), service);
            let watched = graceful.watch(connection);
            tokio::spawn(async move {
                if let Err(e) = watched.await {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
            });
        }
        tracing::info!("shutting down: draining in-flight requests");
        if tokio::time::timeout(self.config.shutdown_grace, graceful.shutdown())
            .await
            .is_err()
        {
            tracing::warn!("shutdown grace period elapsed with requests still in flight");
        }
        Ok(())
    }
}

/// One request through the transport limits into the app.
async fn handle(
    app: App,
    config: &ServerConfig,
    permits: &Semaphore,
    local: SocketAddr,
    peer: SocketAddr,
    req: http::Request<Incoming>,
) -> http::Response<WasiBody> {
    let request_id = request_id_of(&req);
    let Ok(_permit) = permits.try_acquire() else {
        let mut resp = host_problem(
            503,
            "the server is at its concurrency limit; retry shortly",
            &request_id,
        );
        resp.headers_mut().insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("1"),
        );
        return resp;
    };
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > config.max_body_bytes) {
        return host_problem(
            413,
            &format!("request body exceeds {} bytes", config.max_body_bytes),
            &request_id,
        );
    }
    let (mut parts, body) = req.into_parts();
    let authority = parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.parse::<http::uri::Authority>().ok())
        .unwrap_or_else(|| {
            local
                .to_string()
                .parse()
                .unwrap_or_else(|_| http::uri::Authority::from_static("localhost"))
        });
    let path_and_query = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| http::uri::PathAndQuery::from_static("/"));
    if let Ok(uri) = http::Uri::builder()
        .scheme("http")
        .authority(authority)
        .path_and_query(path_and_query)
        .build()
    {
        if let Ok(v) = http::HeaderValue::from_str(&uri.to_string()) {
            parts.headers.insert("spin-full-url", v);
        }
        parts.uri = uri;
    }
    if let Ok(v) = http::HeaderValue::from_str(&peer.to_string()) {
        parts.headers.insert("spin-client-addr", v);
    }
    let limit = usize::try_from(config.max_body_bytes).unwrap_or(usize::MAX);
    let fault = BodyFault::default();
    let recorder = fault.clone();
    let body = Limited::new(body, limit)
        .map_err(move |e| match e.downcast::<hyper::Error>() {
            Ok(e) => {
                recorder.record(
                    400,
                    "the request body could not be read (malformed or cut short)",
                );
                wasmtime_wasi_http::Error::Hyper(*e)
            }
            Err(_) => {
                recorder.record(413, "the request body exceeds the size limit");
                wasmtime_wasi_http::Error::HttpRequestBodySize(None)
            }
        })
        .boxed_unsync();
    let request = http::Request::from_parts(parts, body);
    let response = match tokio::time::timeout(config.request_timeout, app.handle(request)).await {
        Ok(response) => response,
        Err(_) => host_problem(
            504,
            "the request did not complete within the server's deadline",
            &request_id,
        ),
    };
    // A component that failed because the client's body broke did not fail on its own:
    // the client gets the 4xx its request earned, never a 5xx.
    match fault.get() {
        Some((status, detail)) if response.status().is_server_error() => {
            host_problem(status, detail, &request_id)
        }
        _ => response,
    }
}

/// Records why the client's request body failed, if it did.
#[derive(Clone, Default)]
struct BodyFault(Arc<std::sync::OnceLock<(u16, &'static str)>>);

impl BodyFault {
    fn record(&self, status: u16, detail: &'static str) {
        let _ = self.0.set((status, detail));
    }

    fn get(&self) -> Option<(u16, &'static str)> {
        self.0.get().copied()
    }
}
