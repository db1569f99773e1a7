//! Resources, resource templates, prompts and completions: the methods that
//! serve what 0.2 components offer besides tools. Lists are answered on the
//! spot from the catalog; a read, a prompt or a completion becomes a
//! [`ServedCall`] for the transport to run, like a tool call.
//!
//! A method whose capability no component offers is -32601, as if the
//! server did not know it: the capabilities declared and the methods
//! honoured always agree.

use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{ErrorData, JsonObject};
use serde_json::Value;

use super::era::{self, Era, Session};
use super::error_table::{self, FailureContext, FailureReply};
use super::respond::{method_not_found, reply};
use super::sealed::Binding;
use super::served_call::{Request, ServedCall, resource_not_found};
use super::{Dispatch, PendingCall, Server};
use crate::correlation::CorrelationId;
use crate::failure::{BusyScope, ToolFailure};
use crate::registry::ServedBy;
use crate::runtime::{CallInput, CompletionReference, CompletionRequest};
use crate::sanitize::sanitize;

/// Longest URI accepted in a request.
const MAX_URI_BYTES: usize = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Method {
    ListResources,
    ListTemplates,
    Read,
    Subscribe,
    Unsubscribe,
    ListPrompts,
    GetPrompt,
    Complete,
}

impl Method {
    pub(super) fn of(method: &str) -> Option<Self> {
        Some(match method {
            "resources/list" => Self::ListResources,
            "resources/templates/list" => Self::ListTemplates,
            "resources/read" => Self::Read,
            "resources/subscribe" => Self::Subscribe,
            "resources/unsubscribe" => Self::Unsubscribe,
            "prompts/list" => Self::ListPrompts,
            "prompts/get" => Self::GetPrompt,
            "completion/complete" => Self::Complete,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::ListResources => "resources/list",
            Self::ListTemplates => "resources/templates/list",
            Self::Read => "resources/read",
            Self::Subscribe => "resources/subscribe",
            Self::Unsubscribe => "resources/unsubscribe",
            Self::ListPrompts => "prompts/list",
            Self::GetPrompt => "prompts/get",
            Self::Complete => "completion/complete",
        }
    }
}

impl Server {
    /// Whether some component offers what `method` serves.
    pub(super) fn offers(&self, method: Method) -> bool {
        let catalog = self.catalog();
        if catalog.partial
            || self
                .declared_partial
                .load(std::sync::atomic::Ordering::Relaxed)
        {
            return true;
        }
        let served = catalog.registry.served();
        match method {
            Method::ListResources
            | Method::ListTemplates
            | Method::Read
            | Method::Subscribe
            | Method::Unsubscribe => served.has_resources(),
            Method::ListPrompts | Method::GetPrompt => !served.prompts.is_empty(),
            Method::Complete => served.completions,
        }
    }

    pub(super) fn served(
        &self,
        id: &Value,
        method: Method,
        params: JsonObject,
        era: Era,
        session: &mut Session,
    ) -> Result<Dispatch, ErrorData> {
        let catalog = self.catalog();
        let served = catalog.registry.served();
        // Removed at 2026-07-28, where `subscriptions/listen` replaces it.
        if matches!(method, Method::Subscribe | Method::Unsubscribe) && era == Era::Modern {
            return Err(method_not_found(method.name()));
        }
        let lists = match method {
            Method::ListResources => Some(&catalog.resources),
            Method::ListTemplates => Some(&catalog.templates),
            Method::ListPrompts => Some(&catalog.prompts),
            _ => None,
        };
        if let Some(lists) = lists {
            if params.get("cursor").is_some_and(|cursor| !cursor.is_null()) {
                // Every list fits on one page, so no cursor was ever issued.
                return Err(ErrorData::invalid_params("Invalid cursor", None));
            }
            return match era {
                Era::Modern => reply(id, &lists.modern),
                Era::Legacy(_) => reply(id, &lists.legacy),
            };
        }
        let (request, by) = match method {
            Method::Read => {
                let uri = uri_of(&params)?;
                let by = served
                    .resource(&uri)
                    .ok_or_else(|| resource_not_found(&era, &uri))?;
                (Request::Read { uri }, by.clone())
            }
            Method::Subscribe | Method::Unsubscribe => {
                let uri = uri_of(&params)?;
                if served.resource(&uri).is_none() {
                    return Err(resource_not_found(&era, &uri));
                }
                if method == Method::Subscribe {
                    session.subscriptions.insert(uri);
                } else {
                    session.subscriptions.remove(&uri);
                }
                return reply(id, serde_json::json!({}));
            }
            Method::GetPrompt => {
                let name = string(&params, "name", "prompts/get needs a string name")?;
                let prompt = served.prompt(&name).ok_or_else(|| {
                    ErrorData::invalid_params(
                        format!("Unknown prompt: {}", sanitize(&name, 128)),
                        None,
                    )
                })?;
                let arguments = prompt_arguments(&params, &prompt.arguments, &name)?;
                (Request::Prompt { name, arguments }, prompt.by.clone())
            }
            Method::Complete => {
                let (request, by) = completion(&params, served)?;
                (Request::Complete(request), by)
            }
            _ => unreachable!("lists are answered above"),
        };
        let input = match (&era, &request) {
            (Era::Modern, Request::Read { uri }) => {
                self.round_input(&params, "resources/read", uri, &Value::Null)?
            }
            (Era::Modern, Request::Prompt { name, arguments }) => {
                self.round_input(&params, "prompts/get", name, arguments)?
            }
            _ => CallInput {
                client: session.client,
                ..CallInput::default()
            },
        };
        let correlation = CorrelationId::new();
        let permits = self
            .global_permits
            .clone()
            .try_acquire_owned()
            .map_err(|_| BusyScope::Server {
                limit: self.max_in_flight,
            })
            .and_then(|global| {
                let own = by
                    .permits
                    .clone()
                    .try_acquire_owned()
                    .map_err(|_| BusyScope::Tool {
                        limit: by.limits.max_in_flight,
                    })?;
                Ok((global, own))
            });
        let permits = match permits {
            Ok(permits) => permits,
            Err(scope) => return Err(busy(scope, &era, correlation)),
        };
        let wishes = era::client_wishes(&params, &era, session);
        Ok(Dispatch::Call(PendingCall::from(ServedCall {
            id: id.clone(),
            request,
            by,
            era,
            correlation,
            info_meta: self.info_meta.clone(),
            accepted: Instant::now(),
            _permits: permits,
            wishes,
            input,
            state_key: self.state_key.clone(),
        })))
    }

    /// A 2026-07-28 retry's answers and verified state.
    fn round_input(
        &self,
        params: &JsonObject,
        method: &str,
        target: &str,
        arguments: &Value,
    ) -> Result<CallInput, ErrorData> {
        let bound = Binding {
            method,
            target,
            arguments,
        };
        super::input::read_round(params, &bound, &self.state_key)
    }
}

/// "Busy", through the error table, as a JSON-RPC error.
fn busy(scope: BusyScope, era: &Era, correlation: CorrelationId) -> ErrorData {
    let cx = FailureContext {
        tool: "component",
        correlation,
        invalid_arguments_are_tool_errors: true,
        modern: *era == Era::Modern,
    };
    match error_table::reply_for(ToolFailure::Busy(scope).into(), &cx) {
        FailureReply::Error(error) => error,
        FailureReply::Result(result) => ErrorData::internal_error(
            result
                .content
                .first()
                .and_then(|b| b.as_text())
                .map(|t| t.text.clone())
                .unwrap_or_default(),
            None,
        ),
    }
}

fn string(params: &JsonObject, key: &str, missing: &'static str) -> Result<String, ErrorData> {
    params
        .get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| ErrorData::invalid_params(missing, None))
}

fn uri_of(params: &JsonObject) -> Result<String, ErrorData> {
    let uri = string(params, "uri", "this request needs a string uri")?;
    if uri.len() > MAX_URI_BYTES {
        return Err(ErrorData::invalid_params(
            format!("uri is longer than {MAX_URI_BYTES} bytes"),
            None,
        ));
    }
    Ok(uri)
}

/// A prompt's arguments: an object of strings holding every required one.
fn prompt_arguments(
    params: &JsonObject,
    declared: &[crate::runtime::PromptArgument],
    prompt: &str,
) -> Result<Value, ErrorData> {
    let arguments = match params.get("arguments") {
        None | Some(Value::Null) => JsonObject::new(),
        Some(Value::Object(arguments)) if arguments.values().all(Value::is_string) => {
            arguments.clone()
        }
        Some(_) => {
            return Err(ErrorData::invalid_params(
                "prompts/get arguments must be an object of strings",
                None,
            ));
        }
    };
    if let Some(missing) = declared
        .iter()
        .find(|a| a.required && !arguments.contains_key(&a.name))
    {
        return Err(ErrorData::invalid_params(
            format!(
                "Missing required argument {:?} for prompt {}",
                missing.name,
                sanitize(prompt, 128)
            ),
            None,
        ));
    }
    Ok(Value::Object(arguments))
}

/// A `completion/complete` request, and who answers it.
fn completion(
    params: &JsonObject,
    served: &crate::registry::ServedIndex,
) -> Result<(CompletionRequest, Arc<ServedBy>), ErrorData> {
    let invalid = |what: &str| ErrorData::invalid_params(what.to_owned(), None);
    let reference = params
        .get("ref")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("completion/complete needs a ref object"))?;
    let (reference, by) = match reference.get("type").and_then(Value::as_str) {
        Some("ref/prompt") => {
            let name = string(reference, "name", "a ref/prompt needs a string name")?;
            let prompt = served
                .prompt(&name)
                .ok_or_else(|| invalid(&format!("Unknown prompt: {}", sanitize(&name, 128))))?;
            (CompletionReference::Prompt(name), prompt.by.clone())
        }
        Some("ref/resource") => {
            let uri = string(reference, "uri", "a ref/resource needs a string uri")?;
            let template = served.template(&uri).ok_or_else(|| {
                invalid(&format!(
                    "Unknown resource template: {}",
                    sanitize(&uri, 256)
                ))
            })?;
            (
                CompletionReference::ResourceTemplate(uri),
                template.by.clone(),
            )
        }
        _ => return Err(invalid("ref.type must be ref/prompt or ref/resource")),
    };
    let argument = params
        .get("argument")
        .and_then(Value::as_object)
        .ok_or_else(|| invalid("completion/complete needs an argument object"))?;
    let name = string(argument, "name", "argument.name must be a string")?;
    let value = string(argument, "value", "argument.value must be a string")?;
    let context = params
        .get("context")
        .and_then(|c| c.get("arguments"))
        .and_then(Value::as_object)
        .map(|arguments| {
            arguments
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let request = CompletionRequest {
        reference,
        argument: name,
        value,
        context,
    };
    Ok((request, by))
}
