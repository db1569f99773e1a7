use serde_json::json;

use super::super::test_fixture::{named, signature};
use super::*;

#[test]
fn floats_are_shortest_and_never_nan() {
    assert_eq!(to_json(&Val::Float32(0.1), &Type::Float32), Ok(json!(0.1)));
    assert_eq!(
        to_json(&Val::Float64(-0.5), &Type::Float64),
        Ok(json!(-0.5))
    );
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let refused = to_json(&Val::Float64(x), &Type::Float64).unwrap_err();
        assert!(refused.contains("JSON cannot carry"), "{refused}");
    }
    assert!(to_json(&Val::Float32(f32::NAN), &Type::Float32).is_err());
}

#[test]
fn values_take_the_shapes_of_the_schema() {
    let point = Val::Record(vec![
        ("x".into(), Val::Float64(1.0)),
        ("y".into(), Val::Float64(2.0)),
    ]);
    assert_eq!(
        to_json(&point, &named("point")),
        Ok(json!({"x": 1.0, "y": 2.0}))
    );
    let dot = Val::Variant("dot".into(), None);
    assert_eq!(to_json(&dot, &named("shape")), Ok(json!({"tag": "dot"})));
    let circle = Val::Variant("circle".into(), Some(Box::new(Val::Float64(2.0))));
    assert_eq!(
        to_json(&circle, &named("shape")),
        Ok(json!({"tag": "circle", "val": 2.0}))
    );
    let style = Val::Flags(vec!["bold".into(), "underline".into()]);
    assert_eq!(
        to_json(&style, &named("style")),
        Ok(json!(["bold", "underline"]))
    );
    assert_eq!(
        to_json(&Val::Enum("metre".into()), &named("unit")),
        Ok(json!("metre"))
    );
    assert_eq!(to_json(&Val::Char('é'), &Type::Char), Ok(json!("é")));
    assert_eq!(
        to_json(&Val::U64(u64::MAX), &Type::U64),
        Ok(json!(u64::MAX))
    );
    assert_eq!(
        to_json(&Val::S64(i64::MIN), &Type::S64),
        Ok(json!(i64::MIN))
    );

    let misc = signature("shapes#misc").result.clone().unwrap();
    let Type::Tuple(tuple) = &misc else {
        panic!("misc returns a tuple")
    };
    let types: Vec<Type> = tuple.types().collect();
    let nested = &types[4];
    assert_eq!(
        to_json(&Val::Option(None), nested),
        Ok(json!({"tag": "none"}))
    );
    let some_none = Val::Option(Some(Box::new(Val::Option(None))));
    assert_eq!(
        to_json(&some_none, nested),
        Ok(json!({"tag": "some", "val": null}))
    );
    let outcome = Val::Result(Err(Some(Box::new(Val::String("no".into())))));
    assert_eq!(
        to_json(&outcome, &types[5]),
        Ok(json!({"tag": "err", "val": "no"}))
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_not_a_panic() {
    let refused = to_json(&Val::List(vec![]), &named("point")).unwrap_err();
    assert_eq!(refused, "a value where a record was expected");
}
