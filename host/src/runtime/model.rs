//! What components describe and return, in the host's own types: one model
//! for every contract version, so that validation, the output cap, the error
//! table and the wire shapes are written once. Each version's bindings
//! convert into it at the boundary (`From` impls below); 0.1 is the subset
//! with text content only.

use super::bindings as v1;
use super::bindings_v2::toolhost::tool::types as v2;

/// One tool, as a component lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolDescriptor {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// JSON Schema, serialized.
    pub input_schema: String,
    pub output_schema: Option<String>,
    pub annotations: Option<Annotations>,
}

/// Behaviour hints of a tool.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotations {
    pub title: Option<String>,
    pub read_only_hint: Option<bool>,
    pub destructive_hint: Option<bool>,
    pub idempotent_hint: Option<bool>,
    pub open_world_hint: Option<bool>,
}

/// Who content is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    User,
    Assistant,
}

/// Hints on a piece of content.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContentAnnotations {
    pub audience: Option<Vec<Role>>,
    pub priority: Option<f64>,
    pub last_modified: Option<String>,
}

/// An image or a sound: raw bytes and their MIME type.
#[derive(Clone, Debug, PartialEq)]
pub struct Media {
    pub data: Vec<u8>,
    pub mime_type: String,
}

/// A resource the client may read itself.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceLink {
    pub uri: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<u64>,
}

/// What a resource holds.
#[derive(Clone, Debug, PartialEq)]
pub enum ResourceBody {
    Text(String),
    Blob(Vec<u8>),
}

/// A resource's contents.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceContents {
    pub uri: String,
    pub mime_type: Option<String>,
    pub body: ResourceBody,
}

/// What a block of content is.
#[derive(Clone, Debug, PartialEq)]
pub enum ContentKind {
    Text(String),
    Image(Media),
    Audio(Media),
    ResourceLink(ResourceLink),
    Resource(ResourceContents),
}

/// One block of content, with its annotations.
#[derive(Clone, Debug, PartialEq)]
pub struct Content {
    pub kind: ContentKind,
    pub annotations: Option<ContentAnnotations>,
}

impl Content {
    /// Plain text without annotations (all that 0.1 can return).
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            kind: ContentKind::Text(text.into()),
            annotations: None,
        }
    }

    /// The bytes it carries, as the output cap counts them: text as UTF-8,
    /// media and blobs decoded (not their base64), a link's strings.
    pub fn size(&self) -> usize {
        match &self.kind {
            ContentKind::Text(text) => text.len(),
            ContentKind::Image(media) | ContentKind::Audio(media) => media.data.len(),
            ContentKind::ResourceLink(link) => link.uri.len() + link.name.len(),
            ContentKind::Resource(contents) => contents.size(),
        }
    }
}

impl ResourceContents {
    pub fn size(&self) -> usize {
        self.uri.len()
            + match &self.body {
                ResourceBody::Text(text) => text.len(),
                ResourceBody::Blob(blob) => blob.len(),
            }
    }
}

/// A successful tool result.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolOutput {
    pub content: Vec<Content>,
    /// JSON, serialized.
    pub structured: Option<String>,
}

/// A failure an upstream service reported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpstreamError {
    pub status: Option<u16>,
    pub retry_after_secs: Option<u32>,
    pub message: String,
}

/// A failure a component reports itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolError {
    InvalidInput(String),
    Upstream(UpstreamError),
    Other(String),
}

/// The tool annotations of either contract: the same fields, two types.
macro_rules! annotations {
    ($a:expr) => {
        Annotations {
            title: $a.title,
            read_only_hint: $a.read_only_hint,
            destructive_hint: $a.destructive_hint,
            idempotent_hint: $a.idempotent_hint,
            open_world_hint: $a.open_world_hint,
        }
    };
}

// ---- 0.1 ----

impl From<v1::exports::toolhost::tool::tool::ToolDescriptor> for ToolDescriptor {
    fn from(d: v1::exports::toolhost::tool::tool::ToolDescriptor) -> Self {
        Self {
            name: d.name,
            title: d.title,
            description: d.description,
            input_schema: d.input_schema,
            output_schema: d.output_schema,
            annotations: d.annotations.map(|a| annotations!(a)),
        }
    }
}

impl From<v1::toolhost::tool::types::ToolOutput> for ToolOutput {
    fn from(output: v1::toolhost::tool::types::ToolOutput) -> Self {
        Self {
            content: output
                .content
                .into_iter()
                .map(|v1::toolhost::tool::types::Content::Text(text)| Content::text(text))
                .collect(),
            structured: output.structured,
        }
    }
}

impl From<v1::toolhost::tool::types::ToolError> for ToolError {
    fn from(error: v1::toolhost::tool::types::ToolError) -> Self {
        use v1::toolhost::tool::types::ToolError as E;
        match error {
            E::InvalidInput(message) => Self::InvalidInput(message),
            E::Other(message) => Self::Other(message),
            E::Upstream(u) => Self::Upstream(UpstreamError {
                status: u.status,
                retry_after_secs: u.retry_after_secs,
                message: u.message,
            }),
        }
    }
}

// ---- 0.2 ----

impl From<v2::ToolDescriptor> for ToolDescriptor {
    fn from(d: v2::ToolDescriptor) -> Self {
        Self {
            name: d.name,
            title: d.title,
            description: d.description,
            input_schema: d.input_schema,
            output_schema: d.output_schema,
            annotations: d.annotations.map(|a| annotations!(a)),
        }
    }
}

impl From<v2::Role> for Role {
    fn from(role: v2::Role) -> Self {
        match role {
            v2::Role::User => Self::User,
            v2::Role::Assistant => Self::Assistant,
        }
    }
}

impl From<v2::ContentAnnotations> for ContentAnnotations {
    fn from(a: v2::ContentAnnotations) -> Self {
        Self {
            audience: a
                .audience
                .map(|roles| roles.into_iter().map(Role::from).collect()),
            priority: a.priority,
            last_modified: a.last_modified,
        }
    }
}

impl From<v2::ResourceContents> for ResourceContents {
    fn from(c: v2::ResourceContents) -> Self {
        Self {
            uri: c.uri,
            mime_type: c.mime_type,
            body: match c.body {
                v2::ResourceBody::Text(text) => ResourceBody::Text(text),
                v2::ResourceBody::Blob(blob) => ResourceBody::Blob(blob),
            },
        }
    }
}

impl From<v2::Content> for Content {
    fn from(content: v2::Content) -> Self {
        let media = |m: v2::MediaContent| {
            (
                Media {
                    data: m.data,
                    mime_type: m.mime_type,
                },
                m.annotations,
            )
        };
        let (kind, annotations) = match content {
            v2::Content::Text(t) => (ContentKind::Text(t.text), t.annotations),
            v2::Content::Image(m) => {
                let (media, a) = media(m);
                (ContentKind::Image(media), a)
            }
            v2::Content::Audio(m) => {
                let (media, a) = media(m);
                (ContentKind::Audio(media), a)
            }
            v2::Content::ResourceLink(l) => (
                ContentKind::ResourceLink(ResourceLink {
                    uri: l.uri,
                    name: l.name,
                    title: l.title,
                    description: l.description,
                    mime_type: l.mime_type,
                    size: l.size,
                }),
                l.annotations,
            ),
            v2::Content::Resource(r) => (ContentKind::Resource(r.contents.into()), r.annotations),
        };
        Self {
            kind,
            annotations: annotations.map(ContentAnnotations::from),
        }
    }
}

impl From<v2::ToolOutput> for ToolOutput {
    fn from(output: v2::ToolOutput) -> Self {
        Self {
            content: output.content.into_iter().map(Content::from).collect(),
            structured: output.structured,
        }
    }
}

impl From<v2::ToolError> for ToolError {
    fn from(error: v2::ToolError) -> Self {
        match error {
            v2::ToolError::InvalidInput(message) => Self::InvalidInput(message),
            v2::ToolError::Other(message) => Self::Other(message),
            v2::ToolError::Upstream(u) => Self::Upstream(UpstreamError {
                status: u.status,
                retry_after_secs: u.retry_after_secs,
                message: u.message,
            }),
        }
    }
}
