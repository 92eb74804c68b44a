//! Component standard output in log files, as Spin's `crates/trigger/src/cli/stdio.rs`
//! keeps it: `<log dir>/<component>_stdout.txt`, appended to, one file per component.
//! Standard error stays on the host's own standard error.

use std::collections::HashMap;
use std::path::Path;

use wasmtime::Result;
use wasmtime::error::Context as _;
use wasmtime_wasi::cli::OutputFile;

/// The open log file of each component, if the host keeps logs.
#[derive(Default)]
pub(super) struct ComponentLogs {
    stdout: HashMap<String, OutputFile>,
}

impl ComponentLogs {
    /// Open (creating `dir` and appending) the stdout file of every component in
    /// `components`; no files when `dir` is `None`.
    pub(super) fn open<'a>(
        dir: Option<&Path>,
        components: impl Iterator<Item = &'a String>,
    ) -> Result<Self> {
        let Some(dir) = dir else {
            return Ok(Self::default());
        };
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the log directory {}", dir.display()))?;
        let mut stdout = HashMap::new();
        for id in components {
            let path = dir.join(format!("{id}_stdout.txt"));
            let file = std::fs::File::options()
                .create(true)
                .append(true)
                .open(&path)
                .with_context(|| format!("opening the log file {}", path.display()))?;
            stdout.insert(id.clone(), OutputFile::new(file));
        }
        Ok(Self { stdout })
    }

    /// Where component `id` writes its standard output (`None`: nowhere).
    pub(super) fn stdout(&self, id: &str) -> Option<OutputFile> {
        self.stdout.get(id).cloned()
    }
}
