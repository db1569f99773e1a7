use serde_json::{Value, json};

use super::super::test_fixture::{named, signature};
use super::*;

fn input(function: &str) -> Value {
    let sig = signature(function);
    Deriver::new(&NoDocs)
        .parameters(sig.params.iter().map(|(n, t)| (n.as_str(), t)))
        .unwrap()
}

fn of(ty: &Type) -> Value {
    Deriver::new(&NoDocs).schema(ty, 1).unwrap()
}

#[test]
fn integers_carry_their_full_range() {
    let schema = input("shapes#integers");
    let range = |p: &str| {
        let s = &schema["properties"][p];
        assert_eq!(s["type"], "integer", "{p}: {s}");
        (s["minimum"].clone(), s["maximum"].clone())
    };
    assert_eq!(range("a"), (json!(0), json!(255)));
    assert_eq!(range("b"), (json!(-128), json!(127)));
    assert_eq!(range("c"), (json!(0), json!(65535)));
    assert_eq!(range("d"), (json!(-32768), json!(32767)));
    assert_eq!(range("e"), (json!(0), json!(4294967295u32)));
    assert_eq!(range("f"), (json!(i32::MIN), json!(i32::MAX)));
    assert_eq!(range("g"), (json!(0), json!(u64::MAX)));
    assert_eq!(range("h"), (json!(i64::MIN), json!(i64::MAX)));
    assert_eq!(schema["required"].as_array().unwrap().len(), 8);
    assert_eq!(schema["additionalProperties"], false);
}

#[test]
fn scalars_lists_options_and_results() {
    let schema = input("shapes#misc");
    let p = &schema["properties"];
    assert_eq!(
        p["half"],
        json!({"type": "number", "minimum": -f64::from(f32::MAX), "maximum": f64::from(f32::MAX)})
    );
    assert_eq!(p["whole"], json!({"type": "number"}));
    assert_eq!(p["flag"], json!({"type": "boolean"}));
    assert_eq!(
        p["bytes"],
        json!({"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 255}})
    );
    // option<option<string>>: tagged, since null could not tell the two nones apart.
    let nested = p["nested"]["oneOf"].as_array().unwrap();
    assert_eq!(nested[0]["properties"], json!({"tag": {"const": "none"}}));
    assert_eq!(
        nested[1]["properties"]["val"],
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]})
    );
    let outcome = p["outcome"]["oneOf"].as_array().unwrap();
    assert_eq!(outcome[0]["properties"]["tag"], json!({"const": "ok"}));
    assert_eq!(outcome[0]["required"], json!(["tag", "val"]));
    assert_eq!(outcome[1]["properties"]["val"], json!({"type": "string"}));
    // An option may be left out; nothing else.
    assert_eq!(
        schema["required"],
        json!(["half", "whole", "flag", "bytes", "outcome"])
    );
}

#[test]
fn records_variants_enums_flags_chars_and_tuples() {
    let label = of(&named("label"));
    assert_eq!(label["type"], "object");
    assert_eq!(label["required"], json!(["text", "initial", "style"]));
    assert_eq!(label["additionalProperties"], false);
    let p = &label["properties"];
    assert_eq!(
        p["initial"],
        json!({"type": "string", "minLength": 1, "maxLength": 1})
    );
    assert_eq!(
        p["style"],
        json!({"type": "array", "items": {"type": "string", "enum": ["bold", "italic", "underline"]},
               "uniqueItems": true, "maxItems": 3})
    );
    assert_eq!(
        p["size"],
        json!({"anyOf": [{"type": "integer", "minimum": 0, "maximum": 255}, {"type": "null"}]})
    );
    assert_eq!(
        of(&named("unit")),
        json!({"type": "string", "enum": ["millimetre", "metre"]})
    );
    let shape = of(&named("shape"));
    let cases = shape["oneOf"].as_array().unwrap();
    assert_eq!(cases.len(), 3);
    assert_eq!(cases[0]["properties"]["val"], json!({"type": "number"}));
    let corners = &cases[1]["properties"]["val"];
    assert_eq!(corners["type"], "array");
    assert_eq!(
        (corners["minItems"].clone(), corners["maxItems"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(corners["items"], false);
    assert_eq!(corners["prefixItems"][1]["required"], json!(["x", "y"]));
    // A case without payload has no `val`, and may not have one.
    assert_eq!(
        cases[2],
        json!({"type": "object", "properties": {"tag": {"const": "dot"}}, "required": ["tag"],
               "additionalProperties": false})
    );
}

#[test]
fn outputs_are_wrapped_unless_records() {
    let mut deriver = Deriver::new(&NoDocs);
    let string = deriver.output(&Type::String).unwrap();
    assert_eq!(
        string,
        json!({"type": "object", "properties": {"result": {"type": "string"}},
               "required": ["result"], "additionalProperties": false})
    );
    let point = deriver.output(&named("point")).unwrap();
    assert_eq!(point["properties"]["x"], json!({"type": "number"}));
    assert_eq!(wrap(&Type::String, json!("hi")), json!({"result": "hi"}));
    assert_eq!(wrap(&named("point"), json!({"x": 1})), json!({"x": 1}));
}

#[test]
fn resources_are_unsupported() {
    let counter = signature("shapes#make-counter").result.clone().unwrap();
    assert_eq!(
        Deriver::new(&NoDocs).schema(&counter, 1),
        Err(Unsupported("it uses a resource handle".into()))
    );
}

#[test]
fn schema_size_and_depth_are_bounded() {
    let label = named("label");
    let mut deriver = Deriver::new(&NoDocs);
    deriver.nodes = MAX_SCHEMA_NODES - 3;
    let refused = deriver.schema(&label, 1).unwrap_err();
    assert!(refused.0.contains("nodes"), "{refused:?}");
    let refused = Deriver::new(&NoDocs)
        .schema(&label, MAX_TYPE_DEPTH)
        .unwrap_err();
    assert!(refused.0.contains("nest more than"), "{refused:?}");
}

#[test]
fn every_derived_schema_compiles_under_the_hosts_checks() {
    for function in [
        "say-hello",
        "count-down",
        "shapes#area",
        "shapes#echo-label",
        "shapes#integers",
        "shapes#misc",
        "shapes#divide",
    ] {
        let schema = input(function);
        crate::validate::CompiledSchema::compile(&schema)
            .unwrap_or_else(|e| panic!("{function}: {e}"));
        if let Some(result) = &signature(function).result {
            let output = Deriver::new(&NoDocs).output(result).unwrap();
            crate::validate::CompiledSchema::compile(&output)
                .unwrap_or_else(|e| panic!("{function} output: {e}"));
        }
    }
}
