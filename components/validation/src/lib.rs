//! The `validation` component: the single front door, the only public component. It
//! forwards what it admits to the private `agent` over Spin local service chaining. For
//! each request, in order:
//!
//! 1. request id (echoed when well-formed, minted otherwise); CORS preflights;
//! 2. authentication by bearer key ([`auth`]; every route but `GET /health`; `GET
//!    /metrics` also takes the `metrics_token` variable), with 401 for no, bad, revoked
//!    or expired keys and for cookie-only attempts;
//! 3. rate limits per key, or per client address without a valid key ([`limits`]);
//! 4. body size (413 from `content-length` before reading, or while reading; a backup
//!    file for import may be up to `max_import_bytes`, and only an admin may send one);
//! 5. input validation (`edgecrew_validation_rules::request`: 405, 400, 413, 415), then
//!    the key's scope (403);
//! 6. the admin endpoints are answered here ([`admin`], and export and import in
//!    [`backup`]); everything else goes to the agent with the checked body and the
//!    caller's key id;
//! 7. every response leaves with the request id, security, rate-limit and CORS headers,
//!    after its audit record is stored ([`audit`]; it carries what the metrics count) and
//!    its log line is written ([`observe`]).
//!
//! Secrets come only from Spin variables ([`config`]); state lives in the key-value
//! store (`edgecrew-kv`).

#![deny(missing_docs)]

mod admin;
mod audit;
mod auth;
mod backup;
mod config;
mod forward;
mod limits;
mod observe;
mod outcome;
mod respond;
#[cfg(test)]
mod tests;

use edgecrew_core::metrics::{self, Observation};
use edgecrew_core::request_id;
use edgecrew_validation_rules::audit::{AuditEvent, action_for_status};
use edgecrew_validation_rules::keys::Scope;
use edgecrew_validation_rules::request::{Incoming, check};
use edgecrew_validation_rules::routes::{Endpoint, Lookup, allowed_methods, lookup};
use edgecrew_validation_rules::time::format_rfc3339;
use futures::StreamExt;
use http::{HeaderMap, Method};
use spin_sdk::http::body::IncomingBodyExt;
use spin_sdk::http::{IntoResponse, Request};
use spin_sdk::http_service;

use crate::auth::AuthError;
use crate::config::Config;
use crate::forward::{forward, parts_for_next};
use crate::outcome::Outcome;
use crate::respond::{Stamp, problem, set};
use edgecrew_kv::Kv;

/// Detail of every 429.
const TOO_MANY: &str = "too many requests; retry after the time in Retry-After";

/// What the audit record and the response stamp need to know about a request.
struct Trace {
    request_id: String,
    now: i64,
    key_id: Option<String>,
    rate: Option<edgecrew_validation_rules::ratelimit::Decision>,
    action: Option<&'static str>,
    target: Option<String>,
    detail: Option<String>,
}

/// Unix milliseconds from the host's wall clock.
fn now_ms() -> i64 {
    let t = spin_sdk::wasip3::clocks::system_clock::now();
    t.seconds
        .saturating_mul(1000)
        .saturating_add(i64::from(t.nanoseconds / 1_000_000))
}

/// Random bytes from the host's secure source.
fn random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    let bytes = spin_sdk::wasip3::random::random::get_random_bytes(N as u64);
    out.iter_mut().zip(bytes).for_each(|(o, b)| *o = b);
    out
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Entry point: check the request, answer or pass it on, stamp and audit the response.
#[http_service]
async fn handle(req: Request) -> impl IntoResponse {
    let (parts, body) = req.into_parts();
    let mut trace = Trace {
        request_id: request_id::resolve(header(&parts.headers, request_id::HEADER), random),
        now: now_ms(),
        key_id: None,
        rate: None,
        action: None,
        target: None,
        detail: None,
    };
    let config = Config::load().await;
    let cors_origin = header(&parts.headers, "origin")
        .filter(|o| config.cors.allows(o))
        .map(str::to_owned);
    let method = parts.method.to_string();
    let path = parts.uri.path().to_owned();

    let route = route_label(&method, &path);
    let kv = Kv::open().await;
    let mut outcome = match &kv {
        Ok(kv) => run(kv, &config, &mut trace, parts, body).await,
        Err(e) => Outcome::Local(problem(503, e.to_string(), &trace.request_id)),
    };
    take_workflow_detail(&mut outcome, &mut trace, route);
    let answered = |name| header(outcome.headers(), name).unwrap_or(metrics::NONE);
    let observation = Observation {
        method: method.clone(),
        route: route.to_owned(),
        status: outcome.status().as_u16(),
        provider: answered("x-edgecrew-provider").to_owned(),
        reason: answered("x-edgecrew-fallback-reason").to_owned(),
        ms: u64::try_from(now_ms().saturating_sub(trace.now)).unwrap_or(0),
    };
    if let Ok(kv) = &kv {
        record(kv, &config, &trace, &path, &observation).await;
    }
    observe::log(
        &format_rfc3339(trace.now),
        &trace.request_id,
        trace.key_id.as_deref(),
        &observation,
    );
    if edgecrew_core::openai_error::is_openai_path(&path) {
        outcome = outcome.in_openai_shape().await;
    }
    Stamp {
        request_id: &trace.request_id,
        rate: trace.rate,
        cors_origin: cors_origin.as_deref(),
    }
    .apply(outcome.headers_mut());
    outcome
}

/// The agent's header naming what a workflow move changed.
const AUDIT_DETAIL_HEADER: &str = "x-edgecrew-audit-detail";

/// A successful workflow move is audited as `email.transitioned` with what it changed,
/// which the agent says in [`AUDIT_DETAIL_HEADER`]; the header goes no further.
fn take_workflow_detail(outcome: &mut Outcome, trace: &mut Trace, route: &str) {
    let detail = outcome.headers_mut().remove(AUDIT_DETAIL_HEADER);
    if route == "/v1/emails/{id}/transition" && outcome.status().is_success() {
        trace.action = Some("email.transitioned");
        trace.detail = detail.and_then(|v| v.to_str().ok().map(str::to_owned));
    }
}

/// The route pattern of the endpoint table `method` and `path` match, for metrics and
/// logs (`unmatched` otherwise, so unknown paths never make new series).
fn route_label(method: &str, path: &str) -> &'static str {
    match lookup(method, path) {
        Ok(Lookup::Found(m)) => m.route.pattern,
        _ => "unmatched",
    }
}

/// The endpoint `method` and `path` name, if the table knows it.
fn route_endpoint(method: &str, path: &str) -> Option<Endpoint> {
    match lookup(method, path) {
        Ok(Lookup::Found(m)) => Some(m.route.endpoint),
        _ => None,
    }
}

/// Store the audit record of a finished request, with what the metrics count of it
/// (unless `request_metrics` is off): the scrape folds the records into the counts.
async fn record(kv: &Kv, config: &Config, trace: &Trace, path: &str, observation: &Observation) {
    let status = observation.status;
    let measured = |value: &str| config.request_metrics.then(|| value.to_owned());
    let event = AuditEvent {
        at: format_rfc3339(trace.now),
        at_ms: trace.now,
        request_id: trace.request_id.clone(),
        key_id: trace.key_id.clone(),
        method: observation.method.clone(),
        path: path.chars().take(512).collect(),
        status,
        action: trace
            .action
            .unwrap_or_else(|| action_for_status(status))
            .to_owned(),
        target_key_id: trace.target.clone(),
        detail: trace.detail.clone(),
        route: measured(&observation.route),
        provider: measured(&observation.provider),
        fallback_reason: measured(&observation.reason),
        ms: config.request_metrics.then_some(observation.ms),
    };
    if let Err(e) = audit::append(kv, &event, config.audit_retention_ms).await {
        eprintln!("audit record {} not stored: {e}", trace.request_id);
    }
}

/// Read the whole body, refusing more than `limit` bytes (room for the `declared` length
/// is made at once, so a large body is not copied as it grows).
async fn read_body(
    body: spin_sdk::wasip3::http_compat::IncomingRequestBody,
    limit: usize,
    declared: usize,
) -> Result<Vec<u8>, (u16, &'static str)> {
    let mut out = Vec::with_capacity(declared.min(limit));
    let mut stream = body.stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| (400, "the request body could not be read"))?;
        if out.len() + chunk.len() > limit {
            return Err((413, "the request body exceeds the size limit"));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// The request's client address, from Spin's `spin-client-addr` header.
fn client_ip(headers: &HeaderMap) -> String {
    header(headers, "spin-client-addr")
        .and_then(|a| a.parse::<std::net::SocketAddr>().ok())
        .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

async fn run(
    kv: &Kv,
    config: &Config,
    trace: &mut Trace,
    mut parts: http::request::Parts,
    body: spin_sdk::wasip3::http_compat::IncomingRequestBody,
) -> Outcome {
    let rid = trace.request_id.clone();
    let local = |status: u16, detail: &str| Outcome::Local(problem(status, detail, &rid));

    // CORS preflight: answered before authentication (browsers send no credentials),
    // counted against the caller's address.
    if parts.method == Method::OPTIONS
        && parts.headers.contains_key("access-control-request-method")
    {
        let address = format!("ip:{}", client_ip(&parts.headers));
        match limits::check(kv, &address, config.address_rate_limit, trace.now).await {
            Ok(d) => {
                trace.rate = Some(d);
                if !d.admitted {
                    return local(429, TOO_MANY);
                }
            }
            Err(e) => return local(503, &e.to_string()),
        }
        return match header(&parts.headers, "origin") {
            Some(o) if config.cors.allows(o) => Outcome::Local(respond::preflight()),
            _ => local(403, "this origin is not allowed to call the API"),
        };
    }

    let path = parts.uri.path().to_owned();
    let public = parts.method == Method::GET && path == "/health";
    let principal = if public {
        None
    } else {
        match auth::authenticate(
            kv,
            header(&parts.headers, "authorization"),
            parts.headers.contains_key("cookie"),
            &config.admin_api_key,
            if parts.method == Method::GET && route_label("GET", &path) == "/metrics" {
                &config.metrics_token
            } else {
                ""
            },
            trace.now,
        )
        .await
        {
            Ok(p) => Some(p),
            Err(AuthError::Store(e)) => return local(503, &e.to_string()),
            Err(AuthError::Unauthenticated(detail)) => {
                // Failed attempts count against the caller's address.
                return match limits::check(
                    kv,
                    &format!("ip:{}", client_ip(&parts.headers)),
                    config.address_rate_limit,
                    trace.now,
                )
                .await
                {
                    Ok(d) if !d.admitted => {
                        trace.rate = Some(d);
                        local(429, TOO_MANY)
                    }
                    Ok(d) => {
                        trace.rate = Some(d);
                        let mut resp = problem(401, detail, &rid);
                        set(resp.headers_mut(), "www-authenticate", "Bearer");
                        Outcome::Local(resp)
                    }
                    Err(e) => local(503, &e.to_string()),
                };
            }
        }
    };
    trace.key_id = principal.as_ref().map(|p| p.key_id.clone());

    let (subject, limit) = match &principal {
        Some(p) => (
            format!("key:{}", p.key_id),
            p.rate_limit_per_minute.unwrap_or(config.key_rate_limit),
        ),
        None => (
            format!("ip:{}", client_ip(&parts.headers)),
            config.address_rate_limit,
        ),
    };
    match limits::check(kv, &subject, limit, trace.now).await {
        Ok(d) => {
            trace.rate = Some(d);
            if !d.admitted {
                return local(429, TOO_MANY);
            }
        }
        Err(e) => return local(503, &e.to_string()),
    }

    // A backup file may be far larger than any API body: only an admin may send one.
    let importing = route_endpoint(parts.method.as_str(), &path) == Some(Endpoint::Import);
    if importing
        && principal
            .as_ref()
            .is_some_and(|p| !p.scopes.contains(&Scope::Admin))
    {
        return local(403, "this API key lacks the 'admin' scope");
    }
    let body_limit = if importing {
        config.max_import_bytes
    } else {
        config.max_body_bytes
    };
    let declared = header(&parts.headers, "content-length").and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > body_limit) {
        return local(413, &format!("the request body exceeds {body_limit} bytes"));
    }
    let bytes = match read_body(body, body_limit, declared.unwrap_or(0)).await {
        Ok(b) => b,
        Err((status, detail)) => return local(status, detail),
    };
    let method = parts.method.to_string();
    let incoming = Incoming {
        method: &method,
        path: &path,
        query: parts.uri.query(),
        content_type: header(&parts.headers, "content-type"),
        body: &bytes,
    };
    let checked = match check(&incoming, body_limit) {
        Ok(c) => c,
        Err(rejection) => {
            let mut resp = problem(rejection.status, rejection.detail, &rid);
            if rejection.status == 405 {
                set(
                    resp.headers_mut(),
                    "allow",
                    &allowed_methods(&path).join(", "),
                );
            }
            return Outcome::Local(resp);
        }
    };
    if let (Some(m), Some(p)) = (&checked.matched, &principal)
        && let Some(scope) = m.route.scope
        && !p.scopes.contains(&scope)
    {
        return local(
            403,
            &format!("this API key lacks the '{}' scope", scope.as_str()),
        );
    }
    // Running an agent inside a conversation reads and extends it: that needs both scopes.
    if let (Some(body), Some(p)) = (&checked.body, &principal)
        && body.get("conversation_id").is_some_and(|v| !v.is_null())
        && !p.scopes.contains(&Scope::Conversations)
    {
        return local(
            403,
            "a conversation_id needs the 'conversations' scope as well",
        );
    }

    let empty = serde_json::Value::Null;
    let body_json = checked.body.as_ref().unwrap_or(&empty);
    let admin = match checked.matched.map(|m| (m.route.endpoint, m.id)) {
        Some((Endpoint::CreateKey, _)) => {
            Some(admin::create(kv, body_json, random(), trace.now, &rid).await)
        }
        Some((Endpoint::RotateKey, Some(id))) => {
            Some(admin::rotate(kv, id, body_json, config, random(), trace.now, &rid).await)
        }
        Some((Endpoint::RevokeKey, Some(id))) => Some(admin::revoke(kv, id, trace.now, &rid).await),
        Some((Endpoint::Audit, _)) => Some(admin::read_audit(kv, &checked.query).await),
        Some((Endpoint::Import, _)) => Some(backup::import(kv, &bytes, &rid).await),
        Some((Endpoint::Export, _)) => {
            trace.action = Some("backup.exported");
            return match backup::export(kv, &rid).await {
                Ok(stream) => Outcome::Stream(stream),
                Err(e) => local(503, &e.to_string()),
            };
        }
        _ => None,
    };
    match admin {
        Some(Ok(done)) => {
            trace.action = done.action;
            trace.target = done.target;
            return Outcome::Local(done.response);
        }
        Some(Err(e)) => return local(503, &e.to_string()),
        None => {}
    }
    forward(
        parts_for_next(&mut parts, principal.as_ref(), &rid),
        bytes,
        &rid,
    )
    .await
}
