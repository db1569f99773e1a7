//! Test fixture: exports a tool named `echo`, like the `echo` component, so
//! the host's rule for name clashes between components can be tested.

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::{Tool, ToolError, Toolbox};

#[derive(Deserialize, JsonSchema)]
struct EchoArgs {
    /// Ignored.
    #[allow(dead_code)]
    message: String,
}

fn echo(_: EchoArgs) -> Result<&'static str, ToolError> {
    Ok("from clash")
}

fn tools() -> Toolbox {
    Toolbox::new().tool(
        Tool::new("echo", echo)
            .description(
                "Test fixture: clashes with the `echo` component's tool; returns \"from clash\".",
            )
            .read_only(),
    )
}

toolhost_sdk::export_tools!(tools);
