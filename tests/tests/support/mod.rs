//! Shared setup of the end-to-end suite: the base URL under test.
//!
//! With `EDGECREW_BASE_URL` set (for example to a real `spin up`), every test talks to
//! that server. Otherwise one `devhost` per test binary is started on a free loopback
//! port, serving the repository's `spin.toml` with a throw-away key-value file; it
//! shuts down when the test binary exits (its standard input closes).

#![allow(dead_code)]

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

/// The server under test: `EDGECREW_BASE_URL`, or this binary's shared devhost.
pub fn base_url() -> String {
    if let Ok(url) = std::env::var("EDGECREW_BASE_URL") {
        return url;
    }
    static DEVHOST: OnceLock<Devhost> = OnceLock::new();
    DEVHOST
        .get_or_init(|| start_devhost(&repo_root().join("spin.toml"), &[]))
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

/// Send a request with an optional key and JSON body.
pub async fn call(
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
    client()
        .send(method, path, &headers, bytes)
        .await
        .expect("request")
}

/// Create an API key with the admin key; returns `(id, key)`.
pub async fn create_key(scopes: &[&str], rate_limit_per_minute: Option<u32>) -> (String, String) {
    let mut body = serde_json::json!({ "name": "e2e", "scopes": scopes });
    if let Some(limit) = rate_limit_per_minute {
        body["rate_limit_per_minute"] = limit.into();
    }
    let reply = call(
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

/// The security headers API.md requires on every response.
pub const SECURITY_HEADERS: [&str; 5] = [
    "x-content-type-options",
    "x-frame-options",
    "content-security-policy",
    "referrer-policy",
    "cache-control",
];
