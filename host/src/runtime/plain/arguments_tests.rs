use serde_json::{Value, json};

use super::super::json::to_json;
use super::super::schema::{Deriver, NoDocs};
use super::super::test_fixture::{named, signature};
use super::*;
use crate::validate::CompiledSchema;

/// Converts `args` for `function`, after checking that the derived schema
/// agrees with the conversion about whether they are valid.
fn convert_args(function: &str, args: Value) -> Result<Vec<Val>, Mismatch> {
    let sig = signature(function);
    let schema = Deriver::new(&NoDocs)
        .parameters(sig.params.iter().map(|(n, t)| (n.as_str(), t)))
        .unwrap();
    let valid = CompiledSchema::compile(&schema)
        .unwrap()
        .check(&args)
        .is_ok();
    let converted = arguments(&args, &sig.params);
    assert_eq!(
        valid,
        converted.is_ok(),
        "schema and conversion disagree on {args}: {converted:?}"
    );
    converted
}

/// The arguments converted and back, as JSON, parameter by parameter.
fn round_trip(function: &str, args: Value) -> Value {
    let sig = signature(function);
    let vals = convert_args(function, args).unwrap();
    let mut out = serde_json::Map::new();
    for ((name, ty), val) in sig.params.iter().zip(&vals) {
        out.insert(name.clone(), to_json(val, ty).unwrap());
    }
    Value::Object(out)
}

fn refusal(function: &str, args: Value) -> String {
    convert_args(function, args).unwrap_err().to_string()
}

#[test]
fn every_kind_of_value_converts_and_comes_back_the_same() {
    let integers = json!({"a": 255, "b": -128, "c": 65535, "d": -32768, "e": 4294967295u32,
        "f": i32::MIN, "g": u64::MAX, "h": i64::MIN});
    assert_eq!(round_trip("shapes#integers", integers.clone()), integers);
    let misc = json!({"half": 0.1, "whole": -2.5e300, "flag": true, "bytes": [0, 7, 255],
        "nested": {"tag": "some", "val": "x"}, "outcome": {"tag": "err", "val": "bad"}});
    assert_eq!(round_trip("shapes#misc", misc.clone()), misc);
    let some_none = json!({"half": 1, "whole": 2, "flag": false, "bytes": [],
        "nested": {"tag": "some", "val": null}, "outcome": {"tag": "ok", "val": 3}});
    let back = round_trip("shapes#misc", some_none);
    assert_eq!(back["nested"], json!({"tag": "some", "val": null}));
    assert_eq!(back["half"], json!(1.0));
    let label = json!({"label": {"text": "Hi", "initial": "é", "style": ["italic", "bold"],
        "size": 12, "anchor": {"x": 1.5, "y": -2.0}}});
    assert_eq!(round_trip("shapes#echo-label", label.clone()), label);
    let shape = json!({"shape": {"tag": "rectangle", "val": [{"x": 0.0, "y": 0.0}, {"x": 2.0, "y": 3.0}]},
        "unit": "metre"});
    assert_eq!(round_trip("shapes#area", shape.clone()), shape);
}

#[test]
fn options_may_be_left_out_or_null() {
    let back = round_trip("shapes#area", json!({"shape": {"tag": "dot"}}));
    assert_eq!(back, json!({"shape": {"tag": "dot"}, "unit": null}));
    let back = round_trip(
        "shapes#area",
        json!({"shape": {"tag": "dot"}, "unit": null}),
    );
    assert_eq!(back["unit"], Value::Null);
    let label = json!({"label": {"text": "", "initial": "x", "style": []}});
    let back = round_trip("shapes#echo-label", label);
    assert_eq!(back["label"]["size"], Value::Null);
    assert_eq!(back["label"]["anchor"], Value::Null);
}

#[test]
fn whole_floats_are_integers() {
    let args = json!({"a": 2.0, "b": -1.0, "c": 0, "d": 0, "e": 0, "f": 0, "g": 1e19, "h": -1e18});
    let back = round_trip("shapes#integers", args);
    assert_eq!(back["a"], json!(2));
    assert_eq!(back["g"], json!(10_000_000_000_000_000_000u64));
    assert_eq!(back["h"], json!(-1_000_000_000_000_000_000i64));
}

#[test]
fn mismatches_say_where_and_what() {
    let ints = |a: Value| json!({"a": a, "b": 0, "c": 0, "d": 0, "e": 0, "f": 0, "g": 0, "h": 0});
    assert_eq!(
        refusal("shapes#integers", ints(json!(256))),
        "at /a: expected an integer from 0 to 255"
    );
    assert_eq!(
        refusal("shapes#integers", ints(json!(-1))),
        "at /a: expected an integer from 0 to 255"
    );
    assert_eq!(
        refusal("shapes#integers", ints(json!(1.5))),
        "at /a: expected an integer from 0 to 255"
    );
    assert_eq!(
        refusal("shapes#integers", ints(json!("1"))),
        "at /a: expected an integer from 0 to 255"
    );
    let label = |field: &str, value: Value| {
        let mut label = json!({"text": "", "initial": "x", "style": []});
        label[field] = value;
        json!({ "label": label })
    };
    assert_eq!(
        refusal("shapes#echo-label", label("initial", json!("ab"))),
        "at /label/initial: expected exactly one character"
    );
    assert_eq!(
        refusal("shapes#echo-label", label("initial", json!(""))),
        "at /label/initial: expected exactly one character"
    );
    assert_eq!(
        refusal("shapes#echo-label", label("style", json!(["bold", "bold"]))),
        "at /label/style/1: flag given twice"
    );
    assert_eq!(
        refusal("shapes#echo-label", label("style", json!(["shiny"]))),
        "at /label/style/0: expected one of \"bold\", \"italic\", \"underline\""
    );
    assert_eq!(
        refusal("shapes#echo-label", label("extra", json!(1))),
        "at /label: unknown property \"extra\""
    );
    assert_eq!(
        refusal("shapes#echo-label", json!({"label": {"text": ""}})),
        "at /label: missing property \"initial\""
    );
    let area = |shape: Value| json!({ "shape": shape });
    assert_eq!(
        refusal("shapes#area", area(json!({"tag": "hexagon"}))),
        "at /shape: expected an object whose \"tag\" is one of \"circle\", \"rectangle\", \"dot\""
    );
    assert_eq!(
        refusal("shapes#area", area(json!({"tag": "circle"}))),
        "at /shape: case \"circle\" needs a \"val\""
    );
    assert_eq!(
        refusal("shapes#area", area(json!({"tag": "dot", "val": 1}))),
        "at /shape: case \"dot\" takes no \"val\""
    );
    assert_eq!(
        refusal(
            "shapes#area",
            area(json!({"tag": "rectangle", "val": [{"x": 0, "y": 0}]}))
        ),
        "at /shape/val: expected an array of 2"
    );
    assert_eq!(
        refusal(
            "shapes#area",
            json!({"shape": {"tag": "dot"}, "unit": "furlong"})
        ),
        "at /unit: expected one of \"millimetre\", \"metre\""
    );
    assert_eq!(
        refusal("shapes#area", json!({})),
        "missing property \"shape\""
    );
    assert_eq!(
        arguments(&json!([1]), &signature("say-hello").params)
            .unwrap_err()
            .to_string(),
        "the arguments must be an object"
    );
}

#[test]
fn f32_values_beyond_its_range_are_refused() {
    let misc = |half: Value| json!({"half": half, "whole": 0, "flag": true, "bytes": [], "outcome": {"tag": "ok", "val": 1}});
    assert_eq!(
        refusal("shapes#misc", misc(json!(1e39))),
        "at /half: expected a number from -3.4028234663852886e38 to 3.4028234663852886e38"
    );
    assert!(convert_args("shapes#misc", misc(json!(3.4e38))).is_ok());
}

#[test]
fn no_json_value_makes_a_conversion_panic() {
    let samples = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(u64::MAX),
        json!(""),
        json!("ab"),
        json!([]),
        json!([1, "x", null]),
        json!({}),
        json!({"tag": 1}),
        json!({"tag": "ok"}),
        json!({"tag": "some", "val": {"tag": "none"}}),
        json!([[1, 2], [3]]),
    ];
    let types = ["point", "unit", "style", "shape", "label", "measure-error"].map(named);
    for ty in &types {
        for sample in &samples {
            let _ = to_val(sample, ty);
        }
    }
    for function in ["shapes#misc", "shapes#integers", "shapes#area"] {
        for (_, ty) in &signature(function).params {
            for sample in &samples {
                let _ = to_val(sample, ty);
            }
        }
    }
}
