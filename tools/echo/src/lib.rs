//! `echo`: the smallest useful tool, and the one to copy when starting a new
//! tool crate.

use toolhost_sdk::{Toolbox, schema, tool};

#[schema]
struct EchoArgs {
    /// Text to send back unchanged.
    message: String,
}

/// Returns the message unchanged. Useful to check that the server works.
#[tool(title = "Echo", read_only, idempotent, open_world = false)]
fn echo(args: EchoArgs) -> String {
    args.message
}

fn tools() -> Toolbox {
    Toolbox::new().tool(echo::tool())
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
