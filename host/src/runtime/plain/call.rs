//! One call of a plain function, and what it returned as a tool result.

use serde_json::Value;
use wasmtime::Store;
use wasmtime::component::{Type, Val};

use super::super::exports::{Export, Instance};
use super::super::state::CallState;
use super::super::{CallOutcome, Content, ToolError, ToolOutput};
use super::{json, schema};

/// One call of a plain function, its arguments converted.
pub(in crate::runtime) struct PlainCall {
    pub(super) index: usize,
    pub(super) params: Vec<Val>,
}

impl Export for PlainCall {
    type Output = Result<CallOutcome, ToolError>;

    async fn invoke(
        self,
        instance: &Instance<'_>,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        let Instance::Plain(instance, pre) = instance else {
            return Err(wasmtime::Error::msg("not a plain component"));
        };
        let function = pre
            .functions
            .get(self.index)
            .ok_or_else(|| wasmtime::Error::msg("no such function"))?;
        let func = instance
            .get_func(&mut *store, function.export)
            .ok_or_else(|| wasmtime::Error::msg("the exported function is gone"))?;
        let mut results = vec![Val::Bool(false); usize::from(function.result.is_some())];
        func.call_async(&mut *store, &self.params, &mut results)
            .await?;
        Ok(match (results.pop(), &function.result) {
            (Some(val), Some(ty)) => returned(&val, ty).map(CallOutcome::Done),
            _ => Ok(CallOutcome::Done(done())),
        })
    }
}

/// What a function returned, as a tool result or a tool error.
fn returned(val: &Val, ty: &Type) -> Result<ToolOutput, ToolError> {
    match (val, ty) {
        (Val::Result(Ok(payload)), Type::Result(result)) => match (payload, result.ok()) {
            (Some(payload), Some(ok)) => output(payload, &ok),
            _ => Ok(done()),
        },
        (Val::Result(Err(payload)), Type::Result(result)) => {
            let message = match (payload, result.err()) {
                (Some(payload), Some(err)) => text(&render(payload, &err)?),
                _ => "the function returned an error, with no detail".to_owned(),
            };
            Err(ToolError::Other(message))
        }
        _ => output(val, ty),
    }
}

/// A value as structured content with its text rendering.
fn output(val: &Val, ty: &Type) -> Result<ToolOutput, ToolError> {
    let json = render(val, ty)?;
    Ok(ToolOutput {
        content: vec![Content::text(text(&json))],
        structured: Some(schema::wrap(ty, json).to_string()),
    })
}

fn render(val: &Val, ty: &Type) -> Result<Value, ToolError> {
    json::to_json(val, ty)
        .map_err(|reason| ToolError::Other(format!("its result cannot be sent as JSON: {reason}")))
}

/// A string as it is, anything else as JSON.
fn text(json: &Value) -> String {
    match json {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The result of a function that returns nothing.
fn done() -> ToolOutput {
    ToolOutput {
        content: vec![Content::text("ok")],
        structured: None,
    }
}

#[cfg(test)]
#[path = "call_tests.rs"]
mod tests;
