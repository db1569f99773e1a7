//! `echo`: the smallest useful tool, and the one to copy when starting a new
//! tool crate.

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::{Tool, ToolError, Toolbox};

#[derive(Deserialize, JsonSchema)]
struct EchoArgs {
    /// Text to send back unchanged.
    message: String,
}

fn echo(args: EchoArgs) -> Result<String, ToolError> {
    Ok(args.message)
}

fn tools() -> Toolbox {
    Toolbox::new().tool(
        Tool::new("echo", echo)
            .title("Echo")
            .description("Returns the message unchanged. Useful to check that the server works.")
            .read_only()
            .idempotent()
            .open_world(false),
    )
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes() {
        let output = tools().call("echo", r#"{"message":"héllo"}"#).unwrap();
        assert_eq!(output.text_blocks(), ["héllo"]);
        assert_eq!(output.structured(), None);
    }

    #[test]
    fn describes_one_valid_tool() {
        let descriptors = tools().describe().unwrap();
        assert_eq!(descriptors.len(), 1);
        assert_eq!(descriptors[0].input_schema["required"][0], "message");
    }
}
