//! Schema derivation. Input and output schemas are derived separately because
//! serde attributes can make what a type accepts differ from what it emits
//! (defaults, `skip_serializing_if`, ...).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// The schema of what `T` accepts, for a tool's arguments.
pub(crate) fn input_schema<T: JsonSchema>() -> Value {
    finish(
        SchemaSettings::draft2020_12()
            .for_deserialize()
            .into_generator()
            .into_root_schema_for::<T>(),
    )
}

/// The schema of what `T` emits, for a tool's structured result.
pub(crate) fn output_schema<T: JsonSchema>() -> Value {
    finish(
        SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<T>(),
    )
}

/// schemars titles the root with the Rust type's name, which means nothing to
/// a model or a user and only costs tokens; the tool has its own title.
fn finish(mut schema: Schema) -> Value {
    schema.remove("title");
    let mut value = schema.to_value();
    tidy(&mut value);
    value
}

/// The formats JSON Schema 2020-12 defines. schemars also writes its own
/// (`uint`, `int64`, `double`, ...) beside the `minimum`/`maximum` that
/// carry the same bound; clients warn about each unknown one (the official
/// TypeScript client logs `unknown format "uint" ignored` per call).
const STANDARD_FORMATS: &[&str] = &[
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

/// Descriptions come from doc comments, hard-wrapped for the source file.
/// Clients show them (and models read them) as prose, so lines are joined the
/// way Markdown would, keeping blank lines, lists and code on lines of their
/// own. Formats JSON Schema does not define are dropped.
fn tidy(value: &mut Value) {
    match value {
        Value::Object(map) => {
            let unknown_format = map
                .get("format")
                .and_then(Value::as_str)
                .is_some_and(|format| !STANDARD_FORMATS.contains(&format));
            if unknown_format {
                map.remove("format");
            }
            for (key, value) in map.iter_mut() {
                match (key.as_str(), value) {
                    ("description", Value::String(text)) => *text = unwrap_lines(text),
                    // Data, not schema: leave it exactly as written.
                    ("default" | "examples" | "const" | "enum", _) => {}
                    (_, value) => tidy(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(tidy),
        _ => {}
    }
}

pub(crate) fn unwrap_lines(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let previous = lines[i - 1];
            let keep_break =
                previous.trim().is_empty() || line.trim().is_empty() || starts_block(line);
            if keep_break {
                out.push('\n');
            } else {
                out.push(' ');
                out.push_str(line.trim_start());
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

fn starts_block(line: &str) -> bool {
    let trimmed = line.trim_start();
    let numbered = trimmed
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with(". ")
        && trimmed.starts_with(|c: char| c.is_ascii_digit());
    line.starts_with("    ")
        || line.starts_with('\t')
        || numbered
        || ["- ", "* ", "+ ", "|", "```", "#"]
            .iter()
            .any(|marker| trimmed.starts_with(marker))
}

/// MCP requires both the input and the output schema to describe an object.
pub(crate) fn check_object_root(schema: &Value) -> Result<(), String> {
    match schema.get("type") {
        Some(Value::String(t)) if t == "object" => Ok(()),
        _ => Err(format!(
            "its root must be `\"type\": \"object\"`, got {}",
            short(schema)
        )),
    }
}

fn short(schema: &Value) -> String {
    let text = schema.to_string();
    match text.char_indices().nth(120) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    /// Why the tool is called.
    #[derive(Deserialize, JsonSchema)]
    #[allow(dead_code)]
    struct Args {
        /// The text to look at.
        text: String,
        #[serde(default)]
        limit: Option<u32>,
    }

    #[derive(Serialize, JsonSchema)]
    struct Stats {
        words: usize,
    }

    #[test]
    fn derived_input_schema_is_a_2020_12_object_without_the_rust_name() {
        let schema = input_schema::<Args>();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["type"], "object");
        assert!(schema.get("title").is_none());
        assert_eq!(schema["description"], "Why the tool is called.");
        assert_eq!(schema["properties"]["text"]["type"], "string");
        assert_eq!(
            schema["properties"]["text"]["description"],
            "The text to look at."
        );
        assert_eq!(schema["required"], json!(["text"]));
        check_object_root(&schema).unwrap();
    }

    #[test]
    fn derived_output_schema_is_an_object() {
        let schema = output_schema::<Stats>();
        assert_eq!(schema["type"], "object");
        assert_eq!(schema["properties"]["words"]["type"], "integer");
        check_object_root(&schema).unwrap();
    }

    #[test]
    fn descriptions_are_unwrapped_like_markdown() {
        assert_eq!(unwrap_lines("one\ntwo"), "one two");
        assert_eq!(unwrap_lines("one\n\ntwo\nthree"), "one\n\ntwo three");
        assert_eq!(
            unwrap_lines("Modes:\n- a\n- b\n  more"),
            "Modes:\n- a\n- b more"
        );
        assert_eq!(unwrap_lines("Steps:\n1. a\n2. b"), "Steps:\n1. a\n2. b");
        assert_eq!(unwrap_lines("2024 was\na year"), "2024 was a year");

        /// A wrapped
        /// description.
        #[derive(Deserialize, JsonSchema)]
        #[allow(dead_code)]
        struct Wrapped {
            /// Also
            /// wrapped.
            #[serde(default = "default_text")]
            field: String,
        }
        fn default_text() -> String {
            "keep\nthis".into()
        }
        let schema = input_schema::<Wrapped>();
        assert_eq!(schema["description"], "A wrapped description.");
        assert_eq!(
            schema["properties"]["field"]["description"],
            "Also wrapped."
        );
        assert_eq!(schema["properties"]["field"]["default"], "keep\nthis");
    }

    #[test]
    fn only_formats_json_schema_defines_are_kept() {
        #[derive(serde::Deserialize, JsonSchema)]
        #[allow(dead_code)]
        struct Numbers {
            count: usize,
            small: u8,
            big: i64,
            ratio: f32,
            #[schemars(email)]
            contact: String,
            /// A property that happens to be called `format`.
            format: String,
        }
        let schema = input_schema::<Numbers>();
        let properties = &schema["properties"];
        for name in ["count", "small", "big", "ratio"] {
            assert!(properties[name].get("format").is_none(), "{name}: {schema}");
        }
        assert_eq!(properties["count"]["minimum"], 0, "the bound stays");
        assert_eq!(properties["small"]["maximum"], 255);
        assert_eq!(properties["contact"]["format"], "email");
        assert_eq!(properties["format"]["type"], "string");
    }

    #[test]
    fn non_object_roots_are_rejected() {
        assert!(check_object_root(&input_schema::<String>()).is_err());
        assert!(check_object_root(&input_schema::<Vec<u32>>()).is_err());
        assert!(check_object_root(&json!(true)).is_err());
        assert!(check_object_root(&json!({"type": ["object", "null"]})).is_err());
        let long = json!({ "type": "array", "description": "x".repeat(500) });
        assert!(check_object_root(&long).unwrap_err().len() < 200);
    }
}
