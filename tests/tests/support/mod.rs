//! Shared setup of the end-to-end suite: the host and the base URL under test.
//!
//! Every server the suite starts runs on the host `EDGECREW_HOST` names: `devhost` (the
//! default) or `spin`, real `spin up` (the `spin` on `PATH`, or `EDGECREW_SPIN_BIN`). Each
//! serves the repository's `spin.toml` on a free loopback port with a throw-away key-value
//! store, and shuts down when the test binary exits (its standard input closes). With
//! `EDGECREW_BASE_URL` set, the shared server is that one instead (tests that need a
//! server configured their own way still start one).
//!
//! [`runtime_host`] runs the real runtime-host binary on a tiny generated model, for tests
//! that crash and restart the inference server.

#![allow(dead_code)]

pub mod checks;
pub mod fake_provider;
pub mod openai_client;
pub mod redis_server;
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

/// A running server (devhost or `spin up`), stopped when dropped or when the test binary
/// exits.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// The process (its stdin pipe keeps it alive).
    pub child: Mutex<Child>,
    _dir: tempfile::TempDir,
}

impl Server {
    /// The standard output a component of this server has written so far: `spin up
    /// --state-dir` and devhost `--log-dir` both keep it in `<dir>/logs/<id>_stdout.txt`.
    pub fn component_stdout(&self, component: &str) -> String {
        let path = self
            ._dir
            .path()
            .join("logs")
            .join(format!("{component}_stdout.txt"));
        std::fs::read_to_string(path).unwrap_or_default()
    }
}

/// The host the suite runs the app on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `devhost`, this repository's wasmtime host.
    Devhost,
    /// Real `spin up`.
    Spin,
}

/// `EDGECREW_HOST`: `spin` or `devhost` (the default).
pub fn host() -> Host {
    match std::env::var("EDGECREW_HOST").as_deref() {
        Ok("spin") => Host::Spin,
        Ok("devhost") | Err(_) => Host::Devhost,
        Ok(other) => panic!("EDGECREW_HOST={other}: expected 'spin' or 'devhost'"),
    }
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
pub fn start_devhost(manifest: &Path, extra_args: &[&str]) -> Server {
    let dir = tempfile::tempdir().expect("tempdir");
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
        .arg(dir.path().join("kv.db"))
        .arg("--log-dir")
        .arg(dir.path().join("logs"))
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
    Server {
        base_url,
        child: Mutex::new(child),
        _dir: dir,
    }
}

/// The `spin` executable: `EDGECREW_SPIN_BIN`, else `spin` on `PATH`.
fn spin_binary() -> String {
    std::env::var("EDGECREW_SPIN_BIN").unwrap_or_else(|_| "spin".to_owned())
}

/// Start `spin up` for the repository's `spin.toml` with the given application variables
/// on a free loopback port, with a fresh state directory (its key-value store), and wait
/// until it serves.
///
/// `spin up` has no option to stop when its parent goes away, so it runs under a shell
/// that stops it when standard input closes (as devhost's `--shutdown-on-stdin-eof` does).
fn start_spin(variables: &[(&str, &str)], runtime_config: Option<&Path>) -> Server {
    for _attempt in 0..5 {
        let dir = tempfile::tempdir().expect("tempdir");
        // Spin takes a fixed port: ask the OS for a free one (another process may take it
        // before spin binds; then spin exits and this tries another).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let mut command = Command::new("sh");
        command
            .arg("-c")
            // The shell lets go of spin's stdout once spin runs, so that a spin that exits
            // at once ends the stream read below instead of leaving it open forever.
            .arg(r#""$@" & pid=$!; exec >/dev/null; cat >/dev/null; kill "$pid" 2>/dev/null; wait "$pid""#)
            .arg("spin-under-test")
            .arg(spin_binary())
            .arg("up")
            .arg("-f")
            .arg(repo_root().join("spin.toml"))
            .arg("--listen")
            .arg(format!("127.0.0.1:{port}"))
            .arg("--state-dir")
            .arg(dir.path())
            .args(
                runtime_config
                    .iter()
                    .flat_map(|file| [Path::new("--runtime-config-file"), file]),
            )
            .env("SPIN_VARIABLE_ADMIN_API_KEY", admin_key())
            .env("SPIN_VARIABLE_CORS_ALLOWED_ORIGINS", CORS_ORIGIN);
        for (name, value) in variables {
            command.env(format!("SPIN_VARIABLE_{}", name.to_uppercase()), value);
        }
        // Spin's own messages (such as each instance dropped at shutdown) go to a file,
        // shown only when it fails to start, so they never interleave with test output.
        let stderr_path = dir.path().join("spin-stderr.log");
        let stderr = std::fs::File::create(&stderr_path).expect("spin stderr file");
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn spin (is it on PATH, or EDGECREW_SPIN_BIN set?)");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let serving = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|line| line.trim_start().starts_with("Serving http://"));
        // Keep reading spin's standard output so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        if serving {
            return Server {
                base_url: format!("http://127.0.0.1:{port}"),
                child: Mutex::new(child),
                _dir: dir,
            };
        }
        drop(child.stdin.take());
        let _ = child.wait();
        eprintln!(
            "spin up did not start on port {port}:\n{}",
            std::fs::read_to_string(&stderr_path).unwrap_or_default()
        );
    }
    panic!("spin up did not start serving (see its output above)");
}

/// Start the app on the host under test ([`host`]) with the given application variables
/// (`name`, `value`), and wait until it serves.
pub fn start_app(variables: &[(&str, &str)]) -> Server {
    start_app_with_runtime_config(variables, None)
}

/// [`start_app`] with Spin's runtime config file (`--runtime-config-file` on either host),
/// e.g. one that puts the key-value store on Redis.
pub fn start_app_with_runtime_config(
    variables: &[(&str, &str)],
    runtime_config: Option<&Path>,
) -> Server {
    match host() {
        Host::Spin => start_spin(variables, runtime_config),
        Host::Devhost => {
            let mut args: Vec<String> = variables
                .iter()
                .flat_map(|(k, v)| ["--variable".to_owned(), format!("{k}={v}")])
                .collect();
            if let Some(file) = runtime_config {
                args.push("--runtime-config-file".into());
                args.push(file.display().to_string());
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            start_devhost(&repo_root().join("spin.toml"), &args)
        }
    }
}

/// The circuit cool-down of [`devhost_with_primary`].
pub const TEST_COOLDOWN_SECONDS: u64 = 8;

/// Where the shared server looks for runtime-host: a loopback port nothing listens on,
/// so the suite sees the primary down whatever runs on the default port.
pub const DEAD_RUNTIME_HOST: (&str, &str) = ("runtime_host_url", "http://127.0.0.1:1");

/// A server whose primary provider is the given runtime-host; its circuit opens after 2
/// failures (within an hour, so no window boundary splits them) and cools down for
/// [`TEST_COOLDOWN_SECONDS`], so that opening and recovery are both observable.
pub fn app_with_primary(runtime_host_url: &str) -> Server {
    start_app(&[
        ("runtime_host_url", runtime_host_url),
        (
            "breaker_cooldown_seconds",
            &TEST_COOLDOWN_SECONDS.to_string(),
        ),
        ("breaker_failure_threshold", "2"),
        ("breaker_window_seconds", "3600"),
        ("provider_connect_timeout_ms", "500"),
        ("request_deadline_ms", "20000"),
    ])
}

/// The server under test: `EDGECREW_BASE_URL`, or this binary's shared server (whose
/// primary provider is down: every model answer comes from the fallback).
pub fn base_url() -> String {
    if let Ok(url) = std::env::var("EDGECREW_BASE_URL") {
        return url;
    }
    static SHARED: OnceLock<Server> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            // The circuit never opens here, so every answer says why the primary was not
            // used (`unavailable`) whatever ran before; a real server may say `circuit_open`.
            start_app(&[DEAD_RUNTIME_HOST, ("breaker_failure_threshold", "1000000")])
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

/// `GET /v1/admin/export` with the admin key: the backup file (asserted to be a 200 of
/// NDJSON).
pub async fn export_backup(base: &str) -> String {
    let reply = call_at(
        base,
        http::Method::GET,
        "/v1/admin/export",
        Some(&admin_key()),
        None,
    )
    .await;
    let text = String::from_utf8_lossy(&reply.body).into_owned();
    assert_eq!(reply.status, 200, "{text}");
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    text
}

/// `POST /v1/admin/import` of a backup file with the admin key.
pub async fn import_backup(base: &str, file: &[u8]) -> edgecrew_tests::client::Reply {
    let (auth, value) = bearer(&admin_key());
    Client::new(base)
        .send(
            http::Method::POST,
            "/v1/admin/import",
            &[(auth, &value), ("content-type", "application/x-ndjson")],
            file.to_vec(),
        )
        .await
        .expect("request")
}
