//! A real `redis-server` (the Debian package) as a child process on a free loopback port,
//! for the tests that put the key-value store on Redis. Each test starts its own, so it can
//! [`kill`](RedisServer::kill) it (SIGKILL) mid-load and [`restart`](RedisServer::restart)
//! it on the same port and data directory. Writes are appended to a log and synced before
//! Redis acknowledges them (`appendfsync always`), so a killed server loses nothing it
//! acknowledged. Killed when dropped.
//!
//! The binary is `EDGECREW_REDIS_SERVER`, or `redis-server` on `PATH` (`scripts/setup`
//! installs it); without it the test fails, saying so.

use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a start may take.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// A running (or killed) redis-server.
pub struct RedisServer {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

fn binary() -> String {
    std::env::var("EDGECREW_REDIS_SERVER").unwrap_or_else(|_| "redis-server".to_owned())
}

impl RedisServer {
    /// Start a fresh server with an empty data directory.
    pub fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free loopback port")
            .port();
        let mut server = Self {
            port,
            dir: tempfile::tempdir().expect("tempdir"),
            child: None,
        };
        server.restart();
        server
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// A Spin runtime config file that puts the `default` store on this server.
    pub fn runtime_config(&self) -> PathBuf {
        let path = self.dir.path().join("runtime-config.toml");
        std::fs::write(
            &path,
            format!(
                "[key_value_store.default]\ntype = \"redis\"\nurl = \"{}\"\n",
                self.url()
            ),
        )
        .expect("write runtime config");
        path
    }

    /// Kill the server at once (SIGKILL, like a crash).
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Start the server (again) on the same port and data, and wait until it answers.
    pub fn restart(&mut self) {
        self.kill();
        let child = Command::new(binary())
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args([
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ])
            .arg("--dir")
            .arg(self.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {} ({e}): install redis-server (scripts/setup does) or set \
                     EDGECREW_REDIS_SERVER",
                    binary()
                )
            });
        self.child = Some(child);
        wait_until_answers(self.port, self.dir.path());
    }
}

/// Poll with `PING` until the server answers `+PONG`.
fn wait_until_answers(port: u16, dir: &Path) {
    use std::io::{Read, Write};
    let started = Instant::now();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    while started.elapsed() < READY_TIMEOUT {
        if let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            let mut reply = [0u8; 16];
            let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
            if stream.write_all(b"PING\r\n").is_ok()
                && stream
                    .read(&mut reply)
                    .is_ok_and(|n| reply[..n].starts_with(b"+PONG"))
            {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "redis-server on port {port} (data in {}) did not answer",
        dir.display()
    );
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
    }
}
