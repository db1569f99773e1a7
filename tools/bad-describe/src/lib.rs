//! Test fixture: a component whose `describe` traps, so the host must log the
//! failure and serve the other components without it.

wit_bindgen::generate!({
    path: "../../wit",
    world: "tool-component",
});

use exports::toolhost::tool::tool::{Guest, ToolDescriptor, ToolError, ToolOutput};

struct BadDescribe;

impl Guest for BadDescribe {
    fn describe() -> Vec<ToolDescriptor> {
        panic!("bad-describe: deliberate panic in describe")
    }

    fn call(name: String, _arguments: String) -> Result<ToolOutput, ToolError> {
        Err(ToolError::Other(format!("unknown tool {name}")))
    }
}

export!(BadDescribe);
