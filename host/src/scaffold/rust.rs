//! The Rust scaffold: a crate on the guest SDK, a workspace of its own (so
//! creating it inside another workspace, this repository included, changes
//! nothing there).

use std::path::Path;

use super::Template;

pub(super) fn template(name: &str, sdk: &Path, dir: &Path) -> Template {
    let crate_name = name.replace('-', "_");
    let shown = dir.display();
    let next_steps = format!(
        "Created {shown}: a toolhost tool crate with one tool, `{name}`.\n\
         \n\
         Test it:   cargo test --manifest-path {shown}/Cargo.toml\n\
         Build it:  cargo build --manifest-path {shown}/Cargo.toml --release --target wasm32-wasip2\n\
         Serve it:  toolhost serve --tools {shown}/target/wasm32-wasip2/release/{crate_name}.wasm\n\
         Call it:   toolhost call {name} --tools {shown}/target/wasm32-wasip2/release/{crate_name}.wasm --args '{{\"text\": \"hi\"}}'\n\
         \n\
         (The target comes with `rustup target add wasm32-wasip2`.)\n"
    );
    Template {
        files: vec![
            ("Cargo.toml", cargo_toml(name, sdk)),
            ("src/lib.rs", lib_rs(name)),
            (".gitignore", "/target\n".to_owned()),
        ],
        next_steps,
    }
}

fn cargo_toml(name: &str, sdk: &Path) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2024"
publish = false

# A workspace of its own: building it never touches an enclosing one.
[workspace]

[lib]
# A cdylib is what becomes the WebAssembly component.
crate-type = ["cdylib"]

[dependencies]
toolhost-sdk = {{ path = {sdk:?} }}
serde = {{ version = "1", features = ["derive"] }}
schemars = "1"

[profile.release]
opt-level = "s"
lto = true
"#,
        sdk = sdk.display().to_string(),
    )
}

fn lib_rs(name: &str) -> String {
    format!(
        r##"//! `{name}`: a toolhost tool. Each tool is a plain function from its
//! arguments (a struct whose JSON Schema the host checks every call
//! against) to a result; `tools()` lists them.

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::{{Tool, ToolError, Toolbox}};

#[derive(Deserialize, JsonSchema)]
struct Args {{
    /// The text to work on.
    text: String,
}}

/// Counts the words in `text`. Return `Err(ToolError::invalid_input(..))`
/// for arguments that pass the schema but still cannot be used.
fn {fn_name}(args: Args) -> Result<String, ToolError> {{
    if args.text.trim().is_empty() {{
        return Err(ToolError::invalid_input("text is empty"));
    }}
    Ok(format!("{{}} words", args.text.split_whitespace().count()))
}}

fn tools() -> Toolbox {{
    Toolbox::new().tool(
        Tool::new("{name}", {fn_name})
            .description("Counts the words in a text.")
            .read_only()
            .idempotent()
            .open_world(false),
    )
}}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn counts_words() {{
        let output = tools().call("{name}", r#"{{"text": "one two three"}}"#).unwrap();
        assert_eq!(output.text_blocks(), ["3 words"]);
    }}

    #[test]
    fn refuses_empty_text() {{
        assert!(tools().call("{name}", r#"{{"text": "  "}}"#).is_err());
    }}
}}
"##,
        fn_name = name.replace('-', "_"),
    )
}
