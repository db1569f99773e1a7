//! Plain WIT components through the real binary: `plain_wit` (every kind of
//! WIT type, a resource, `result` errors, doc comments in a `package-docs`
//! section) served beside a toolhost component, and wassette's
//! `examples/filesystem-rs`, built unchanged from its published source,
//! under a files policy. `check` and `inspect` say what is served and what
//! is not.

use std::process::Command;

use super::*;

fn plain() -> Server {
    started_with(Options {
        components: &["echo", "plain_wit"],
        ..Default::default()
    })
}

fn tool<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("no tool {name} in {list}"))
}

#[test]
fn plain_functions_are_listed_beside_toolhost_tools_with_derived_schemas_and_docs() {
    let mut server = plain();
    let list = server.request("tools/list", json!({}));
    let mut names = support::tool_names(&list);
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "count_down",
            "do_nothing",
            "echo",
            "refuse",
            "say_hello",
            "shapes_area",
            "shapes_divide",
            "shapes_echo_label",
            "shapes_integers",
            "shapes_misc",
        ],
        "the resource's functions are not tools"
    );
    let area = tool(&list, "shapes_area");
    assert_eq!(
        area["description"],
        "The area of a shape, in square units (metres when no unit is given)."
    );
    let input = &area["inputSchema"];
    assert_eq!(input["type"], "object");
    assert_eq!(input["required"], json!(["shape"]));
    assert_eq!(
        input["properties"]["unit"],
        json!({"anyOf": [{"type": "string", "enum": ["millimetre", "metre"],
            "description": "A unit of length."}, {"type": "null"}]})
    );
    assert_eq!(
        input["properties"]["shape"]["oneOf"][0]["description"],
        "A circle of this radius."
    );
    assert_eq!(
        area["outputSchema"],
        json!({"type": "object", "properties": {"result": {"type": "number"}},
            "required": ["result"], "additionalProperties": false})
    );
    let integers = tool(&list, "shapes_integers");
    assert_eq!(
        integers["inputSchema"]["properties"]["g"],
        json!({"type": "integer", "minimum": 0, "maximum": u64::MAX})
    );
    assert!(
        tool(&list, "do_nothing").get("outputSchema").is_none(),
        "nothing returned, nothing declared"
    );
    server.wait_for_log(&[
        "function not served as a tool",
        "make-counter",
        "it uses a resource handle",
    ]);
    server.wait_for_log(&["function not served as a tool", "[method]counter.increment"]);
    assert_healthy(&mut server);
}

#[test]
fn calls_convert_arguments_and_return_structured_content() {
    let mut server = plain();
    let hello = server.call("say_hello", json!({"name": "Ada"}));
    assert_eq!(hello["result"]["isError"], false, "{hello}");
    assert_eq!(text(&hello), "Hello, Ada!");
    assert_eq!(
        hello["result"]["structuredContent"],
        json!({"result": "Hello, Ada!"})
    );

    let area = server.call(
        "shapes_area",
        json!({"shape": {"tag": "rectangle", "val": [{"x": 0, "y": 0}, {"x": 2, "y": 3}]},
            "unit": "millimetre"}),
    );
    assert_eq!(area["result"]["structuredContent"], json!({"result": 6e6}));
    assert_eq!(text(&area), "6000000.0");

    let label = json!({"text": "Hi", "initial": "é", "style": ["underline", "bold"], "size": 12});
    let echoed = server.call("shapes_echo_label", json!({ "label": label }));
    assert_eq!(
        echoed["result"]["structuredContent"],
        json!({"text": "Hi", "initial": "é", "style": ["bold", "underline"], "size": 12,
            "anchor": null}),
        "a record comes back as an object, absent options as null, flags in WIT order"
    );

    let integers = json!({"a": 255, "b": -128, "c": 65535, "d": -32768, "e": 4294967295u32,
        "f": -2147483648, "g": u64::MAX, "h": i64::MIN});
    let back = server.call("shapes_integers", integers);
    assert_eq!(
        back["result"]["structuredContent"]["result"],
        json!([
            255,
            -128,
            65535,
            -32768,
            4294967295u32,
            -2147483648,
            u64::MAX,
            i64::MIN
        ]),
        "64-bit integers arrive and return exactly"
    );

    let misc = server.call(
        "shapes_misc",
        json!({"half": 0.1, "whole": 2.5, "flag": true, "bytes": [1, 2],
            "nested": {"tag": "some", "val": null}, "outcome": {"tag": "err", "val": "no"}}),
    );
    assert_eq!(
        misc["result"]["structuredContent"]["result"],
        json!([0.1, 2.5, true, [1, 2], {"tag": "some", "val": null}, {"tag": "err", "val": "no"}])
    );

    let modern = server.call_modern("say_hello", json!({"name": "Grace"}));
    assert_eq!(modern["result"]["resultType"], "complete", "{modern}");
    assert_eq!(
        modern["result"]["structuredContent"],
        json!({"result": "Hello, Grace!"})
    );

    let nothing = server.call("do_nothing", json!({}));
    assert_eq!(nothing["result"]["isError"], false, "{nothing}");
    assert_eq!(text(&nothing), "ok");
    assert!(nothing["result"].get("structuredContent").is_none());
    assert_healthy(&mut server);
}

#[test]
fn a_result_err_is_a_tool_error_with_the_error_rendered() {
    let mut server = plain();
    let divided = server.call("shapes_divide", json!({"a": 7, "b": 0}));
    assert_eq!(tool_error(&divided), "cannot divide 7 by 0");
    let negative = server.call(
        "shapes_area",
        json!({"shape": {"tag": "circle", "val": -1.5}}),
    );
    assert_eq!(
        tool_error(&negative),
        r#"{"code":422,"reason":"a circle cannot have a negative radius (-1.5)"}"#
    );
    let refused = server.call("refuse", json!({}));
    assert_eq!(
        tool_error(&refused),
        "the function returned an error, with no detail"
    );
    let ok = server.call("shapes_divide", json!({"a": 7, "b": -2}));
    assert_eq!(ok["result"]["structuredContent"], json!({"result": -3}));
    assert_healthy(&mut server);
}

#[test]
fn invalid_arguments_are_refused_before_wasm_runs() {
    let mut server = plain();
    let reply = server.call(
        "shapes_integers",
        json!({"a": 256, "b": 0, "c": 0, "d": 0, "e": 0, "f": 0, "g": 0, "h": 0}),
    );
    assert!(
        tool_error(&reply).contains("/a: 256 is greater than the maximum of 255"),
        "{reply}"
    );
    let reply = server.call("shapes_area", json!({"shape": {"tag": "hexagon"}}));
    assert!(tool_error(&reply).contains("/shape"), "{reply}");
    let reply = server.call("say_hello", json!({"name": "Ada", "extra": 1}));
    assert!(tool_error(&reply).contains("extra"), "{reply}");
    server.wait_for_log(&["tool call failed", "shapes_area", "invalid_arguments"]);
    assert_healthy(&mut server);
}

#[test]
fn fuel_and_deadline_bound_plain_functions_too() {
    let mut server = started_with(Options {
        components: &["echo", "plain_wit"],
        config: "[tools.count_down]\nfuel = 50000000\ndeadline_ms = 60000",
        ..Default::default()
    });
    let forever = json!({"rounds": u64::MAX});
    let reply = server.call("count_down", forever.clone());
    assert!(tool_error(&reply).contains("ran out of fuel"), "{reply}");
    let done = server.call("count_down", json!({"rounds": 1000}));
    assert_eq!(done["result"]["structuredContent"], json!({"result": 1000}));

    let mut server = started_with(Options {
        components: &["echo", "plain_wit"],
        config: "[tools.count_down]\nfuel = 1000000000000\ndeadline_ms = 300",
        ..Default::default()
    });
    let reply = server.call("count_down", forever);
    assert!(
        tool_error(&reply).contains("exceeded its 300 ms deadline"),
        "{reply}"
    );
    assert_healthy(&mut server);
}

/// wassette's `examples/filesystem-rs`, built from its source unchanged: a
/// component made for another host, served here under toolhost's files
/// policy. It carries no doc comments, so its descriptions are generic.
#[test]
fn a_component_built_unchanged_from_wassettes_example_is_served_under_the_policy() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("notes.txt"), "from the host\n").unwrap();
    std::fs::create_dir(data.path().join("sub")).unwrap();
    let config = format!(
        "[[components.wassette_filesystem.files]]\nhost = {:?}\nguest = \"/data\"\nmode = \"read-only\"\n",
        data.path()
    );
    let mut server = started_with(Options {
        components: &["echo", "wassette_filesystem"],
        config: &config,
        ..Default::default()
    });
    let list = server.request("tools/list", json!({}));
    let read = tool(&list, "read_file");
    assert_eq!(
        read["description"],
        "The WIT function `read-file` (the component carries no description of it)."
    );
    assert_eq!(
        read["inputSchema"],
        json!({"type": "object", "properties": {"path": {"type": "string"}},
            "required": ["path"], "additionalProperties": false})
    );
    assert!(tool(&list, "search_file")["inputSchema"]["required"] == json!(["path", "pattern"]));

    let contents = server.call("read_file", json!({"path": "/data/notes.txt"}));
    assert_eq!(text(&contents), "from the host\n", "{contents}");
    let mut entries: Vec<Value> = server.call("list_directory", json!({"path": "/data"}))["result"]
        ["structuredContent"]["result"]
        .as_array()
        .unwrap()
        .clone();
    entries.sort_by_key(|e| e.to_string());
    assert_eq!(entries, [json!("[DIR] sub\n"), json!("[FILE] notes.txt\n")]);
    // Outside what the policy grants there is nothing: the example's own
    // error comes back as a tool error.
    let outside = server.call("read_file", json!({"path": "/etc/passwd"}));
    assert!(
        tool_error(&outside).starts_with("Failed to read file:"),
        "{outside}"
    );
    assert_healthy(&mut server);
}

#[test]
fn check_and_inspect_say_what_a_plain_component_serves_and_skips() {
    let dir = tempfile::tempdir().unwrap();
    let tools = dir.path().join("tools");
    std::fs::create_dir(&tools).unwrap();
    for name in ["plain_wit", "wassette_filesystem"] {
        std::fs::copy(
            support::components().join(format!("{name}.wasm")),
            tools.join(format!("{name}.wasm")),
        )
        .unwrap();
    }
    let run = |command: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_toolhost"))
            .args([command, "--tools"])
            .arg(&tools)
            .env_remove("RUST_LOG")
            .output()
            .unwrap();
        assert!(output.status.success(), "{command}: {output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let check = run("check");
    assert!(
        check.contains(
            "plain WIT component (no toolhost contract): 9 functions served as tools, 3 skipped: \
             fixture:plain-wit/shapes@0.1.0#[constructor]counter (it is a resource's constructor \
             or method); fixture:plain-wit/shapes@0.1.0#[method]counter.increment (it is a \
             resource's constructor or method); fixture:plain-wit/shapes@0.1.0#make-counter (it \
             uses a resource handle); descriptions from its WIT doc comments"
        ),
        "{check}"
    );
    assert!(
        check.contains(
            "plain WIT component (no toolhost contract): 4 functions served as tools; it carries \
             no WIT doc comments (no package-docs section), so descriptions are generic"
        ),
        "{check}"
    );
    let inspect = run("inspect");
    assert!(
        inspect.contains(
            "  plain:    WIT functions as tools (no toolhost contract); descriptions generic \
             (no package-docs); skipped: none"
        ),
        "{inspect}"
    );
    assert!(
        inspect.contains("  tools:    list_directory, read_file, search_file, get_file_info"),
        "{inspect}"
    );
}
