//! JSON schema → GBNF conversion, so constrained requests decode under a llama.cpp grammar.
//!
//! Only a documented subset of JSON Schema is accepted; anything else is an error, because
//! silently ignoring a keyword would let the model produce output that fails the schema.

mod primitives;
mod schema;

pub use schema::{SchemaError, schema_to_gbnf};

/// Grammar that accepts any JSON object (`response_format: {"type": "json_object"}`).
#[must_use]
pub fn json_object_gbnf() -> String {
    let mut out = String::from("root ::= object\n");
    primitives::push_generic_value_rules(&mut out);
    out
}
