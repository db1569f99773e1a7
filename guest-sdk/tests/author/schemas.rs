//! Derived schemas keep to JSON Schema 2020-12: every keyword and format
//! of every schema `#[schema]` derives, for every kind of field a tool
//! might take or return, is one the specification defines.

use std::collections::{BTreeMap, HashSet};

use toolhost_sdk::serde_json::Value;
use toolhost_sdk::{Json, Toolbox, schema, tool};

use crate::tools::tools;

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
    // `everything`, then every tool of the `tools` module.
    let everything = Toolbox::new().tool(everything::tool());
    let descriptors = [everything.describe().unwrap(), tools().describe().unwrap()].concat();
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

#[test]
fn the_walk_finds_what_is_not_standard() {
    let schema = toolhost_sdk::serde_json::json!({
        "type": "object",
        "properties": {"n": {"type": "integer", "format": "uint"}},
        "$defs": {"D": {"nullable": true}},
        "anyOf": [{"x-kind": 1}],
        "default": {"nullable": "data, not schema"}
    });
    let mut found = Vec::new();
    nonstandard(&schema, "s", &mut found);
    assert_eq!(
        found,
        [
            "s/$defs/D/nullable",
            "s/anyOf/0/x-kind",
            "s/properties/n/format = \"uint\""
        ]
    );
}
