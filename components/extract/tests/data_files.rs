//! The word lists and cue tables in `data/` (compiled in by `build.rs`) are well formed:
//! every entry trimmed and non-empty, no entry twice in a file, cue phrases in lower case
//! with a positive weight, and the given names sorted for binary search.

use std::fs;
use std::path::{Path, PathBuf};

/// Every data file: `data/*.txt` and `data/<dir>/*.{txt,cues}`.
fn data_files() -> Vec<PathBuf> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut files = Vec::new();
    for entry in fs::read_dir(&data).expect("data/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(
                fs::read_dir(&path)
                    .expect("dir")
                    .map(|e| e.expect("entry").path()),
            );
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// A file's entries: its lines but comments and empty ones.
fn entries(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .expect("UTF-8")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_data_file_is_well_formed() {
    let files = data_files();
    assert!(files.len() >= 27, "{} data files", files.len());
    for path in &files {
        let shown = path.display();
        let phrases: Vec<String> = match path.extension().and_then(|e| e.to_str()) {
            Some("txt") => entries(path),
            Some("cues") => entries(path)
                .iter()
                .map(|line| {
                    let (weight, phrase) = line.split_once(' ').expect("<weight> <phrase>");
                    let weight: f32 = weight.parse().expect("a number");
                    assert!(weight > 0.0, "{shown}: {line}");
                    assert_eq!(phrase.to_lowercase(), phrase, "{shown}: {line}");
                    phrase.to_owned()
                })
                .collect(),
            _ => panic!("{shown}: not a .txt or .cues file"),
        };
        assert!(!phrases.is_empty(), "{shown} is empty");
        for p in &phrases {
            assert!(!p.is_empty() && p.trim() == p, "{shown}: '{p}'");
        }
        let mut sorted = phrases.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), phrases.len(), "{shown}: an entry twice");
        if path.ends_with("first_names.txt") {
            assert_eq!(
                sorted, phrases,
                "{shown}: not sorted (binary search needs it)"
            );
        }
    }
}
