//! Whether a model's answer is usable: not blank, and — when a JSON Schema was
//! requested — JSON that matches it.
//!
//! The validator covers the schema keywords runtime-host turns into grammars (`type`,
//! `enum`, `const`, `anyOf`, `properties`, `required`, `additionalProperties`, `items`,
//! `minItems`, `maxItems`, `minLength`, `maxLength`, `minimum`, `maximum`, local `$ref`).
//! Other keywords are not checked; a provider that ignores the schema is still caught by
//! everything above.

use serde_json::{Map, Value};

use crate::Failure;
use crate::openai::Generated;

/// Deepest schema nesting followed (guards against `$ref` cycles).
const MAX_DEPTH: usize = 64;

/// Most schema nodes one validation visits (guards against `anyOf` over `$ref` blow-ups).
const MAX_VISITS: usize = 10_000;

/// Check `text` for `schema`: the parsed JSON when a schema is given and matched.
pub fn output(text: &str, schema: Option<&Value>) -> Result<Option<Value>, Failure> {
    if text.trim().is_empty() {
        return Err(Failure::EmptyOutput);
    }
    let Some(schema) = schema else {
        return Ok(None);
    };
    let value: Value = serde_json::from_str(strip_fence(text))
        .map_err(|e| Failure::InvalidOutput(format!("the answer is not JSON: {e}")))?;
    validate(schema, &value).map_err(Failure::InvalidOutput)?;
    Ok(Some(value))
}

/// Check a provider's answer like [`output`]; an unusable answer that stopped at the
/// request's `max_tokens` is [`Failure::Truncated`]: the budget, not the provider, was short.
/// An answer that asks for tool calls is usable as it is (its calls are checked by the
/// caller that runs them).
pub fn answer(generated: &Generated, schema: Option<&Value>) -> Result<Option<Value>, Failure> {
    if !generated.tool_calls.is_empty() {
        return Ok(None);
    }
    output(&generated.text, schema).map_err(|failure| {
        if generated.hit_length_limit() {
            Failure::Truncated(failure.to_string())
        } else {
            failure
        }
    })
}

/// The JSON inside a Markdown code fence, or the text itself.
fn strip_fence(text: &str) -> &str {
    let t = text.trim();
    t.strip_prefix("```json")
        .or_else(|| t.strip_prefix("```"))
        .and_then(|rest| rest.strip_suffix("```"))
        .map_or(t, str::trim)
}

/// Validate `value` against `schema`; the error names the failing path.
pub fn validate(schema: &Value, value: &Value) -> Result<(), String> {
    Validator {
        root: schema,
        visits: std::cell::Cell::new(0),
    }
    .check(schema, value, "$", 0)
}

struct Validator<'a> {
    root: &'a Value,
    visits: std::cell::Cell<usize>,
}

fn type_matches(name: &str, v: &Value) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_i64().is_some() || v.as_u64().is_some(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

impl<'a> Validator<'a> {
    fn resolve(&self, reference: &str) -> Result<&'a Value, String> {
        reference
            .strip_prefix('#')
            .and_then(|pointer| self.root.pointer(pointer))
            .ok_or_else(|| format!("unresolvable $ref '{reference}'"))
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("{at}: the schema nests too deeply"));
        }
        self.visits.set(self.visits.get() + 1);
        if self.visits.get() > MAX_VISITS {
            return Err(format!("{at}: the schema is too complex to check"));
        }
        let Value::Object(s) = schema else {
            return match schema {
                Value::Bool(false) => Err(format!("{at}: no value is allowed here")),
                _ => Ok(()),
            };
        };
        if let Some(Value::String(reference)) = s.get("$ref") {
            return self.check(self.resolve(reference)?, v, at, depth + 1);
        }
        if let Some(Value::Array(options)) = s.get("anyOf")
            && !options
                .iter()
                .any(|o| self.check(o, v, at, depth + 1).is_ok())
        {
            return Err(format!("{at}: matches none of anyOf"));
        }
        if let Some(c) = s.get("const")
            && c != v
        {
            return Err(format!("{at}: must be {c}"));
        }
        if let Some(Value::Array(options)) = s.get("enum")
            && !options.contains(v)
        {
            return Err(format!("{at}: not one of the allowed values"));
        }
        match s.get("type") {
            Some(Value::String(t)) if !type_matches(t, v) => {
                return Err(format!("{at}: must be of type {t}"));
            }
            Some(Value::Array(ts))
                if !ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| type_matches(t, v))) =>
            {
                return Err(format!("{at}: has none of the allowed types"));
            }
            _ => {}
        }
        match v {
            Value::Object(map) => self.object(s, map, at, depth),
            Value::Array(items) => self.array(s, items, at, depth),
            Value::String(text) => Self::string(s, text, at),
            Value::Number(n) => Self::number(s, n.as_f64().unwrap_or(f64::NAN), at),
            _ => Ok(()),
        }
    }

    fn object(
        &self,
        s: &Map<String, Value>,
        map: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<(), String> {
        if let Some(Value::Array(required)) = s.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(name) {
                    return Err(format!("{at}.{name}: is required"));
                }
            }
        }
        let properties = s.get("properties").and_then(Value::as_object);
        for (name, value) in map {
            let path = format!("{at}.{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => self.check(sub, value, &path, depth + 1)?,
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => return Err(format!("{path}: is not allowed")),
                    Some(sub @ Value::Object(_)) => self.check(sub, value, &path, depth + 1)?,
                    _ => {}
                },
            }
        }
        Ok(())
    }

    fn array(
        &self,
        s: &Map<String, Value>,
        items: &[Value],
        at: &str,
        depth: usize,
    ) -> Result<(), String> {
        let bound = |k: &str| s.get(k).and_then(Value::as_u64);
        if bound("minItems").is_some_and(|m| (items.len() as u64) < m) {
            return Err(format!("{at}: has too few items"));
        }
        if bound("maxItems").is_some_and(|m| (items.len() as u64) > m) {
            return Err(format!("{at}: has too many items"));
        }
        if let Some(item_schema) = s.get("items") {
            for (i, item) in items.iter().enumerate() {
                self.check(item_schema, item, &format!("{at}[{i}]"), depth + 1)?;
            }
        }
        Ok(())
    }

    fn string(s: &Map<String, Value>, text: &str, at: &str) -> Result<(), String> {
        let chars = text.chars().count() as u64;
        let bound = |k: &str| s.get(k).and_then(Value::as_u64);
        if bound("minLength").is_some_and(|m| chars < m) {
            return Err(format!("{at}: is too short"));
        }
        if bound("maxLength").is_some_and(|m| chars > m) {
            return Err(format!("{at}: is too long"));
        }
        Ok(())
    }

    fn number(s: &Map<String, Value>, n: f64, at: &str) -> Result<(), String> {
        let bound = |k: &str| s.get(k).and_then(Value::as_f64);
        if bound("minimum").is_some_and(|m| n < m) {
            return Err(format!("{at}: is below the minimum"));
        }
        if bound("maximum").is_some_and(|m| n > m) {
            return Err(format!("{at}: is above the maximum"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan_schema() -> Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["steps"],
            "properties": {"steps": {"type": "array", "minItems": 1, "maxItems": 2,
                "items": {"$ref": "#/$defs/step"}}},
            "$defs": {"step": {"type": "object", "required": ["agent"],
                "properties": {"agent": {"enum": ["code", "writer"]},
                               "n": {"type": "integer", "minimum": 1}}}}
        })
    }

    #[test]
    fn an_answer_cut_off_at_max_tokens_is_the_requests_fault() {
        let mut g = Generated {
            text: "{\"steps\":[".into(),
            finish_reason: Some("length".into()),
            ..Generated::default()
        };
        assert!(matches!(
            answer(&g, Some(&plan_schema())),
            Err(Failure::Truncated(_))
        ));
        g.finish_reason = Some("stop".into());
        assert!(matches!(
            answer(&g, Some(&plan_schema())),
            Err(Failure::InvalidOutput(_))
        ));
    }

    #[test]
    fn blank_answers_are_empty_output() {
        assert_eq!(output(" \n", None), Err(Failure::EmptyOutput));
        assert_eq!(output("hi", None), Ok(None));
    }

    #[test]
    fn matching_json_is_returned_parsed_even_inside_a_fence() {
        let text = "```json\n{\"steps\":[{\"agent\":\"code\",\"n\":2}]}\n```";
        let v = output(text, Some(&plan_schema())).expect("valid");
        assert_eq!(v, Some(json!({"steps": [{"agent": "code", "n": 2}]})));
    }

    #[test]
    fn mismatches_name_the_path() {
        let cases = [
            ("not json", "not JSON"),
            ("{}", "$.steps: is required"),
            (r#"{"steps":[]}"#, "$.steps: has too few items"),
            (r#"{"steps":[{"agent":"x"}]}"#, "$.steps[0].agent"),
            (
                r#"{"steps":[{"agent":"code","n":0}]}"#,
                "$.steps[0].n: is below",
            ),
            (r#"{"steps":[{"agent":"code","n":1.5}]}"#, "type integer"),
            (
                r#"{"steps":[{"agent":"code"}],"x":1}"#,
                "$.x: is not allowed",
            ),
        ];
        for (text, expected) in cases {
            match output(text, Some(&plan_schema())) {
                Err(Failure::InvalidOutput(msg)) => {
                    assert!(msg.contains(expected), "{text}: {msg}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn ref_cycles_and_bad_refs_do_not_loop_or_panic() {
        let cyclic = json!({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}});
        assert!(validate(&cyclic, &json!(1)).is_err());
        assert!(validate(&json!({"$ref": "#/nowhere"}), &json!(1)).is_err());
        let branching = json!({"$ref": "#/$defs/a", "$defs": {"a": {"anyOf": [
            {"$ref": "#/$defs/a"}, {"$ref": "#/$defs/a"}]}}});
        assert!(
            validate(&branching, &json!(1)).is_err(),
            "bounded, not 2^64 visits"
        );
        assert!(validate(&json!({"type": ["string", "null"]}), &Value::Null).is_ok());
        assert!(
            validate(
                &json!({"anyOf": [{"type": "string"}, {"minimum": 3}]}),
                &json!(1)
            )
            .is_err()
        );
    }
}
