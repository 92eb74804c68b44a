//! The JSON schema → GBNF converter.
//!
//! Supported: `type` (one or a list), `properties`, `required`, `additionalProperties: false`,
//! `items`, `minItems`, `maxItems`, `uniqueItems: false`, `enum`, `const`, `anyOf`,
//! `minLength`/`maxLength` on strings, local `$ref` (`#/...` into the same document, recursion
//! allowed), and annotations (`title`, `description`, `default`, `examples`, ...). Properties
//! are generated in declaration order. Every other keyword is rejected with
//! [`SchemaError::Unsupported`].

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::primitives::{self, literal};

/// Why a schema could not be turned into a grammar.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SchemaError {
    /// The schema uses a keyword (or keyword value) the converter does not implement.
    #[error("unsupported JSON schema feature at {path}: {what}")]
    Unsupported {
        /// JSON pointer of the offending schema.
        path: String,
        /// The keyword and why it is unsupported.
        what: String,
    },
    /// The schema is malformed or admits no value.
    #[error("invalid JSON schema at {path}: {what}")]
    Invalid {
        /// JSON pointer of the offending schema.
        path: String,
        /// What is wrong.
        what: String,
    },
}

const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "definitions",
    "deprecated",
    "readOnly",
    "writeOnly",
];

const KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "const",
    "anyOf",
    "$ref",
    "minLength",
    "maxLength",
];

const MAX_DEPTH: usize = 64;
const MAX_REPEAT: u64 = 10_000;

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

struct Converter<'a> {
    root: &'a Value,
    rules: Vec<(String, String)>,
    refs: HashMap<String, String>,
    next_id: usize,
    depth: usize,
}

fn unsupported(path: &str, what: impl Into<String>) -> SchemaError {
    SchemaError::Unsupported {
        path: path.to_owned(),
        what: what.into(),
    }
}

fn invalid(path: &str, what: impl Into<String>) -> SchemaError {
    SchemaError::Invalid {
        path: path.to_owned(),
        what: what.into(),
    }
}

fn count(map: &Map<String, Value>, key: &str, path: &str) -> Result<Option<u64>, SchemaError> {
    match map.get(key) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .filter(|n| *n <= MAX_REPEAT)
            .map(Some)
            .ok_or_else(|| {
                invalid(
                    path,
                    format!("`{key}` must be an integer in 0..={MAX_REPEAT}"),
                )
            }),
    }
}

/// `{min,max}` (or `{min,}`) repetition suffix.
fn repeat(min: u64, max: Option<u64>) -> String {
    match max {
        Some(max) => format!("{{{min},{max}}}"),
        None => format!("{{{min},}}"),
    }
}

impl Converter<'_> {
    fn new_rule(&mut self, body: String) -> String {
        let name = self.reserve_name();
        self.rules.push((name.clone(), body));
        name
    }

    fn reserve_name(&mut self) -> String {
        self.next_id += 1;
        format!("r{}", self.next_id)
    }

    fn visit(&mut self, schema: &Value, path: &str) -> Result<String, SchemaError> {
        self.depth += 1;
        let result = if self.depth > MAX_DEPTH {
            Err(unsupported(path, "schema nested too deeply"))
        } else {
            self.visit_inner(schema, path)
        };
        self.depth -= 1;
        result
    }

    fn visit_inner(&mut self, schema: &Value, path: &str) -> Result<String, SchemaError> {
        let map = match schema {
            Value::Bool(true) => return Ok("value".to_owned()),
            Value::Bool(false) => return Err(invalid(path, "schema `false` admits no value")),
            Value::Object(map) => map,
            _ => return Err(invalid(path, "a schema must be an object or a boolean")),
        };
        for key in map.keys() {
            if !KEYWORDS.contains(&key.as_str()) && !ANNOTATIONS.contains(&key.as_str()) {
                return Err(unsupported(path, format!("keyword `{key}`")));
            }
        }
        let constraints: Vec<&str> = map
            .keys()
            .map(String::as_str)
            .filter(|k| KEYWORDS.contains(k))
            .collect();

        if let Some(reference) = map.get("$ref") {
            if constraints.len() > 1 {
                return Err(unsupported(path, "`$ref` together with other keywords"));
            }
            return self.reference(reference, path);
        }
        if let Some(any_of) = map.get("anyOf") {
            if constraints.len() > 1 {
                return Err(unsupported(path, "`anyOf` together with other keywords"));
            }
            let branches = any_of
                .as_array()
                .filter(|a| !a.is_empty())
                .ok_or_else(|| invalid(path, "`anyOf` must be a non-empty array"))?;
            let mut alts = Vec::with_capacity(branches.len());
            for (i, branch) in branches.iter().enumerate() {
                alts.push(self.visit(branch, &format!("{path}/anyOf/{i}"))?);
            }
            return Ok(format!("({})", alts.join(" | ")));
        }
        if let Some(value) = map.get("const") {
            return Ok(format!("{} space", literal(&value.to_string())));
        }
        if let Some(values) = map.get("enum") {
            let values = values
                .as_array()
                .filter(|a| !a.is_empty())
                .ok_or_else(|| invalid(path, "`enum` must be a non-empty array"))?;
            let alts: Vec<String> = values.iter().map(|v| literal(&v.to_string())).collect();
            return Ok(format!("({}) space", alts.join(" | ")));
        }

        match map.get("type") {
            None => {
                if map.contains_key("properties") || map.contains_key("additionalProperties") {
                    self.object(map, path)
                } else if map.contains_key("items") {
                    self.array(map, path)
                } else {
                    Ok("value".to_owned())
                }
            }
            Some(Value::String(t)) => self.typed(t, map, path),
            Some(Value::Array(types)) if !types.is_empty() => {
                let mut alts = Vec::with_capacity(types.len());
                for t in types {
                    let t = t
                        .as_str()
                        .ok_or_else(|| invalid(path, "`type` entries must be strings"))?;
                    alts.push(self.typed(t, map, path)?);
                }
                Ok(format!("({})", alts.join(" | ")))
            }
            Some(_) => Err(invalid(path, "`type` must be a string or non-empty array")),
        }
    }

    fn typed(
        &mut self,
        t: &str,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<String, SchemaError> {
        match t {
            "object" => self.object(map, path),
            "array" => self.array(map, path),
            "string" => self.string(map, path),
            "number" => Ok("number".to_owned()),
            "integer" => Ok("integer".to_owned()),
            "boolean" => Ok("boolean".to_owned()),
            "null" => Ok("null".to_owned()),
            other => Err(invalid(path, format!("unknown type `{other}`"))),
        }
    }

    fn reference(&mut self, reference: &Value, path: &str) -> Result<String, SchemaError> {
        let reference = reference
            .as_str()
            .ok_or_else(|| invalid(path, "`$ref` must be a string"))?;
        let Some(pointer) = reference.strip_prefix('#') else {
            return Err(unsupported(
                path,
                format!("`$ref` to `{reference}` (only local `#/...` references are supported)"),
            ));
        };
        if let Some(name) = self.refs.get(reference) {
            return Ok(name.clone());
        }
        let root = self.root;
        let target = root
            .pointer(pointer)
            .ok_or_else(|| invalid(path, format!("`$ref` target `{reference}` not found")))?;
        // Register the name before descending so recursive schemas terminate.
        let name = self.reserve_name();
        self.refs.insert(reference.to_owned(), name.clone());
        let body = self.visit(target, reference)?;
        self.rules.push((name.clone(), body));
        Ok(name)
    }

    fn string(&mut self, map: &Map<String, Value>, path: &str) -> Result<String, SchemaError> {
        let min = count(map, "minLength", path)?;
        let max = count(map, "maxLength", path)?;
        if min.is_none() && max.is_none() {
            return Ok("string".to_owned());
        }
        let min = min.unwrap_or(0);
        if max.is_some_and(|max| max < min) {
            return Err(invalid(path, "`maxLength` is below `minLength`"));
        }
        Ok(format!(r#""\"" char{} "\"" space"#, repeat(min, max)))
    }

    fn array(&mut self, map: &Map<String, Value>, path: &str) -> Result<String, SchemaError> {
        if map
            .get("uniqueItems")
            .is_some_and(|v| v != &Value::Bool(false))
        {
            return Err(unsupported(path, "`uniqueItems: true`"));
        }
        let item = match map.get("items") {
            None => "value".to_owned(),
            Some(items) => self.visit(items, &format!("{path}/items"))?,
        };
        let min = count(map, "minItems", path)?.unwrap_or(0);
        let max = count(map, "maxItems", path)?;
        if max.is_some_and(|max| max < min) {
            return Err(invalid(path, "`maxItems` is below `minItems`"));
        }
        let item = self.new_rule(item);
        let body = match (min, max) {
            (_, Some(0)) => String::new(),
            (0, max) => format!(
                r#"({item} ("," space {item}){})?"#,
                repeat(0, max.map(|m| m - 1))
            ),
            (min, max) => format!(
                r#"{item} ("," space {item}){}"#,
                repeat(min - 1, max.map(|m| m - 1))
            ),
        };
        Ok(self.new_rule(format!(r#""[" space {body} "]" space"#)))
    }

    fn object(&mut self, map: &Map<String, Value>, path: &str) -> Result<String, SchemaError> {
        match map.get("additionalProperties") {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) if !map.contains_key("properties") => {}
            Some(_) => {
                return Err(unsupported(
                    path,
                    "`additionalProperties` other than `false`",
                ));
            }
        }
        let empty = Map::new();
        let properties = match map.get("properties") {
            None => {
                if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                    return Ok(r#""{" space "}" space"#.to_owned());
                }
                &empty
            }
            Some(Value::Object(p)) => p,
            Some(_) => return Err(invalid(path, "`properties` must be an object")),
        };
        let required: Vec<&str> = match map.get("required") {
            None => Vec::new(),
            Some(Value::Array(r)) => r
                .iter()
                .map(|v| {
                    v.as_str()
                        .ok_or_else(|| invalid(path, "`required` entries must be strings"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(invalid(path, "`required` must be an array")),
        };
        for name in &required {
            if !properties.contains_key(*name) {
                return Err(unsupported(
                    path,
                    format!("required property `{name}` is not declared in `properties`"),
                ));
            }
        }
        if properties.is_empty() {
            return Ok("object".to_owned());
        }

        let mut items = Vec::with_capacity(properties.len());
        for (name, sub) in properties {
            let value = self.visit(sub, &format!("{path}/properties/{name}"))?;
            let key = literal(&Value::String(name.clone()).to_string());
            let kv = self.new_rule(format!(r#"{key} space ":" space {value}"#));
            items.push((kv, required.contains(&name.as_str())));
        }
        // rest[i]: items i.. after at least one item was written (each needs a leading comma).
        let rest = |from: usize| -> String {
            items[from..]
                .iter()
                .map(|(kv, req)| {
                    if *req {
                        format!(r#""," space {kv}"#)
                    } else {
                        format!(r#"("," space {kv})?"#)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        // first[i]: items i.. when nothing was written yet, built from the end.
        let mut first = String::new();
        for i in (0..items.len()).rev() {
            let (kv, req) = &items[i];
            let with = format!("{kv} {}", rest(i + 1));
            first = if *req {
                with
            } else {
                let without = std::mem::take(&mut first);
                let without = if without.is_empty() {
                    without
                } else {
                    self.new_rule(without)
                };
                format!("({with} | {without})")
            };
        }
        Ok(self.new_rule(format!(r#""{{" space {first} "}}" space"#)))
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
