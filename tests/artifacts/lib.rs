//! The tool components under `tools/`, built for `wasm32-wasip2` by this
//! crate's build script (the pattern of wasmtime's
//! `crates/test-programs/artifacts`), so that no test or bench runs a shell
//! script. Each component is a constant holding its path; [`DIR`] holds them
//! all, and nothing else.

use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/components.rs"));

/// The built component named `name` (its crate name, `-` written `_`).
pub fn component(name: &str) -> &'static Path {
    let (_, path) = ALL
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no component {name:?} under tools/"));
    Path::new(path)
}
