//! Length-bounded values as GBNF repetitions: arrays by `minItems`/`maxItems`, strings by
//! `minLength`/`maxLength`.

use serde_json::{Map, Value};

use super::Converter;
use super::error::{SchemaError, invalid, unsupported};

/// Largest `minItems`/`maxItems`/`minLength`/`maxLength` accepted.
const MAX_REPEAT: u64 = 10_000;

/// The value of the count keyword `key` of `map`, if present and in `0..=MAX_REPEAT`.
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
    /// The rule for a string, bounded by `minLength`/`maxLength` when given.
    pub(super) fn string(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<String, SchemaError> {
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

    /// The rule for an array of `items`, bounded by `minItems`/`maxItems` when given.
    pub(super) fn array(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<String, SchemaError> {
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
}
