//! The format of the word-list files that crates compile in with `include_str!`.
//!
//! A list file holds one entry per line. Lines starting with `#` are comments (each file
//! opens with a few saying what it holds) and empty lines are skipped. Entries are taken as
//! written, not trimmed, so a test over the file catches stray blanks; an entry that has to
//! keep a leading or trailing blank (`"dear "`) is written between double quotes, which are
//! not part of it.
//!
//! Parse a list once, e.g. into a `std::sync::LazyLock<Vec<&'static str>>`.

/// The entries of the list file `text`, in file order: its lines but comments and empty
/// ones, without the quotes of a quoted entry.
pub fn entries(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(unquote)
}

/// `line` without its enclosing double quotes, when it has both.
fn unquote(line: &str) -> &str {
    line.strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(line)
}

/// What is wrong with the list file `text`, one line each (none when it is well formed):
/// it must open with a `# ` comment, hold at least one entry, and no line may carry stray
/// blanks or quotes it does not need; entries are non-empty, lower case and unique, and in
/// sorted order when `sorted`.
pub fn lint(text: &str, sorted: bool) -> Vec<String> {
    let mut problems = Vec::new();
    if !text.starts_with("# ") {
        problems.push("opens without a `# ` comment".to_owned());
    }
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if line.trim() != line {
            problems.push(format!("'{line}' has stray blanks"));
        }
        if unquote(line) != line && unquote(line).trim() == unquote(line) {
            problems.push(format!("{line} needs no quotes"));
        }
    }
    let listed: Vec<&str> = entries(text).collect();
    if listed.is_empty() {
        problems.push("no entries".to_owned());
    }
    for entry in &listed {
        if entry.trim().is_empty() {
            problems.push("a blank entry".to_owned());
        } else if entry.to_lowercase() != *entry {
            problems.push(format!("'{entry}' is not lower case"));
        }
    }
    let mut ordered = listed.clone();
    ordered.sort_unstable();
    ordered.dedup();
    if ordered.len() != listed.len() {
        problems.push("an entry is listed twice".to_owned());
    } else if sorted && ordered != listed {
        problems.push("not sorted".to_owned());
    }
    problems
}

/// The faults of every list file in a crate's `data/` folder (see [`lint`]), each line
/// naming its file; files named in `ordered` need not be sorted. A file that is not a
/// `.txt` list is a fault too.
pub fn lint_folder(data: &std::path::Path, ordered: &[&str]) -> std::io::Result<Vec<String>> {
    let mut problems = Vec::new();
    for (name, text) in files(data)? {
        if !name.ends_with(".txt") {
            problems.push(format!("{name}: not a .txt list"));
        }
        let sorted = !ordered.contains(&name.as_str());
        problems.extend(
            lint(&text, sorted)
                .into_iter()
                .map(|p| format!("{name}: {p}")),
        );
    }
    Ok(problems)
}

/// Every list file of a crate's `data/` folder, `data/<dir>/<name>.txt`, as
/// (`<dir>/<name>.txt`, its text), sorted by name.
pub fn files(data: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(data)? {
        let dir = dir?.path();
        let dir_name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for file in std::fs::read_dir(&dir)? {
            let path = file?.path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            files.push((
                format!("{dir_name}/{name}"),
                std::fs::read_to_string(&path)?,
            ));
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::entries;

    #[test]
    fn comments_and_empty_lines_are_skipped_and_order_is_kept() {
        let text = "# a comment\n# another\nzeta\n\nalpha\n#inner\nmid dle\n";
        assert_eq!(
            entries(text).collect::<Vec<_>>(),
            ["zeta", "alpha", "mid dle"]
        );
    }

    #[test]
    fn quotes_keep_edge_blanks_and_nothing_else_is_trimmed() {
        let text = "\"dear \"\n\"\n\"\"\n```\n a\n";
        assert_eq!(
            entries(text).collect::<Vec<_>>(),
            ["dear ", "\"", "", "```", " a"]
        );
        assert_eq!(entries("").count(), 0);
        assert_eq!(entries("only\r\n").collect::<Vec<_>>(), ["only"]);
    }

    #[test]
    fn lint_names_each_fault_of_a_list() {
        use super::lint;
        assert!(lint("# ok\nalpha\nbeta\n", true).is_empty());
        assert!(lint("# ok\nbeta\nalpha\n", false).is_empty());
        assert_eq!(lint("# ok\nbeta\nalpha\n", true), ["not sorted"]);
        assert_eq!(lint("alpha\n", true), ["opens without a `# ` comment"]);
        assert_eq!(lint("# ok\nalpha \n", true), ["'alpha ' has stray blanks"]);
        assert_eq!(
            lint("# ok\n\"alpha\"\n", true),
            ["\"alpha\" needs no quotes"]
        );
        assert_eq!(lint("# ok\nAlpha\n", true), ["'Alpha' is not lower case"]);
        assert_eq!(lint("# ok\na\na\n", true), ["an entry is listed twice"]);
        assert_eq!(lint("# ok\n", true), ["no entries"]);
        assert!(lint("# ok\n\"dear \"\n", true).is_empty());
    }
}
