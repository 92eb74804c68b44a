//! The word lists in `data/` (compiled in with `include_str!` and parsed by
//! `edgecrew_core::data`) are well formed: each file opens with a comment saying what it
//! holds, every entry is non-empty, lower case and without stray blanks, no entry appears
//! twice in a file, and the files whose order does not matter are sorted.

use std::fs;
use std::path::Path;

use edgecrew_core::data;
use edgecrew_templates::PromptKind;

/// The files read in order, first match winning, so not sorted (`data/<dir>/<name>.txt`).
const ORDERED: &[&str] = &["render/languages.txt"];

#[test]
fn every_data_file_is_well_formed() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    assert_eq!(data::files(&data).expect("data/").len(), 12);
    assert_eq!(
        data::lint_folder(&data, ORDERED).expect("data/"),
        Vec::<String>::new()
    );
}

#[test]
fn every_prompt_family_has_one_cue_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/kind");
    let mut families: Vec<&str> = PromptKind::ALL.iter().map(|k| k.as_str()).collect();
    families.sort_unstable();
    let mut files: Vec<String> = fs::read_dir(&dir)
        .expect("data/kind/")
        .map(|e| e.expect("entry").path())
        .map(|p| {
            p.file_stem()
                .expect("a stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort_unstable();
    assert_eq!(files, families);
}
