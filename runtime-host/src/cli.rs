//! Command-line flags (with environment-variable fallbacks) for the server.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;

/// Configuration of one runtime-host process.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "runtime-host",
    version,
    about = "llama.cpp inference sidecar with an OpenAI-compatible API"
)]
pub struct Config {
    /// Path of the GGUF model file to serve.
    #[arg(long, env = "RUNTIME_HOST_MODEL")]
    pub model: PathBuf,

    /// Address to listen on.
    #[arg(long, env = "RUNTIME_HOST_LISTEN", default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,

    /// Name the model is served under (defaults to the file name without `.gguf`).
    #[arg(long, env = "RUNTIME_HOST_MODEL_ALIAS")]
    pub model_alias: Option<String>,

    /// CPU threads used for generation (defaults to the number of cores).
    #[arg(long, env = "RUNTIME_HOST_THREADS")]
    pub threads: Option<u16>,

    /// CPU threads used for prompt processing (defaults to `--threads`).
    #[arg(long, env = "RUNTIME_HOST_THREADS_BATCH")]
    pub threads_batch: Option<u16>,

    /// Context size of each sequence, in tokens (prompt plus generated tokens of one request).
    #[arg(long, env = "RUNTIME_HOST_CTX_SIZE", default_value_t = 4096)]
    pub ctx_size: u32,

    /// Number of requests decoded together (one llama.cpp sequence each).
    #[arg(long, env = "RUNTIME_HOST_PARALLEL", default_value_t = 4)]
    pub parallel: u16,

    /// Largest number of tokens submitted to one `llama_decode` call.
    #[arg(long, env = "RUNTIME_HOST_BATCH_SIZE", default_value_t = 512)]
    pub batch_size: u32,

    /// Bearer key required on `/v1/*` and `/metrics` (none: no authentication).
    #[arg(long, env = "RUNTIME_HOST_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,

    /// Largest accepted request body, in bytes.
    #[arg(long, env = "RUNTIME_HOST_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,

    /// Largest `max_tokens` a request may ask for; also the default when it asks for none.
    #[arg(long, env = "RUNTIME_HOST_MAX_TOKENS", default_value_t = 2048)]
    pub max_tokens: u32,

    /// Requests that may wait for a free sequence; beyond that the server answers 503.
    #[arg(long, env = "RUNTIME_HOST_QUEUE_DEPTH", default_value_t = 16)]
    pub queue_depth: usize,

    /// Deadline of one request (queueing plus generation), in seconds.
    #[arg(long, env = "RUNTIME_HOST_REQUEST_TIMEOUT_SECS", default_value_t = 300)]
    pub request_timeout_secs: u64,
}

impl Config {
    /// Per-request deadline as a [`Duration`].
    #[must_use]
    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    /// Name under which the model is served.
    #[must_use]
    pub fn model_id(&self) -> String {
        self.model_alias.clone().unwrap_or_else(|| {
            self.model
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "model".to_owned())
        })
    }

    /// Generation threads, defaulting to the number of available cores.
    #[must_use]
    pub fn generation_threads(&self) -> i32 {
        self.threads.map_or_else(
            || {
                std::thread::available_parallelism()
                    .map(|n| i32::try_from(n.get()).unwrap_or(1))
                    .unwrap_or(1)
            },
            i32::from,
        )
    }

    /// Checks the values that clap cannot check by itself.
    ///
    /// # Errors
    /// When a value is zero or out of range.
    pub fn validate(&self) -> anyhow::Result<()> {
        anyhow::ensure!(self.parallel >= 1, "--parallel must be at least 1");
        anyhow::ensure!(self.ctx_size >= 16, "--ctx-size must be at least 16");
        anyhow::ensure!(self.batch_size >= 1, "--batch-size must be at least 1");
        anyhow::ensure!(self.max_tokens >= 1, "--max-tokens must be at least 1");
        anyhow::ensure!(self.threads != Some(0), "--threads must be at least 1");
        anyhow::ensure!(
            self.threads_batch != Some(0),
            "--threads-batch must be at least 1"
        );
        anyhow::ensure!(self.queue_depth >= 1, "--queue-depth must be at least 1");
        anyhow::ensure!(
            u32::from(self.parallel) <= self.batch_size,
            "--parallel must not exceed --batch-size"
        );
        anyhow::ensure!(
            self.ctx_size
                .checked_mul(u32::from(self.parallel))
                .is_some_and(|t| t <= 1 << 24),
            "--ctx-size times --parallel is too large"
        );
        Ok(())
    }
}
