//! GBNF rules for the JSON primitives shared by every generated grammar.

/// Optional whitespace between tokens, bounded so a sampler cannot loop on it forever.
pub const SPACE: &str = r#"space ::= | " " | "\n" [ \t]{0,20}"#;

/// A JSON string with escapes.
pub const STRING: &str = r#"string ::= "\"" char* "\"" space
char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F]{4})"#;

/// A JSON integer (at most 16 digits). No `-0`: JSON parsers read it as the float −0.0,
/// which an integer check then refuses.
pub const INTEGER: &str = r#"integer ::= ("0" | "-"? [1-9] [0-9]{0,15}) space"#;

/// A JSON number (bounded digit counts).
pub const NUMBER: &str = r#"number ::= ("-"? ("0" | [1-9] [0-9]{0,15}) ("." [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?) space"#;

/// `true` or `false`.
pub const BOOLEAN: &str = r#"boolean ::= ("true" | "false") space"#;

/// `null`.
pub const NULL: &str = r#"null ::= "null" space"#;

/// Any JSON value, object and array (used for `{}` schemas and `json_object`).
pub const GENERIC: &str = r#"value ::= object | array | string | number | boolean | null
object ::= "{" space ( string ":" space value ("," space string ":" space value)* )? "}" space
array ::= "[" space ( value ("," space value)* )? "]" space"#;

/// Appends the primitive rules plus the generic `value`/`object`/`array` rules.
pub fn push_generic_value_rules(out: &mut String) {
    for rule in [SPACE, STRING, NUMBER, BOOLEAN, NULL, GENERIC] {
        out.push_str(rule);
        out.push('\n');
    }
}

/// Quotes `text` as a GBNF string literal.
#[must_use]
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
