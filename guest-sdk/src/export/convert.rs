//! The SDK's types to the generated WIT types and back: one function per
//! type, no logic beyond the mapping, so the boundary stays easy to check
//! against `wit/v0.2/tool.wit`.

use crate::bindings::toolhost::tool::types as wit;
use crate::completion::CompletionReference;
use crate::{
    Annotations, Arguments, Catalog, ClientCapabilities, Content, ContentAnnotations, ContentBody,
    Context, InputRequest, InputRequired, Output, PromptDescriptor, PromptResult, ReadError,
    ResourceBody, ResourceContents, ResourceDescriptor, ResourceTemplateDescriptor, Role,
    ToolDescriptor, ToolError,
};

pub(super) fn context(cx: wit::CallContext) -> Context {
    let client = ClientCapabilities {
        elicitation: cx.client.elicitation,
        sampling: cx.client.sampling,
        roots: cx.client.roots,
    };
    let responses = cx.responses.into_iter().map(|r| (r.key, r.answer));
    Context::from_round(responses.collect(), cx.state, client)
}

pub(super) fn arguments(pairs: Vec<(String, String)>) -> Arguments {
    pairs.into_iter().collect()
}

pub(super) fn reference(reference: wit::CompletionReference) -> CompletionReference {
    match reference {
        wit::CompletionReference::Prompt(name) => CompletionReference::Prompt(name),
        wit::CompletionReference::ResourceTemplate(t) => CompletionReference::ResourceTemplate(t),
    }
}

pub(super) fn catalog(catalog: Catalog) -> wit::Catalog {
    wit::Catalog {
        tools: catalog.tools.into_iter().map(tool).collect(),
        resources: catalog.resources.into_iter().map(resource).collect(),
        resource_templates: catalog
            .resource_templates
            .into_iter()
            .map(resource_template)
            .collect(),
        prompts: catalog.prompts.into_iter().map(prompt).collect(),
        completions: catalog.completions,
    }
}

fn tool(d: ToolDescriptor) -> wit::ToolDescriptor {
    wit::ToolDescriptor {
        name: d.name,
        title: d.title,
        description: d.description,
        input_schema: d.input_schema.to_string(),
        output_schema: d.output_schema.map(|s| s.to_string()),
        annotations: d.annotations.map(tool_annotations),
    }
}

fn tool_annotations(a: Annotations) -> wit::Annotations {
    wit::Annotations {
        title: None,
        read_only_hint: a.read_only_hint,
        destructive_hint: a.destructive_hint,
        idempotent_hint: a.idempotent_hint,
        open_world_hint: a.open_world_hint,
    }
}

fn resource(d: ResourceDescriptor) -> wit::ResourceDescriptor {
    wit::ResourceDescriptor {
        uri: d.uri,
        name: d.name,
        title: d.title,
        description: d.description,
        mime_type: d.mime_type,
        size: d.size,
        annotations: d.annotations.map(annotations),
    }
}

fn resource_template(d: ResourceTemplateDescriptor) -> wit::ResourceTemplate {
    wit::ResourceTemplate {
        uri_template: d.uri_template,
        name: d.name,
        title: d.title,
        description: d.description,
        mime_type: d.mime_type,
        annotations: d.annotations.map(annotations),
    }
}

fn prompt(d: PromptDescriptor) -> wit::PromptDescriptor {
    wit::PromptDescriptor {
        name: d.name,
        title: d.title,
        description: d.description,
        arguments: d
            .arguments
            .into_iter()
            .map(|a| wit::PromptArgument {
                name: a.name,
                title: a.title,
                description: a.description,
                required: a.required,
            })
            .collect(),
    }
}

fn role(role: Role) -> wit::Role {
    match role {
        Role::User => wit::Role::User,
        Role::Assistant => wit::Role::Assistant,
    }
}

fn annotations(a: ContentAnnotations) -> wit::ContentAnnotations {
    wit::ContentAnnotations {
        audience: a
            .audience
            .map(|roles| roles.into_iter().map(role).collect()),
        priority: a.priority,
        last_modified: a.last_modified,
    }
}

fn content(c: Content) -> wit::Content {
    let annotations = c.annotations.map(annotations);
    let media = |data, mime_type| wit::MediaContent {
        data,
        mime_type,
        annotations: annotations.clone(),
    };
    match c.body {
        ContentBody::Text(text) => wit::Content::Text(wit::TextContent {
            text,
            annotations: annotations.clone(),
        }),
        ContentBody::Image { data, mime_type } => wit::Content::Image(media(data, mime_type)),
        ContentBody::Audio { data, mime_type } => wit::Content::Audio(media(data, mime_type)),
        ContentBody::ResourceLink(link) => wit::Content::ResourceLink(wit::ResourceLink {
            uri: link.uri,
            name: link.name,
            title: link.title,
            description: link.description,
            mime_type: link.mime_type,
            size: link.size,
            annotations,
        }),
        ContentBody::Resource(contents) => wit::Content::Resource(wit::EmbeddedResource {
            contents: resource_contents(contents),
            annotations,
        }),
    }
}

pub(super) fn resource_contents(c: ResourceContents) -> wit::ResourceContents {
    wit::ResourceContents {
        uri: c.uri,
        mime_type: c.mime_type,
        body: match c.body {
            ResourceBody::Text(text) => wit::ResourceBody::Text(text),
            ResourceBody::Blob(bytes) => wit::ResourceBody::Blob(bytes),
        },
    }
}

pub(super) fn output(output: Output) -> wit::ToolOutput {
    let (blocks, structured) = output.into_parts();
    wit::ToolOutput {
        content: blocks.into_iter().map(content).collect(),
        structured,
    }
}

pub(super) fn prompt_result(result: PromptResult) -> wit::PromptResult {
    wit::PromptResult {
        description: result.description,
        messages: result
            .messages
            .into_iter()
            .map(|m| wit::PromptMessage {
                role: role(m.role),
                content: content(m.content),
            })
            .collect(),
    }
}

pub(super) fn input_required(asked: InputRequired) -> wit::InputRequired {
    wit::InputRequired {
        requests: asked
            .requests
            .into_iter()
            .map(|(key, request)| wit::KeyedRequest {
                key,
                request: match request {
                    InputRequest::Elicitation(params) => {
                        wit::InputRequest::Elicitation(params.to_string())
                    }
                    InputRequest::Sampling(params) => {
                        wit::InputRequest::Sampling(params.to_string())
                    }
                    InputRequest::Roots => wit::InputRequest::Roots,
                },
            })
            .collect(),
        state: asked.state,
    }
}

pub(super) fn tool_error(error: ToolError) -> wit::ToolError {
    match error {
        ToolError::InvalidInput(m) => wit::ToolError::InvalidInput(m),
        ToolError::Upstream {
            status,
            retry_after_secs,
            message,
        } => wit::ToolError::Upstream(wit::UpstreamError {
            status,
            retry_after_secs,
            message,
        }),
        ToolError::Other(m) => wit::ToolError::Other(m),
    }
}

pub(super) fn read_error(error: ReadError) -> wit::ResourceError {
    match error {
        ReadError::NotFound => wit::ResourceError::NotFound,
        ReadError::Failed(error) => wit::ResourceError::Failed(tool_error(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResourceLink;

    #[test]
    fn content_keeps_its_kind_and_hints() {
        let hints = ContentAnnotations::new()
            .audience([Role::User])
            .priority(0.5);
        let image = content(Content::image(vec![1], "image/png").annotations(hints));
        let wit::Content::Image(media) = image else {
            panic!("not an image");
        };
        assert_eq!(
            (media.data, media.mime_type.as_str()),
            (vec![1], "image/png")
        );
        let hints = media.annotations.unwrap();
        assert!(matches!(hints.audience.as_deref(), Some([wit::Role::User])));
        assert_eq!(hints.priority, Some(0.5));

        let link: ResourceLink = Content::resource_link("mem://a", "a").size(3);
        let wit::Content::ResourceLink(link) = content(link.into()) else {
            panic!("not a link");
        };
        assert_eq!((link.uri.as_str(), link.size), ("mem://a", Some(3)));
        let embedded = content(Content::embedded(ResourceContents::blob(
            "mem://b",
            vec![2],
        )));
        assert!(matches!(
            embedded,
            wit::Content::Resource(r) if matches!(r.contents.body, wit::ResourceBody::Blob(ref b) if b == &[2])
        ));
        assert!(matches!(
            content(Content::audio(vec![], "audio/wav")),
            wit::Content::Audio(_)
        ));
    }

    #[test]
    fn questions_carry_their_params_as_json_text() {
        let asked = InputRequired::new()
            .sample("s", crate::SamplingRequest::new(1))
            .roots("r")
            .state("x");
        let wit = input_required(asked);
        assert_eq!(wit.state.as_deref(), Some(&b"x"[..]));
        let wit::InputRequest::Sampling(params) = &wit.requests[0].request else {
            panic!("not sampling");
        };
        let params: serde_json::Value = serde_json::from_str(params).unwrap();
        assert_eq!(params["maxTokens"], 1);
        assert!(matches!(wit.requests[1].request, wit::InputRequest::Roots));
    }

    #[test]
    fn the_round_becomes_a_context() {
        let cx = context(wit::CallContext {
            responses: vec![wit::InputResponse {
                key: "k".into(),
                answer: "{\"a\":1}".into(),
            }],
            state: Some(vec![1]),
            client: wit::ClientCapabilities {
                elicitation: true,
                sampling: false,
                roots: true,
            },
        });
        assert_eq!(cx.answer("k").unwrap()["a"], 1);
        assert_eq!(cx.state(), Some(&[1u8][..]));
        assert!(cx.client().elicitation && !cx.client().sampling && cx.client().roots);
    }

    #[test]
    fn read_errors_keep_not_found_apart() {
        assert!(matches!(
            read_error(ReadError::NotFound),
            wit::ResourceError::NotFound
        ));
        assert!(matches!(
            read_error(ReadError::Failed(ToolError::invalid_input("no"))),
            wit::ResourceError::Failed(wit::ToolError::InvalidInput(m)) if m == "no"
        ));
        assert!(matches!(
            reference(wit::CompletionReference::ResourceTemplate("t".into())),
            CompletionReference::ResourceTemplate(t) if t == "t"
        ));
        assert_eq!(
            arguments(vec![("a".into(), "1".into())]).get("a"),
            Some("1")
        );
    }
}
