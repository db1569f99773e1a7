use crate::output::Output;
use crate::{Tool, ToolDescriptor, ToolError};

/// The tools one component exports.
///
/// Names must be unique within a toolbox: a duplicate makes `describe` fail,
/// so the component does not load at all rather than silently hiding a tool.
#[derive(Default)]
pub struct Toolbox {
    tools: Vec<Tool>,
}

impl Toolbox {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a tool. Tools are listed in the order they were added.
    pub fn tool(mut self, tool: Tool) -> Self {
        self.tools.push(tool);
        self
    }

    /// Lists the tools as the host sees them, or says why the toolbox is
    /// unusable (a bad or duplicate name, a schema whose root is not an
    /// object). Calling it in a native unit test catches those mistakes
    /// before the host does.
    pub fn describe(&self) -> Result<Vec<ToolDescriptor>, String> {
        let mut descriptors: Vec<ToolDescriptor> = Vec::with_capacity(self.tools.len());
        for tool in &self.tools {
            let descriptor = tool.descriptor()?;
            if descriptors.iter().any(|d| d.name == descriptor.name) {
                return Err(format!(
                    "tool name `{}` is used twice in one Toolbox",
                    descriptor.name
                ));
            }
            descriptors.push(descriptor);
        }
        Ok(descriptors)
    }

    /// Runs the tool `name` with `arguments` (a JSON object, serialized),
    /// exactly as the host would. Usable natively, for unit tests.
    pub fn call(&self, name: &str, arguments: &str) -> Result<Output, ToolError> {
        match self.tools.iter().find(|tool| tool.name() == name) {
            Some(tool) => tool.run(arguments),
            None => Err(ToolError::other(format!("unknown tool {name}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoArgs;
    use crate::tool::tests::{echo, toolbox};
    use serde_json::json;

    #[test]
    fn calls_dispatch_by_name() {
        let output = toolbox().call("echo", r#"{"message":"hi"}"#).unwrap();
        assert_eq!(output.text_blocks(), ["hi"]);
        let output = toolbox().call("add", r#"{"a":1,"b":2.5}"#).unwrap();
        assert_eq!(output.structured(), Some(r#"{"sum":3.5}"#));
    }

    #[test]
    fn unknown_tool_is_an_other_error() {
        assert_eq!(
            toolbox().call("nope", "{}").unwrap_err(),
            ToolError::Other("unknown tool nope".into())
        );
    }

    #[test]
    fn undeserializable_arguments_are_invalid_input() {
        let error = toolbox().call("echo", r#"{"message":3}"#).unwrap_err();
        let ToolError::InvalidInput(message) = error else {
            panic!("wrong variant: {error:?}");
        };
        assert!(
            message.starts_with("invalid arguments: invalid type"),
            "{message}"
        );
    }

    #[test]
    fn tool_errors_pass_through() {
        let tools = Toolbox::new().tool(Tool::new("down", |_: NoArgs| -> Result<(), _> {
            Err(ToolError::upstream(Some(503), None, "down"))
        }));
        assert_eq!(
            tools.call("down", "{}").unwrap_err(),
            ToolError::upstream(Some(503), None, "down")
        );
    }

    #[test]
    fn invalid_toolboxes_are_refused_at_describe() {
        let twice = toolbox().tool(Tool::new("echo", echo));
        assert!(twice.describe().unwrap_err().contains("used twice"));
        // The first one still answers calls.
        assert_eq!(
            twice
                .call("echo", r#"{"message":"x"}"#)
                .unwrap()
                .text_blocks(),
            ["x"]
        );

        for bad in ["", "has space", "ünï", &"x".repeat(129)] {
            let tools = Toolbox::new().tool(Tool::new(bad, echo));
            assert!(tools.describe().is_err(), "{bad:?} accepted");
        }
        let ok = Toolbox::new().tool(Tool::new("a-Z_0.9", echo));
        assert!(ok.describe().is_ok());

        let scalar = Toolbox::new().tool(Tool::new("s", |s: String| Ok(s)));
        assert!(scalar.describe().unwrap_err().contains("input schema"));
        let bad_out =
            Toolbox::new().tool(Tool::new("o", echo).output_schema(json!({"type": "string"})));
        assert!(bad_out.describe().unwrap_err().contains("output schema"));
    }
}
