//! A tool's output as MCP content: the output cap, structured content, and
//! each block in its wire shape (images and audio base64-encoded here, the
//! cap having counted their bytes).

use std::any::Any;
use std::sync::Arc;
use std::time::Instant;

use base64::Engine as _;
use rmcp::model::{CallToolResult, ContentBlock};
use serde_json::{Map, Value, json};
use tokio::time::timeout_at;

use crate::failure::{CallFailure, HostFault, ToolFailure};
use crate::registry::HostedTool;
use crate::runtime::{
    Content, ContentAnnotations, ContentKind, ResourceBody, ResourceContents, Role, ToolOutput,
};
use crate::sanitize::sanitize;
use crate::validate::Checked;

/// How deep structured content may nest. The reply wraps it a few levels
/// deeper, and clients built on serde_json refuse JSON past 128 levels.
const MAX_STRUCTURED_DEPTH: usize = 100;

/// The output cap (`output_bytes`: content and structured text together,
/// media counted as decoded bytes), the structured text parsed as JSON, and
/// the content blocks. When the tool gave no content, the structured text is
/// the one block, for clients that ignore `structuredContent`. Also what the
/// fuzz target `tool_output` drives.
pub(crate) fn output_result(
    output: ToolOutput,
    output_bytes: u64,
) -> Result<CallToolResult, ToolFailure> {
    let content_bytes: usize = output.content.iter().map(Content::size).sum();
    let size = content_bytes + output.structured.as_ref().map_or(0, String::len);
    if size as u64 > output_bytes {
        return Err(ToolFailure::OutputTooLarge {
            kib: output_bytes >> 10,
        });
    }
    let structured = match &output.structured {
        Some(text) => Some(serde_json::from_str::<Value>(text).map_err(|_| {
            ToolFailure::InvalidOutput("its structured content is not valid JSON".into())
        })?),
        None => None,
    };
    if structured
        .as_ref()
        .is_some_and(|value| nesting(value) > MAX_STRUCTURED_DEPTH)
    {
        return Err(ToolFailure::InvalidOutput(
            "its structured content nests more than 100 levels deep".into(),
        ));
    }
    let mut content = Vec::with_capacity(output.content.len().max(1));
    for (index, block) in output.content.into_iter().enumerate() {
        content.push(content_block(block, index + 1)?);
    }
    if content.is_empty()
        && let Some(text) = output.structured
    {
        // Clients that ignore structuredContent still get the value.
        content.push(ContentBlock::text(text));
    }
    let mut result = CallToolResult::success(content);
    result.structured_content = structured;
    Ok(result)
}

/// One block in its MCP shape. `number` counts from 1, for the message.
pub(crate) fn content_block(block: Content, number: usize) -> Result<ContentBlock, ToolFailure> {
    // Plain text, the common case, skips building JSON.
    if block.annotations.is_none()
        && let ContentKind::Text(text) = block.kind
    {
        return Ok(ContentBlock::text(text));
    }
    let mut value = match block.kind {
        ContentKind::Text(text) => json!({"type": "text", "text": text}),
        ContentKind::Image(media) | ContentKind::Audio(media)
            if !is_mime_type(&media.mime_type) =>
        {
            return Err(bad_mime(number, &media.mime_type));
        }
        ContentKind::Image(media) => json!({"type": "image",
            "data": base64(&media.data), "mimeType": media.mime_type}),
        ContentKind::Audio(media) => json!({"type": "audio",
            "data": base64(&media.data), "mimeType": media.mime_type}),
        ContentKind::ResourceLink(link) => {
            if let Some(mime) = link.mime_type.as_deref().filter(|m| !is_mime_type(m)) {
                return Err(bad_mime(number, mime));
            }
            let mut value = json!({"type": "resource_link", "uri": link.uri, "name": link.name});
            let object = value.as_object_mut().expect("an object");
            insert(object, "title", link.title);
            insert(object, "description", link.description);
            insert(object, "mimeType", link.mime_type);
            if let Some(size) = link.size {
                object.insert("size".into(), size.into());
            }
            value
        }
        ContentKind::Resource(contents) => {
            json!({"type": "resource", "resource": resource_json(contents, number)?})
        }
    };
    if let Some(annotations) = block.annotations {
        let annotations = annotations_json(annotations, number)?;
        value
            .as_object_mut()
            .expect("an object")
            .insert("annotations".into(), annotations);
    }
    serde_json::from_value(value).map_err(|_| {
        ToolFailure::InvalidOutput(
            format!("content block {number} is not valid MCP content").into(),
        )
    })
}

/// A resource's contents in their MCP shape (`resources/read`, embedded
/// resources).
pub(crate) fn resource_json(
    contents: ResourceContents,
    number: usize,
) -> Result<Value, ToolFailure> {
    if let Some(mime) = contents.mime_type.as_deref().filter(|m| !is_mime_type(m)) {
        return Err(bad_mime(number, mime));
    }
    let mut value = json!({"uri": contents.uri});
    let object = value.as_object_mut().expect("an object");
    insert(object, "mimeType", contents.mime_type);
    match contents.body {
        ResourceBody::Text(text) => object.insert("text".into(), text.into()),
        ResourceBody::Blob(blob) => object.insert("blob".into(), base64(&blob).into()),
    };
    Ok(value)
}

pub(crate) fn annotations_json(a: ContentAnnotations, number: usize) -> Result<Value, ToolFailure> {
    let mut object = Map::new();
    if let Some(audience) = a.audience {
        let roles: Vec<&str> = audience
            .iter()
            .map(|role| match role {
                Role::User => "user",
                Role::Assistant => "assistant",
            })
            .collect();
        object.insert("audience".into(), roles.into());
    }
    if let Some(priority) = a.priority {
        if !(0.0..=1.0).contains(&priority) {
            return Err(ToolFailure::InvalidOutput(
                format!("content block {number} has a priority outside 0 to 1").into(),
            ));
        }
        object.insert("priority".into(), priority.into());
    }
    insert(&mut object, "lastModified", a.last_modified);
    Ok(Value::Object(object))
}

fn insert(object: &mut Map<String, Value>, key: &str, value: Option<String>) {
    if let Some(value) = value {
        object.insert(key.into(), value.into());
    }
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// `type/subtype` (parameters allowed after `;`), each part an RFC 6838
/// token: what a client needs to decode the bytes.
pub(crate) fn is_mime_type(text: &str) -> bool {
    let essence = text.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    let token = |part: &str| {
        !part.is_empty()
            && part.len() <= 127
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    token(kind) && token(subtype)
}

fn bad_mime(number: usize, mime: &str) -> ToolFailure {
    ToolFailure::InvalidOutput(
        format!(
            "content block {number} has MIME type {:?}, which is not type/subtype (such as image/png)",
            sanitize(mime, 64)
        )
        .into(),
    )
}

/// How many arrays and objects `value` nests (a scalar is 0, `[]` is 1),
/// found without recursion.
fn nesting(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, outside)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Value>> = match value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(members) => Box::new(members.values()),
            _ => continue,
        };
        deepest = deepest.max(outside + 1);
        stack.extend(children.map(|v| (v, outside + 1)));
    }
    deepest
}

/// Checks a successful output against the tool's caps and schema and turns it
/// into a result. The schema check, like the run, ends by `deadline`.
pub(super) async fn check_output(
    tool: &HostedTool,
    output: ToolOutput,
    deadline: Instant,
    hold: Arc<dyn Any + Send + Sync>,
) -> Result<CallToolResult, CallFailure> {
    let mut result = output_result(output, tool.limits.output_bytes)?;
    result.structured_content = match (&tool.output_schema, result.structured_content.take()) {
        (Some(_), None) => {
            return Err(ToolFailure::InvalidOutput(
                "it declares an outputSchema but returned no structured content".into(),
            )
            .into());
        }
        (Some(schema), Some(value)) => {
            let value = Arc::new(value);
            let checked = timeout_at(deadline.into(), schema.check_bounded(value.clone(), hold))
                .await
                .map_err(|_| ToolFailure::Deadline {
                    ms: super::call::duration_ms(&tool.limits),
                })?
                .map_err(HostFault::SchemaCheck)?;
            match checked {
                Checked::Valid => {}
                Checked::Invalid(issues) => return Err(ToolFailure::OutputSchema(issues).into()),
                Checked::TooLarge { .. } => {
                    return Err(ToolFailure::InvalidOutput(
                        "its structured content is too large to check against its outputSchema"
                            .into(),
                    )
                    .into());
                }
            }
            Some(Arc::unwrap_or_clone(value))
        }
        (None, structured) => structured,
    };
    Ok(result)
}

#[cfg(test)]
#[path = "content_tests.rs"]
mod tests;
