//! The official `openai` Python package, unmodified, as a client of the app: runs
//! `tests/python/openai_client.py` (or another script of `tests/python`, such as the
//! `openai-agents` run) and returns the JSON document it prints.
//!
//! The interpreter is `EDGECREW_PYTHON`, or the repository's `.venv/bin/python`, with
//! `tests/python/requirements.txt` installed (`scripts/test` does both). Without it the
//! test fails, saying how to set it up: the client is the point of the test.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use super::repo_root;

/// The Python interpreter that has the `openai` package.
fn python() -> PathBuf {
    let python = std::env::var("EDGECREW_PYTHON")
        .map_or_else(|_| repo_root().join(".venv/bin/python"), PathBuf::from);
    let has_openai = Command::new(&python)
        .args(["-c", "import openai"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        has_openai,
        "{} cannot import openai: run `python3 -m venv .venv && .venv/bin/pip install -r \
         tests/python/requirements.txt` (scripts/test does), or set EDGECREW_PYTHON",
        python.display()
    );
    python
}

/// Run the client against `base` with `key`; `args` are its command and options.
pub fn run(base: &str, key: &str, args: &[&str]) -> Value {
    run_script("openai_client.py", base, key, args)
}

/// Run `tests/python/<script>` against `base` with `key` and `args`; the JSON it prints.
pub fn run_script(script: &str, base: &str, key: &str, args: &[&str]) -> Value {
    let output = Command::new(python())
        .arg(repo_root().join("tests/python").join(script))
        .args(["--base-url", base, "--api-key", key])
        .args(args)
        .output()
        .expect("run the python script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{script} {args:?} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("client output {stdout}: {e}"))
}

/// Run `tests/python/agents_run.py` against `base` with `key`: an `openai-agents` agent with
/// its own `get_weather` tool asked for the weather in Paris (model `edgecrew`), `options`
/// added; the JSON it prints. The run blocks, so it goes to tokio's blocking pool.
pub async fn run_weather_agent(base: &str, key: &str, options: &[&str]) -> Value {
    let mut args = vec![
        "--model".to_owned(),
        "edgecrew".to_owned(),
        "--prompt".to_owned(),
        "What is the weather in Paris?".to_owned(),
    ];
    args.extend(options.iter().map(|o| (*o).to_owned()));
    let (base, key) = (base.to_owned(), key.to_owned());
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_script("agents_run.py", &base, &key, &args)
    })
    .await
    .expect("the agents run")
}
