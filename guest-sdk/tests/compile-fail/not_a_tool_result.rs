// expect: a tool function cannot return `u32`
// expect: a tool function cannot return `Result<
use toolhost_sdk::tool;

/// Counts nothing.
#[tool]
fn zero() -> u32 {
    0
}

/// Fails the way the tool function cannot.
#[tool]
fn boxed() -> Result<String, Box<dyn std::error::Error>> {
    Ok(String::new())
}

fn main() {
    let _ = (zero::tool(), boxed::tool());
}
