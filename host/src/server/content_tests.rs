use super::*;
use crate::runtime::{Media, ResourceLink};

fn block(kind: ContentKind) -> Content {
    Content {
        kind,
        annotations: None,
    }
}

fn png(bytes: usize) -> Content {
    block(ContentKind::Image(Media {
        data: vec![0x89; bytes],
        mime_type: "image/png".into(),
    }))
}

fn wire(content: Vec<Content>) -> Result<Value, ToolFailure> {
    let result = output_result(
        ToolOutput {
            content,
            structured: None,
        },
        1 << 20,
    )?;
    Ok(serde_json::to_value(&result).unwrap()["content"].clone())
}

#[test]
fn media_is_base64_with_its_mime_type() {
    let content = wire(vec![
        png(3),
        block(ContentKind::Audio(Media {
            data: b"RIFF".to_vec(),
            mime_type: "audio/wav".into(),
        })),
    ])
    .unwrap();
    assert_eq!(
        content,
        json!([
            {"type": "image", "data": "iYmJ", "mimeType": "image/png"},
            {"type": "audio", "data": "UklGRg==", "mimeType": "audio/wav"},
        ])
    );
}

#[test]
fn the_cap_counts_decoded_bytes_not_base64() {
    // 3,000 bytes are 4,000 in base64: under a 3,500-byte cap all the same.
    let output = ToolOutput {
        content: vec![png(3000)],
        structured: None,
    };
    assert!(output_result(output.clone(), 3500).is_ok());
    assert!(matches!(
        output_result(output, 2999),
        Err(ToolFailure::OutputTooLarge { .. })
    ));
}

#[test]
fn a_mime_type_that_is_not_type_subtype_is_its_own_failure() {
    for bad in ["png", "image/", "/png", "image/png/x", "image png", ""] {
        let failed = wire(vec![
            Content::text("fine"),
            block(ContentKind::Image(Media {
                data: vec![1],
                mime_type: bad.into(),
            })),
        ])
        .unwrap_err();
        let ToolFailure::InvalidOutput(message) = failed else {
            panic!("{failed:?}");
        };
        assert!(
            message.contains("content block 2 has MIME type") && message.contains("type/subtype"),
            "{message}"
        );
    }
    assert!(is_mime_type("image/svg+xml"));
    assert!(is_mime_type("text/plain; charset=utf-8"));
    assert!(is_mime_type("application/vnd.api+json"));
}

#[test]
fn links_and_embedded_resources_take_their_mcp_shape() {
    let content = wire(vec![
        block(ContentKind::ResourceLink(ResourceLink {
            uri: "file:///report.pdf".into(),
            name: "report".into(),
            title: Some("The report".into()),
            description: None,
            mime_type: Some("application/pdf".into()),
            size: Some(1234),
        })),
        block(ContentKind::Resource(ResourceContents {
            uri: "mem://a".into(),
            mime_type: Some("text/plain".into()),
            body: ResourceBody::Text("hello".into()),
        })),
        block(ContentKind::Resource(ResourceContents {
            uri: "mem://b".into(),
            mime_type: None,
            body: ResourceBody::Blob(vec![0, 1, 2]),
        })),
    ])
    .unwrap();
    assert_eq!(
        content,
        json!([
            {"type": "resource_link", "uri": "file:///report.pdf", "name": "report",
             "title": "The report", "mimeType": "application/pdf", "size": 1234},
            {"type": "resource", "resource": {"uri": "mem://a", "mimeType": "text/plain", "text": "hello"}},
            {"type": "resource", "resource": {"uri": "mem://b", "blob": "AAEC"}},
        ])
    );
}

#[test]
fn annotations_pass_through_and_a_priority_outside_0_to_1_is_refused() {
    let annotated = |priority: f64| Content {
        kind: ContentKind::Text("t".into()),
        annotations: Some(ContentAnnotations {
            audience: Some(vec![Role::User]),
            priority: Some(priority),
            last_modified: Some("2026-12-01T10:00:00Z".into()),
        }),
    };
    let content = wire(vec![annotated(0.5)]).unwrap();
    assert_eq!(
        content,
        json!([{"type": "text", "text": "t", "annotations": {
            "audience": ["user"], "priority": 0.5, "lastModified": "2026-12-01T10:00:00Z"}}])
    );
    assert!(matches!(
        wire(vec![annotated(1.5)]),
        Err(ToolFailure::InvalidOutput(_))
    ));
}

#[test]
fn structured_content_alone_becomes_the_text_block() {
    let result = output_result(
        ToolOutput {
            content: vec![],
            structured: Some("{\"a\":1}".into()),
        },
        1024,
    )
    .unwrap();
    let value = serde_json::to_value(&result).unwrap();
    assert_eq!(
        value["content"],
        json!([{"type": "text", "text": "{\"a\":1}"}])
    );
    assert_eq!(value["structuredContent"], json!({"a": 1}));
}

#[test]
fn structured_output_nested_past_the_limit_is_invalid_output() {
    let nested = |depth: usize| ToolOutput {
        content: vec![Content::text("t")],
        structured: Some(format!("{}{}", "[".repeat(depth), "]".repeat(depth))),
    };
    assert!(output_result(nested(MAX_STRUCTURED_DEPTH), 1 << 20).is_ok());
    assert!(matches!(
        output_result(nested(MAX_STRUCTURED_DEPTH + 1), 1 << 20),
        Err(ToolFailure::InvalidOutput(why)) if why.contains("100 levels")
    ));
    assert_eq!(nesting(&json!({"a": [1, {"b": []}]})), 4);
    assert_eq!(nesting(&json!(7)), 0);
}
