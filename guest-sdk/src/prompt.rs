//! Prompt templates a component serves: named messages, filled in from
//! string arguments, that a client offers its user (as slash commands, for
//! instance).

use crate::completion::{Completer, Completers};
use crate::{Arguments, Content, Context, Outcome, Role, ToolError};

type PromptHandler =
    Box<dyn Fn(&Arguments, &mut Context) -> Result<Outcome<PromptResult>, ToolError>>;

/// One message of a filled-in prompt.
///
/// ```
/// use toolhost_sdk::{PromptResult, Role};
///
/// let prompt = PromptResult::new().user("Translate: bonjour");
/// let message = &prompt.messages[0];
/// assert_eq!((message.role, message.content.as_text()), (Role::User, Some("Translate: bonjour")));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PromptMessage {
    pub role: Role,
    pub content: Content,
}

/// A filled-in prompt: messages for the client to put in the conversation.
///
/// ```
/// use toolhost_sdk::{Content, PromptResult, Role};
///
/// let prompt = PromptResult::new()
///     .description("Code review")
///     .user("Review this function:")
///     .user(Content::image(vec![0x89, b'P'], "image/png"))
///     .assistant("Looking at it now.");
/// assert_eq!(prompt.messages.len(), 3);
/// assert_eq!(prompt.messages[2].role, Role::Assistant);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PromptResult {
    pub description: Option<String>,
    pub messages: Vec<PromptMessage>,
}

impl PromptResult {
    /// No messages yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A description of this filled-in prompt.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Adds a message from the user (text, or any [`Content`]).
    pub fn user(self, content: impl Into<Content>) -> Self {
        self.message(Role::User, content.into())
    }

    /// Adds a message from the assistant.
    pub fn assistant(self, content: impl Into<Content>) -> Self {
        self.message(Role::Assistant, content.into())
    }

    fn message(mut self, role: Role, content: Content) -> Self {
        self.messages.push(PromptMessage { role, content });
        self
    }
}

impl From<PromptResult> for Outcome<PromptResult> {
    fn from(result: PromptResult) -> Self {
        Self::Done(result)
    }
}

/// A text is a prompt of one user message.
impl From<String> for Outcome<PromptResult> {
    fn from(text: String) -> Self {
        Self::Done(PromptResult::new().user(text))
    }
}

impl From<&str> for Outcome<PromptResult> {
    fn from(text: &str) -> Self {
        text.to_owned().into()
    }
}

/// One argument a prompt takes; declared by [`Prompt::argument`].
///
/// ```
/// use toolhost_sdk::{Prompt, Toolbox};
///
/// let tools = Toolbox::new().prompt(Prompt::new("p", |_, _| Ok("x")).argument("code", "The code", true));
/// let argument = &tools.catalog().unwrap().prompts[0].arguments[0];
/// assert_eq!((argument.name.as_str(), argument.required), ("code", true));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptArgument {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    /// The host checks that required arguments are present before the
    /// prompt's function runs.
    pub required: bool,
}

/// A prompt as listed to clients; see the WIT `prompt-descriptor`.
///
/// ```
/// use toolhost_sdk::{Prompt, Toolbox};
///
/// let tools = Toolbox::new().prompt(Prompt::new("standup", |_, _| Ok("...")).title("Stand-up"));
/// let prompt = &tools.catalog().unwrap().prompts[0];
/// assert_eq!((prompt.name.as_str(), prompt.title.as_deref()), ("standup", Some("Stand-up")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptDescriptor {
    pub name: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub arguments: Vec<PromptArgument>,
}

/// A prompt template, the function that fills it in, and optionally
/// completers for its arguments.
///
/// The handler gets the [`Arguments`] and the [`Context`], and returns a
/// `String` (one user message), a [`PromptResult`],
/// [`InputRequired`](crate::InputRequired) or an [`Outcome`] of these.
///
/// ```
/// use toolhost_sdk::{Arguments, Context, Prompt, PromptResult, Toolbox};
///
/// let tools = Toolbox::new().prompt(
///     Prompt::new("review", |args, _cx| {
///         let code = args.require("code")?;
///         Ok(PromptResult::new().user(format!("Review this code:\n{code}")))
///     })
///     .title("Code review")
///     .description("Asks for a review of a piece of code.")
///     .argument("code", "The code to review", true)
///     .argument("language", "Its language", false)
///     .complete("language", |typed, _filled| {
///         Ok(["rust", "python"].iter().filter(|l| l.starts_with(typed)).map(|l| l.to_string()).collect())
///     }),
/// );
/// let args: Arguments = [("code", "fn main() {}")].into_iter().collect();
/// let filled = tools.get_prompt("review", &args, &mut Context::new()).unwrap();
/// assert_eq!(filled.done().unwrap().messages.len(), 1);
/// ```
pub struct Prompt {
    descriptor: PromptDescriptor,
    handler: PromptHandler,
    completers: Completers,
}

impl Prompt {
    /// The prompt `name` (unique within the server), filled in by `handler`.
    pub fn new<R, F>(name: impl Into<String>, handler: F) -> Self
    where
        R: Into<Outcome<PromptResult>>,
        F: Fn(&Arguments, &mut Context) -> Result<R, ToolError> + 'static,
    {
        Self {
            descriptor: PromptDescriptor {
                name: name.into(),
                title: None,
                description: None,
                arguments: Vec::new(),
            },
            handler: Box::new(move |args, cx| handler(args, cx).map(Into::into)),
            completers: Completers::default(),
        }
    }

    /// A human-readable display name.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.descriptor.title = Some(title.into());
        self
    }

    /// What the prompt is for.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.descriptor.description = Some(description.into());
        self
    }

    /// Declares an argument, in order: its name, what it means, and whether
    /// the prompt cannot do without it.
    pub fn argument(
        mut self,
        name: impl Into<String>,
        description: impl Into<String>,
        required: bool,
    ) -> Self {
        self.descriptor.arguments.push(PromptArgument {
            name: name.into(),
            title: None,
            description: Some(description.into()),
            required,
        });
        self
    }

    /// Suggests values for the argument `argument` as the user types:
    /// `completer` gets what was typed and the arguments already filled in,
    /// and returns suggestions, best first.
    pub fn complete<F>(mut self, argument: impl Into<String>, completer: F) -> Self
    where
        F: Fn(&str, &Arguments) -> Result<Vec<String>, ToolError> + 'static,
    {
        let completer: Completer = Box::new(completer);
        self.completers.set(argument.into(), completer);
        self
    }

    pub(crate) fn descriptor(&self) -> Result<&PromptDescriptor, String> {
        let d = &self.descriptor;
        if d.name.is_empty() {
            return Err("a prompt has an empty name".into());
        }
        for (i, argument) in d.arguments.iter().enumerate() {
            if d.arguments[..i].iter().any(|a| a.name == argument.name) {
                return Err(format!(
                    "prompt {} declares {} twice",
                    d.name, argument.name
                ));
            }
        }
        for completed in self.completers.arguments() {
            if !d.arguments.iter().any(|a| a.name == completed) {
                return Err(format!(
                    "prompt {} completes {completed}, which it does not declare",
                    d.name
                ));
            }
        }
        Ok(d)
    }

    pub(crate) fn name(&self) -> &str {
        &self.descriptor.name
    }

    pub(crate) fn completers(&self) -> &Completers {
        &self.completers
    }

    pub(crate) fn get(
        &self,
        arguments: &Arguments,
        cx: &mut Context,
    ) -> Result<Outcome<PromptResult>, ToolError> {
        (self.handler)(arguments, cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InputRequired;

    #[test]
    fn a_text_is_one_user_message() {
        let outcome: Outcome<PromptResult> = "Hello".into();
        let result = outcome.done().unwrap();
        assert_eq!(result.description, None);
        assert_eq!(
            result.messages,
            [PromptMessage {
                role: Role::User,
                content: Content::text("Hello")
            }]
        );
    }

    #[test]
    fn handlers_get_the_arguments_and_may_ask() {
        let prompt = Prompt::new("greet", |args, cx| {
            if cx.state().is_none() {
                return Ok(InputRequired::new().state("asked").into());
            }
            Ok(Outcome::Done(
                PromptResult::new().user(format!("Hi {}", args.require("name")?)),
            ))
        })
        .argument("name", "Who to greet", true);
        let args: Arguments = [("name", "Ada")].into_iter().collect();
        let first = prompt.get(&args, &mut Context::new()).unwrap();
        assert!(first.input_required().is_some());
        let second = prompt.get(&args, &mut Context::new().with_state("asked"));
        let messages = second.unwrap().done().unwrap().messages;
        assert_eq!(messages[0].content.as_text(), Some("Hi Ada"));
    }

    #[test]
    fn the_descriptor_lists_arguments_in_order_and_is_checked() {
        let prompt = Prompt::new("p", |_, _| Ok("x"))
            .title("P")
            .description("A prompt")
            .argument("a", "First", true)
            .argument("b", "Second", false);
        let d = prompt.descriptor().unwrap();
        assert_eq!(d.arguments[1].name, "b");
        assert!(!d.arguments[1].required);
        assert_eq!(d.arguments[0].description.as_deref(), Some("First"));
        let twice = Prompt::new("p", |_, _| Ok("x"))
            .argument("a", "", true)
            .argument("a", "", true);
        assert!(twice.descriptor().unwrap_err().contains("twice"));
        let unknown = Prompt::new("p", |_, _| Ok("x")).complete("z", |_, _| Ok(vec![]));
        assert!(unknown.descriptor().unwrap_err().contains("z"));
        assert!(Prompt::new("", |_, _| Ok("x")).descriptor().is_err());
    }
}
