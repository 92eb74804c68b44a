//! Compiles the route table `data/routes.txt` (its header says the format) into the Rust
//! slice `routes::ROUTES` is, `OUT_DIR/routes.rs`, so the table stays data and costs
//! nothing at run time. A malformed line stops the build with its line number.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

/// `Some(Scope::Agents)` for `agents`, `None` for `-`.
fn scope(word: &str) -> Option<String> {
    match word {
        "-" => Some("None".into()),
        "agents" | "emails" | "conversations" | "admin" => {
            let mut name = word.to_owned();
            name[..1].make_ascii_uppercase();
            Some(format!("Some(Scope::{name})"))
        }
        _ => None,
    }
}

/// `QueryKind::...` for one query parameter's kind.
fn query_kind(kind: &str) -> Option<String> {
    if kind == "time" {
        return Some("QueryKind::Time".into());
    }
    if let Some(max) = kind.strip_prefix("text:") {
        return Some(format!("QueryKind::Text({})", max.parse::<usize>().ok()?));
    }
    if let Some(range) = kind.strip_prefix("int:") {
        let (min, max) = range.split_once('-')?;
        let (min, max) = (min.parse::<i64>().ok()?, max.parse::<i64>().ok()?);
        return Some(format!("QueryKind::Integer {{ min: {min}, max: {max} }}"));
    }
    let values = kind.strip_prefix("oneof:")?.split('|');
    Some(format!(
        "QueryKind::OneOf(&{:?})",
        values.collect::<Vec<_>>()
    ))
}

/// The `query` field for the query column.
fn query(column: &str) -> Option<String> {
    if column == "-" {
        return Some("NO_QUERY".into());
    }
    let mut params = String::from("&[");
    for param in column.split(',') {
        let (name, kind) = param.split_once('=')?;
        let _ = write!(
            params,
            "QueryParam {{ name: {name:?}, kind: {} }}, ",
            query_kind(kind)?
        );
    }
    Some(params + "]")
}

/// One `Route { ... }` from a line of the table.
fn route(line: &str) -> Option<String> {
    let columns: Vec<&str> = line.split_whitespace().collect();
    let [method, pattern, endpoint, scope_word, body, query_column] = columns[..] else {
        return None;
    };
    let method_ok = ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method);
    let endpoint_ok = endpoint.chars().all(|c| c.is_ascii_alphabetic());
    let body_ok = body
        .chars()
        .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-');
    if !method_ok || !pattern.starts_with('/') || !endpoint_ok || !body_ok {
        return None;
    }
    let body = if body == "-" {
        "None".into()
    } else {
        format!("Some(&{body})")
    };
    Some(format!(
        "    Route {{ method: {method:?}, pattern: {pattern:?}, endpoint: Endpoint::{endpoint}, \
         scope: {}, body: {body}, query: {} }},\n",
        scope(scope_word)?,
        query(query_column)?
    ))
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("manifest dir");
    let path = Path::new(&manifest).join("data/routes.txt");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).expect("data/routes.txt");
    let mut rust = String::from("&[\n");
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some(row) = route(line) else {
            panic!(
                "{}:{}: expected `method pattern endpoint scope body query` (see the header)",
                path.display(),
                n + 1
            );
        };
        rust.push_str(&row);
    }
    rust.push_str("]\n");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("routes.rs");
    fs::write(out, rust).expect("writing routes.rs");
}
