//! The requests a 0.2 component serves besides tool calls: reading a
//! resource, filling in a prompt, completing an argument. Each runs like a
//! tool call, in a fresh instance under the component's limits and policy,
//! and what it returns is scrubbed of the component's secrets.

use super::call::{CallReport, Invocation};
use super::client::ClientChannel;
use super::exports::{Complete, GetPrompt, ReadResource};
use super::{
    CallInput, Completion, CompletionRequest, LoadedComponent, Outcome, PromptResult, ReadError,
    ResourceContents, ToolError,
};
use crate::failure::{CallFailure, ToolFailure};

/// How a read ended when the component ran to its end.
pub type ReadReturned = Result<Outcome<Vec<ResourceContents>>, ReadError>;

impl LoadedComponent {
    /// Reads the resource at `uri`. `Ok(Err(NotFound))` when the component
    /// serves nothing there.
    pub async fn read_resource(
        &self,
        inv: &Invocation<'_>,
        uri: String,
        input: CallInput,
        client: Option<ClientChannel>,
    ) -> (Result<ReadReturned, CallFailure>, CallReport) {
        let export = ReadResource { uri, input };
        let (returned, report) = self.run(inv, self.grants.clone(), client, export).await;
        let returned = returned.map(|read| match read {
            Ok(Outcome::Done(mut list)) => {
                list.iter_mut().for_each(|c| self.redact_contents(c));
                Ok(Outcome::Done(list))
            }
            Ok(Outcome::InputRequired(asked)) => {
                Ok(Outcome::InputRequired(self.redact_questions(asked)))
            }
            Err(ReadError::Failed(error)) => Err(ReadError::Failed(self.redact_error(error))),
            Err(ReadError::NotFound) => Err(ReadError::NotFound),
        });
        (returned, report)
    }

    /// Fills in the prompt `name` with `arguments`.
    pub async fn get_prompt(
        &self,
        inv: &Invocation<'_>,
        name: String,
        arguments: Vec<(String, String)>,
        input: CallInput,
        client: Option<ClientChannel>,
    ) -> (Result<Outcome<PromptResult>, CallFailure>, CallReport) {
        let export = GetPrompt {
            name,
            arguments,
            input,
        };
        let (returned, report) = self.run(inv, self.grants.clone(), client, export).await;
        let returned = match returned {
            Ok(Ok(Outcome::Done(mut prompt))) => {
                if let Some(description) = &mut prompt.description {
                    self.grants.redactor.redact_in_place(description);
                }
                for message in &mut prompt.messages {
                    self.redact_content(&mut message.content);
                }
                Ok(Outcome::Done(prompt))
            }
            Ok(Ok(Outcome::InputRequired(asked))) => {
                Ok(Outcome::InputRequired(self.redact_questions(asked)))
            }
            Ok(Err(error)) => Err(reported(self.redact_error(error))),
            Err(failure) => Err(failure),
        };
        (returned, report)
    }

    /// Suggests values for a prompt argument or a template variable.
    pub async fn complete(
        &self,
        inv: &Invocation<'_>,
        request: CompletionRequest,
    ) -> (Result<Completion, CallFailure>, CallReport) {
        let (returned, report) = self
            .run(inv, self.grants.clone(), None, Complete { request })
            .await;
        let returned = match returned {
            Ok(Ok(mut completion)) => {
                for value in &mut completion.values {
                    self.grants.redactor.redact_in_place(value);
                }
                Ok(completion)
            }
            Ok(Err(error)) => Err(reported(self.redact_error(error))),
            Err(failure) => Err(failure),
        };
        (returned, report)
    }
}

/// An error the component reported, as a failure of the request.
pub fn reported(error: ToolError) -> CallFailure {
    ToolFailure::Reported(error.into()).into()
}
