//! A `resources/read`, `prompts/get` or `completion/complete` accepted for
//! running: like a tool call, it runs in a fresh instance of the component
//! that serves it, under its limits and policy, and may ask the client for
//! input in rounds (2026-07-28: `input_required`; before: the host asks).
//!
//! Failures are JSON-RPC errors, these requests having no `isError` result:
//! a resource nobody serves is -32602 (2026-07-28) or -32002 (before) with
//! the URI in `data`; an error the component reports as invalid input is
//! -32602; any other failure is -32603 with the same short reason a tool
//! call would get, and its correlation id.

use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt;
use rmcp::model::{ErrorCode, ErrorData, MetaObject};
use serde_json::{Map, Value, json};
use tokio::sync::OwnedSemaphorePermit;

use super::content::{content_block, resource_json};
use super::era::Era;
use super::error_table::{self, FailureContext, FailureReply};
use super::jsonrpc::Reply;
use super::outbound::Outbox;
use super::sealed::{Binding, StateKey};
use crate::correlation::CorrelationId;
use crate::failure::{CallFailure, ReportedError, ToolFailure};
use crate::registry::ServedBy;
use crate::runtime::client::{ClientChannel, ClientWishes};
use crate::runtime::{
    CallInput, CompletionRequest, Content, Invocation, Outcome, ReadError, Role, Task, reported,
};

/// Suggestions sent per `completion/complete`, per the spec.
const MAX_COMPLETIONS: usize = 100;

/// Rounds of questions one request may ask in the `initialize` era.
const MAX_ROUNDS: u32 = 8;

/// What is asked of the component.
pub(super) enum Request {
    Read {
        uri: String,
    },
    /// `arguments`: an object of strings, checked against the prompt's.
    Prompt {
        name: String,
        arguments: Value,
    },
    Complete(CompletionRequest),
}

pub struct ServedCall {
    pub(super) id: Value,
    pub(super) request: Request,
    pub(super) by: Arc<ServedBy>,
    pub(super) era: Era,
    pub(super) correlation: CorrelationId,
    pub(super) info_meta: Arc<MetaObject>,
    pub(super) accepted: Instant,
    /// Held until the request ends, however it ends.
    pub(super) _permits: (OwnedSemaphorePermit, OwnedSemaphorePermit),
    pub(super) wishes: ClientWishes,
    pub(super) input: CallInput,
    pub(super) state_key: Arc<StateKey>,
}

/// How a request failed.
enum Failed {
    NotFound(String),
    Call(CallFailure),
}

impl From<CallFailure> for Failed {
    fn from(failure: CallFailure) -> Self {
        Self::Call(failure)
    }
}

impl From<ToolFailure> for Failed {
    fn from(failure: ToolFailure) -> Self {
        Self::Call(failure.into())
    }
}

impl ServedCall {
    pub fn id(&self) -> &Value {
        &self.id
    }

    /// Runs the request to its reply. Never panics: a host panic becomes
    /// -32603.
    pub async fn run(self, outbox: Outbox) -> Reply {
        let (id, correlation) = (self.id.clone(), self.correlation);
        let started = Instant::now();
        let method = self.method();
        match AssertUnwindSafe(self.run_inner(outbox))
            .catch_unwind()
            .await
        {
            Ok(reply) => {
                tracing::info!(method, correlation_id = %correlation,
                    ok = reply.error_data().is_none(), ms = started.elapsed().as_millis() as u64,
                    "request served");
                reply
            }
            Err(_) => {
                tracing::error!(method, correlation_id = %correlation, "host panicked serving a request");
                Reply::error(Some(&id), error_table::internal_error(correlation))
            }
        }
    }

    fn method(&self) -> &'static str {
        match self.request {
            Request::Read { .. } => "resources/read",
            Request::Prompt { .. } => "prompts/get",
            Request::Complete(_) => "completion/complete",
        }
    }

    fn target(&self) -> &str {
        match &self.request {
            Request::Read { uri } => uri,
            Request::Prompt { name, .. } => name,
            Request::Complete(_) => "completion",
        }
    }

    async fn run_inner(mut self, outbox: Outbox) -> Reply {
        let limits = self.by.limits;
        let deadline = self.accepted + limits.deadline;
        let deadline_ms = u64::try_from(limits.deadline.as_millis()).unwrap_or(u64::MAX);
        let invocation = Invocation {
            task: Task::Serve(self.target().into()),
            correlation: self.correlation,
            limits: &limits,
            deadline,
        };
        let mut input = std::mem::take(&mut self.input);
        let client = input.client;
        let mut rounds = 0;
        let finished = loop {
            let channel = Some(ClientChannel::new(outbox.clone(), self.wishes.clone()));
            match self.round(&invocation, input, channel).await {
                Ok(Outcome::InputRequired(asked)) if self.era != Era::Modern => {
                    rounds += 1;
                    if rounds > MAX_ROUNDS {
                        break Err(ToolFailure::InvalidOutput(
                            "it asked the client for input more than 8 times in one request".into(),
                        )
                        .into());
                    }
                    let asked = super::input::ask_client(
                        &outbox,
                        asked,
                        client,
                        deadline.into(),
                        deadline_ms,
                    )
                    .await;
                    match asked {
                        Ok(next) => input = next,
                        Err(failure) => break Err(Failed::Call(failure)),
                    }
                }
                Ok(Outcome::InputRequired(asked)) => {
                    let arguments = match &self.request {
                        Request::Prompt { arguments, .. } => arguments.clone(),
                        _ => Value::Null,
                    };
                    let bound = Binding {
                        method: self.method(),
                        target: self.target(),
                        arguments: &arguments,
                    };
                    break super::input::input_required_result(
                        asked,
                        client,
                        &self.state_key,
                        &bound,
                        &self.info_meta,
                    )
                    .map_err(Failed::from);
                }
                Ok(Outcome::Done(result)) => break Ok(self.fit_to_era(result)),
                Err(failed) => break Err(failed),
            }
        };
        match finished {
            Ok(result) => Reply::result(&self.id, result).unwrap_or_else(|_| {
                Reply::error(
                    Some(&self.id),
                    error_table::internal_error(self.correlation),
                )
            }),
            Err(failed) => Reply::error(Some(&self.id), self.error(failed)),
        }
    }

    /// One round in a fresh instance: the result in its wire shape, or the
    /// component's questions.
    async fn round(
        &self,
        invocation: &Invocation<'_>,
        input: CallInput,
        channel: Option<ClientChannel>,
    ) -> Result<Outcome<Value>, Failed> {
        let component = &self.by.component;
        let cap = self.by.limits.output_bytes;
        let too_large = || ToolFailure::OutputTooLarge { kib: cap >> 10 };
        match &self.request {
            Request::Read { uri } => {
                let (returned, _) = component
                    .read_resource(invocation, uri.clone(), input, channel)
                    .await;
                let list = match returned? {
                    Ok(Outcome::Done(list)) => list,
                    Ok(Outcome::InputRequired(asked)) => return Ok(Outcome::InputRequired(asked)),
                    Err(ReadError::NotFound) => return Err(Failed::NotFound(uri.clone())),
                    Err(ReadError::Failed(error)) => return Err(reported(error).into()),
                };
                if list.is_empty() {
                    return Err(ToolFailure::InvalidOutput("it read no contents".into()).into());
                }
                if list.iter().map(|c| c.size() as u64).sum::<u64>() > cap {
                    return Err(too_large().into());
                }
                let mut contents = Vec::with_capacity(list.len());
                for (index, item) in list.into_iter().enumerate() {
                    contents.push(resource_json(item, index + 1)?);
                }
                Ok(Outcome::Done(json!({ "contents": contents })))
            }
            Request::Prompt { name, arguments } => {
                let arguments = arguments
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                    .collect();
                let (returned, _) = component
                    .get_prompt(invocation, name.clone(), arguments, input, channel)
                    .await;
                let prompt = match returned? {
                    Outcome::Done(prompt) => prompt,
                    Outcome::InputRequired(asked) => return Ok(Outcome::InputRequired(asked)),
                };
                let size: usize = prompt.messages.iter().map(|m| m.content.size()).sum();
                if size as u64 > cap {
                    return Err(too_large().into());
                }
                let mut messages = Vec::with_capacity(prompt.messages.len());
                for (index, message) in prompt.messages.into_iter().enumerate() {
                    messages.push(message_json(message.role, message.content, index + 1)?);
                }
                let mut result = json!({ "messages": messages });
                if let Some(description) = prompt.description {
                    result["description"] = description.into();
                }
                Ok(Outcome::Done(result))
            }
            Request::Complete(_) if !self.by.completions => Ok(Outcome::Done(
                json!({ "completion": { "values": [], "hasMore": false } }),
            )),
            Request::Complete(request) => {
                let (returned, _) = component.complete(invocation, request.clone()).await;
                let mut completion = returned?;
                let more = completion.values.len() > MAX_COMPLETIONS;
                completion.values.truncate(MAX_COMPLETIONS);
                if completion
                    .values
                    .iter()
                    .map(|v| v.len() as u64)
                    .sum::<u64>()
                    > cap
                {
                    return Err(too_large().into());
                }
                let mut body = json!({ "values": completion.values, "hasMore": more });
                if let Some(total) = completion.total {
                    body["total"] = total.into();
                }
                Ok(Outcome::Done(json!({ "completion": body })))
            }
        }
    }

    /// 2026-07-28 results say they are complete and who answered; reads
    /// also say how long they may be cached: not at all, since each read
    /// runs the component afresh.
    fn fit_to_era(&self, mut result: Value) -> Value {
        if self.era == Era::Modern {
            let object = result.as_object_mut().expect("results are objects");
            object.insert("resultType".into(), "complete".into());
            if let Request::Read { .. } = self.request {
                object.insert("ttlMs".into(), 0.into());
                object.insert("cacheScope".into(), "private".into());
            }
            object.insert(
                "_meta".into(),
                Value::Object(Map::from_iter(
                    self.info_meta.iter().map(|(k, v)| (k.clone(), v.clone())),
                )),
            );
        }
        result
    }

    /// The JSON-RPC error for a failed request.
    fn error(&self, failed: Failed) -> ErrorData {
        let failure = match failed {
            Failed::NotFound(uri) => return resource_not_found(&self.era, &uri),
            Failed::Call(failure) => failure,
        };
        let invalid_input = matches!(
            &failure,
            CallFailure::Tool(ToolFailure::Reported(ReportedError::InvalidInput(_)))
        );
        let cx = FailureContext {
            tool: self.target(),
            correlation: self.correlation,
            invalid_arguments_are_tool_errors: true,
            modern: self.era == Era::Modern,
        };
        match error_table::reply_for(failure, &cx) {
            FailureReply::Error(error) => error,
            FailureReply::Result(result) => {
                let text = result
                    .content
                    .first()
                    .and_then(|block| block.as_text())
                    .map(|t| t.text.replacen("The tool", "The component", 1))
                    .unwrap_or_default();
                let code = if invalid_input {
                    ErrorCode::INVALID_PARAMS
                } else {
                    ErrorCode::INTERNAL_ERROR
                };
                ErrorData::new(
                    code,
                    text,
                    Some(json!({ "correlationId": self.correlation.to_string() })),
                )
            }
        }
    }
}

/// A prompt message in its MCP shape.
fn message_json(role: Role, content: Content, number: usize) -> Result<Value, ToolFailure> {
    let block = content_block(content, number)?;
    let role = match role {
        Role::User => "user",
        Role::Assistant => "assistant",
    };
    Ok(json!({ "role": role, "content": block }))
}

/// "Resource not found", with the URI: -32602 at 2026-07-28 (SEP-2164),
/// -32002 before.
pub(super) fn resource_not_found(era: &Era, uri: &str) -> ErrorData {
    let code = match era {
        Era::Modern => ErrorCode::INVALID_PARAMS,
        Era::Legacy(_) => ErrorCode::RESOURCE_NOT_FOUND,
    };
    ErrorData::new(code, "Resource not found", Some(json!({ "uri": uri })))
}
