//! A small schema language for JSON request bodies, and its validator. Unknown fields
//! are rejected (a typo such as `temprature` is a 400, not a silently ignored field),
//! and every error names the field by its path (`emails[3].subject`).

use serde_json::{Map, Value};

use crate::time::parse_rfc3339;

/// What one field may hold.
#[derive(Debug)]
pub enum Kind {
    /// A string of `min..=max` characters.
    String {
        /// Fewest characters.
        min: usize,
        /// Most characters.
        max: usize,
    },
    /// An integer in `min..=max`.
    Integer {
        /// Smallest value.
        min: i64,
        /// Largest value.
        max: i64,
    },
    /// A number in `min..=max`.
    Number {
        /// Smallest value.
        min: f64,
        /// Largest value.
        max: f64,
    },
    /// `true` or `false`.
    Boolean,
    /// One of a fixed set of strings.
    OneOf(&'static [&'static str]),
    /// An identifier: 1..=64 of `[A-Za-z0-9_-]`.
    Id,
    /// An RFC 3339 timestamp.
    Timestamp,
    /// Any JSON object (passed through, e.g. a JSON schema).
    AnyObject,
    /// A string, or an array of at most `max_items` strings, each at most `max_len` chars.
    StringOrStrings {
        /// Most array items.
        max_items: usize,
        /// Most characters per string.
        max_len: usize,
    },
    /// A string of at most `max_len` characters, or any JSON object.
    StringOrObject {
        /// Most characters of the string form.
        max_len: usize,
    },
    /// A chat message's content: a string of at most `max_len` characters, or an array of
    /// OpenAI text parts `{"type": "text", "text"}` whose texts total at most that.
    TextOrParts {
        /// Most characters in all.
        max_len: usize,
    },
    /// An array of `min..=max` items of one kind.
    Array {
        /// The items' kind.
        items: &'static Kind,
        /// Fewest items.
        min: usize,
        /// Most items.
        max: usize,
    },
    /// An object with its own schema.
    Object(&'static Schema),
}

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    /// The JSON name.
    pub name: &'static str,
    /// What it may hold.
    pub kind: Kind,
    /// Whether it must be present (and not null).
    pub required: bool,
}

impl Field {
    /// A field that must be present.
    pub const fn required(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            required: true,
        }
    }

    /// A field that may be absent or null.
    pub const fn optional(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            required: false,
        }
    }
}

/// The fields of an object; anything else is rejected.
#[derive(Debug)]
pub struct Schema {
    /// The allowed fields.
    pub fields: &'static [Field],
}

/// Whether `s` is a valid identifier (path segments, `conversation_id`, email ids).
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

impl Schema {
    /// Validate a JSON value against this schema; the error names the field.
    pub fn validate(&self, value: &Value) -> Result<(), String> {
        self.validate_at("", value)
    }

    fn validate_at(&self, path: &str, value: &Value) -> Result<(), String> {
        let Value::Object(map) = value else {
            return Err(if path.is_empty() {
                "the body must be a JSON object".to_owned()
            } else {
                format!("field '{path}' must be an object")
            });
        };
        self.check_unknown(path, map)?;
        for field in self.fields {
            let at = join(path, field.name);
            match map.get(field.name) {
                None | Some(Value::Null) if field.required => {
                    return Err(format!("field '{at}' is required"));
                }
                None | Some(Value::Null) => {}
                Some(v) => field.kind.validate(&at, v)?,
            }
        }
        Ok(())
    }

    fn check_unknown(&self, path: &str, map: &Map<String, Value>) -> Result<(), String> {
        match map
            .keys()
            .find(|k| !self.fields.iter().any(|f| f.name == k.as_str()))
        {
            Some(unknown) => {
                let shown: String = unknown.chars().take(64).collect();
                Err(format!("unknown field '{}'", join(path, &shown)))
            }
            None => Ok(()),
        }
    }
}

impl Kind {
    fn validate(&self, at: &str, v: &Value) -> Result<(), String> {
        match self {
            Kind::String { min, max } => {
                let s = v
                    .as_str()
                    .ok_or_else(|| format!("field '{at}' must be a string"))?;
                let n = s.chars().count();
                if n < *min || n > *max {
                    return Err(format!(
                        "field '{at}' must be {min} to {max} characters long (got {n})"
                    ));
                }
            }
            Kind::Integer { min, max } => match v.as_i64() {
                Some(n) if (*min..=*max).contains(&n) => {}
                _ if min == max => {
                    return Err(format!(
                        "field '{at}' must be {min}: no other value is supported"
                    ));
                }
                _ => {
                    return Err(format!(
                        "field '{at}' must be an integer from {min} to {max}"
                    ));
                }
            },
            Kind::Number { min, max } => match v.as_f64() {
                Some(n) if n >= *min && n <= *max => {}
                _ => return Err(format!("field '{at}' must be a number from {min} to {max}")),
            },
            Kind::Boolean => {
                if !v.is_boolean() {
                    return Err(format!("field '{at}' must be true or false"));
                }
            }
            Kind::OneOf(options) => match v.as_str() {
                Some(s) if options.contains(&s) => {}
                _ => {
                    return Err(format!(
                        "field '{at}' must be one of: {}",
                        options.join(", ")
                    ));
                }
            },
            Kind::Id => match v.as_str() {
                Some(s) if is_id(s) => {}
                _ => {
                    return Err(format!(
                        "field '{at}' must be an id: 1 to 64 of A-Z a-z 0-9 _ -"
                    ));
                }
            },
            Kind::Timestamp => match v.as_str() {
                Some(s) if parse_rfc3339(s).is_some() => {}
                _ => {
                    return Err(format!(
                        "field '{at}' must be an RFC 3339 timestamp such as 2026-11-25T09:30:00Z"
                    ));
                }
            },
            Kind::AnyObject => {
                if !v.is_object() {
                    return Err(format!("field '{at}' must be a JSON object"));
                }
            }
            Kind::StringOrStrings { max_items, max_len } => {
                let ok = match v {
                    Value::String(s) => s.chars().count() <= *max_len,
                    Value::Array(items) => {
                        items.len() <= *max_items
                            && items
                                .iter()
                                .all(|i| i.as_str().is_some_and(|s| s.chars().count() <= *max_len))
                    }
                    _ => false,
                };
                if !ok {
                    return Err(format!(
                        "field '{at}' must be a string or an array of at most {max_items} strings, each at most {max_len} characters"
                    ));
                }
            }
            Kind::StringOrObject { max_len } => match v {
                Value::String(s) if s.chars().count() <= *max_len => {}
                Value::Object(_) => {}
                _ => {
                    return Err(format!(
                        "field '{at}' must be an object or a string of at most {max_len} characters"
                    ));
                }
            },
            Kind::TextOrParts { max_len } => text_or_parts(at, v, *max_len)?,
            Kind::Array { items, min, max } => {
                let list = v
                    .as_array()
                    .ok_or_else(|| format!("field '{at}' must be an array"))?;
                if list.len() < *min || list.len() > *max {
                    return Err(format!(
                        "field '{at}' must have {min} to {max} items (got {})",
                        list.len()
                    ));
                }
                for (i, item) in list.iter().enumerate() {
                    items.validate(&format!("{at}[{i}]"), item)?;
                }
            }
            Kind::Object(schema) => schema.validate_at(at, v)?,
        }
        Ok(())
    }
}

/// Check a chat message's content ([`Kind::TextOrParts`]).
fn text_or_parts(at: &str, v: &Value, max_len: usize) -> Result<(), String> {
    let total = match v {
        Value::String(s) => s.chars().count(),
        Value::Array(parts) => {
            let mut total = 0;
            for (i, part) in parts.iter().enumerate() {
                match (part["type"].as_str(), part["text"].as_str()) {
                    (Some("text"), Some(text))
                        if part.as_object().is_some_and(|o| o.len() == 2) =>
                    {
                        total += text.chars().count();
                    }
                    (Some(kind), _) if kind != "text" => {
                        return Err(format!(
                            "field '{at}[{i}]' is a '{kind}' part; only text parts are supported"
                        ));
                    }
                    _ => {
                        return Err(format!(
                            "field '{at}[{i}]' must be {{\"type\": \"text\", \"text\": \"...\"}}"
                        ));
                    }
                }
            }
            total
        }
        _ => {
            return Err(format!(
                "field '{at}' must be a string or an array of text parts"
            ));
        }
    };
    if total > max_len {
        return Err(format!(
            "field '{at}' must be at most {max_len} characters long (got {total})"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static INNER: Schema = Schema {
        fields: &[Field {
            name: "subject",
            kind: Kind::String { min: 1, max: 5 },
            required: true,
        }],
    };
    static ITEM: Kind = Kind::Object(&INNER);
    static OUTER: Schema = Schema {
        fields: &[
            Field {
                name: "n",
                kind: Kind::Integer { min: 1, max: 10 },
                required: true,
            },
            Field {
                name: "items",
                kind: Kind::Array {
                    items: &ITEM,
                    min: 0,
                    max: 2,
                },
                required: false,
            },
            Field {
                name: "mode",
                kind: Kind::OneOf(&["a", "b"]),
                required: false,
            },
        ],
    };

    #[test]
    fn accepts_valid_bodies() {
        assert_eq!(OUTER.validate(&json!({"n": 3})), Ok(()));
        assert_eq!(
            OUTER.validate(&json!({"n": 3, "items": [{"subject": "hi"}], "mode": null})),
            Ok(())
        );
    }

    #[test]
    fn errors_name_the_field_by_path() {
        let cases = [
            (json!([]), "the body must be a JSON object"),
            (json!({}), "field 'n' is required"),
            (json!({"n": 0}), "field 'n' must be an integer from 1 to 10"),
            (
                json!({"n": 1.5}),
                "field 'n' must be an integer from 1 to 10",
            ),
            (json!({"n": 1, "x": 1}), "unknown field 'x'"),
            (
                json!({"n": 1, "mode": "c"}),
                "field 'mode' must be one of: a, b",
            ),
            (
                json!({"n": 1, "items": [{"subject": "ok"}, {}]}),
                "field 'items[1].subject' is required",
            ),
            (
                json!({"n": 1, "items": [{"subject": "toolong"}]}),
                "field 'items[0].subject' must be 1 to 5 characters long (got 7)",
            ),
            (
                json!({"n": 1, "items": [{"subject": "a"}, {"subject": "b"}, {"subject": "c"}]}),
                "field 'items' must have 0 to 2 items (got 3)",
            ),
        ];
        for (body, want) in cases {
            assert_eq!(OUTER.validate(&body), Err(want.to_owned()), "{body}");
        }
    }

    #[test]
    fn ids_are_short_safe_tokens() {
        assert!(is_id("conv_01-AB"));
        for bad in ["", "a b", "../x", "é", &"a".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
    }
}
