//! Outbound HTTP from a component, following Spin's `crates/factor-outbound-http` and
//! `crates/factor-outbound-networking/src/allowed_hosts.rs`: the `allowed_outbound_hosts`
//! policy, Spin local service chaining (`http://<component>.spin.internal`), and the
//! middleware chain's `wasi:http/handler` import, which forwards to the next component
//! in-process.

use std::pin::Pin;
use std::sync::{Arc, Weak};

use http_body_util::BodyExt;
use wasmtime::component::{Accessor, Linker, Resource};
use wasmtime_wasi_http::p3::bindings::http::client::HostWithStore as _;
use wasmtime_wasi_http::p3::bindings::http::types::ErrorCode;
use wasmtime_wasi_http::p3::{Request, Response};
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttp, WasiHttpHooks};

use crate::app::{AppInner, NextHop};
use crate::state::HostState;

/// Host suffix of Spin local service chaining.
pub const SERVICE_CHAINING_SUFFIX: &str = ".spin.internal";

/// An `allowed_outbound_hosts` entry that could not be understood.
#[derive(Debug, thiserror::Error)]
#[error("invalid allowed_outbound_hosts entry '{entry}': {reason}")]
pub struct PolicyError {
    entry: String,
    reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HostPattern {
    Any,
    Exact(String),
    /// `*.example.com` matches `a.example.com`, not `example.com`.
    Subdomain(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    /// `None` for `*://`.
    scheme: Option<String>,
    host: HostPattern,
    /// `None` for `:*`.
    port: Option<u16>,
}

/// The outbound hosts one component may reach, as Spin interprets them: a scheme, a
/// host (or `*`, or `*.domain`) and a port (default for the scheme when omitted, `*`
/// for any).
#[derive(Debug, Clone, Default)]
pub struct OutboundPolicy {
    rules: Vec<Rule>,
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    }
}

impl OutboundPolicy {
    /// Parse a component's `allowed_outbound_hosts`.
    pub fn parse(entries: &[String]) -> Result<Self, PolicyError> {
        let rules = entries
            .iter()
            .map(|entry| parse_rule(entry))
            .collect::<Result<_, _>>()?;
        Ok(Self { rules })
    }

    /// Whether a request to `scheme://host:port` is allowed.
    pub fn allows(&self, scheme: &str, host: &str, port: u16) -> bool {
        let host = host.to_ascii_lowercase();
        self.rules.iter().any(|r| {
            r.scheme.as_deref().is_none_or(|s| s == scheme)
                && r.port.is_none_or(|p| p == port)
                && match &r.host {
                    HostPattern::Any => true,
                    HostPattern::Exact(h) => *h == host,
                    HostPattern::Subdomain(d) => host
                        .strip_suffix(d.as_str())
                        .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1),
                }
        })
    }
}

fn parse_rule(entry: &str) -> Result<Rule, PolicyError> {
    let err = |reason| PolicyError {
        entry: entry.to_owned(),
        reason,
    };
    let (scheme, rest) = entry
        .split_once("://")
        .ok_or_else(|| err("expected scheme://host[:port]"))?;
    let rest = rest.trim_end_matches('/');
    if rest.contains('/') {
        return Err(err("paths are not allowed"));
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    if host.is_empty() {
        return Err(err("empty host"));
    }
    let scheme = (scheme != "*").then(|| scheme.to_ascii_lowercase());
    let port = match port {
        Some("*") => None,
        Some(p) => Some(p.parse().map_err(|_| err("bad port"))?),
        None => match scheme.as_deref() {
            Some(s) => Some(default_port(s).ok_or_else(|| err("no default port for scheme"))?),
            None => return Err(err("a port is required with scheme '*'")),
        },
    };
    let host = host.to_ascii_lowercase();
    let host = if host == "*" {
        HostPattern::Any
    } else if let Some(domain) = host.strip_prefix("*.") {
        HostPattern::Subdomain(domain.to_owned())
    } else {
        HostPattern::Exact(host)
    };
    Ok(Rule { scheme, host, port })
}

type BoxedIo = Box<dyn Future<Output = Result<(), Error>> + Send>;
type SendFuture =
    Box<dyn Future<Output = Result<(http::Response<WasiBody>, BoxedIo), Error>> + Send>;

/// The `wasi:http` hooks of one instance: where its outgoing requests may go.
pub struct OutboundHooks {
    policy: Arc<OutboundPolicy>,
    app: Weak<AppInner>,
    /// The next stage of the pipeline this instance runs in, if it is middleware.
    next: Option<NextHop>,
    /// Set by the `wasi:http/handler` import just before it hands its request to the
    /// shared send path: the next `send_request` goes to `next`, not the network.
    forward_next: bool,
}

impl OutboundHooks {
    /// Hooks for a pipeline stage with the given policy inside the given app.
    pub(crate) fn new(
        policy: Arc<OutboundPolicy>,
        app: Weak<AppInner>,
        next: Option<NextHop>,
    ) -> Self {
        Self {
            policy,
            app,
            next,
            forward_next: false,
        }
    }

    /// Send `request` in process: to the next stage, or to a service-chained component.
    fn dispatch(&self, target: Target, request: http::Request<WasiBody>) -> SendFuture {
        let app = self.app.clone();
        Box::new(async move {
            let app = app.upgrade().ok_or(Error::DestinationUnavailable)?;
            let hop = match target {
                Target::Next(hop) => hop,
                Target::Chained(component) => app.chained(&component).ok_or_else(|| {
                    Error::InternalError(Some(format!(
                        "no trigger serves component '{component}' for service chaining"
                    )))
                })?,
            };
            let response = app
                .dispatch(hop, request)
                .await
                .map_err(|e| Error::InternalError(Some(format!("{e:#}"))))?;
            Ok((response, Box::new(async { Ok(()) }) as BoxedIo))
        })
    }
}

/// Where an in-process request goes.
enum Target {
    /// The next stage of this instance's pipeline.
    Next(NextHop),
    /// `http://<component>.spin.internal`.
    Chained(String),
}

fn denied() -> SendFuture {
    Box::new(async { Err(Error::HttpRequestDenied) })
}

impl WasiHttpHooks for OutboundHooks {
    fn default_scheme(&mut self) -> Option<http::uri::Scheme> {
        Some(http::uri::Scheme::HTTP)
    }

    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: BoxedIo,
    ) -> SendFuture {
        drop(fut);
        if std::mem::take(&mut self.forward_next) {
            return match self.next {
                Some(hop) => self.dispatch(Target::Next(hop), request),
                None => Box::new(async {
                    Err(Error::InternalError(Some(
                        "this component is not running as middleware: no next handler".into(),
                    )))
                }),
            };
        }
        let uri = request.uri();
        let scheme = uri.scheme_str().unwrap_or("http").to_ascii_lowercase();
        let Some(host) = uri.host().map(str::to_ascii_lowercase) else {
            return denied();
        };
        let Some(port) = uri.port_u16().or_else(|| default_port(&scheme)) else {
            return denied();
        };
        if !self.policy.allows(&scheme, &host, port) {
            tracing::warn!(%scheme, %host, port, "outbound request denied by allowed_outbound_hosts");
            return denied();
        }
        if let Some(component) = host.strip_suffix(SERVICE_CHAINING_SUFFIX) {
            return self.dispatch(Target::Chained(component.to_owned()), request);
        }
        Box::new(async move {
            let (response, io) = wasmtime_wasi_http::default_send_request(request, options).await?;
            Ok((response.map(BodyExt::boxed_unsync), Box::new(io) as BoxedIo))
        })
    }
}

type HandleResult = wasmtime::Result<(Result<Resource<Response>, ErrorCode>,)>;

/// Define the `wasi:http/handler@0.3.0` import that middleware calls to reach the next
/// handler in its chain. It shares wasmtime's `wasi:http/client` send path (bodies,
/// trailers, errors) and differs only in where the request goes.
pub fn add_next_handler_to_linker(linker: &mut Linker<HostState>) -> wasmtime::Result<()> {
    let mut instance = linker.instance("wasi:http/handler@0.3.0")?;
    instance.func_wrap_concurrent(
        "handle",
        |accessor: &Accessor<HostState>, (request,): (Resource<Request>,)| {
            Box::pin(async move { forward_to_next(accessor, request).await })
                as Pin<Box<dyn Future<Output = HandleResult> + Send + '_>>
        },
    )
}

async fn forward_to_next(
    accessor: &Accessor<HostState>,
    request: Resource<Request>,
) -> HandleResult {
    // `WasiHttp::send` hands the request to `send_request` synchronously, before its
    // first await, so no other task of a reused instance can take this flag meanwhile.
    accessor.with(|mut access| access.get().hooks.forward_next = true);
    let http = accessor.with_getter::<WasiHttp>(HostState::http_view);
    let result = WasiHttp::send(&http, request).await;
    accessor.with(|mut access| access.get().hooks.forward_next = false);
    match result {
        Ok(response) => Ok((Ok(response),)),
        Err(e) => Ok((Err(e.downcast()?),)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(entries: &[&str]) -> OutboundPolicy {
        OutboundPolicy::parse(&entries.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .expect("valid policy")
    }

    #[test]
    fn exact_host_and_port() {
        let p = policy(&["http://127.0.0.1:8081"]);
        assert!(p.allows("http", "127.0.0.1", 8081));
        assert!(!p.allows("http", "127.0.0.1", 8082));
        assert!(!p.allows("https", "127.0.0.1", 8081));
        assert!(!p.allows("http", "127.0.0.2", 8081));
    }

    #[test]
    fn default_ports_and_wildcards() {
        let p = policy(&[
            "https://api.example.com",
            "http://*.spin.internal",
            "*://x.test:*",
        ]);
        assert!(p.allows("https", "api.example.com", 443));
        assert!(!p.allows("https", "api.example.com", 8443));
        assert!(p.allows("http", "agent.spin.internal", 80));
        assert!(!p.allows("http", "spin.internal", 80));
        assert!(p.allows("http", "x.test", 1234));
        assert!(p.allows("https", "X.TEST", 1));
    }

    #[test]
    fn empty_policy_denies_everything() {
        assert!(!policy(&[]).allows("http", "127.0.0.1", 80));
    }

    #[test]
    fn malformed_entries_are_rejected() {
        for bad in [
            "127.0.0.1:80",
            "http://",
            "http://h:port",
            "http://h/path",
            "*://h",
        ] {
            assert!(OutboundPolicy::parse(&[bad.to_string()]).is_err(), "{bad}");
        }
    }
}
