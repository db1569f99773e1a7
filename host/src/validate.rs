//! JSON Schema checks: tool arguments before any wasm runs, and structured
//! output after.
//!
//! Schemas are compiled once, when a component is loaded. The dialect is
//! 2020-12 unless the schema's `$schema` names another one the validator
//! knows; an unknown dialect, or a `$ref` to anything outside the schema
//! itself, is a load error (nothing is ever fetched over the network or read
//! from disk: the resolver features are compiled out).

use std::fmt;

use jsonschema::Validator;
use serde::Serialize;
use serde_json::Value;

/// At most this many issues are reported for one value.
pub const MAX_ISSUES: usize = 20;

/// One way a value fails its schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaIssue {
    /// JSON Pointer to the offending part of the value ("" for the whole value).
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for SchemaIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() {
            "(root)"
        } else {
            &self.pointer
        };
        write!(f, "{at}: {}", self.message)
    }
}

/// A compiled schema.
pub struct CompiledSchema {
    validator: Validator,
}

impl fmt::Debug for CompiledSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CompiledSchema")
    }
}

impl CompiledSchema {
    /// Compiles `schema`, 2020-12 unless it says otherwise.
    pub fn compile(schema: &Value) -> Result<Self, String> {
        let validator = jsonschema::options()
            .with_draft(dialect_of(schema)?)
            .build(schema)
            .map_err(|e| e.to_string())?;
        Ok(Self { validator })
    }

    /// Checks `instance`, returning up to [`MAX_ISSUES`] issues.
    pub fn check(&self, instance: &Value) -> Result<(), Vec<SchemaIssue>> {
        // The fast path allocates nothing.
        if self.validator.is_valid(instance) {
            return Ok(());
        }
        let issues = self
            .validator
            .iter_errors(instance)
            .take(MAX_ISSUES)
            .map(|error| SchemaIssue {
                pointer: error.instance_path().to_string(),
                message: error.to_string(),
            })
            .collect();
        Err(issues)
    }
}

fn dialect_of(schema: &Value) -> Result<jsonschema::Draft, String> {
    use jsonschema::Draft;
    let Some(uri) = schema.get("$schema") else {
        return Ok(Draft::Draft202012);
    };
    let uri = uri.as_str().ok_or("\"$schema\" must be a string")?;
    let uri = uri.trim_end_matches('#');
    match uri {
        "https://json-schema.org/draft/2020-12/schema" => Ok(Draft::Draft202012),
        "https://json-schema.org/draft/2019-09/schema" => Ok(Draft::Draft201909),
        "http://json-schema.org/draft-07/schema" => Ok(Draft::Draft7),
        "http://json-schema.org/draft-06/schema" => Ok(Draft::Draft6),
        "http://json-schema.org/draft-04/schema" => Ok(Draft::Draft4),
        other => Err(format!("unsupported JSON Schema dialect {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_each_issue_with_its_pointer() {
        let schema = CompiledSchema::compile(&json!({
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
            "required": ["a", "b"]
        }))
        .unwrap();
        assert!(schema.check(&json!({"a": 1, "b": "x"})).is_ok());
        let issues = schema.check(&json!({"a": "1"})).unwrap_err();
        let pointers: Vec<_> = issues.iter().map(|i| i.pointer.as_str()).collect();
        assert!(pointers.contains(&"/a"), "{issues:?}");
        assert!(
            pointers.contains(&""),
            "missing `b` is reported at the root: {issues:?}"
        );
    }

    #[test]
    fn remote_refs_and_unknown_dialects_are_refused() {
        let remote = json!({"$ref": "https://example.invalid/schema.json"});
        assert!(CompiledSchema::compile(&remote).is_err());
        let dialect = json!({"$schema": "https://example.invalid/my-dialect", "type": "object"});
        assert!(
            CompiledSchema::compile(&dialect)
                .unwrap_err()
                .contains("unsupported")
        );
    }

    #[test]
    fn defaults_to_2020_12() {
        // `prefixItems` only exists from 2020-12 on.
        let schema = CompiledSchema::compile(&json!({
            "type": "array", "prefixItems": [{"type": "integer"}]
        }))
        .unwrap();
        assert!(schema.check(&json!(["no"])).is_err());
    }
}
