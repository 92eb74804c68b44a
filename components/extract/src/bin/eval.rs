//! Scores the rule phase on the labelled evaluation set and prints the tables.
//!
//! ```text
//! cargo run --release -p edgecrew-extract --bin eval -- [--misses] [FILE.jsonl ...]
//! ```
//! Without files, every `components/extract/eval/*.jsonl` is read.

use std::path::PathBuf;

use edgecrew_extract::analysis::analyze;
use edgecrew_extract::eval::{Report, default_dir, parse, set_files};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut show_misses = false;
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--misses" => show_misses = true,
            "-h" | "--help" => {
                println!("usage: eval [--misses] [FILE.jsonl ...]");
                return Ok(());
            }
            _ => files.push(arg.into()),
        }
    }
    if files.is_empty() {
        files = set_files(&default_dir())?;
    }
    let mut report = Report::default();
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        let samples = parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        for sample in &samples {
            let analysis = analyze(&sample.email, &sample.id);
            report.add(sample, &analysis);
        }
    }
    println!(
        "rule phase, {} e-mails from {} file(s)\n",
        report.samples,
        files.len()
    );
    println!("{report}");
    if show_misses {
        for m in &report.misses {
            println!("{} {} {} {:?}", m.id, m.what, m.kind.as_str(), m.text);
        }
        for (id, field, expected, got) in &report.wrong {
            println!("{id} {field}: expected {expected}, got {got}");
        }
    }
    Ok(())
}
