//! Suggesting values for a prompt argument or a template variable
//! (`completion/complete`), as the user types.

use crate::{Arguments, ToolError};

/// A function suggesting values: it gets what the user has typed so far and
/// the arguments already filled in, and returns suggestions, best first.
pub(crate) type Completer = Box<dyn Fn(&str, &Arguments) -> Result<Vec<String>, ToolError>>;

/// What is being completed, as the host names it.
///
/// ```
/// use toolhost_sdk::{Arguments, CompletionReference, ResourceTemplate, Toolbox};
///
/// let tools = Toolbox::new().resource_template(
///     ResourceTemplate::new("docs://{page}", "docs", |_, _, _| Ok("..."))
///         .complete("page", |typed, _| Ok(vec![format!("{typed}-intro")])),
/// );
/// let reference = CompletionReference::ResourceTemplate("docs://{page}".into());
/// let values = tools.complete(&reference, "page", "setup", &Arguments::default());
/// assert_eq!(values.unwrap(), ["setup-intro"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompletionReference {
    /// An argument of the prompt with this name.
    Prompt(String),
    /// A variable of the resource template with this URI template.
    ResourceTemplate(String),
}

/// The completers of one prompt or template, by argument name.
#[derive(Default)]
pub(crate) struct Completers(Vec<(String, Completer)>);

impl Completers {
    /// Adds (or replaces) the completer of `argument`.
    pub(crate) fn set(&mut self, argument: String, completer: Completer) {
        self.0.retain(|(name, _)| *name != argument);
        self.0.push((argument, completer));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The arguments that have a completer.
    pub(crate) fn arguments(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(name, _)| name.as_str())
    }

    /// Suggestions for `argument`; none when it has no completer, since a
    /// client may ask about any argument.
    pub(crate) fn complete(
        &self,
        argument: &str,
        typed: &str,
        filled: &Arguments,
    ) -> Result<Vec<String>, ToolError> {
        match self.0.iter().find(|(name, _)| name == argument) {
            Some((_, completer)) => completer(typed, filled),
            None => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_without_a_completer_get_no_suggestions() {
        let mut completers = Completers::default();
        assert!(completers.is_empty());
        completers.set(
            "lang".into(),
            Box::new(|typed, _| Ok(vec![format!("{typed}!")])),
        );
        completers.set(
            "lang".into(),
            Box::new(|typed, filled| Ok(vec![format!("{typed}{}", filled.get("x").unwrap())])),
        );
        let filled: Arguments = [("x", "?")].into_iter().collect();
        assert_eq!(completers.complete("lang", "ru", &filled).unwrap(), ["ru?"]);
        assert!(
            completers
                .complete("other", "ru", &filled)
                .unwrap()
                .is_empty()
        );
        assert_eq!(completers.arguments().collect::<Vec<_>>(), ["lang"]);
    }
}
