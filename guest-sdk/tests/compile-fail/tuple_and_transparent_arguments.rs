// expect: `Pair` cannot be a tool's arguments
// expect: `Wrapped` cannot be a tool's arguments
// expect: `Vec<u32>` cannot be a tool's arguments
use toolhost_sdk::{schema, tool};

#[schema]
struct Pair(u32, u32);

#[schema]
#[serde(transparent)]
struct Wrapped {
    inner: String,
}

/// Adds.
#[tool]
fn add(pair: Pair) -> String {
    (pair.0 + pair.1).to_string()
}

/// Unwraps.
#[tool]
fn unwrap(wrapped: Wrapped) -> String {
    wrapped.inner
}

/// Sums.
#[tool]
fn sum(numbers: Vec<u32>) -> String {
    numbers.iter().sum::<u32>().to_string()
}

fn main() {
    let _ = (add::tool(), unwrap::tool(), sum::tool());
}
