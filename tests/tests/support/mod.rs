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

/// Start a devhost for `manifest` with extra arguments and wait until it listens.
pub fn start_devhost(manifest: &Path, extra_args: &[&str]) -> Devhost {
    let dir = tempfile::tempdir().expect("tempdir");
    let kv_file = dir.path().join("kv.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_devhost"))
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

/// The security headers API.md requires on every response.
pub const SECURITY_HEADERS: [&str; 5] = [
    "x-content-type-options",
    "x-frame-options",
    "content-security-policy",
    "referrer-policy",
    "cache-control",
];
