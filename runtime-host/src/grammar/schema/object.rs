//! Object rules: declared properties in order, required ones always, optional ones maybe.

use serde_json::{Map, Value};

use super::Converter;
use super::error::{SchemaError, invalid, unsupported};
use crate::grammar::primitives::literal;

impl Converter<'_> {
    /// The rule for an object: its `properties` in declaration order, or any object.
    pub(super) fn object(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
    ) -> Result<String, SchemaError> {
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
