//! What a 0.2 component serves besides tools, in the host's own types:
//! resources, resource templates, prompts and completions, and what reading,
//! filling in and completing them returns. Converted from the 0.2 bindings
//! at the boundary, like `model`.

use super::bindings_v2::toolhost::tool::types as v2;
use super::model::{Content, ContentAnnotations, ResourceContents, Role, ToolDescriptor};

/// Everything a component lists when it loads. A 0.1 component lists
/// tools only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ComponentCatalog {
    pub tools: Vec<ToolDescriptor>,
    pub resources: Vec<ResourceDescriptor>,
    pub templates: Vec<ResourceTemplate>,
    pub prompts: Vec<PromptDescriptor>,
    /// It answers `completion/complete` for its prompts and templates.
    pub completions: bool,
}

/// A concrete resource.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceDescriptor {
    pub uri: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<u64>,
    pub annotations: Option<ContentAnnotations>,
}

/// A family of resources named by an RFC 6570 URI template.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceTemplate {
    pub uri_template: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
    pub annotations: Option<ContentAnnotations>,
}

/// One argument of a prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptArgument {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub required: bool,
}

/// A prompt template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PromptDescriptor {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub arguments: Vec<PromptArgument>,
}

/// One message of a filled-in prompt.
#[derive(Clone, Debug, PartialEq)]
pub struct PromptMessage {
    pub role: Role,
    pub content: Content,
}

/// A prompt, filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct PromptResult {
    pub description: Option<String>,
    pub messages: Vec<PromptMessage>,
}

/// Why a resource could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing at that URI.
    NotFound,
    Failed(super::ToolError),
}

/// What is being completed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompletionReference {
    Prompt(String),
    ResourceTemplate(String),
}

/// A `completion/complete` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionRequest {
    pub reference: CompletionReference,
    pub argument: String,
    pub value: String,
    pub context: Vec<(String, String)>,
}

/// Suggested values, best first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub values: Vec<String>,
    pub total: Option<u32>,
}

impl From<v2::Catalog> for ComponentCatalog {
    fn from(c: v2::Catalog) -> Self {
        Self {
            tools: c.tools.into_iter().map(ToolDescriptor::from).collect(),
            resources: c
                .resources
                .into_iter()
                .map(|r| ResourceDescriptor {
                    uri: r.uri,
                    name: r.name,
                    title: r.title,
                    description: r.description,
                    mime_type: r.mime_type,
                    size: r.size,
                    annotations: r.annotations.map(ContentAnnotations::from),
                })
                .collect(),
            templates: c
                .resource_templates
                .into_iter()
                .map(|t| ResourceTemplate {
                    uri_template: t.uri_template,
                    name: t.name,
                    title: t.title,
                    description: t.description,
                    mime_type: t.mime_type,
                    annotations: t.annotations.map(ContentAnnotations::from),
                })
                .collect(),
            prompts: c
                .prompts
                .into_iter()
                .map(|p| PromptDescriptor {
                    name: p.name,
                    title: p.title,
                    description: p.description,
                    arguments: p
                        .arguments
                        .into_iter()
                        .map(|a| PromptArgument {
                            name: a.name,
                            title: a.title,
                            description: a.description,
                            required: a.required,
                        })
                        .collect(),
                })
                .collect(),
            completions: c.completions,
        }
    }
}

impl From<v2::PromptResult> for PromptResult {
    fn from(p: v2::PromptResult) -> Self {
        Self {
            description: p.description,
            messages: p
                .messages
                .into_iter()
                .map(|m| PromptMessage {
                    role: m.role.into(),
                    content: m.content.into(),
                })
                .collect(),
        }
    }
}

impl From<&CompletionRequest> for v2::CompletionRequest {
    fn from(r: &CompletionRequest) -> Self {
        Self {
            reference: match &r.reference {
                CompletionReference::Prompt(name) => v2::CompletionReference::Prompt(name.clone()),
                CompletionReference::ResourceTemplate(template) => {
                    v2::CompletionReference::ResourceTemplate(template.clone())
                }
            },
            argument: r.argument.clone(),
            value: r.value.clone(),
            context: r.context.clone(),
        }
    }
}

impl From<v2::Completion> for Completion {
    fn from(c: v2::Completion) -> Self {
        Self {
            values: c.values,
            total: c.total,
        }
    }
}

/// The resource contents of a read, converted.
pub(super) fn contents(list: Vec<v2::ResourceContents>) -> Vec<ResourceContents> {
    list.into_iter().map(ResourceContents::from).collect()
}
