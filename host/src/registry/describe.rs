//! Turning a component's own description of a tool into a hosted tool.

use std::sync::Arc;

use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::quarantine::Health;

use super::HostedTool;
use crate::config::Limits;
use crate::runtime::{Annotations, LoadedComponent, PlainExports, ToolDescriptor};
use crate::validate::CompiledSchema;

/// Longest tool name, per the MCP tool naming guidance.
const MAX_NAME_LEN: usize = 128;

pub fn hosted_tool(
    descriptor: ToolDescriptor,
    component: &Arc<LoadedComponent>,
    limits: &Limits,
) -> Result<HostedTool, String> {
    check_name(&descriptor.name)?;
    let input = parse_schema("inputSchema", &descriptor.input_schema)?;
    if input.get("type").and_then(Value::as_str) != Some("object") {
        return Err("inputSchema must have `\"type\": \"object\"` at its root".into());
    }
    let input_schema = CompiledSchema::compile(&Value::Object(input.clone()))
        .map_err(|e| format!("inputSchema {e}"))?;
    let output = descriptor
        .output_schema
        .as_deref()
        .map(|text| parse_schema("outputSchema", text))
        .transpose()?;
    let output_schema = output
        .as_ref()
        .map(|schema| CompiledSchema::compile(&Value::Object(schema.clone())))
        .transpose()
        .map_err(|e| format!("outputSchema {e}"))?;

    let mut tool = Tool::new_with_raw(
        descriptor.name.clone(),
        descriptor.description.map(Into::into),
        input,
    );
    tool.title = descriptor.title;
    tool.output_schema = output.map(Arc::new);
    tool.annotations = descriptor.annotations.map(annotations);

    let tool_limits = limits.for_tool(&descriptor.name);
    Ok(HostedTool {
        name: descriptor.name.into(),
        descriptor: tool,
        component: component.clone(),
        input_schema,
        output_schema,
        limits: tool_limits,
        permits: Arc::new(Semaphore::new(tool_limits.max_in_flight as usize)),
        health: Arc::new(Health::new(tool_limits.quarantine)),
    })
}

/// What `check` says of a plain WIT component: how many of its functions
/// are tools, which are not and why, and where descriptions come from.
pub fn plain_summary(plain: &PlainExports) -> String {
    let served = plain.served;
    let mut text = format!(
        "plain WIT component (no toolhost contract): {served} function{} served as tools",
        if served == 1 { "" } else { "s" }
    );
    if !plain.skipped.is_empty() {
        let list: Vec<String> = plain
            .skipped
            .iter()
            .map(|s| format!("{} ({})", s.function, s.reason))
            .collect();
        text.push_str(&format!(
            ", {} skipped: {}",
            plain.skipped.len(),
            list.join("; ")
        ));
    }
    text.push_str(if plain.documented {
        "; descriptions from its WIT doc comments"
    } else {
        "; it carries no WIT doc comments (no package-docs section), so descriptions are generic"
    });
    text
}

fn check_name(name: &str) -> Result<(), String> {
    let valid_chars = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
    if name.is_empty() || name.len() > MAX_NAME_LEN || !valid_chars {
        return Err(format!(
            "invalid tool name {name:?}: use 1-{MAX_NAME_LEN} characters from A-Z a-z 0-9 _ . -"
        ));
    }
    Ok(())
}

fn parse_schema(which: &str, text: &str) -> Result<JsonObject, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(schema)) => Ok(schema),
        Ok(_) => Err(format!("{which} must be a JSON object")),
        Err(e) => Err(format!("{which} is not valid JSON: {e}")),
    }
}

fn annotations(from: Annotations) -> ToolAnnotations {
    let mut annotations = ToolAnnotations::default();
    annotations.title = from.title;
    annotations.read_only_hint = from.read_only_hint;
    annotations.destructive_hint = from.destructive_hint;
    annotations.idempotent_hint = from.idempotent_hint;
    annotations.open_world_hint = from.open_world_hint;
    annotations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_mcp_rules() {
        assert!(check_name("get_weather.v2-beta").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("has space").is_err());
        assert!(check_name("ünïcode").is_err());
        assert!(check_name(&"x".repeat(129)).is_err());
        assert!(check_name(&"x".repeat(128)).is_ok());
    }

    #[test]
    fn schemas_must_be_json_objects() {
        assert!(parse_schema("inputSchema", "{\"type\":\"object\"}").is_ok());
        assert!(
            parse_schema("inputSchema", "[]")
                .unwrap_err()
                .contains("JSON object")
        );
        assert!(
            parse_schema("inputSchema", "{")
                .unwrap_err()
                .contains("not valid JSON")
        );
    }
}
