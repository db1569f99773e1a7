//! JSON Schema checks: tool arguments before any wasm runs, and structured
//! output after.
//!
//! Schemas are compiled once, when a component is loaded. The dialect is
//! 2020-12 unless the schema's `$schema` names another one the validator
//! knows; an unknown dialect, or a `$ref` to anything outside the schema
//! itself, is a load error (nothing is ever fetched over the network or read
//! from disk: the resolver features are compiled out).
//!
//! A check's cost is bounded twice. When the schema loads, [`cost`] bounds
//! the subschema evaluations any one location of a value can need
//! ([`MAX_CHECKS_PER_VALUE`]) and refuses a schema past it. When a call
//! arrives, that bound times the number of values in the arguments is the
//! check's worst case: under [`INLINE_CHECK_BUDGET`] it runs where the call
//! is (microseconds); above it, on the blocking pool, so the thread that
//! reads requests never waits on it; above [`MAX_CHECKS_PER_CALL`] the
//! value is refused unchecked. The caller bounds the wait by the call's
//! deadline.

mod cost;
mod refs;

use std::any::Any;
use std::fmt;
use std::sync::Arc;

use jsonschema::{PatternOptions, Validator};
use serde::Serialize;
use serde_json::Value;

pub use cost::{CostError, MAX_CHECKS_PER_VALUE};

/// At most this many issues are reported for one value.
pub const MAX_ISSUES: usize = 20;

/// Worst-case subschema evaluations a check may cost and still run inline,
/// on whatever thread holds the call (for stdio, the one reading requests).
/// A valid value costs well under a microsecond per evaluation; an invalid
/// one, whose every failing branch is reported, up to about 3 µs (measured
/// on the `schemas` fixture): a few milliseconds at worst.
pub const INLINE_CHECK_BUDGET: u64 = 1_000;

/// Worst-case subschema evaluations one check may cost at all (a few
/// seconds of one core at worst, on the blocking pool); a larger value is
/// refused without being checked.
pub const MAX_CHECKS_PER_CALL: u64 = 1_000_000;

/// Backtracking steps one `pattern` match may take (for the few patterns,
/// with lookaround or backreferences, that need a backtracking engine).
const REGEX_BACKTRACK_LIMIT: usize = 100_000;

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

/// Why a schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("is too costly to check: {0}")]
    TooCostly(#[from] CostError),
    #[error("does not compile: {0}")]
    Invalid(String),
}

/// How a check ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Checked {
    Valid,
    Invalid(Vec<SchemaIssue>),
    /// The value is too large to check against this schema: `values` values
    /// (at least) at up to `checks_per_value` evaluations each.
    TooLarge {
        values: u64,
        checks_per_value: u64,
    },
}

/// A check that could not run: the host's fault.
#[derive(Debug, thiserror::Error)]
#[error("the schema check panicked: {0}")]
pub struct CheckPanicked(String);

/// A compiled schema, cheap to clone.
#[derive(Clone)]
pub struct CompiledSchema {
    validator: Arc<Validator>,
    checks_per_value: u64,
}

impl fmt::Debug for CompiledSchema {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CompiledSchema({} checks per value)",
            self.checks_per_value
        )
    }
}

impl CompiledSchema {
    /// Compiles `schema`, 2020-12 unless it says otherwise, after bounding
    /// its cost.
    pub fn compile(schema: &Value) -> Result<Self, SchemaError> {
        let checks_per_value = cost::checks_per_value(schema)?;
        let validator = jsonschema::options()
            .with_draft(dialect_of(schema).map_err(SchemaError::Invalid)?)
            .with_pattern_options(
                PatternOptions::fancy_regex().backtrack_limit(REGEX_BACKTRACK_LIMIT),
            )
            .build(schema)
            .map_err(|e| SchemaError::Invalid(e.to_string()))?;
        Ok(Self {
            validator: Arc::new(validator),
            checks_per_value,
        })
    }

    /// The most subschema evaluations one location of a value can need.
    pub fn checks_per_value(&self) -> u64 {
        self.checks_per_value
    }

    /// Checks `instance` here and now, returning up to [`MAX_ISSUES`]
    /// issues. Its cost is bounded only by the value's size: see
    /// [`Self::check_bounded`].
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

    /// Checks `instance` without holding up the calling thread for more
    /// than [`INLINE_CHECK_BUDGET`] evaluations: a costlier check runs on
    /// the blocking pool, keeping `hold` (the call's permits) alive until it
    /// ends, even if the caller stops waiting.
    pub async fn check_bounded(
        &self,
        instance: Arc<Value>,
        hold: Arc<dyn Any + Send + Sync>,
    ) -> Result<Checked, CheckPanicked> {
        let inline_values = INLINE_CHECK_BUDGET / self.checks_per_value.max(1);
        if count_values(&instance, inline_values + 1) <= inline_values {
            return Ok(self.checked(&instance));
        }
        let max_values = MAX_CHECKS_PER_CALL / self.checks_per_value.max(1);
        let schema = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            let _hold = hold;
            let values = count_values(&instance, max_values + 1);
            if values > max_values {
                return Checked::TooLarge {
                    values,
                    checks_per_value: schema.checks_per_value,
                };
            }
            schema.checked(&instance)
        });
        job.await.map_err(|e| CheckPanicked(format!("{e}")))
    }

    fn checked(&self, instance: &Value) -> Checked {
        match self.check(instance) {
            Ok(()) => Checked::Valid,
            Err(issues) => Checked::Invalid(issues),
        }
    }
}

/// The values in `value` (itself, every member, every item, all the way
/// down), counting no further than `limit`.
pub fn count_values(value: &Value, limit: u64) -> u64 {
    let mut count = 0;
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        count += 1;
        if count >= limit {
            return count;
        }
        match value {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => stack.extend(members.values()),
            _ => {}
        }
    }
    count
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
                .to_string()
                .contains("unsupported")
        );
    }

    #[test]
    fn costly_schemas_are_refused_with_the_reason() {
        let mut defs = serde_json::Map::new();
        for i in 0..20 {
            let next = format!("#/$defs/l{}", i + 1);
            defs.insert(
                format!("l{i}"),
                json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
            );
        }
        defs.insert("l20".into(), json!({"type": "integer"}));
        let bomb =
            json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/l0"}}, "$defs": defs});
        let err = CompiledSchema::compile(&bomb).unwrap_err().to_string();
        assert!(
            err.starts_with("is too costly to check: one value can need"),
            "{err}"
        );
    }

    #[test]
    fn values_are_counted_all_the_way_down_up_to_a_limit() {
        let value = json!({"a": [1, 2, {"b": null}], "c": "x"});
        assert_eq!(count_values(&value, 100), 7);
        assert_eq!(count_values(&value, 3), 3);
    }

    #[tokio::test]
    async fn bounded_checks_give_the_same_answers_inline_and_off_thread() {
        let schema = CompiledSchema::compile(&json!({
            "type": "object",
            "properties": {"xs": {"type": "array", "items": {"type": "integer"}}}
        }))
        .unwrap();
        let hold: Arc<dyn Any + Send + Sync> = Arc::new(());
        let small = Arc::new(json!({"xs": [1, 2, 3]}));
        assert_eq!(
            schema.check_bounded(small, hold.clone()).await.unwrap(),
            Checked::Valid
        );
        // Past the inline budget: checked on the blocking pool.
        let big: Vec<Value> = (0..INLINE_CHECK_BUDGET).map(Value::from).collect();
        let mut bad = big.clone();
        bad.push(json!("nope"));
        let valid = Arc::new(json!({"xs": big}));
        assert_eq!(
            schema.check_bounded(valid, hold.clone()).await.unwrap(),
            Checked::Valid
        );
        let invalid = Arc::new(json!({"xs": bad}));
        match schema.check_bounded(invalid, hold).await.unwrap() {
            Checked::Invalid(issues) => {
                assert!(issues[0].pointer.starts_with("/xs/"), "{issues:?}")
            }
            other => panic!("expected issues, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn values_too_large_for_their_schema_are_refused_unchecked() {
        // Hundreds of checks per value: a few thousand values are past the
        // call's cap.
        let mut defs = serde_json::Map::new();
        for i in 0..7 {
            let next = format!("#/$defs/l{}", i + 1);
            defs.insert(
                format!("l{i}"),
                json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
            );
        }
        defs.insert("l7".into(), json!({"type": "integer"}));
        let schema = CompiledSchema::compile(&json!({
            "type": "object", "additionalProperties": {"$ref": "#/$defs/l0"}, "$defs": defs
        }))
        .unwrap();
        let per_value = schema.checks_per_value();
        assert!(per_value > 250, "{per_value}");
        let members: serde_json::Map<String, Value> = (0..MAX_CHECKS_PER_CALL / per_value + 10)
            .map(|i| (format!("k{i}"), json!(1)))
            .collect();
        let hold: Arc<dyn Any + Send + Sync> = Arc::new(());
        match schema
            .check_bounded(Arc::new(Value::Object(members)), hold)
            .await
            .unwrap()
        {
            Checked::TooLarge {
                values,
                checks_per_value,
            } => {
                assert!(values * checks_per_value > MAX_CHECKS_PER_CALL);
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
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
