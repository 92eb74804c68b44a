//! runtime-host binary: parses flags and runs the server (see the library docs for the layout).

use clap::Parser as _;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,llama_cpp_2=warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let config = runtime_host::Config::parse();
    runtime_host::run(config).await
}
