//! What the fixture serves besides tools: resources (text, a PNG blob, one
//! that traps, one that asks the client), a template, prompts (one asking
//! the client first) and completions.

use crate::toolhost::tool::types::{
    CallContext, Completion, CompletionReference, CompletionRequest, Content, InputRequest,
    InputRequired, KeyedRequest, PromptArgument, PromptDescriptor, PromptMessage, PromptOutcome,
    PromptResult, ReadOutcome, ResourceBody, ResourceContents, ResourceDescriptor, ResourceError,
    ResourceTemplate, Role, TextContent, ToolError,
};

fn resource(uri: &str, name: &str, mime_type: &str) -> ResourceDescriptor {
    ResourceDescriptor {
        uri: uri.into(),
        name: name.into(),
        title: None,
        description: Some(format!("The {name} resource.")),
        mime_type: Some(mime_type.into()),
        size: None,
        annotations: None,
    }
}

pub fn resources() -> Vec<ResourceDescriptor> {
    vec![
        resource("rich://greeting", "greeting", "text/plain"),
        resource("rich://pixel", "pixel", "image/png"),
        resource("rich://broken", "broken", "text/plain"),
        resource("rich://asked", "asked", "text/plain"),
    ]
}

pub fn templates() -> Vec<ResourceTemplate> {
    vec![ResourceTemplate {
        uri_template: "rich://notes/{name}".into(),
        name: "notes".into(),
        title: Some("Notes".into()),
        description: Some("A note by name; `missing` does not exist.".into()),
        mime_type: Some("text/plain".into()),
        annotations: None,
    }]
}

fn argument(name: &str, required: bool) -> PromptArgument {
    PromptArgument {
        name: name.into(),
        title: None,
        description: Some(format!("The {name}.")),
        required,
    }
}

pub fn prompts() -> Vec<PromptDescriptor> {
    vec![
        PromptDescriptor {
            name: "greet".into(),
            title: Some("Greet".into()),
            description: Some("Asks the model to greet someone.".into()),
            arguments: vec![argument("name", true), argument("tone", false)],
        },
        PromptDescriptor {
            name: "ask_topic".into(),
            title: None,
            description: Some("Asks the user for a topic first.".into()),
            arguments: vec![],
        },
    ]
}

fn contents(uri: &str, mime_type: &str, body: ResourceBody) -> ReadOutcome {
    ReadOutcome::Done(vec![ResourceContents {
        uri: uri.into(),
        mime_type: Some(mime_type.into()),
        body,
    }])
}

pub fn read(uri: &str, context: &CallContext) -> Result<ReadOutcome, ResourceError> {
    match uri {
        "rich://greeting" => Ok(contents(
            uri,
            "text/plain",
            ResourceBody::Text("hello".into()),
        )),
        "rich://pixel" => Ok(contents(
            uri,
            "image/png",
            ResourceBody::Blob(crate::PNG.to_vec()),
        )),
        "rich://broken" => panic!("rich: the broken resource"),
        "rich://asked" => match context.responses.iter().find(|r| r.key == "why") {
            None => Ok(ReadOutcome::InputRequired(ask("why", "Why read it?"))),
            Some(answer) => Ok(contents(
                uri,
                "text/plain",
                ResourceBody::Text(format!("read because {}", answer.answer)),
            )),
        },
        _ => match uri.strip_prefix("rich://notes/") {
            Some("missing") | None => Err(ResourceError::NotFound),
            Some(name) => Ok(contents(
                uri,
                "text/plain",
                ResourceBody::Text(format!("note {name}")),
            )),
        },
    }
}

fn ask(key: &str, message: &str) -> InputRequired {
    let params = serde_json::json!({
        "message": message,
        "requestedSchema": {"type": "object", "properties": {"text": {"type": "string"}}},
    });
    InputRequired {
        requests: vec![KeyedRequest {
            key: key.into(),
            request: InputRequest::Elicitation(params.to_string()),
        }],
        state: Some(b"prompt state".to_vec()),
    }
}

fn user(text: String) -> PromptMessage {
    PromptMessage {
        role: Role::User,
        content: Content::Text(TextContent {
            text,
            annotations: None,
        }),
    }
}

pub fn prompt(
    name: &str,
    arguments: &[(String, String)],
    context: &CallContext,
) -> Result<PromptOutcome, ToolError> {
    let argument = |key: &str| {
        arguments
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    match name {
        "greet" => Ok(PromptOutcome::Done(PromptResult {
            description: Some("A greeting".into()),
            messages: vec![user(format!(
                "Greet {} in a {} tone.",
                argument("name").unwrap_or("nobody"),
                argument("tone").unwrap_or("friendly")
            ))],
        })),
        "ask_topic" => match context.responses.iter().find(|r| r.key == "topic") {
            None => Ok(PromptOutcome::InputRequired(ask("topic", "Which topic?"))),
            Some(answer) => {
                let answer: serde_json::Value = serde_json::from_str(&answer.answer)
                    .map_err(|e| ToolError::InvalidInput(e.to_string()))?;
                let state = context
                    .state
                    .as_deref()
                    .map(String::from_utf8_lossy)
                    .unwrap_or_default();
                Ok(PromptOutcome::Done(PromptResult {
                    description: None,
                    messages: vec![user(format!(
                        "Write about {} ({state}).",
                        answer["content"]["text"].as_str().unwrap_or("nothing")
                    ))],
                }))
            }
        },
        _ => Err(ToolError::InvalidInput(format!("no prompt {name}"))),
    }
}

pub fn complete(request: &CompletionRequest) -> Result<Completion, ToolError> {
    let candidates: &[&str] = match (&request.reference, request.argument.as_str()) {
        (CompletionReference::Prompt(p), "name") if p == "greet" => &["Ada", "Alan", "Grace"],
        (CompletionReference::ResourceTemplate(_), "name") => &["alpha", "beta", "missing"],
        _ => &[],
    };
    let values: Vec<String> = candidates
        .iter()
        .filter(|c| c.starts_with(&request.value))
        .map(|c| c.to_string())
        .collect();
    Ok(Completion {
        total: Some(values.len() as u32),
        values,
    })
}
