//! The prompts the suite gets: a plain one, one with arguments (whose
//! `arg1` completes), one embedding a resource, one with an image, and one
//! that asks the user for context first (SEP-2322 on a request other than
//! a tool call).

use crate::asking::{accepted, ask, string_form};
use crate::toolhost::tool::types::{
    CallContext, Content, PromptArgument, PromptDescriptor, PromptMessage, PromptOutcome,
    PromptResult, Role, ToolError,
};
use crate::{embedded, image, text};

/// What `arg1` of `test_prompt_with_arguments` completes to.
const ARG1_VALUES: &[&str] = &["paris", "park", "party", "tokyo", "toronto"];

pub(crate) fn listed() -> Vec<PromptDescriptor> {
    let argument = |name: &str, description: &str| PromptArgument {
        name: name.into(),
        title: None,
        description: Some(description.into()),
        required: true,
    };
    let prompt = |name: &str, description: &str, arguments| PromptDescriptor {
        name: name.into(),
        title: None,
        description: Some(description.into()),
        arguments,
    };
    vec![
        prompt(
            "test_simple_prompt",
            "A simple prompt without arguments",
            vec![],
        ),
        prompt(
            "test_prompt_with_arguments",
            "A prompt with two required arguments",
            vec![
                argument("arg1", "First test argument"),
                argument("arg2", "Second test argument"),
            ],
        ),
        prompt(
            "test_prompt_with_embedded_resource",
            "A prompt that embeds the resource it is given",
            vec![argument("resourceUri", "URI of the resource to embed")],
        ),
        prompt(
            "test_prompt_with_image",
            "A prompt that includes an image",
            vec![],
        ),
        prompt(
            "test_input_required_result_prompt",
            "A prompt that first asks the user what context to use (elicitation)",
            vec![],
        ),
    ]
}

/// Fills in the prompt `name`. The host has checked that the required
/// arguments are there.
pub(crate) fn get(
    name: &str,
    arguments: &[(String, String)],
    context: &CallContext,
) -> Result<PromptOutcome, ToolError> {
    let argument = |wanted: &str| {
        arguments
            .iter()
            .find(|(name, _)| name == wanted)
            .map_or("", |(_, value)| value.as_str())
    };
    let messages = match name {
        "test_simple_prompt" => vec![text("This is a simple prompt for testing.")],
        "test_prompt_with_arguments" => vec![text(format!(
            "Prompt with arguments: arg1='{}', arg2='{}'",
            argument("arg1"),
            argument("arg2")
        ))],
        "test_prompt_with_embedded_resource" => vec![
            embedded(
                argument("resourceUri"),
                "text/plain",
                "Embedded resource content for testing.",
            ),
            text("Please process the embedded resource above."),
        ],
        "test_prompt_with_image" => vec![image(), text("Please analyze the image above.")],
        "test_input_required_result_prompt" => match accepted(context, "user_context", "context") {
            Some(wanted) => vec![text(format!("Prompt with context: {wanted}"))],
            None => {
                let question = string_form("What context should the prompt use?", "context");
                let asked = ask(vec![("user_context", question)], None);
                return Ok(PromptOutcome::InputRequired(asked));
            }
        },
        _ => return Err(ToolError::InvalidInput(format!("no prompt named {name}"))),
    };
    Ok(PromptOutcome::Done(PromptResult {
        description: None,
        messages: messages.into_iter().map(user).collect(),
    }))
}

fn user(content: Content) -> PromptMessage {
    PromptMessage {
        role: Role::User,
        content,
    }
}

/// What the prompt argument `argument` may be; nothing for anything else.
pub(crate) fn candidates(prompt: &str, argument: &str) -> &'static [&'static str] {
    if prompt == "test_prompt_with_arguments" && argument == "arg1" {
        ARG1_VALUES
    } else {
        &[]
    }
}
