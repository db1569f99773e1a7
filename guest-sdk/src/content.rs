//! The blocks a result is made of: text, images, sound, links to resources
//! and resources themselves, each with optional hints for the client.
//!
//! They mirror MCP's content types as plain Rust values. Bytes stay bytes:
//! the host base64-encodes them, and counts the bytes (not their encoding)
//! against its output cap. The host also checks what a client would choke
//! on (a MIME type that is not `type/subtype`, a priority outside 0 to 1),
//! so such a mistake fails the call with a message naming it.

use serde::Deserialize;

/// Who a piece of content, or a message, is meant for.
///
/// ```
/// use toolhost_sdk::{PromptResult, Role};
///
/// let prompt = PromptResult::new().user("Hi").assistant("Hello");
/// assert_eq!(prompt.messages[1].role, Role::Assistant);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    User,
    Assistant,
}

/// Optional hints on a piece of content or a resource (MCP `Annotations`),
/// passed to the client as given. Clients may use them to decide what to
/// show the user and what to give the model.
///
/// ```
/// use toolhost_sdk::{Content, ContentAnnotations, Role};
///
/// let note = Content::text("Rendered in 3.2 s").annotations(
///     ContentAnnotations::new()
///         .audience([Role::User])
///         .priority(0.2)
///         .last_modified("2026-07-28T09:00:00Z"),
/// );
/// assert_eq!(note.annotations.unwrap().priority, Some(0.2));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContentAnnotations {
    /// Who it is for; `None` means both.
    pub audience: Option<Vec<Role>>,
    /// How important it is, from 0 (least) to 1 (most).
    pub priority: Option<f64>,
    /// When it last changed, as an ISO 8601 timestamp.
    pub last_modified: Option<String>,
}

impl ContentAnnotations {
    /// No hints yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Meant for these roles only (`[Role::User]`: show it, the model need
    /// not read it).
    pub fn audience(mut self, roles: impl IntoIterator<Item = Role>) -> Self {
        self.audience = Some(roles.into_iter().collect());
        self
    }

    /// How important it is, from 0 to 1. The host refuses anything else.
    pub fn priority(mut self, priority: f64) -> Self {
        self.priority = Some(priority);
        self
    }

    /// When it last changed (ISO 8601, such as `2026-07-28T09:00:00Z`).
    pub fn last_modified(mut self, timestamp: impl Into<String>) -> Self {
        self.last_modified = Some(timestamp.into());
        self
    }
}

/// One block of content in a tool result or a prompt message.
///
/// ```
/// use toolhost_sdk::{Content, ResourceContents};
///
/// let blocks = vec![
///     Content::text("The chart and the data behind it:"),
///     Content::image(vec![0x89, b'P', b'N', b'G'], "image/png"),
///     Content::audio(b"RIFF....WAVE".to_vec(), "audio/wav"),
///     Content::resource_link("file:///reports/q3.csv", "q3")
///         .title("Q3 figures")
///         .mime_type("text/csv")
///         .size(2048)
///         .into(),
///     Content::embedded(ResourceContents::text("mem://notes", "# Notes").mime_type("text/markdown")),
/// ];
/// assert_eq!(blocks[0].as_text(), Some("The chart and the data behind it:"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    /// What the block holds.
    pub body: ContentBody,
    /// Hints for the client, if any.
    pub annotations: Option<ContentAnnotations>,
}

/// What a [`Content`] block holds; match on it to check a result in a test.
///
/// ```
/// use toolhost_sdk::{Content, ContentBody};
///
/// let block = Content::image(vec![1, 2, 3], "image/png");
/// let ContentBody::Image { data, mime_type } = block.body else { unreachable!() };
/// assert_eq!((data.len(), mime_type.as_str()), (3, "image/png"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ContentBody {
    /// Text for the model to read.
    Text(String),
    /// An image, as raw bytes of the given MIME type (`image/png`, ...).
    Image { data: Vec<u8>, mime_type: String },
    /// A sound, as raw bytes of the given MIME type (`audio/wav`, ...).
    Audio { data: Vec<u8>, mime_type: String },
    /// A pointer to a resource the client may read itself.
    ResourceLink(ResourceLink),
    /// A resource included whole.
    Resource(ResourceContents),
}

impl Content {
    fn of(body: ContentBody) -> Self {
        Self {
            body,
            annotations: None,
        }
    }

    /// Text for the model to read.
    pub fn text(text: impl Into<String>) -> Self {
        Self::of(ContentBody::Text(text.into()))
    }

    /// An image: its raw bytes and MIME type (`type/subtype`, such as
    /// `image/png`).
    pub fn image(data: impl Into<Vec<u8>>, mime_type: impl Into<String>) -> Self {
        Self::of(ContentBody::Image {
            data: data.into(),
            mime_type: mime_type.into(),
        })
    }

    /// A sound: its raw bytes and MIME type (such as `audio/wav`).
    pub fn audio(data: impl Into<Vec<u8>>, mime_type: impl Into<String>) -> Self {
        Self::of(ContentBody::Audio {
            data: data.into(),
            mime_type: mime_type.into(),
        })
    }

    /// A link to the resource at `uri`, called `name`. Cheaper than
    /// embedding it: the client reads it only if it wants to. Refine it with
    /// [`ResourceLink`]'s methods; it converts into a `Content`.
    pub fn resource_link(uri: impl Into<String>, name: impl Into<String>) -> ResourceLink {
        ResourceLink {
            uri: uri.into(),
            name: name.into(),
            title: None,
            description: None,
            mime_type: None,
            size: None,
        }
    }

    /// A resource included whole, as text or bytes.
    pub fn embedded(contents: ResourceContents) -> Self {
        Self::of(ContentBody::Resource(contents))
    }

    /// Sets the hints for the client.
    pub fn annotations(mut self, annotations: ContentAnnotations) -> Self {
        self.annotations = Some(annotations);
        self
    }

    /// The text of a text block; `None` for any other kind.
    pub fn as_text(&self) -> Option<&str> {
        match &self.body {
            ContentBody::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl From<&str> for Content {
    fn from(text: &str) -> Self {
        Self::text(text)
    }
}

impl From<String> for Content {
    fn from(text: String) -> Self {
        Self::text(text)
    }
}

impl From<ResourceLink> for Content {
    fn from(link: ResourceLink) -> Self {
        Self::of(ContentBody::ResourceLink(link))
    }
}

impl From<ResourceContents> for Content {
    fn from(contents: ResourceContents) -> Self {
        Self::embedded(contents)
    }
}

/// A pointer to a resource; made by [`Content::resource_link`].
///
/// ```
/// use toolhost_sdk::{Content, Output};
///
/// let link = Content::resource_link("file:///q3.pdf", "q3")
///     .title("Q3 report")
///     .description("Figures for the third quarter")
///     .mime_type("application/pdf")
///     .size(2048);
/// assert_eq!(link.size, Some(2048));
/// let output = Output::text("See the report:").and(link);
/// assert_eq!(output.content().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceLink {
    pub uri: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
    /// Its size in bytes, when known.
    pub size: Option<u64>,
}

impl ResourceLink {
    /// A human-readable display name.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// What the resource holds.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Its MIME type, so the client knows what it would get.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }

    /// Its size in bytes, so the client can decide whether to read it.
    pub fn size(mut self, bytes: u64) -> Self {
        self.size = Some(bytes);
        self
    }
}

/// A resource's contents: what a resource read returns, and what an
/// embedded resource carries.
///
/// ```
/// use toolhost_sdk::{ResourceBody, ResourceContents};
///
/// let page = ResourceContents::text("mem://readme", "# Hello").mime_type("text/markdown");
/// let logo = ResourceContents::blob("mem://logo", vec![0x89, b'P']).mime_type("image/png");
/// assert_eq!(page.body, ResourceBody::Text("# Hello".into()));
/// assert_eq!(logo.mime_type.as_deref(), Some("image/png"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceContents {
    pub uri: String,
    pub mime_type: Option<String>,
    pub body: ResourceBody,
}

/// What a resource holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ResourceBody {
    /// Text (sent as `text`).
    Text(String),
    /// Bytes (the host base64-encodes them as `blob`).
    Blob(Vec<u8>),
}

impl ResourceContents {
    /// The resource at `uri`, holding `text`.
    pub fn text(uri: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            uri: uri.into(),
            mime_type: None,
            body: ResourceBody::Text(text.into()),
        }
    }

    /// The resource at `uri`, holding `bytes`.
    pub fn blob(uri: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            uri: uri.into(),
            mime_type: None,
            body: ResourceBody::Blob(bytes.into()),
        }
    }

    /// Its MIME type.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.mime_type = Some(mime_type.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_pick_the_kind() {
        assert_eq!(Content::text("hi").as_text(), Some("hi"));
        assert_eq!(Content::from("hi"), Content::text("hi"));
        assert_eq!(Content::from(String::from("hi")), Content::text("hi"));
        let image = Content::image(vec![1, 2], "image/png");
        assert_eq!(image.as_text(), None);
        assert_eq!(
            image.body,
            ContentBody::Image {
                data: vec![1, 2],
                mime_type: "image/png".into()
            }
        );
        assert!(matches!(
            Content::audio([7u8].as_slice(), "audio/wav").body,
            ContentBody::Audio { data, mime_type } if data == [7] && mime_type == "audio/wav"
        ));
        assert!(image.annotations.is_none());
    }

    #[test]
    fn links_carry_what_the_builder_set() {
        let link: Content = Content::resource_link("file:///a.pdf", "a")
            .title("A")
            .description("The A report")
            .mime_type("application/pdf")
            .size(10)
            .into();
        let ContentBody::ResourceLink(link) = link.body else {
            panic!("not a link");
        };
        assert_eq!(
            link,
            ResourceLink {
                uri: "file:///a.pdf".into(),
                name: "a".into(),
                title: Some("A".into()),
                description: Some("The A report".into()),
                mime_type: Some("application/pdf".into()),
                size: Some(10),
            }
        );
    }

    #[test]
    fn embedded_resources_are_text_or_bytes() {
        let text = ResourceContents::text("mem://t", "x").mime_type("text/plain");
        assert_eq!(text.mime_type.as_deref(), Some("text/plain"));
        assert_eq!(
            Content::from(text.clone()).body,
            ContentBody::Resource(text)
        );
        let blob = ResourceContents::blob("mem://b", [1u8, 2].as_slice());
        assert_eq!(blob.body, ResourceBody::Blob(vec![1, 2]));
        assert_eq!(blob.mime_type, None);
    }

    #[test]
    fn annotations_are_optional_hints() {
        let hints = ContentAnnotations::new()
            .audience([Role::User, Role::Assistant])
            .priority(1.0)
            .last_modified("2026-01-01T00:00:00Z");
        let content = Content::text("x").annotations(hints.clone());
        assert_eq!(content.annotations, Some(hints));
        assert_eq!(ContentAnnotations::new(), ContentAnnotations::default());
        let role: Role = serde_json::from_str(r#""assistant""#).unwrap();
        assert_eq!(role, Role::Assistant);
    }
}
