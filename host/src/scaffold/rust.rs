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
         Test it:   cd {shown} && cargo test\n\
         Build it:  toolhost build\n\
         Serve it:  toolhost serve --tools dist/{crate_name}.wasm\n\
         Call it:   toolhost call {name} --tools dist/{crate_name}.wasm --args '{{\"text\": \"hi\"}}'\n\
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
# The SDK alone: it re-exports serde, schemars and serde_json.
toolhost-sdk = {{ path = {sdk:?} }}

[profile.release]
opt-level = "s"
lto = true
"#,
        sdk = sdk.display().to_string(),
    )
}

fn lib_rs(name: &str) -> String {
    format!(
        r##"//! `{name}`: a toolhost tool. A tool is a function marked `#[tool]`: its
//! doc comment is the description a model reads to choose it, and its
//! arguments are a `#[schema]` struct whose JSON Schema the host checks
//! every call against. `tools()` lists them.

use toolhost_sdk::{{Result, ToolError, Toolbox, schema, tool}};

#[schema]
struct Args {{
    /// The text to work on.
    text: String,
}}

/// Counts the words in a text.
#[tool(name = "{name}", read_only, idempotent, open_world = false)]
fn count_words(args: Args) -> Result<String> {{
    // Arguments that pass the schema but still cannot be used are an
    // invalid-input error; `?` turns any other error into a tool error.
    if args.text.trim().is_empty() {{
        return Err(ToolError::invalid_input("text is empty"));
    }}
    Ok(format!("{{}} words", args.text.split_whitespace().count()))
}}

fn tools() -> Toolbox {{
    Toolbox::new().tool(count_words::tool())
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
"##
    )
}
