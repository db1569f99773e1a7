//! `#[tool]` and `#[schema]`: names, descriptions, hints, schemas, calls
//! and errors of tools written the way the README shows.

use toolhost_sdk::serde_json::json;
use toolhost_sdk::{
    Context, ErrorContext, InputRequired, Json, Outcome, Result, ToolError, Toolbox, schema, tool,
};

/// Arguments of `count`: the doc comment of the type, as schemars keeps it.
#[schema]
struct CountArgs {
    /// The text whose characters to count.
    text: String,
    /// Count only this many characters at most.
    #[serde(default)]
    limit: Option<u32>,
}

#[schema]
struct Count {
    /// Unicode scalar values.
    characters: usize,
}

/// Counts the characters of a text.
///
/// Use it instead of counting yourself: exact counts are hard to
/// estimate.
#[tool(title = "Count", read_only, idempotent, open_world = false)]
fn count(args: CountArgs) -> Result<Json<Count>> {
    if args.text.is_empty() {
        return Err(ToolError::invalid_input("text must not be empty"));
    }
    let characters = args.text.chars().count();
    Ok(Json(Count {
        characters: args
            .limit
            .map_or(characters, |l| characters.min(l as usize)),
    }))
}

#[schema]
struct ParseArgs {
    number: String,
}

/// Parses a number; fails like the standard library does.
#[tool(name = "parse-number", destructive = false)]
fn parse(args: ParseArgs) -> Result<String> {
    let n: i64 = args.number.parse().context("reading `number`")?;
    Ok((n * 2).to_string())
}

/// Parses, with the standard library's error type as the tool's error.
#[tool]
fn parse_std(args: ParseArgs) -> std::result::Result<String, std::num::ParseIntError> {
    Ok(args.number.parse::<u8>()?.to_string())
}

/// Says hello; cannot fail.
#[tool]
fn hello() -> &'static str {
    "hello"
}

/// Reports progress, then asks for a name.
#[tool]
fn greet(cx: &mut Context) -> Outcome<String> {
    cx.progress(1.0, None, None);
    match cx.state() {
        Some(name) => format!("Hello, {}!", String::from_utf8_lossy(name)).into(),
        None => InputRequired::new().state("Ada").into(),
    }
}

/// Nested types in the arguments are `#[schema]` too.
#[schema]
#[derive(Debug, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum Unit {
    /// Degrees Celsius.
    Celsius,
    Fahrenheit,
}

#[schema]
struct ConvertArgs {
    degrees: f64,
    to: Unit,
}

/// Converts Celsius to the unit given.
#[tool]
fn convert(args: ConvertArgs, cx: &mut Context) -> String {
    cx.log(toolhost_sdk::LogLevel::Debug, format!("{:?}", args.to));
    match args.to {
        Unit::Celsius => format!("{}", args.degrees),
        Unit::Fahrenheit => format!("{}", args.degrees * 9.0 / 5.0 + 32.0),
    }
}

pub(crate) fn tools() -> Toolbox {
    Toolbox::new()
        .tool(count::tool())
        .tool(parse::tool())
        .tool(parse_std::tool())
        .tool(hello::tool())
        .tool(greet::tool())
        .tool(convert::tool())
}

toolhost_sdk::export_tools!(tools);

#[test]
fn names_descriptions_and_hints_come_from_the_function_and_the_attribute() {
    let descriptors = tools().describe().unwrap();
    let names: Vec<_> = descriptors.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "count",
            "parse-number",
            "parse_std",
            "hello",
            "greet",
            "convert"
        ]
    );
    let count = &descriptors[0];
    assert_eq!(count.title.as_deref(), Some("Count"));
    assert_eq!(
        count.description.as_deref(),
        Some(
            "Counts the characters of a text.\n\nUse it instead of counting yourself: exact \
             counts are hard to estimate."
        )
    );
    let hints = count.annotations.as_ref().unwrap();
    assert_eq!(hints.read_only_hint, Some(true));
    assert_eq!(hints.idempotent_hint, Some(true));
    assert_eq!(hints.open_world_hint, Some(false));
    assert_eq!(hints.destructive_hint, None);
    let parse = &descriptors[1];
    assert_eq!(
        parse.annotations.as_ref().unwrap().destructive_hint,
        Some(false)
    );
    assert!(descriptors[2].annotations.is_none());
}

#[test]
fn schemas_are_derived_as_with_serde_and_schemars_directly() {
    let descriptors = tools().describe().unwrap();
    assert_eq!(
        descriptors[0].input_schema,
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "description": "Arguments of `count`: the doc comment of the type, as schemars keeps it.",
            "type": "object",
            "properties": {
                "text": {"type": "string", "description": "The text whose characters to count."},
                "limit": {
                    "type": ["integer", "null"],
                    "minimum": 0,
                    "description": "Count only this many characters at most.",
                    "default": null
                }
            },
            "required": ["text"]
        })
    );
    assert_eq!(
        descriptors[0].output_schema.as_ref().unwrap()["properties"]["characters"],
        json!({"type": "integer", "minimum": 0, "description": "Unicode scalar values."})
    );
    let no_input = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {}
    });
    assert_eq!(descriptors[3].input_schema, no_input, "hello");
    assert_eq!(descriptors[4].input_schema, no_input, "greet");
    let unit = &descriptors[5].input_schema["$defs"]["Unit"];
    assert_eq!(unit["oneOf"][1]["const"], "celsius", "{unit}");
    assert_eq!(
        unit["oneOf"][1]["description"], "Degrees Celsius.",
        "{unit}"
    );
}

#[test]
fn calls_run_the_function() {
    let tools = tools();
    let counted = tools
        .call("count", r#"{"text":"héllo","limit":3}"#)
        .unwrap();
    assert_eq!(counted.structured(), Some(r#"{"characters":3}"#));
    assert_eq!(
        tools
            .call("parse-number", r#"{"number":"21"}"#)
            .unwrap()
            .text_blocks(),
        ["42"]
    );
    assert_eq!(tools.call("hello", "{}").unwrap().text_blocks(), ["hello"]);
    let mut cx = Context::new();
    let converted = tools.call_with("convert", r#"{"degrees":100,"to":"fahrenheit"}"#, &mut cx);
    assert_eq!(converted.unwrap().done().unwrap().text_blocks(), ["212"]);
    assert_eq!(cx.notifications().len(), 1);
}

#[test]
fn a_context_tool_can_ask_and_finish() {
    let tools = tools();
    let mut first = Context::new();
    let asked = tools.call_with("greet", "{}", &mut first).unwrap();
    assert_eq!(
        asked.input_required().unwrap().state.as_deref(),
        Some(&b"Ada"[..])
    );
    assert_eq!(first.notifications().len(), 1);
    let mut second = Context::new().with_state("Ada");
    let done = tools.call_with("greet", "{}", &mut second).unwrap();
    assert_eq!(done.done().unwrap().text_blocks(), ["Hello, Ada!"]);
}

#[test]
fn errors_of_any_kind_become_tool_errors() {
    let tools = tools();
    assert_eq!(
        tools.call("count", r#"{"text":""}"#).unwrap_err(),
        ToolError::invalid_input("text must not be empty")
    );
    assert_eq!(
        tools.call("parse-number", r#"{"number":"x"}"#).unwrap_err(),
        ToolError::other("reading `number`: invalid digit found in string")
    );
    assert_eq!(
        tools.call("parse_std", r#"{"number":"300"}"#).unwrap_err(),
        ToolError::other("number too large to fit in target type")
    );
    let undeserializable = tools.call("convert", r#"{"degrees":1,"to":"kelvin"}"#);
    assert!(matches!(undeserializable, Err(ToolError::InvalidInput(_))));
}
