//! Embeds the console's built single-page app (`web/dist/`, made by `npm run build` in
//! `web/`; `scripts/build-components` runs it) into the component: every file becomes an
//! entry of `ASSETS` in `$OUT_DIR/assets.rs`, keyed by the URL path it is served at.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where the npm build writes the app.
const DIST: &str = "web/dist";

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dist = manifest_dir.join(DIST);
    // Cargo scans a directory named here for changed files, so a new npm build re-embeds.
    println!("cargo:rerun-if-changed={DIST}");
    if !dist.join("index.html").is_file() {
        panic!(
            "{} has no index.html: build the console first (scripts/build-components, or \
             `npm ci && npm run build` in components/console/web)",
            dist.display()
        );
    }
    let mut files = Vec::new();
    collect(&dist, &mut files);
    files.sort();
    let mut out = String::from(
        "/// Every file of the built app: (URL path, bytes), sorted by path.\n\
         pub static ASSETS: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let relative = file
            .strip_prefix(&dist)
            .expect("under dist")
            .to_str()
            .expect("UTF-8 file names")
            .replace('\\', "/");
        // index.html is served for `/` and every client route; the rest under /app/.
        let url = format!("/app/{relative}");
        writeln!(
            out,
            "    ({url:?}, include_bytes!({:?})),",
            file.display().to_string()
        )
        .expect("write to a String");
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("assets.rs");
    std::fs::write(&target, out).expect("write assets.rs");
}

/// Every file below `dir`, recursively.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
