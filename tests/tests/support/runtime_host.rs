//! The real `runtime-host` binary as a child process, serving a tiny generated model (or a
//! real one, [`RuntimeHost::start_with`]).
//!
//! Unlike the shared devhost, a [`RuntimeHost`] belongs to one test: the test can
//! [`kill`](RuntimeHost::kill) it (SIGKILL, like a crash) and [`restart`](RuntimeHost::restart)
//! it on the same port. It is killed when dropped, so keep it in a local variable, never in a
//! `static` (statics are not dropped).
//!
//! The binary is `EDGECREW_RUNTIME_HOST_BIN`, or `runtime-host` next to this test binary's
//! profile directory (`target/<profile>/`); cargo does not build it for this crate, so build it
//! first with `cargo build --release -p runtime-host` (or without `--release` for debug tests).

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

#[path = "../../../runtime-host/tests/support/gguf.rs"]
mod gguf;

/// The name the model is served under (`"model"` in OpenAI requests).
pub const MODEL_ALIAS: &str = "tiny";

/// How long a start or restart may take before the harness gives up.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a restart keeps retrying while the port cannot be bound yet.
const BIND_RETRY: Duration = Duration::from_secs(5);

/// The tiny random-weight llama model, written once per test binary.
///
/// It has no chat template of its own, so runtime-host uses its default ChatML template.
/// The file (well under 1 MiB, the same bytes every time) has a fixed name in the temporary
/// directory, so runs leave one file behind rather than one each; it is written under a
/// private name and renamed, so test binaries running in parallel never read half a file.
fn tiny_model() -> PathBuf {
    static MODEL: OnceLock<PathBuf> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            let dir = std::env::temp_dir().join("edgecrew-tiny-model");
            std::fs::create_dir_all(&dir).expect("temp dir for the tiny model");
            let partial = tempfile::NamedTempFile::new_in(&dir).expect("temp file for the model");
            gguf::write_tiny_llama(partial.path(), false);
            let path = dir.join("tiny.gguf");
            partial
                .persist(&path)
                .expect("move the tiny model in place");
            path
        })
        .clone()
}

/// The instruct model `scripts/fetch-model` installs (SmolLM2-135M-Instruct): the first
/// `SmolLM2*.gguf` in `EDGECREW_MODELS` (paths joined as `PATH` is), else in `models/`;
/// `None` when it was not fetched.
pub fn instruct_model() -> Option<PathBuf> {
    let is_instruct = |path: &PathBuf| {
        path.is_file()
            && path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("SmolLM2"))
    };
    if let Some(list) = std::env::var_os("EDGECREW_MODELS") {
        return std::env::split_paths(&list).find(is_instruct);
    }
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
    std::fs::read_dir(models)
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(is_instruct)
}

/// The runtime-host executable: `EDGECREW_RUNTIME_HOST_BIN`, or the one built with the same
/// profile as this test binary (`target/<profile>/runtime-host`).
///
/// # Panics
/// When the file does not exist.
fn binary() -> PathBuf {
    if let Ok(path) = std::env::var("EDGECREW_RUNTIME_HOST_BIN") {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "EDGECREW_RUNTIME_HOST_BIN={} is not a file",
            path.display()
        );
        return path;
    }
    // The test executable is target/<profile>/deps/<name>-<hash>.
    let exe = std::env::current_exe().expect("path of the test executable");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test executable lives in target/<profile>/deps/");
    let path = profile_dir.join(format!("runtime-host{}", std::env::consts::EXE_SUFFIX));
    let release = profile_dir
        .file_name()
        .is_some_and(|name| name == "release");
    assert!(
        path.is_file(),
        "runtime-host binary not found at {}: build it first: cargo build{} -p runtime-host \
         (or set EDGECREW_RUNTIME_HOST_BIN)",
        path.display(),
        if release { " --release" } else { "" },
    );
    path
}

/// A runtime-host process on a fixed loopback port; killed on drop.
pub struct RuntimeHost {
    /// The port it listens on; the same across restarts.
    pub port: u16,
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    child: Option<Child>,
    model: PathBuf,
    alias: &'static str,
    binary: PathBuf,
    /// Holds `runtime-host.log`, the standard error of the current process.
    dir: tempfile::TempDir,
}

impl RuntimeHost {
    /// Starts runtime-host on a free loopback port with the tiny model (served as
    /// [`MODEL_ALIAS`], 4096-token context per sequence, 4 parallel sequences, 2 threads) and
    /// waits until `GET /health` answers 200.
    ///
    /// This blocks (well under a second); in an async test that is fine before the test
    /// starts its own concurrent work.
    ///
    /// # Panics
    /// When the binary is missing, or the server does not become healthy within 60 s.
    pub fn start() -> RuntimeHost {
        RuntimeHost::start_with(tiny_model(), MODEL_ALIAS)
    }

    /// Starts runtime-host as [`start`](RuntimeHost::start) does, serving the `.gguf` at
    /// `model` as `alias`.
    ///
    /// # Panics
    /// As [`start`](RuntimeHost::start).
    pub fn start_with(model: PathBuf, alias: &'static str) -> RuntimeHost {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("pick a free loopback port")
            .port();
        let mut host = RuntimeHost {
            port,
            base_url: format!("http://127.0.0.1:{port}"),
            child: None,
            model,
            alias,
            binary: binary(),
            dir: tempfile::tempdir().expect("temp dir for the runtime-host log"),
        };
        host.launch();
        host
    }

    /// Kills the process with SIGKILL and waits for it, simulating a crash: in-flight
    /// requests fail and new connections are refused. Does nothing when it is not running.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // Fails only when it has already exited; `wait` reaps it either way.
            let _ = child.kill();
            child.wait().expect("wait for runtime-host");
        }
    }

    /// Starts runtime-host again on the same port (killing it first if it still runs) and
    /// waits until it is healthy; retries for a few seconds while the port cannot be bound.
    ///
    /// # Panics
    /// When the server does not become healthy within 60 s.
    pub fn restart(&mut self) {
        self.kill();
        self.launch();
    }

    /// Spawns the process and waits for `/health` == 200, respawning while binding fails.
    fn launch(&mut self) {
        let started = Instant::now();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let log_path = self.dir.path().join("runtime-host.log");
        loop {
            let log = std::fs::File::create(&log_path).expect("create runtime-host log");
            let mut command = Command::new(&self.binary);
            // Flags win over the environment, but unset options would still be read from it.
            for (name, _) in std::env::vars_os() {
                if name.to_string_lossy().starts_with("RUNTIME_HOST_") {
                    command.env_remove(name);
                }
            }
            let child = command
                .arg("--listen")
                .arg(addr.to_string())
                .arg("--model")
                .arg(&self.model)
                .args(["--model-alias", self.alias])
                .args(["--ctx-size", "4096", "--parallel", "4", "--threads", "2"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("spawn {}: {e}", self.binary.display()));
            self.child = Some(child);
            match self.wait_healthy(addr, started) {
                Ok(()) => return,
                Err(status) => {
                    self.child = None;
                    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                    let bind_failed = log.contains(&format!("binding {addr}"));
                    assert!(
                        bind_failed && started.elapsed() < BIND_RETRY,
                        "runtime-host exited ({status}) before it was healthy; its log:\n{log}"
                    );
                    std::thread::sleep(Duration::from_millis(100));
                }
            }
        }
    }

    /// Polls `/health` until 200; `Err` with the exit status when the process exits first.
    fn wait_healthy(
        &mut self,
        addr: SocketAddr,
        started: Instant,
    ) -> Result<(), std::process::ExitStatus> {
        let child = self.child.as_mut().expect("a running child");
        loop {
            if let Some(status) = child.try_wait().expect("poll runtime-host") {
                return Err(status);
            }
            if let Ok((status, body)) = get_health(addr) {
                match status {
                    200 => return Ok(()),
                    503 => {}
                    _ => panic!("GET /health on {addr} answered {status}: {body}"),
                }
            }
            assert!(
                started.elapsed() < READY_TIMEOUT,
                "runtime-host on {addr} was not healthy after {READY_TIMEOUT:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for RuntimeHost {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// `GET /health` over a fresh connection: the status code and the body.
fn get_health(addr: SocketAddr) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET /health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map_or("", |(_, body)| body)
        .to_owned();
    Ok((status, body))
}
