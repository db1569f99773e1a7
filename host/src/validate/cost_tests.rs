//! Tests of the cost bound (`cost.rs`).

use super::*;
use serde_json::{Map, json};

/// `anyOf` of two `$ref`s to the next level, `levels` deep.
fn doubling(levels: usize) -> Value {
    let mut defs = Map::new();
    for i in 0..levels {
        let next = format!("#/$defs/l{}", i + 1);
        defs.insert(
            format!("l{i}"),
            json!({"anyOf": [{"$ref": next}, {"$ref": next, "type": "string"}]}),
        );
    }
    defs.insert(format!("l{levels}"), json!({"type": "integer"}));
    json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/l0"}}, "$defs": defs})
}

#[test]
fn ordinary_schemas_cost_a_few_checks() {
    let schema = json!({
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "tags": {"type": "array", "items": {"type": "string"}},
            "mode": {"oneOf": [{"const": "a"}, {"const": "b"}]}
        },
        "required": ["name"]
    });
    assert_eq!(checks_per_value(&schema), Ok(3));
}

#[test]
fn exponential_fan_out_is_refused_and_its_cost_named() {
    // Each level doubles: 2^(k+1) - 1 evaluations plus the $refs.
    assert!(checks_per_value(&doubling(5)).unwrap() < 200);
    match checks_per_value(&doubling(20)) {
        Err(CostError::TooCostly { checks, depth: 1 }) => assert!(checks > 1 << 20),
        other => panic!("expected TooCostly at depth 1, got {other:?}"),
    }
}

#[test]
fn recursive_schemas_are_linear_and_accepted() {
    // A tree: children reached by name, by `additionalProperties` for any
    // other key, and by array items. Each value meets each schema once.
    let tree = json!({
        "$defs": {"node": {
            "type": "object",
            "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}
            },
            "additionalProperties": {"$ref": "#/$defs/node"}
        }},
        "$ref": "#/$defs/node"
    });
    let checks = checks_per_value(&tree).unwrap();
    assert!(checks <= 3, "{checks}");
}

#[test]
fn fan_out_that_compounds_with_depth_is_refused() {
    // Two subschemas reach the same child at every level: 2^depth.
    let schema = json!({
        "$defs": {"n": {"allOf": [
            {"properties": {"a": {"$ref": "#/$defs/n"}}},
            {"properties": {"a": {"$ref": "#/$defs/n"}}}
        ]}},
        "$ref": "#/$defs/n"
    });
    assert!(matches!(
        checks_per_value(&schema),
        Err(CostError::TooCostly { .. })
    ));
}

#[test]
fn cycles_and_deep_chains_in_place_are_refused() {
    let cycle = json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"});
    assert!(matches!(checks_per_value(&cycle), Err(CostError::Cycle(_))));
    assert!(matches!(
        checks_per_value(&json!({"$ref": "#"})),
        Err(CostError::Cycle(_))
    ));
    let mut defs = Map::new();
    for i in 0..100 {
        defs.insert(
            format!("d{i}"),
            json!({"$ref": format!("#/$defs/d{}", i + 1)}),
        );
    }
    defs.insert("d100".into(), json!(true));
    let chain = json!({"$defs": defs, "$ref": "#/$defs/d0"});
    assert!(matches!(
        checks_per_value(&chain),
        Err(CostError::TooDeep(_))
    ));
}

#[test]
fn references_resolve_by_pointer_anchor_and_id() {
    let schema = json!({
        "$id": "https://example.com/root.json",
        "properties": {
            "a": {"$ref": "#/$defs/with%20space"},
            "b": {"$ref": "#named"},
            "c": {"$ref": "other.json"},
            "d": {"$ref": "other.json#/$defs/inner"}
        },
        "$defs": {
            "with space": {"type": "string"},
            "anchored": {"$anchor": "named", "type": "string"},
            "other": {"$id": "other.json", "$defs": {"inner": {"$ref": "#/$defs/leaf"}, "leaf": true}}
        }
    });
    assert!(
        checks_per_value(&schema).is_ok(),
        "{:?}",
        checks_per_value(&schema)
    );
    let outside = json!({"properties": {"a": {"$ref": "https://elsewhere.example/s.json"}}});
    assert_eq!(
        checks_per_value(&outside),
        Err(CostError::Unresolved(
            "https://elsewhere.example/s.json".into()
        ))
    );
    assert!(checks_per_value(&json!({"$ref": "#/nowhere"})).is_err());
}

#[test]
fn keywords_that_hold_values_are_not_walked_as_schemas() {
    // `const`, `enum` and `default` hold data that may look like schemas.
    let schema = json!({
        "const": {"$ref": "#/none"},
        "enum": [{"anyOf": [{"$ref": "#"}]}],
        "default": {"$ref": "#"},
        "properties": {"x": {"examples": [{"$ref": "#"}]}}
    });
    assert_eq!(checks_per_value(&schema), Ok(1));
}
