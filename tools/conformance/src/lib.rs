//! Test fixture: everything the official MCP conformance suite
//! (`@modelcontextprotocol/conformance`, server scenarios) calls by name:
//! tools, resources, a resource template, prompts and completions. It is a
//! component of contract 0.2 (`wit/v0.2`) written against the raw bindings,
//! so that the suite tests the host and nothing in between. Used by
//! `tests/clients.rs`; never serve it to users.
//!
//! Names, texts, keys and schemas are the ones the scenario descriptions
//! give. What the suite checks beyond a component (sessions, headers,
//! caching hints, -32021 for an undeclared client capability, tampered
//! request state) is the host's part.

wit_bindgen::generate!({
    path: "../../wit/v0.2",
    world: "server-component",
});

mod asking;
mod prompts;
mod resources;
mod rounds;
mod tools;

use exports::toolhost::tool::server::Guest;
use serde_json::Value;
use toolhost::tool::types::{
    CallContext, Catalog, Completion, CompletionReference, CompletionRequest, Content,
    EmbeddedResource, MediaContent, PromptOutcome, ReadOutcome, ResourceBody, ResourceContents,
    ResourceError, TextContent, ToolDescriptor, ToolError, ToolOutcome, ToolOutput,
};

/// A 1×1 red PNG ("a minimal test image", as the suite asks): the image of
/// the image tools, of the binary resource and of the image prompt.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xf7, 0x03, 0x41, 0x43, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The input schema of a tool that takes no arguments.
const NO_ARGS: &str = r#"{"type":"object","properties":{}}"#;

/// One tool: what `describe` lists and what `call-tool` runs. Keeping both
/// in one table means a listed tool cannot lack its code, nor the reverse.
struct Fixture {
    name: &'static str,
    description: &'static str,
    /// JSON Schema of the arguments, listed as written.
    input_schema: &'static str,
    run: fn(&Value, &CallContext) -> Result<ToolOutcome, ToolError>,
}

/// Every tool, in the order `tools/list` shows them.
fn fixtures() -> impl Iterator<Item = &'static Fixture> {
    tools::FIXTURES
        .iter()
        .chain(asking::FIXTURES)
        .chain(rounds::FIXTURES)
}

struct Conformance;

impl Guest for Conformance {
    fn describe() -> Catalog {
        Catalog {
            tools: fixtures()
                .map(|fixture| ToolDescriptor {
                    name: fixture.name.into(),
                    title: None,
                    description: Some(fixture.description.into()),
                    input_schema: fixture.input_schema.into(),
                    output_schema: None,
                    annotations: None,
                })
                .collect(),
            resources: resources::listed(),
            resource_templates: vec![resources::template()],
            prompts: prompts::listed(),
            completions: true,
        }
    }

    fn call_tool(
        name: String,
        arguments: String,
        context: CallContext,
    ) -> Result<ToolOutcome, ToolError> {
        let fixture = fixtures()
            .find(|fixture| fixture.name == name)
            .ok_or_else(|| ToolError::Other(format!("no tool named {name}")))?;
        let arguments =
            serde_json::from_str(&arguments).map_err(|e| ToolError::InvalidInput(e.to_string()))?;
        (fixture.run)(&arguments, &context)
    }

    fn read_resource(uri: String, _context: CallContext) -> Result<ReadOutcome, ResourceError> {
        resources::read(&uri)
            .map(|contents| ReadOutcome::Done(vec![contents]))
            .ok_or(ResourceError::NotFound)
    }

    fn get_prompt(
        name: String,
        arguments: Vec<(String, String)>,
        context: CallContext,
    ) -> Result<PromptOutcome, ToolError> {
        prompts::get(&name, &arguments, &context)
    }

    /// The candidates of the prompt argument or template variable that
    /// start with what the user typed, all of them: there are few.
    fn complete(request: CompletionRequest) -> Result<Completion, ToolError> {
        let candidates = match &request.reference {
            CompletionReference::Prompt(name) => prompts::candidates(name, &request.argument),
            CompletionReference::ResourceTemplate(template) => {
                resources::candidates(template, &request.argument)
            }
        };
        let values: Vec<String> = candidates
            .iter()
            .filter(|candidate| candidate.starts_with(&request.value))
            .map(|candidate| (*candidate).to_owned())
            .collect();
        Ok(Completion {
            total: u32::try_from(values.len()).ok(),
            values,
        })
    }
}

fn text(text: impl Into<String>) -> Content {
    Content::Text(TextContent {
        text: text.into(),
        annotations: None,
    })
}

fn image() -> Content {
    Content::Image(MediaContent {
        data: PNG.to_vec(),
        mime_type: "image/png".into(),
        annotations: None,
    })
}

/// A text resource embedded in a result or a prompt message.
fn embedded(uri: &str, mime_type: &str, body: &str) -> Content {
    Content::Resource(EmbeddedResource {
        contents: ResourceContents {
            uri: uri.into(),
            mime_type: Some(mime_type.into()),
            body: ResourceBody::Text(body.into()),
        },
        annotations: None,
    })
}

fn done(content: Vec<Content>) -> Result<ToolOutcome, ToolError> {
    Ok(ToolOutcome::Done(ToolOutput {
        content,
        structured: None,
    }))
}

fn done_text(message: impl Into<String>) -> Result<ToolOutcome, ToolError> {
    done(vec![text(message)])
}

export!(Conformance);

#[cfg(test)]
mod tests;
