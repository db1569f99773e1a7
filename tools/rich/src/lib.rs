//! Test fixture: a component of contract 0.2 (`wit/v0.2`), written against
//! the raw bindings, that returns every kind of content MCP has: images,
//! audio, resource links, embedded resources and annotated text, plus the
//! mistakes the host must catch (a MIME type that is not `type/subtype`, a
//! priority outside 0 to 1).

wit_bindgen::generate!({
    path: "../../wit/v0.2",
    world: "server-component",
});

mod served;

use exports::toolhost::tool::server::Guest;
use toolhost::tool::client;
use toolhost::tool::types::{
    CallContext, Catalog, Completion, CompletionRequest, Content, ContentAnnotations,
    EmbeddedResource, InputRequest, InputRequired, KeyedRequest, MediaContent, PromptOutcome,
    ReadOutcome, ResourceBody, ResourceContents, ResourceError, ResourceLink, Role, TextContent,
    ToolDescriptor, ToolError, ToolOutcome, ToolOutput,
};

/// A 1×1 transparent PNG.
pub(crate) const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

struct Rich;

fn tool(name: &str, description: &str, input_schema: &str) -> ToolDescriptor {
    ToolDescriptor {
        name: name.into(),
        title: None,
        description: Some(description.into()),
        input_schema: input_schema.into(),
        output_schema: None,
        annotations: None,
    }
}

const NO_ARGS: &str = r#"{"type":"object","properties":{}}"#;

fn text(text: &str) -> Content {
    Content::Text(TextContent {
        text: text.into(),
        annotations: None,
    })
}

fn image(data: Vec<u8>, mime_type: &str) -> Content {
    Content::Image(MediaContent {
        data,
        mime_type: mime_type.into(),
        annotations: None,
    })
}

fn done(content: Vec<Content>) -> Result<ToolOutcome, ToolError> {
    Ok(ToolOutcome::Done(ToolOutput {
        content,
        structured: None,
    }))
}

impl Guest for Rich {
    fn describe() -> Catalog {
        Catalog {
            tools: vec![
                tool("pixel", "Returns a 1x1 PNG.", NO_ARGS),
                tool(
                    "blob",
                    "Returns an image of `bytes` zero bytes.",
                    r#"{"type":"object","properties":{"bytes":{"type":"integer","minimum":0}},"required":["bytes"]}"#,
                ),
                tool("sound", "Returns a short WAV header as audio.", NO_ARGS),
                tool(
                    "kinds",
                    "Returns a link, an embedded text and blob resource, and annotated text.",
                    NO_ARGS,
                ),
                tool(
                    "bad_mime",
                    "Returns an image whose MIME type is `png`.",
                    NO_ARGS,
                ),
                tool("bad_priority", "Returns text with priority 2.", NO_ARGS),
                tool(
                    "hello",
                    "Says hello, reporting progress and logging to the client.",
                    NO_ARGS,
                ),
                tool("refuse", "Fails with its own error.", NO_ARGS),
                tool(
                    "confirm",
                    "Deletes `path` once the user confirms (asks by elicitation).",
                    r#"{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}"#,
                ),
                tool(
                    "ask_model",
                    "Asks the client's model a question (sampling).",
                    NO_ARGS,
                ),
            ],
            resources: served::resources(),
            resource_templates: served::templates(),
            prompts: served::prompts(),
            completions: true,
        }
    }

    fn call_tool(
        name: String,
        arguments: String,
        context: CallContext,
    ) -> Result<ToolOutcome, ToolError> {
        let arguments: serde_json::Value =
            serde_json::from_str(&arguments).map_err(|e| ToolError::InvalidInput(e.to_string()))?;
        match name.as_str() {
            "pixel" => done(vec![text("a pixel"), image(PNG.to_vec(), "image/png")]),
            "blob" => {
                let bytes = arguments["bytes"].as_u64().unwrap_or(0) as usize;
                done(vec![image(vec![0; bytes], "image/png")])
            }
            "sound" => done(vec![Content::Audio(MediaContent {
                data: b"RIFF\x24\x00\x00\x00WAVE".to_vec(),
                mime_type: "audio/wav".into(),
                annotations: None,
            })]),
            "kinds" => done(vec![
                Content::ResourceLink(ResourceLink {
                    uri: "file:///reports/q3.pdf".into(),
                    name: "q3".into(),
                    title: Some("Q3 report".into()),
                    description: None,
                    mime_type: Some("application/pdf".into()),
                    size: Some(2048),
                    annotations: None,
                }),
                Content::Resource(EmbeddedResource {
                    contents: ResourceContents {
                        uri: "mem://notes".into(),
                        mime_type: Some("text/markdown".into()),
                        body: ResourceBody::Text("# Notes".into()),
                    },
                    annotations: None,
                }),
                Content::Resource(EmbeddedResource {
                    contents: ResourceContents {
                        uri: "mem://raw".into(),
                        mime_type: Some("application/octet-stream".into()),
                        body: ResourceBody::Blob(vec![1, 2, 3]),
                    },
                    annotations: None,
                }),
                Content::Text(TextContent {
                    text: "for the user".into(),
                    annotations: Some(ContentAnnotations {
                        audience: Some(vec![Role::User]),
                        priority: Some(0.25),
                        last_modified: Some("2026-12-01T10:00:00Z".into()),
                    }),
                }),
            ]),
            "bad_mime" => done(vec![image(PNG.to_vec(), "png")]),
            "bad_priority" => done(vec![Content::Text(TextContent {
                text: "too important".into(),
                annotations: Some(ContentAnnotations {
                    audience: None,
                    priority: Some(2.0),
                    last_modified: None,
                }),
            })]),
            "hello" => {
                client::report_progress(1.0, Some(2.0), Some("halfway"));
                client::log(
                    client::LogLevel::Info,
                    Some("rich"),
                    &client::LogData::Message("said hello".into()),
                );
                done(vec![text("hello")])
            }
            "refuse" => Err(ToolError::Other("rich: refused on purpose".into())),
            "confirm" => confirm(arguments["path"].as_str().unwrap_or_default(), context),
            "ask_model" => Ok(ToolOutcome::InputRequired(InputRequired {
                requests: vec![KeyedRequest {
                    key: "answer".into(),
                    request: InputRequest::Sampling(
                        r#"{"messages":[{"role":"user","content":{"type":"text","text":"2+2?"}}],"maxTokens":5}"#.into(),
                    ),
                }],
                state: None,
            })),
            _ => Err(ToolError::Other(format!("unknown tool {name}"))),
        }
    }

    fn read_resource(uri: String, context: CallContext) -> Result<ReadOutcome, ResourceError> {
        served::read(&uri, &context)
    }

    fn get_prompt(
        name: String,
        arguments: Vec<(String, String)>,
        context: CallContext,
    ) -> Result<PromptOutcome, ToolError> {
        served::prompt(&name, &arguments, &context)
    }

    fn complete(request: CompletionRequest) -> Result<Completion, ToolError> {
        served::complete(&request)
    }
}

/// The first round asks the user; the second acts on the answer, with the
/// state the first round left.
fn confirm(path: &str, context: CallContext) -> Result<ToolOutcome, ToolError> {
    let Some(answer) = context.responses.iter().find(|r| r.key == "confirm") else {
        let params = serde_json::json!({
            "message": format!("Delete {path}?"),
            "requestedSchema": {"type": "object", "properties": {"ok": {"type": "boolean"}},
                "required": ["ok"]},
        });
        return Ok(ToolOutcome::InputRequired(InputRequired {
            requests: vec![KeyedRequest {
                key: "confirm".into(),
                request: InputRequest::Elicitation(params.to_string()),
            }],
            state: Some(format!("asked about {path}").into_bytes()),
        }));
    };
    let answer: serde_json::Value =
        serde_json::from_str(&answer.answer).map_err(|e| ToolError::InvalidInput(e.to_string()))?;
    let state = context
        .state
        .map(|s| String::from_utf8_lossy(&s).into_owned())
        .unwrap_or_else(|| "no state".into());
    if answer["action"] == "accept" && answer["content"]["ok"] == true {
        done(vec![text(&format!("deleted {path} ({state})"))])
    } else {
        done(vec![text(&format!("kept {path} ({state})"))])
    }
}

export!(Rich);
