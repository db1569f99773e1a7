//! `schema_check`: a schema a tool author wrote, and a value a client sent.

use serde_json::Value;

use crate::validate::{CompiledSchema, MAX_CHECKS_PER_VALUE, MAX_ISSUES, count_values};

/// The most subschema evaluations one input may need (values × the
/// schema's bound). A call may need up to `MAX_CHECKS_PER_CALL`, whose cost
/// is linear by construction and is measured, not fuzzed: the harness looks
/// for cost beyond linear, which shows well within this budget, and keeps
/// each input far under libFuzzer's `-timeout` even with AddressSanitizer.
const FUZZ_CHECKS: u64 = 10_000;

/// Reads `data` as `SCHEMA NUL VALUE` (both JSON; without a NUL the whole
/// input is the schema and the value is `{}`), compiles the schema as a
/// component load does (the cost bound first), and checks the value against
/// it as a call does, when values × bound is within [`FUZZ_CHECKS`].
///
/// Invariants: nothing panics; a compiled schema's bound is within
/// [`MAX_CHECKS_PER_VALUE`]; a value that fails its schema is told at least
/// one and at most [`MAX_ISSUES`] issues. Time is the other invariant: a
/// schema that passed the bound must check any value quickly, and it is
/// libFuzzer's `-timeout` that catches one that does not.
pub fn schema_check(data: &[u8]) {
    let (schema, value) = match memchr::memchr(0, data) {
        Some(nul) => (&data[..nul], &data[nul + 1..]),
        None => (data, &b"{}"[..]),
    };
    let Ok(schema) = serde_json::from_slice::<Value>(schema) else {
        return;
    };
    let Ok(compiled) = CompiledSchema::compile(&schema) else {
        return;
    };
    let bound = compiled.checks_per_value();
    assert!(
        bound <= MAX_CHECKS_PER_VALUE,
        "a schema past the bound compiled: {bound} checks per value"
    );
    let Ok(value) = serde_json::from_slice::<Value>(value) else {
        return;
    };
    let most_values = FUZZ_CHECKS / bound.max(1);
    if count_values(&value, most_values + 1) > most_values {
        return;
    }
    if let Err(issues) = compiled.check(&value) {
        assert!(
            !issues.is_empty(),
            "an invalid value with no issue to report"
        );
        assert!(issues.len() <= MAX_ISSUES, "{} issues", issues.len());
    }
}
