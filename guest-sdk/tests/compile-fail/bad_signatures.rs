// expect: a tool runs to completion in its own instance: it cannot be `async`
// expect: the tool name "has space" must be 1-128 characters
// expect: a tool function takes its arguments (a struct marked `#[schema]`), then `&mut Context`
use toolhost_sdk::{Context, NoArgs, tool};

/// Waits.
#[tool]
async fn wait() -> String {
    String::new()
}

/// Badly named.
#[tool(name = "has space")]
fn named() -> String {
    String::new()
}

/// Context first.
#[tool]
fn backwards(cx: &mut Context, args: NoArgs) -> String {
    let _ = (cx, args);
    String::new()
}

fn main() {}
