//! Test fixture: a component that takes as long to load as the test wants.
//! Its `describe` waits until the file `/gate/open` exists (the test grants
//! `/gate` and creates the file when it is done looking at the server
//! mid-load), as a 20 MB component compiling cold would keep the server
//! waiting, but on the test's cue rather than the machine's speed.

wit_bindgen::generate!({
    path: "../../wit",
    world: "tool-component",
});

use std::path::Path;
use std::time::{Duration, Instant};

use exports::toolhost::tool::tool::{Guest, ToolDescriptor, ToolError, ToolOutput};
use toolhost::tool::types::Content;

/// Gives up waiting after this long (the host allows `describe` 10 s), so
/// a test that forgets the gate still ends.
const MOST: Duration = Duration::from_secs(8);

struct SlowLoad;

impl Guest for SlowLoad {
    fn describe() -> Vec<ToolDescriptor> {
        let started = Instant::now();
        // Without the grant (any other test's server) it loads at once.
        let gated = Path::new("/gate").exists();
        while gated && !Path::new("/gate/open").exists() && started.elapsed() < MOST {
            std::thread::sleep(Duration::from_millis(5));
        }
        vec![ToolDescriptor {
            name: "slow_loaded".into(),
            title: None,
            description: Some(
                "Returns its arguments; its component loads when the test says so.".into(),
            ),
            input_schema: r#"{"type":"object","properties":{"message":{"type":"string"}}}"#.into(),
            output_schema: None,
            annotations: None,
        }]
    }

    fn call(name: String, arguments: String) -> Result<ToolOutput, ToolError> {
        if name != "slow_loaded" {
            return Err(ToolError::Other(format!("unknown tool {name}")));
        }
        Ok(ToolOutput {
            content: vec![Content::Text(arguments)],
            structured: None,
        })
    }
}

export!(SlowLoad);
