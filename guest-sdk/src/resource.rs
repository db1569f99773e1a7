//! Resources a component serves at fixed URIs, and what a read returns.

use crate::{ContentAnnotations, Context, Outcome, ResourceContents, ToolError};

/// What a resource read returns when it finishes.
pub(crate) type Contents = Vec<ResourceContents>;

pub(crate) type ReadHandler =
    Box<dyn Fn(&str, &mut Context) -> Result<Outcome<Contents>, ReadError>>;

/// Why a resource could not be read.
///
/// `?` turns a [`ToolError`] (and so any standard error) into
/// [`ReadError::Failed`].
///
/// ```
/// use toolhost_sdk::{ReadError, ToolError};
///
/// fn parse(text: &str) -> Result<u32, ReadError> {
///     Ok(text.parse::<u32>()?)
/// }
/// assert!(matches!(parse("x"), Err(ReadError::Failed(ToolError::Other(_)))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing is served at this URI: the client gets the protocol's
    /// "resource not found" error. Useful for a template whose variables
    /// name something that does not exist.
    NotFound,
    /// Reading it failed; the client gets a JSON-RPC error with the message.
    Failed(ToolError),
}

impl<E: Into<ToolError>> From<E> for ReadError {
    fn from(error: E) -> Self {
        Self::Failed(error.into())
    }
}

/// Text read from a resource: the resource itself, with its URI and listed
/// MIME type.
impl From<String> for Outcome<Contents> {
    fn from(text: String) -> Self {
        Self::Done(vec![ResourceContents::text("", text)])
    }
}

impl From<&str> for Outcome<Contents> {
    fn from(text: &str) -> Self {
        text.to_owned().into()
    }
}

/// Bytes read from a resource: the resource itself, with its URI and listed
/// MIME type.
impl From<Vec<u8>> for Outcome<Contents> {
    fn from(bytes: Vec<u8>) -> Self {
        Self::Done(vec![ResourceContents::blob("", bytes)])
    }
}

impl From<ResourceContents> for Outcome<Contents> {
    fn from(contents: ResourceContents) -> Self {
        Self::Done(vec![contents])
    }
}

impl From<Contents> for Outcome<Contents> {
    fn from(contents: Contents) -> Self {
        Self::Done(contents)
    }
}

/// Contents without a URI are the resource that was read: they get its URI
/// and, unless they have one, the MIME type it is listed with.
pub(crate) fn fill_in(
    outcome: Outcome<Contents>,
    uri: &str,
    mime_type: Option<&str>,
) -> Outcome<Contents> {
    let Outcome::Done(mut contents) = outcome else {
        return outcome;
    };
    for item in &mut contents {
        if item.uri.is_empty() {
            item.uri = uri.to_owned();
        }
        if item.uri == uri && item.mime_type.is_none() {
            item.mime_type = mime_type.map(str::to_owned);
        }
    }
    Outcome::Done(contents)
}

/// A resource as listed to clients; see the WIT `resource-descriptor`.
///
/// ```
/// use toolhost_sdk::{Resource, Toolbox};
///
/// let tools = Toolbox::new().resource(Resource::new("mem://a", "a", |_, _| Ok("A")).size(1));
/// let resource = &tools.catalog().unwrap().resources[0];
/// assert_eq!((resource.uri.as_str(), resource.size), ("mem://a", Some(1)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceDescriptor {
    pub uri: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<u64>,
    pub annotations: Option<ContentAnnotations>,
}

/// A resource at a fixed URI, and the function that reads it.
///
/// The handler gets the URI and the [`Context`], and returns the text
/// (`String`, `&str`), the bytes (`Vec<u8>`), [`ResourceContents`] (one or a
/// `Vec`), [`InputRequired`](crate::InputRequired) or an [`Outcome`] of
/// these. Text and bytes get the resource's URI and MIME type.
///
/// ```
/// use toolhost_sdk::{Context, Resource, Toolbox};
///
/// let tools = Toolbox::new().resource(
///     Resource::new("file:///notes", "notes", |_uri, _cx| Ok("Buy milk."))
///         .title("Notes")
///         .description("The user's notes.")
///         .mime_type("text/plain")
///         .size(9),
/// );
/// let read = tools.read("file:///notes", &mut Context::new()).unwrap();
/// let contents = read.done().unwrap();
/// assert_eq!(contents[0].uri, "file:///notes");
/// assert_eq!(contents[0].mime_type.as_deref(), Some("text/plain"));
/// ```
pub struct Resource {
    descriptor: ResourceDescriptor,
    handler: ReadHandler,
}

impl Resource {
    /// The resource at `uri` (unique within the server), called `name`,
    /// read by `handler`.
    pub fn new<R, F>(uri: impl Into<String>, name: impl Into<String>, handler: F) -> Self
    where
        R: Into<Outcome<Contents>>,
        F: Fn(&str, &mut Context) -> Result<R, ReadError> + 'static,
    {
        Self {
            descriptor: ResourceDescriptor {
                uri: uri.into(),
                name: name.into(),
                title: None,
                description: None,
                mime_type: None,
                size: None,
                annotations: None,
            },
            handler: Box::new(move |uri, cx| handler(uri, cx).map(Into::into)),
        }
    }

    /// A human-readable display name.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.descriptor.title = Some(title.into());
        self
    }

    /// What the resource holds, for the user or model choosing it.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.descriptor.description = Some(description.into());
        self
    }

    /// Its MIME type, also given to text or bytes the handler returns.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.descriptor.mime_type = Some(mime_type.into());
        self
    }

    /// Its size in bytes, when known in advance.
    pub fn size(mut self, bytes: u64) -> Self {
        self.descriptor.size = Some(bytes);
        self
    }

    /// Hints for the client (audience, priority, last change).
    pub fn annotations(mut self, annotations: ContentAnnotations) -> Self {
        self.descriptor.annotations = Some(annotations);
        self
    }

    pub(crate) fn descriptor(&self) -> Result<&ResourceDescriptor, String> {
        let d = &self.descriptor;
        if !d.uri.contains(':') {
            return Err(format!("resource URI {:?} has no scheme", d.uri));
        }
        if d.name.is_empty() {
            return Err(format!("resource {} has an empty name", d.uri));
        }
        Ok(d)
    }

    pub(crate) fn uri(&self) -> &str {
        &self.descriptor.uri
    }

    pub(crate) fn read(&self, cx: &mut Context) -> Result<Outcome<Contents>, ReadError> {
        let d = &self.descriptor;
        let outcome = (self.handler)(&d.uri, cx)?;
        Ok(fill_in(outcome, &d.uri, d.mime_type.as_deref()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InputRequired;

    #[test]
    fn text_and_bytes_become_the_resource_itself() {
        let text = fill_in("hi".into(), "mem://a", Some("text/plain"))
            .done()
            .unwrap();
        assert_eq!(
            text,
            [ResourceContents::text("mem://a", "hi").mime_type("text/plain")]
        );
        let bytes = fill_in(vec![1u8].into(), "mem://a", None).done().unwrap();
        assert_eq!(bytes, [ResourceContents::blob("mem://a", vec![1])]);
    }

    #[test]
    fn contents_with_their_own_uri_and_type_are_kept() {
        let given = vec![
            ResourceContents::text("mem://other", "x"),
            ResourceContents::text("mem://a", "y").mime_type("text/markdown"),
        ];
        let filled = fill_in(given.clone().into(), "mem://a", Some("text/plain"));
        assert_eq!(filled.done().unwrap(), given);
        let asked: Outcome<Contents> = InputRequired::new().roots("r").into();
        assert_eq!(fill_in(asked.clone(), "mem://a", None), asked);
    }

    #[test]
    fn errors_convert_into_failures() {
        assert_eq!(
            ReadError::from(ToolError::other("x")),
            ReadError::Failed(ToolError::other("x"))
        );
        let parse = || -> Result<u8, ReadError> { Ok("300".parse::<u8>()?) };
        assert!(matches!(
            parse(),
            Err(ReadError::Failed(ToolError::Other(_)))
        ));
    }

    #[test]
    fn resources_need_a_scheme_and_a_name() {
        let ok = Resource::new("mem://a", "a", |_, _| Ok("x"));
        assert_eq!(ok.descriptor().unwrap().uri, "mem://a");
        assert!(
            Resource::new("no-scheme", "a", |_, _| Ok("x"))
                .descriptor()
                .is_err()
        );
        assert!(
            Resource::new("mem://a", "", |_, _| Ok("x"))
                .descriptor()
                .is_err()
        );
        let not_found = Resource::new("mem://gone", "gone", |_, _| -> Result<String, _> {
            Err(ReadError::NotFound)
        });
        assert_eq!(
            not_found.read(&mut Context::new()),
            Err(ReadError::NotFound)
        );
    }
}
