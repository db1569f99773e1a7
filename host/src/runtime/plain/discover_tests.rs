use serde_json::{Value, json};

use super::super::test_fixture;
use super::*;

fn discovered() -> (Vec<Function>, PlainExports) {
    let (component, engine, bytes) = test_fixture::component();
    discover(component, "plain_wit.wasm", bytes, engine).unwrap()
}

fn descriptor<'a>(functions: &'a [Function], tool: &str) -> &'a ToolDescriptor {
    &functions
        .iter()
        .find(|f| f.descriptor.name == tool)
        .unwrap_or_else(|| panic!("no tool {tool}"))
        .descriptor
}

fn schema(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn tool_names_are_short_and_fit_the_mcp_rules() {
    assert_eq!(tool_name(None, "list-directory"), "list_directory");
    assert_eq!(tool_name(Some("shapes"), "echo-label"), "shapes_echo_label");
    assert_eq!(tool_name(Some("fetch"), "fetch"), "fetch");
    assert_eq!(short_name("component:fetch-rs/fetch"), "fetch");
    assert_eq!(short_name("a:b/shapes@1.0.0"), "shapes");
    assert_eq!(short_name("inline-thing"), "inline-thing");
}

#[test]
fn every_function_but_the_resource_ones_is_a_tool() {
    let (functions, exports) = discovered();
    let mut names: Vec<&str> = functions
        .iter()
        .map(|f| f.descriptor.name.as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "count_down",
            "do_nothing",
            "refuse",
            "say_hello",
            "shapes_area",
            "shapes_divide",
            "shapes_echo_label",
            "shapes_integers",
            "shapes_misc",
        ]
    );
    assert_eq!(exports.served, 9);
    assert!(exports.documented);
    let skipped: Vec<(&str, &str)> = exports
        .skipped
        .iter()
        .map(|s| (s.function.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "fixture:plain-wit/shapes@0.1.0#[constructor]counter",
                "it is a resource's constructor or method"
            ),
            (
                "fixture:plain-wit/shapes@0.1.0#[method]counter.increment",
                "it is a resource's constructor or method"
            ),
            (
                "fixture:plain-wit/shapes@0.1.0#make-counter",
                "it uses a resource handle"
            ),
        ]
    );
}

#[test]
fn descriptions_come_from_the_package_docs() {
    let (functions, _) = discovered();
    let greet = descriptor(&functions, "say_hello");
    assert_eq!(
        greet.description.as_deref(),
        Some("Greets someone by name.")
    );
    let area = descriptor(&functions, "shapes_area");
    assert_eq!(
        area.description.as_deref(),
        Some("The area of a shape, in square units (metres when no unit is given).")
    );
    let input = schema(&area.input_schema);
    let cases = input["properties"]["shape"]["oneOf"].as_array().unwrap();
    assert_eq!(
        input["properties"]["shape"]["description"],
        "A shape to measure."
    );
    assert_eq!(cases[0]["description"], "A circle of this radius.");
    let corner = &cases[1]["properties"]["val"]["prefixItems"][0];
    assert_eq!(corner["description"], "A point on the plane.");
    assert_eq!(
        corner["properties"]["x"]["description"],
        "Distance along the x axis."
    );
    let label = schema(&descriptor(&functions, "shapes_echo_label").input_schema);
    assert_eq!(
        label["properties"]["label"]["properties"]["size"]["description"],
        "Its size in points; the default size when absent."
    );
}

#[test]
fn without_package_docs_descriptions_are_generic() {
    let (component, engine, bytes) = test_fixture::component();
    let stripped = without_package_docs(bytes);
    let (functions, exports) = discover(component, "x", stripped, engine).unwrap();
    assert!(!exports.documented);
    assert_eq!(
        descriptor(&functions, "say_hello").description.as_deref(),
        Some("The WIT function `say-hello` (the component carries no description of it).")
    );
}

#[test]
fn a_malformed_package_docs_section_is_ignored() {
    let (component, engine, bytes) = test_fixture::component();
    let mut broken = without_package_docs(bytes).to_vec();
    // A custom section named package-docs holding version 1 and half an object.
    broken.extend_from_slice(b"\x00\x13\x0cpackage-docs\x01{\"wor");
    let (functions, exports) = discover(component, "x", &broken, engine).unwrap();
    assert!(!exports.documented);
    assert_eq!(exports.served, 9);
    assert!(
        descriptor(&functions, "say_hello")
            .description
            .as_deref()
            .unwrap()
            .contains("carries no description")
    );
}

#[test]
fn outputs_are_objects_and_errors_are_not_part_of_them() {
    let (functions, _) = discovered();
    let output = |tool: &str| {
        descriptor(&functions, tool)
            .output_schema
            .as_deref()
            .map(schema)
    };
    assert_eq!(
        output("do_nothing"),
        None,
        "nothing returned, nothing declared"
    );
    assert_eq!(
        output("refuse"),
        None,
        "result<_, _>: no ok value to declare"
    );
    assert_eq!(
        output("shapes_divide"),
        Some(json!({
            "type": "object",
            "properties": {"result": {"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX}},
            "required": ["result"],
            "additionalProperties": false,
        }))
    );
    let label = output("shapes_echo_label").unwrap();
    assert_eq!(label["type"], "object");
    assert!(
        label["properties"]["text"].is_object(),
        "a record is not wrapped: {label}"
    );
}

/// The component without its last section, the package-docs one the build
/// appended: a 0 byte, the section's size, then its name.
fn without_package_docs(bytes: &[u8]) -> &[u8] {
    let name = bytes
        .windows(13)
        .rposition(|w| w == b"\x0cpackage-docs")
        .expect("a package-docs section");
    let body = bytes.len() - name;
    for start in (name.saturating_sub(6)..name - 1).rev() {
        let mut size = 0usize;
        for (i, byte) in bytes[start + 1..name].iter().enumerate() {
            size |= usize::from(byte & 0x7f) << (7 * i);
        }
        if bytes[start] == 0 && size == body {
            return &bytes[..start];
        }
    }
    panic!("no custom section header before the package-docs name");
}
