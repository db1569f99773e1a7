//! `#[tool]` and `#[schema]` as a tool crate uses them: this test crate
//! depends on `toolhost-sdk` alone (serde, schemars and serde_json come
//! through its re-exports), exactly like a tool crate.

use std::collections::{BTreeMap, HashSet};

use toolhost_sdk::serde_json::{Value, json};
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

fn tools() -> Toolbox {
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

/// Every field type a tool might take, nested and optional, in both
/// directions.
#[schema]
#[allow(dead_code)]
struct Everything {
    small: u8,
    unsigned: u64,
    size: usize,
    signed: i32,
    big: i128,
    ratio: f32,
    precise: f64,
    flag: bool,
    letter: char,
    #[schemars(email)]
    contact: String,
    maybe: Option<u16>,
    list: Vec<u32>,
    set: HashSet<String>,
    pair: (u8, String),
    fixed: [u16; 3],
    map: BTreeMap<String, i64>,
    nested: Nested,
    choice: Choice,
    #[serde(default = "five")]
    with_default: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    sometimes: Option<String>,
    raw: Value,
}

#[schema]
#[allow(dead_code)]
struct Nested {
    depth: u16,
    again: Option<Box<Nested>>,
}

#[schema]
#[allow(dead_code)]
#[serde(tag = "kind")]
enum Choice {
    Circle { radius: f64 },
    Square { side: u32 },
}

fn five() -> u32 {
    5
}

/// Echoes everything.
#[tool]
fn everything(args: Everything) -> Json<Everything> {
    Json(args)
}

/// The keywords of JSON Schema 2020-12 (core, applicator, unevaluated,
/// validation, meta-data, format-annotation and content vocabularies).
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "prefixItems",
    "items",
    "contains",
    "additionalProperties",
    "properties",
    "patternProperties",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "const",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// The formats JSON Schema 2020-12 defines.
const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Every keyword of `schema` and of its subschemas, with where it is.
fn nonstandard(schema: &Value, at: &str, found: &mut Vec<String>) {
    let Value::Object(map) = schema else {
        return; // `true`/`false` are schemas too
    };
    for (key, value) in map {
        let here = format!("{at}/{key}");
        if !KEYWORDS.contains(&key.as_str()) {
            found.push(here.clone());
        }
        match key.as_str() {
            "format" if !FORMATS.contains(&value.as_str().unwrap_or("")) => {
                found.push(format!("{here} = {value}"));
            }
            "properties" | "patternProperties" | "$defs" | "dependentSchemas" => {
                for (name, sub) in value.as_object().into_iter().flatten() {
                    nonstandard(sub, &format!("{here}/{name}"), found);
                }
            }
            "prefixItems" | "allOf" | "anyOf" | "oneOf" => {
                for (i, sub) in value.as_array().into_iter().flatten().enumerate() {
                    nonstandard(sub, &format!("{here}/{i}"), found);
                }
            }
            "items"
            | "contains"
            | "additionalProperties"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "not"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema" => {
                nonstandard(value, &here, found);
            }
            _ => {} // data (default, examples, const, enum) or a scalar
        }
    }
}

#[test]
fn derived_schemas_use_only_standard_keywords_and_formats() {
    let all = Toolbox::new()
        .tool(everything::tool())
        .tool(count::tool())
        .tool(convert::tool());
    let descriptors = all.describe().unwrap();
    let mut found = Vec::new();
    for descriptor in &descriptors {
        nonstandard(&descriptor.input_schema, &descriptor.name, &mut found);
        if let Some(output) = &descriptor.output_schema {
            nonstandard(output, &format!("{}(output)", descriptor.name), &mut found);
        }
    }
    assert!(found.is_empty(), "non-standard: {found:#?}");
    // The walk does look at what it should: bounds and a standard format stay.
    let properties = &descriptors[0].input_schema["properties"];
    assert_eq!(properties["small"]["maximum"], 255);
    assert_eq!(properties["unsigned"]["minimum"], 0);
    assert_eq!(properties["contact"]["format"], "email");
    assert!(!descriptors[0].input_schema.to_string().contains("uint"));
}
