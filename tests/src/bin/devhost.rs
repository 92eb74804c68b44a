//! `devhost`: serve the app described by `spin.toml` over real TCP, like `spin up`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use clap::Parser;
use edgecrew_tests::app::{App, AppConfig};
use edgecrew_tests::manifest::Manifest;
use edgecrew_tests::trigger_http::{Server, ServerConfig};

/// Serve a Spin app's HTTP components with the edgecrew test host.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
    /// The Spin manifest.
    #[arg(long, default_value = "spin.toml")]
    manifest: PathBuf,
    /// SQLite file of the key-value store [default: <manifest dir>/.spin/sqlite_key_value.db].
    #[arg(long)]
    kv_file: Option<PathBuf>,
    /// Spin's runtime config file: `[key_value_store.<label>]` tables put stores on
    /// SQLite (`type = "spin"`, `path`) or Redis (`type = "redis"`, `url`), as `spin up
    /// --runtime-config-file` does.
    #[arg(long)]
    runtime_config_file: Option<PathBuf>,
    /// Directory of the components' standard output, `<component>_stdout.txt` as `spin up
    /// --log-dir` writes it [default: <manifest dir>/.spin/logs].
    #[arg(long)]
    log_dir: Option<PathBuf>,
    /// Set an application variable, `name=value` (repeatable; beats SPIN_VARIABLE_*).
    #[arg(long = "variable", value_name = "NAME=VALUE")]
    variables: Vec<String>,
    /// Largest request body in bytes. `spin up` sets no limit of its own; this one sits
    /// above the app's largest (`max_import_bytes`, 64 MiB by default).
    #[arg(long, default_value_t = 128 << 20)]
    max_body_bytes: u64,
    /// Deadline for one request, in seconds.
    #[arg(long, default_value_t = 120)]
    request_timeout_secs: u64,
    /// Requests handled at once before answering 503.
    #[arg(long, default_value_t = 256)]
    max_concurrent: usize,
    /// Shut down gracefully when standard input closes (for supervisors and test
    /// harnesses: the server cannot outlive the process that started it).
    #[arg(long)]
    shutdown_on_stdin_eof: bool,
    /// Write `/tmp/perf-<pid>.map` so `perf report` names the components' functions.
    #[arg(long)]
    perfmap: bool,
}

fn parse_variables(pairs: &[String]) -> Result<HashMap<String, String>> {
    pairs
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
            _ => bail!("--variable expects NAME=VALUE, got '{pair}'"),
        })
        .collect()
}

#[tokio::main]
async fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,wasmtime=warn,cranelift=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let overrides = parse_variables(&args.variables)?;
    let manifest = Manifest::load(&args.manifest, &overrides, &|k| std::env::var(k).ok())?;
    let timeout = Duration::from_secs(args.request_timeout_secs);
    let mut config = AppConfig::for_manifest(&manifest);
    config.instance_deadline = timeout;
    if let Some(kv) = args.kv_file {
        config.kv_path = kv;
    }
    config.runtime_config = args.runtime_config_file;
    config.perfmap = args.perfmap;
    if let Some(dir) = args.log_dir {
        config.log_dir = Some(dir);
    }
    let app = App::load(&manifest, config)
        .map_err(anyhow::Error::from)
        .context("loading the app")?;
    let server = Server::bind(
        args.listen,
        app,
        ServerConfig {
            max_body_bytes: args.max_body_bytes,
            request_timeout: timeout,
            max_concurrent: args.max_concurrent,
            ..ServerConfig::default()
        },
    )
    .await?;
    // The e2e suite reads this line to learn the port.
    println!("devhost listening on http://{}", server.local_addr()?);
    let stdin_eof = args.shutdown_on_stdin_eof;
    server
        .serve(async move {
            tokio::select! {
                () = shutdown_signal() => {},
                () = stdin_closed(stdin_eof) => {},
            }
        })
        .await
}

/// Resolves when standard input reaches end of file, if `enabled`; never otherwise.
async fn stdin_closed(enabled: bool) {
    if !enabled {
        return std::future::pending().await;
    }
    let mut stdin = tokio::io::stdin();
    let mut buf = [0u8; 256];
    loop {
        match tokio::io::AsyncReadExt::read(&mut stdin, &mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
