// expect: String` cannot be a tool's arguments: MCP passes tool arguments as a JSON object
// expect: not a struct with named fields marked `#[schema]`
use toolhost_sdk::tool;

/// Shouts the text.
#[tool]
fn shout(text: String) -> String {
    text.to_uppercase()
}

fn main() {
    let _ = shout::tool();
}
