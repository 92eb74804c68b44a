//! Compiles the crate's word lists into Rust slices for `include!`, so the lists stay data
//! and cost nothing to load at run time:
//!
//! - `<name>.txt`: one entry per line → a `&[&str]`;
//! - `<name>.cues`: one `<weight> <phrase>` per line → a `&[(&str, f32)]`;
//!
//! from `data/<name>.*` to `OUT_DIR/<name>.rs`, and from `data/<dir>/<name>.*` to
//! `OUT_DIR/<dir>_<name>.rs`.
//!
//! In both, empty lines and lines starting with `#` are skipped. A malformed line stops
//! the build with its file and line number.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

/// The entries of a data file: its lines but comments and empty ones, with line numbers.
fn entries(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.starts_with('#') && !l.is_empty())
}

/// `&["a", "b", ...]` from a plain list.
fn list(text: &str) -> String {
    let mut rust = String::from("&[\n");
    for (_, line) in entries(text) {
        let _ = writeln!(rust, "    {line:?},");
    }
    rust + "]\n"
}

/// `&[("phrase", 1.5), ...]` from a weighted cue list.
fn cues(text: &str, path: &Path) -> String {
    let mut rust = String::from("&[\n");
    for (n, line) in entries(text) {
        let parsed = line
            .split_once(' ')
            .and_then(|(w, phrase)| Some((w.parse::<f32>().ok()?, phrase)))
            .filter(|(_, phrase)| !phrase.trim().is_empty());
        let Some((weight, phrase)) = parsed else {
            panic!("{}:{n}: expected `<weight> <phrase>`", path.display());
        };
        let _ = writeln!(rust, "    ({phrase:?}, {weight:?}),");
    }
    rust + "]\n"
}

fn main() {
    let data = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("manifest dir")).join("data");
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    println!("cargo:rerun-if-changed={}", data.display());
    let mut files = Vec::new();
    for entry in fs::read_dir(&data).expect("data/") {
        let path = entry.expect("data/ entry").path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            for inner in fs::read_dir(&path).expect("data/<dir>/") {
                files.push(inner.expect("data/<dir>/ entry").path());
            }
        } else {
            files.push(path);
        }
    }
    for path in files {
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a UTF-8 data file");
        let rust = match ext {
            "txt" => list(&text),
            "cues" => cues(&text, &path),
            _ => continue,
        };
        let stem = path.file_stem().expect("a file name").to_string_lossy();
        let name = match path.parent().filter(|dir| *dir != data) {
            Some(dir) => format!(
                "{}_{stem}",
                dir.file_name().expect("a dir").to_string_lossy()
            ),
            None => stem.into_owned(),
        };
        fs::write(Path::new(&out).join(format!("{name}.rs")), rust).expect("write OUT_DIR");
    }
}
