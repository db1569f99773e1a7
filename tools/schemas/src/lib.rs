//! Test fixture: tools whose schemas test the host's bounds on checking
//! them. `bomb` and `bomb_output` declare schemas whose check is exponential
//! and must be refused when the component loads; `costly` declares one just
//! under the bound, whose checks are slow enough to be seen off the thread
//! that reads requests. Never serve it to users.

use serde_json::{Map, Value, json};
use toolhost_sdk::{Json, Tool, ToolError, Toolbox};

/// `anyOf` of two `$ref`s to the next level, `levels` deep, ending in an
/// integer: checking a non-integer evaluates about 2^(levels+1) subschemas.
fn doubling(levels: usize) -> Map<String, Value> {
    let mut defs = Map::new();
    for i in 0..levels {
        let next = format!("#/$defs/l{}", i + 1);
        defs.insert(
            format!("l{i}"),
            json!({"anyOf": [{"$ref": next}, {"$ref": next}]}),
        );
    }
    defs.insert(format!("l{levels}"), json!({"type": "integer"}));
    defs
}

/// An object whose `xs` is an array of values checked against `doubling`.
fn array_of(levels: usize) -> Value {
    json!({
        "type": "object",
        "properties": {"xs": {"type": "array", "items": {"$ref": "#/$defs/l0"}}},
        "$defs": doubling(levels),
    })
}

fn ok(_: Value) -> Result<String, ToolError> {
    Ok("ok".into())
}

fn structured(_: Value) -> Result<Json<Value>, ToolError> {
    Ok(Json(json!({"xs": [1]})))
}

fn tools() -> Toolbox {
    Toolbox::new()
        .tool(
            Tool::new("bomb", ok)
                .description("Test fixture: an input schema that is exponential to check.")
                .input_schema(array_of(20)),
        )
        .tool(
            Tool::new("bomb_output", structured)
                .description("Test fixture: an output schema that is exponential to check.")
                .input_schema(json!({"type": "object"}))
                .output_schema(array_of(20)),
        )
        .tool(
            Tool::new("costly", ok)
                .description("Test fixture: an input schema just under the host's bound.")
                .input_schema(array_of(7)),
        )
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolbox_is_valid() {
        assert_eq!(tools().describe().unwrap().len(), 3);
        assert_eq!(
            tools()
                .call("costly", r#"{"xs":[1]}"#)
                .unwrap()
                .text_blocks(),
            ["ok"]
        );
    }
}
