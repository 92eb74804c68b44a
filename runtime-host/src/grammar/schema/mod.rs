//! The JSON schema → GBNF converter.
//!
//! Supported: `type` (one or a list), `properties`, `required`, `additionalProperties: false`,
//! `items`, `minItems`, `maxItems`, `uniqueItems: false`, `enum`, `const`, `anyOf`,
//! `minLength`/`maxLength` on strings, local `$ref` (`#/...` into the same document, recursion
//! allowed), and annotations (`title`, `description`, `default`, `examples`, ...). Properties
//! are generated in declaration order. Every other keyword is rejected with
//! [`SchemaError::Unsupported`].
//!
//! Layout, in the order a schema is converted:
//! - this file — the entry point and the converter's state (the rules written so far);
//! - `visit` — dispatching a schema on its keywords, following `$ref`s;
//! - `object` — object rules;
//! - `length` — length-bounded rules: arrays and strings;
//! - `error` — why a schema was refused.

mod error;
mod length;
mod object;
mod visit;

use std::collections::HashMap;

use serde_json::Value;

use super::primitives;

pub use error::SchemaError;

/// Converts a JSON schema into a GBNF grammar whose root rule is `root`.
///
/// # Errors
/// [`SchemaError`] when the schema uses an unsupported keyword or is invalid.
pub fn schema_to_gbnf(schema: &Value) -> Result<String, SchemaError> {
    let mut conv = Converter {
        root: schema,
        rules: Vec::new(),
        refs: HashMap::new(),
        next_id: 0,
        depth: 0,
    };
    let root_expr = conv.visit(schema, "#")?;
    let mut out = format!("root ::= {root_expr}\n");
    for (name, body) in &conv.rules {
        out.push_str(name);
        out.push_str(" ::= ");
        out.push_str(body);
        out.push('\n');
    }
    primitives::push_generic_value_rules(&mut out);
    out.push_str(primitives::INTEGER);
    out.push('\n');
    Ok(out)
}

/// The conversion in progress: the named rules written so far and the `$ref`s already named.
struct Converter<'a> {
    root: &'a Value,
    rules: Vec<(String, String)>,
    refs: HashMap<String, String>,
    next_id: usize,
    depth: usize,
}

impl Converter<'_> {
    /// Adds a rule with `body` under a fresh name, and returns the name.
    fn new_rule(&mut self, body: String) -> String {
        let name = self.reserve_name();
        self.rules.push((name.clone(), body));
        name
    }

    /// A fresh rule name.
    fn reserve_name(&mut self) -> String {
        self.next_id += 1;
        format!("r{}", self.next_id)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{SchemaError, schema_to_gbnf};

    #[test]
    fn converts_the_documented_subset() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "maxLength": 20},
                "age": {"type": "integer"},
                "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "minItems": 1, "maxItems": 3},
                "kind": {"anyOf": [{"const": 1}, {"type": "null"}]},
                "ok": {"type": ["boolean", "null"]},
                "child": {"$ref": "#/$defs/node"}
            },
            "required": ["name", "age"],
            "$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}}}}
        });
        let gbnf = schema_to_gbnf(&schema).unwrap();
        assert!(gbnf.starts_with("root ::= r"));
        assert!(gbnf.contains(r#""\"name\"" space ":" space"#));
        assert!(gbnf.contains(r#""\"a\"" | "\"b\"""#));
    }

    #[test]
    fn rejects_unsupported_keywords() {
        for schema in [
            json!({"type": "object", "patternProperties": {"^a": {}}}),
            json!({"$ref": "https://example.com/schema.json"}),
            json!({"type": "string", "pattern": "^a+$"}),
            json!({"type": "integer", "minimum": 3}),
            json!({"type": "object", "additionalProperties": {"type": "string"}, "properties": {"a": {}}}),
            json!({"type": "array", "uniqueItems": true}),
        ] {
            assert!(
                matches!(
                    schema_to_gbnf(&schema),
                    Err(SchemaError::Unsupported { .. })
                ),
                "{schema}"
            );
        }
    }

    #[test]
    fn rejects_invalid_schemas() {
        for schema in [
            json!(false),
            json!(3),
            json!({"enum": []}),
            json!({"type": "array", "minItems": 3, "maxItems": 1}),
            json!({"type": "wat"}),
            json!({"$ref": "#/nowhere"}),
        ] {
            assert!(
                matches!(schema_to_gbnf(&schema), Err(SchemaError::Invalid { .. })),
                "{schema}"
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut schema = json!({"type": "string"});
        for _ in 0..200 {
            schema = json!({"type": "array", "items": schema});
        }
        assert!(schema_to_gbnf(&schema).is_err());
    }
}
