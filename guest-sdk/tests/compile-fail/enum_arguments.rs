// expect: `Unit` cannot be a tool's arguments: MCP passes tool arguments as a JSON object
use toolhost_sdk::{schema, tool};

#[schema]
enum Unit {
    Celsius,
    Fahrenheit,
}

/// Names the unit.
#[tool]
fn unit(unit: Unit) -> &'static str {
    match unit {
        Unit::Celsius => "C",
        Unit::Fahrenheit => "F",
    }
}

fn main() {
    let _ = unit::tool();
}
