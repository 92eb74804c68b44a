//! The test host keeps Spin's semantics: least-privilege capabilities per component,
//! middleware that has only what its handler grants and `inherit_configuration` passes on,
//! private routes, transport limits, malformed input and graceful shutdown. These run
//! against devhosts started with purpose-made manifests (never against a base URL).

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use edgecrew_tests::client::Client;
use support::{admin_key, fake_provider, repo_root, start_devhost};

fn wasm(name: &str) -> String {
    repo_root()
        .join("target/wasm32-wasip2/release")
        .join(format!("{name}.wasm"))
        .display()
        .to_string()
}

/// Write a manifest with the real components and the given agent capabilities; the agent's
/// primary provider is `provider`. The validation component has the store and the agent's
/// chaining host, as in `spin.toml`; when it runs as middleware, Spin ignores both.
fn manifest(
    dir: &Path,
    provider: &str,
    agent_hosts: &str,
    agent_stores: &str,
    routes: &str,
) -> PathBuf {
    let text = format!(
        r#"
spin_manifest_version = 2
[application]
name = "host-semantics"
[variables]
runtime_host_url = {{ default = "{provider}" }}
{routes}
[component.validation]
source = "{validation}"
allowed_outbound_hosts = ["http://agent.spin.internal"]
key_value_stores = ["default"]
[component.agent]
source = "{agent}"
allowed_outbound_hosts = {agent_hosts}
key_value_stores = {agent_stores}
[component.agent.variables]
runtime_host_url = "{{{{ runtime_host_url }}}}"
[component.console]
source = "{console}"
"#,
        validation = wasm("edgecrew_validation"),
        agent = wasm("edgecrew_agent"),
        console = wasm("edgecrew_console"),
    );
    let path = dir.join("spin.toml");
    std::fs::write(&path, text).expect("write manifest");
    path
}

/// A provider whose `GET /health` answers 200.
fn healthy_provider() -> String {
    fake_provider::serve(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}",
    )
}

/// A primary provider nobody listens on.
const NO_PROVIDER: &str = "http://127.0.0.1:1";

/// `spin.toml`'s layout: validation public, the agent private.
const DEFAULT_ROUTES: &str = r#"
[[trigger.http]]
route = "/..."
component = "validation"
[[trigger.http]]
route = { private = true }
component = "agent"
"#;

/// Validation as HTTP middleware in front of the agent, inheriting the agent's store and
/// variables.
const MIDDLEWARE_ROUTES: &str = r#"
[[trigger.http]]
route = "/..."
component = "agent"
dependencies.middleware = [
    { component = "validation", inherit_configuration = ["key_value_stores", "variables"] },
]
"#;

async fn health(base_url: &str) -> serde_json::Value {
    let reply = Client::new(base_url).get("/health").await.expect("request");
    assert_eq!(reply.status, 200);
    reply.json().expect("json")
}

#[tokio::test]
async fn outbound_requests_outside_allowed_hosts_are_denied_to_the_guest() {
    let dir = tempfile::tempdir().expect("tempdir");
    let provider = healthy_provider();
    // The agent may not reach its provider: the health probe fails cleanly.
    let m = manifest(
        dir.path(),
        &provider,
        "[]",
        r#"["default"]"#,
        DEFAULT_ROUTES,
    );
    let host = start_devhost(&m, &[]);
    let body = health(&host.base_url).await;
    assert_eq!(body["checks"]["llm"]["status"], "down", "{body}");
    assert_eq!(body["checks"]["kv"]["status"], "ok");
    assert_eq!(body["status"], "degraded");
    drop(host);
    // Granted the provider's origin, the same probe gets through.
    let granted = format!(r#"["{provider}"]"#);
    let m = manifest(
        dir.path(),
        &provider,
        &granted,
        r#"["default"]"#,
        DEFAULT_ROUTES,
    );
    let host = start_devhost(&m, &[]);
    let body = health(&host.base_url).await;
    assert_eq!(body["checks"]["llm"]["status"], "ok", "{body}");
}

/// The agent alone on every route.
const ROUTES_WITHOUT_MIDDLEWARE: &str = r#"
[[trigger.http]]
route = "/..."
component = "agent"
"#;

#[tokio::test]
async fn key_value_stores_not_granted_are_access_denied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let m = manifest(
        dir.path(),
        NO_PROVIDER,
        "[]",
        "[]",
        ROUTES_WITHOUT_MIDDLEWARE,
    );
    let host = start_devhost(&m, &[]);
    let body = health(&host.base_url).await;
    assert_eq!(body["checks"]["kv"]["status"], "down");
    let error = body["checks"]["kv"]["error"].as_str().expect("error text");
    assert!(error.contains("open"), "{error}");
    assert_eq!(body["checks"]["fallback"]["status"], "ok");
}

/// Middleware reaches only what its handler has and `inherit_configuration` passes on: not
/// its own `key_value_stores`, not a store its handler lacks. The front door then cannot
/// count or authenticate, and answers 503 rather than letting a request through.
#[tokio::test]
async fn middleware_has_only_the_capabilities_it_inherits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let only_variables =
        MIDDLEWARE_ROUTES.replace(r#"["key_value_stores", "variables"]"#, r#"["variables"]"#);
    let grants = [
        // The handler has the store; the middleware does not inherit it.
        (r#"["default"]"#, only_variables.as_str()),
        // The middleware would inherit the store; the handler does not have it.
        ("[]", MIDDLEWARE_ROUTES),
    ];
    for (agent_stores, routes) in grants {
        let m = manifest(dir.path(), NO_PROVIDER, "[]", agent_stores, routes);
        let host = start_devhost(&m, &[]);
        let reply = Client::new(&host.base_url)
            .get("/health")
            .await
            .expect("request");
        assert_eq!(reply.status, 503, "stores {agent_stores}, routes {routes}");
        assert_eq!(
            reply.header("content-type"),
            Some("application/problem+json")
        );
    }
}

/// The manifest this repository used to ship, which real Spin runs without its front door.
#[tokio::test]
async fn the_components_middleware_manifest_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old_routes = r#"
[[trigger.http]]
route = "/..."
component = "agent"
components.middleware = ["validation"]
"#;
    let m = manifest(dir.path(), NO_PROVIDER, "[]", r#"["default"]"#, old_routes);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_devhost"))
        .arg("--manifest")
        .arg(&m)
        .arg("--listen")
        .arg("127.0.0.1:0")
        .output()
        .expect("run devhost");
    assert!(!output.status.success(), "devhost must not serve it");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("dependencies.middleware"),
        "the error says what Spin reads instead: {stderr}"
    );
}

#[tokio::test]
async fn private_components_cannot_be_reached_from_outside() {
    let dir = tempfile::tempdir().expect("tempdir");
    let routes = r#"
[[trigger.http]]
route = { private = true }
component = "console"
[[trigger.http]]
route = "/only/..."
component = "agent"
"#;
    let m = manifest(dir.path(), NO_PROVIDER, "[]", "[]", routes);
    let host = start_devhost(&m, &[]);
    let c = Client::new(&host.base_url);
    // The console serves its page at / when chained to, but no public route leads to it.
    let reply = c.get("/").await.expect("request");
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    // Without the middleware, the agent still answers its own routes.
    let reply = c.get("/only/x").await.expect("request");
    assert_eq!(reply.status, 404);
    assert!(
        reply.json().expect("json")["detail"]
            .as_str()
            .expect("detail")
            .contains("/only/x")
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_before_any_component_runs() {
    let host = start_devhost(
        &repo_root().join("spin.toml"),
        &["--max-body-bytes", "1024"],
    );
    let c = Client::new(&host.base_url);
    let reply = c
        .send(http::Method::POST, "/v1/complete", &[], vec![b'x'; 2048])
        .await
        .expect("request");
    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let reply = c
        .send(http::Method::POST, "/v1/complete", &[], vec![b'x'; 512])
        .await
        .expect("request");
    assert_ne!(reply.status, 413);
}

/// Send raw bytes on a fresh connection and return whatever comes back.
fn raw_exchange(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

#[tokio::test]
async fn malformed_http_is_rejected_and_the_server_keeps_serving() {
    let host = start_devhost(&repo_root().join("spin.toml"), &[]);
    let addr = host.base_url.trim_start_matches("http://").to_owned();
    // An API path: `/` is the web console's, which serves static files whatever the headers.
    let long_header = format!(
        "GET /v1/agents HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let inputs: Vec<Vec<u8>> = vec![
        b"\x00\xff\xfe garbage \r\n\r\n".to_vec(),
        b"GET\r\n\r\n".to_vec(),
        b"GET /health HTTP/9.9\r\n\r\n".to_vec(),
        b"POST /v1/x HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n".to_vec(),
        b"POST /v1/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        long_header.into_bytes(),
    ];
    for input in &inputs {
        let reply = tokio::task::spawn_blocking({
            let addr = addr.clone();
            let input = input.clone();
            move || raw_exchange(&addr, &input)
        })
        .await
        .expect("join");
        let text = String::from_utf8_lossy(&reply);
        assert!(
            text.is_empty() || text.starts_with("HTTP/1.1 4"),
            "a malformed request gets a 4xx or a closed connection, got: {text:.200}"
        );
    }
    // Still serving, with real checks (the model is down here, so the document says degraded).
    let body = health(&host.base_url).await;
    assert_eq!(body["checks"]["kv"]["status"], "ok", "{body}");
    assert_eq!(body["checks"]["fallback"]["status"], "ok", "{body}");
}

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish() {
    let host = start_devhost(&repo_root().join("spin.toml"), &[]);
    let addr = host.base_url.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    // Start a request whose body is still arriving...
    let head = format!(
        "POST /v1/slow HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Length: 10\r\n\r\nhello",
        admin_key()
    );
    stream.write_all(head.as_bytes()).expect("write head");
    std::thread::sleep(Duration::from_millis(300));
    // ...ask the server to stop (stdin EOF is the same path as SIGTERM)...
    drop(
        host.child
            .lock()
            .expect("child")
            .stdin
            .take()
            .expect("stdin"),
    );
    std::thread::sleep(Duration::from_millis(300));
    // ...and finish the request: it still gets its complete answer.
    stream.write_all(b"world").expect("write rest");
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let text = String::from_utf8_lossy(&reply);
    assert!(text.starts_with("HTTP/1.1 404"), "{text:.300}");
    assert!(text.contains("/v1/slow"), "{text:.300}");
    // New connections are refused once it has drained.
    let status = host.child.lock().expect("child").wait().expect("exit");
    assert!(status.success(), "devhost exits cleanly: {status}");
    assert!(TcpStream::connect(&addr).is_err());
}
