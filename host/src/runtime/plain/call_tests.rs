use serde_json::{Value, json};

use super::super::test_fixture::signature;
use super::*;

fn result_of(function: &str) -> Type {
    signature(function).result.clone().unwrap()
}

fn structured(output: &ToolOutput) -> Value {
    serde_json::from_str(output.structured.as_deref().unwrap()).unwrap()
}

fn text_of(output: &ToolOutput) -> &str {
    match &output.content[0].kind {
        super::super::super::ContentKind::Text(text) => text,
        other => panic!("not text: {other:?}"),
    }
}

#[test]
fn an_ok_value_is_structured_with_a_text_rendering() {
    let greet = returned(&Val::String("Hello, Ada!".into()), &result_of("say-hello")).unwrap();
    assert_eq!(structured(&greet), json!({"result": "Hello, Ada!"}));
    assert_eq!(text_of(&greet), "Hello, Ada!", "a string is shown as it is");

    let divide = result_of("shapes#divide");
    let ok = Val::Result(Ok(Some(Box::new(Val::S32(-3)))));
    let output = returned(&ok, &divide).unwrap();
    assert_eq!(structured(&output), json!({"result": -3}));
    assert_eq!(text_of(&output), "-3");
}

#[test]
fn an_err_is_a_tool_error_with_the_error_rendered() {
    let divide = result_of("shapes#divide");
    let err = Val::Result(Err(Some(Box::new(Val::String(
        "cannot divide 1 by 0".into(),
    )))));
    assert_eq!(
        returned(&err, &divide),
        Err(ToolError::Other("cannot divide 1 by 0".into()))
    );

    let area = result_of("shapes#area");
    let err = Val::Result(Err(Some(Box::new(Val::Record(vec![
        ("code".into(), Val::U16(422)),
        ("reason".into(), Val::String("negative".into())),
    ])))));
    assert_eq!(
        returned(&err, &area),
        Err(ToolError::Other(
            r#"{"code":422,"reason":"negative"}"#.into()
        ))
    );

    let fail = result_of("refuse");
    assert_eq!(
        returned(&Val::Result(Err(None)), &fail),
        Err(ToolError::Other(
            "the function returned an error, with no detail".into()
        ))
    );
    let ok = returned(&Val::Result(Ok(None)), &fail).unwrap();
    assert_eq!((text_of(&ok), ok.structured.as_deref()), ("ok", None));
}

#[test]
fn a_result_json_cannot_carry_is_a_tool_error() {
    let refused = returned(&Val::Float64(f64::NAN), &Type::Float64).unwrap_err();
    assert_eq!(
        refused,
        ToolError::Other(
            "its result cannot be sent as JSON: it returned NaN, which JSON cannot carry".into()
        )
    );
}
