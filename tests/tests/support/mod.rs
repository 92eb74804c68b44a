//! Shared setup of the end-to-end suite: the base URL under test.
//!
//! With `EDGECREW_BASE_URL` set (for example to a real `spin up`), every test talks to
//! that server. Otherwise one `devhost` per test binary is started on a free loopback
//! port, serving the repository's `spin.toml` with a throw-away key-value file; it
//! shuts down when the test binary exits (its standard input closes).
//!
//! [`runtime_host`] runs the real runtime-host binary on a tiny generated model, for tests
//! that crash and restart the inference server.

#![allow(dead_code)]

pub mod checks;
pub mod fake_provider;
pub mod runtime_host;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};

use edgecrew_tests::client::Client;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// A running devhost; kept alive for the life of the test binary.
pub struct Devhost {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The process (its stdin pipe keeps it alive).
    pub child: Mutex<Child>,
    /// The key-value file it uses.
    pub kv_file: PathBuf,
    _dir: tempfile::TempDir,
}

/// The origin the shared devhost allows for CORS.
pub const CORS_ORIGIN: &str = "https://app.example.com";

/// The bootstrap admin key of the server under test: `EDGECREW_ADMIN_KEY` with a base
/// URL, otherwise a random key this process gives its devhosts.
pub fn admin_key() -> String {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        if std::env::var("EDGECREW_BASE_URL").is_ok() {
            return std::env::var("EDGECREW_ADMIN_KEY").expect(
                "with EDGECREW_BASE_URL, set EDGECREW_ADMIN_KEY to the server's admin_api_key",
            );
        }
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).expect("random");
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    })
    .clone()
}

/// Start a devhost for `manifest` with extra arguments and wait until it listens.
pub fn start_devhost(manifest: &Path, extra_args: &[&str]) -> Devhost {
    let dir = tempfile::tempdir().expect("tempdir");
    let kv_file = dir.path().join("kv.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_devhost"))
        .arg("--variable")
        .arg(format!("admin_api_key={}", admin_key()))
        .arg("--variable")
        .arg(format!("cors_allowed_origins={CORS_ORIGIN}"))
        .arg("--listen")
        .arg("127.0.0.1:0")
        .arg("--manifest")
        .arg(manifest)
        .arg("--kv-file")
        .arg(&kv_file)
        .arg("--shutdown-on-stdin-eof")
        .args(extra_args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn devhost (build it first: cargo build -p edgecrew-tests)");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let base_url = loop {
        let line = lines
            .next()
            .expect("devhost exited before listening (are the components built?)")
            .expect("read devhost stdout");
        if let Some(url) = line.strip_prefix("devhost listening on ") {
            break url.trim().to_owned();
        }
    };
    Devhost {
        base_url,
        child: Mutex::new(child),
        kv_file,
        _dir: dir,
    }
}

/// The circuit cool-down of [`devhost_with_primary`].
pub const TEST_COOLDOWN_SECONDS: u64 = 8;

/// Where the shared devhost looks for runtime-host: a loopback port nothing listens on,
/// so the suite sees the primary down whatever runs on the default port.
pub const DEAD_RUNTIME_HOST: &str = "runtime_host_url=http://127.0.0.1:1";

/// A devhost whose primary provider is the given runtime-host; its circuit opens after 2
/// failures (within an hour, so no window boundary splits them) and cools down for
/// [`TEST_COOLDOWN_SECONDS`], so that opening and recovery are both observable.
pub fn devhost_with_primary(runtime_host_url: &str) -> Devhost {
    let url = format!("runtime_host_url={runtime_host_url}");
    start_devhost(
        &repo_root().join("spin.toml"),
        &[
            "--variable",
            &url,
            "--variable",
            &format!("breaker_cooldown_seconds={TEST_COOLDOWN_SECONDS}"),
            "--variable",
            "breaker_failure_threshold=2",
            "--variable",
            "breaker_window_seconds=3600",
            "--variable",
            "provider_connect_timeout_ms=500",
            "--variable",
            "request_deadline_ms=20000",
        ],
    )
}

/// The server under test: `EDGECREW_BASE_URL`, or this binary's shared devhost (whose
/// primary provider is down: every model answer comes from the fallback).
pub fn base_url() -> String {
    if let Ok(url) = std::env::var("EDGECREW_BASE_URL") {
        return url;
    }
    static DEVHOST: OnceLock<Devhost> = OnceLock::new();
    DEVHOST
        .get_or_init(|| {
            // The circuit never opens here, so every answer says why the primary was not
            // used (`unavailable`) whatever ran before; a real server may say `circuit_open`.
            start_devhost(
                &repo_root().join("spin.toml"),
                &[
                    "--variable",
                    DEAD_RUNTIME_HOST,
                    "--variable",
                    "breaker_failure_threshold=1000000",
                ],
            )
        })
        .base_url
        .clone()
}

/// A client for the server under test.
pub fn client() -> Client {
    Client::new(&base_url())
}

/// `Authorization` header for a key.
pub fn bearer(key: &str) -> (&'static str, String) {
    ("authorization", format!("Bearer {key}"))
}

/// Send a request with an optional key and JSON body to the server under test.
pub async fn call(
    method: http::Method,
    path: &str,
    key: Option<&str>,
    body: Option<serde_json::Value>,
) -> edgecrew_tests::client::Reply {
    call_at(&base_url(), method, path, key, body).await
}

/// Send a request with an optional key and JSON body to the server at `base`.
pub async fn call_at(
    base: &str,
    method: http::Method,
    path: &str,
    key: Option<&str>,
    body: Option<serde_json::Value>,
) -> edgecrew_tests::client::Reply {
    let auth = key.map(bearer);
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some((name, value)) = &auth {
        headers.push((name, value.as_str()));
    }
    let bytes = match &body {
        Some(b) => {
            headers.push(("content-type", "application/json"));
            serde_json::to_vec(b).expect("json")
        }
        None => Vec::new(),
    };
    Client::new(base)
        .send(method, path, &headers, bytes)
        .await
        .expect("request")
}

/// Create an API key on the server under test; returns `(id, key)`.
pub async fn create_key(scopes: &[&str], rate_limit_per_minute: Option<u32>) -> (String, String) {
    create_key_at(&base_url(), scopes, rate_limit_per_minute).await
}

/// Create an API key with the admin key on the server at `base`; returns `(id, key)`.
pub async fn create_key_at(
    base: &str,
    scopes: &[&str],
    rate_limit_per_minute: Option<u32>,
) -> (String, String) {
    let mut body = serde_json::json!({ "name": "e2e", "scopes": scopes });
    if let Some(limit) = rate_limit_per_minute {
        body["rate_limit_per_minute"] = limit.into();
    }
    let reply = call_at(
        base,
        http::Method::POST,
        "/v1/admin/keys",
        Some(&admin_key()),
        Some(body),
    )
    .await;
    assert_eq!(
        reply.status,
        201,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let v = reply.json().expect("json");
    (
        v["id"].as_str().expect("id").to_owned(),
        v["key"].as_str().expect("key").to_owned(),
    )
}

/// The `fallback_reason`s of an answer given while the primary is down.
pub const PRIMARY_DOWN_REASONS: [&str; 2] = ["unavailable", "circuit_open"];

/// The security headers API.md requires on every response.
pub const SECURITY_HEADERS: [&str; 5] = [
    "x-content-type-options",
    "x-frame-options",
    "content-security-policy",
    "referrer-policy",
    "cache-control",
];
