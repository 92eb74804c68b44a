//! Dispatching a schema on its keywords to the rule for its kind, following `$ref`s.

use serde_json::{Map, Value};

use super::Converter;
use super::error::{SchemaError, invalid, unsupported};
use crate::grammar::primitives::literal;

/// Keywords that say something about a schema without constraining its values.
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

/// Keywords that constrain values, all of which the converter implements.
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

/// Deepest nesting of schemas converted (a deeper one is refused, not a stack overflow).
const MAX_DEPTH: usize = 64;

impl Converter<'_> {
    /// The GBNF expression for `schema` at JSON pointer `path`, bounded in depth.
    pub(super) fn visit(&mut self, schema: &Value, path: &str) -> Result<String, SchemaError> {
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
}
