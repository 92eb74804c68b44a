//! Scores the rule phase on the labelled evaluation set and prints the tables; with
//! `--model URL` (runtime-host or any OpenAI-compatible server), scores rules + model
//! (phase 2, merged as the agent component merges it) beside it.
//!
//! ```text
//! cargo run --release -p edgecrew-extract --bin eval -- [--misses] [--model URL] [FILE.jsonl ...]
//! ```
//! Without files, every `components/extract/eval/*.jsonl` is read.

mod model;

use std::path::PathBuf;

use edgecrew_extract::analysis::analyze;
use edgecrew_extract::eval::{Report, default_dir, parse, set_files};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut show_misses = false;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut model: Option<model::Model> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--misses" => show_misses = true,
            "--model" => {
                let url = args.next().ok_or("--model needs a URL")?;
                model = Some(model::Model::new(&url)?);
            }
            "-h" | "--help" => {
                println!("usage: eval [--misses] [--model URL] [FILE.jsonl ...]");
                return Ok(());
            }
            _ => files.push(arg.into()),
        }
    }
    if files.is_empty() {
        files = set_files(&default_dir())?;
    }
    let mut report = Report::default();
    let mut with_model = Report::default();
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        let samples = parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        for sample in &samples {
            let mut analysis = analyze(&sample.email, &sample.id);
            report.add(sample, &analysis);
            if let Some(m) = model.as_mut() {
                m.review(&sample.email, &mut analysis);
                with_model.add(sample, &analysis);
            }
        }
    }
    println!(
        "rule phase, {} e-mails from {} file(s)\n",
        report.samples,
        files.len()
    );
    println!("{report}");
    if let Some(m) = &model {
        println!(
            "rules + model phase ({} merged; failed calls kept the rule result: {:?})\n",
            m.merged, m.failed
        );
        println!("{with_model}");
    }
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
