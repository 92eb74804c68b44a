//! The word lists in `data/` (compiled in with `include_str!` and parsed by
//! `edgecrew_core::data`) are well formed: each file opens with a comment saying what it
//! holds, every entry is non-empty, lower case and without stray blanks, no entry appears
//! twice in a file, and the files whose order does not matter are sorted.

use std::fs;
use std::path::Path;

use edgecrew_agents::lexicon;
use edgecrew_core::data;

/// The files read in order, first match winning, so not sorted (`data/<dir>/<name>.txt`).
const ORDERED: &[&str] = &["asks/connectors.txt", "tools/search_cues.txt"];

/// The text of `data/<dir>/<name>.txt`.
fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    fs::read_to_string(path).expect("a UTF-8 data file")
}

#[test]
fn every_data_file_is_well_formed() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    assert_eq!(data::files(&data).expect("data/").len(), 17);
    assert_eq!(
        data::lint_folder(&data, ORDERED).expect("data/"),
        Vec::<String>::new()
    );
}

#[test]
fn every_connector_can_match_before_the_ones_after_it() {
    let text = read("asks/connectors.txt");
    let connectors: Vec<&str> = data::entries(&text).collect();
    for (i, later) in connectors.iter().enumerate() {
        for earlier in &connectors[..i] {
            assert!(
                !later.starts_with(earlier),
                "'{later}' can never match: '{earlier}' comes first"
            );
        }
    }
}

#[test]
fn the_lexicon_table_is_its_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/lexicon");
    let mut agents: Vec<&str> = lexicon::TABLE.iter().map(|r| r.agent).collect();
    agents.sort_unstable();
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("data/lexicon/")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            p.file_stem()
                .expect("a stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort_unstable();
    assert_eq!(files, agents, "one file per table row");
    for row in lexicon::TABLE.iter() {
        let text = read(&format!("lexicon/{}.txt", row.agent));
        let patterns: Vec<&str> = data::entries(&text).collect();
        assert_eq!(row.patterns, patterns, "{}", row.agent);
    }
}
