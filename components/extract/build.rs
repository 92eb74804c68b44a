//! Compiles the word lists in `data/*.txt` (one entry per line; `#` starts a comment line)
//! into Rust slices in `OUT_DIR/<name>.rs`, for `include!`: the lists stay data, and cost
//! nothing to load at run time.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let data = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("manifest dir")).join("data");
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    println!("cargo:rerun-if-changed={}", data.display());
    for entry in fs::read_dir(&data).expect("data/") {
        let path = entry.expect("data/ entry").path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a UTF-8 word list");
        let mut rust = String::from("&[\n");
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let _ = writeln!(rust, "    {line:?},");
        }
        rust.push_str("]\n");
        let name = path.file_stem().expect("a file name").to_string_lossy();
        fs::write(Path::new(&out).join(format!("{name}.rs")), rust).expect("write OUT_DIR");
    }
}
