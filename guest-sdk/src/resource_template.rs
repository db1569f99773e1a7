//! Families of resources named by a URI template (`weather://{city}`):
//! the SDK matches a read's URI against the template and hands the handler
//! the variables.

use crate::completion::{Completer, Completers};
use crate::resource::{Contents, fill_in};
use crate::uri_template::UriTemplate;
use crate::{Arguments, ContentAnnotations, Context, Outcome, ReadError, ToolError};

type TemplateHandler =
    Box<dyn Fn(&str, &Arguments, &mut Context) -> Result<Outcome<Contents>, ReadError>>;

/// A resource template as listed to clients; see the WIT
/// `resource-template`.
///
/// ```
/// use toolhost_sdk::{ResourceTemplate, Toolbox};
///
/// let tools = Toolbox::new()
///     .resource_template(ResourceTemplate::new("logs://{day}", "logs", |_, _, _| Ok("...")));
/// let template = &tools.catalog().unwrap().resource_templates[0];
/// assert_eq!(template.uri_template, "logs://{day}");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceTemplateDescriptor {
    pub uri_template: String,
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub mime_type: Option<String>,
    pub annotations: Option<ContentAnnotations>,
}

/// A family of resources, the function that reads any of them, and
/// optionally completers for its variables.
///
/// Templates may use simple variables (`{city}`: one or more characters
/// other than `/ ? #`) and reserved ones (`{+path}`: any characters); the
/// host routes a read by the same rules. The handler gets the URI, the
/// variables (percent-decoded) and the [`Context`], and returns what a
/// [`Resource`](crate::Resource) handler returns. Return
/// [`ReadError::NotFound`] for variables that name nothing.
///
/// ```
/// use toolhost_sdk::{Context, ReadError, ResourceTemplate, Toolbox};
///
/// const CITIES: [&str; 3] = ["Lisbon", "London", "Oslo"];
///
/// let tools = Toolbox::new().resource_template(
///     ResourceTemplate::new("weather://{city}", "weather", |_uri, vars, _cx| {
///         let city = vars.require("city")?;
///         if !CITIES.contains(&city) {
///             return Err(ReadError::NotFound);
///         }
///         Ok(format!("{city}: sunny"))
///     })
///     .mime_type("text/plain")
///     .complete("city", |typed, _filled| {
///         Ok(CITIES.iter().filter(|c| c.starts_with(typed)).map(|c| c.to_string()).collect())
///     }),
/// );
/// let read = tools.read("weather://Oslo", &mut Context::new()).unwrap().done().unwrap();
/// assert_eq!(read[0].uri, "weather://Oslo");
/// assert_eq!(tools.read("weather://Paris", &mut Context::new()), Err(ReadError::NotFound));
/// ```
pub struct ResourceTemplate {
    descriptor: ResourceTemplateDescriptor,
    template: Result<UriTemplate, String>,
    handler: TemplateHandler,
    completers: Completers,
}

impl ResourceTemplate {
    /// The resources named by `uri_template` (unique within the server),
    /// called `name`, read by `handler`.
    pub fn new<R, F>(uri_template: impl Into<String>, name: impl Into<String>, handler: F) -> Self
    where
        R: Into<Outcome<Contents>>,
        F: Fn(&str, &Arguments, &mut Context) -> Result<R, ReadError> + 'static,
    {
        let uri_template = uri_template.into();
        Self {
            template: UriTemplate::parse(&uri_template),
            descriptor: ResourceTemplateDescriptor {
                uri_template,
                name: name.into(),
                title: None,
                description: None,
                mime_type: None,
                annotations: None,
            },
            handler: Box::new(move |uri, vars, cx| handler(uri, vars, cx).map(Into::into)),
            completers: Completers::default(),
        }
    }

    /// A human-readable display name.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.descriptor.title = Some(title.into());
        self
    }

    /// What the resources hold, for the user or model choosing one.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.descriptor.description = Some(description.into());
        self
    }

    /// The MIME type of every resource it names, also given to text or
    /// bytes the handler returns.
    pub fn mime_type(mut self, mime_type: impl Into<String>) -> Self {
        self.descriptor.mime_type = Some(mime_type.into());
        self
    }

    /// Hints for the client (audience, priority, last change).
    pub fn annotations(mut self, annotations: ContentAnnotations) -> Self {
        self.descriptor.annotations = Some(annotations);
        self
    }

    /// Suggests values for the variable `variable` as the user types:
    /// `completer` gets what was typed and the variables already filled in,
    /// and returns suggestions, best first.
    pub fn complete<F>(mut self, variable: impl Into<String>, completer: F) -> Self
    where
        F: Fn(&str, &Arguments) -> Result<Vec<String>, ToolError> + 'static,
    {
        let completer: Completer = Box::new(completer);
        self.completers.set(variable.into(), completer);
        self
    }

    pub(crate) fn descriptor(&self) -> Result<&ResourceTemplateDescriptor, String> {
        let d = &self.descriptor;
        let template = self
            .template
            .as_ref()
            .map_err(|e| format!("resource template {:?}: {e}", d.uri_template))?;
        if d.name.is_empty() {
            return Err(format!(
                "resource template {} has an empty name",
                d.uri_template
            ));
        }
        for variable in self.completers.arguments() {
            if !template.variables().iter().any(|v| v == variable) {
                return Err(format!(
                    "resource template {} completes {variable}, which it does not have",
                    d.uri_template
                ));
            }
        }
        Ok(d)
    }

    pub(crate) fn uri_template(&self) -> &str {
        &self.descriptor.uri_template
    }

    pub(crate) fn completers(&self) -> &Completers {
        &self.completers
    }

    /// Reads `uri`; `None` when the template does not name it.
    pub(crate) fn read(
        &self,
        uri: &str,
        cx: &mut Context,
    ) -> Option<Result<Outcome<Contents>, ReadError>> {
        let variables = self.template.as_ref().ok()?.capture(uri)?;
        let mime_type = self.descriptor.mime_type.as_deref();
        let outcome = (self.handler)(uri, &variables, cx);
        Some(outcome.map(|outcome| fill_in(outcome, uri, mime_type)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ResourceContents;

    fn files() -> ResourceTemplate {
        ResourceTemplate::new("repo://{owner}/{+path}", "files", |_, vars, _| {
            Ok(format!(
                "{}:{}",
                vars.require("owner")?,
                vars.require("path")?
            ))
        })
        .title("Files")
        .description("A file of a repository")
        .mime_type("text/plain")
    }

    #[test]
    fn reads_get_the_variables_and_the_template_mime_type() {
        let read = files().read("repo://me/src/lib.rs", &mut Context::new());
        let contents = read.unwrap().unwrap().done().unwrap();
        assert_eq!(
            contents,
            [
                ResourceContents::text("repo://me/src/lib.rs", "me:src/lib.rs")
                    .mime_type("text/plain")
            ]
        );
        assert!(files().read("other://me/x", &mut Context::new()).is_none());
    }

    #[test]
    fn the_descriptor_is_checked() {
        let d = files();
        let d = d.descriptor().unwrap();
        assert_eq!(d.uri_template, "repo://{owner}/{+path}");
        assert_eq!(d.title.as_deref(), Some("Files"));
        let bad = ResourceTemplate::new("q://{?x}", "q", |_, _, _| Ok(""));
        assert!(bad.descriptor().unwrap_err().contains("{?x}"));
        let unknown = files().complete("branch", |_, _| Ok(vec![]));
        assert!(unknown.descriptor().unwrap_err().contains("branch"));
        let nameless = ResourceTemplate::new("q://{x}", "", |_, _, _| Ok(""));
        assert!(nameless.descriptor().is_err());
    }

    #[test]
    fn completers_are_kept_by_variable() {
        let t = files().complete("owner", |typed, _| Ok(vec![format!("{typed}self")]));
        assert!(t.descriptor().is_ok());
        let filled = Arguments::default();
        assert_eq!(
            t.completers().complete("owner", "my", &filled).unwrap(),
            ["myself"]
        );
    }
}
