//! `toolhost new NAME`: a Rust tool crate on the guest SDK that builds, whose
//! own unit test passes, and which `toolhost` serves, out of the box.
//!
//! The crate is a workspace of its own (so creating it inside another
//! workspace, this repository included, changes nothing there) and depends
//! on the SDK by path: the SDK is not published, so the path is the one this
//! binary was built from, or `--sdk`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The SDK this binary was built beside.
const BUILT_WITH_SDK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../guest-sdk");

/// What `new` wrote, and the commands that build, test and serve it.
pub struct Created {
    pub dir: PathBuf,
    pub next_steps: String,
}

/// Creates the crate `name` in `parent`, on the SDK at `sdk` (default: the
/// one this binary was built beside). Never touches an existing path.
pub fn create(name: &str, parent: &Path, sdk: Option<&Path>) -> anyhow::Result<Created> {
    check_name(name)?;
    let sdk = match sdk {
        Some(sdk) => sdk.to_owned(),
        None => PathBuf::from(BUILT_WITH_SDK),
    };
    let sdk = sdk
        .canonicalize()
        .ok()
        .filter(|p| p.join("Cargo.toml").is_file())
        .with_context(|| {
            format!(
                "no guest SDK at {}: pass --sdk PATH (the guest-sdk folder of a toolhost checkout)",
                sdk.display()
            )
        })?;
    let dir = parent.join(name);
    if dir.exists() {
        bail!(
            "{} already exists; choose another name or folder",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let crate_name = name.replace('-', "_");
    let files = [
        ("Cargo.toml", cargo_toml(name, &sdk)),
        ("src/lib.rs", lib_rs(name)),
        (".gitignore", "/target\n".to_owned()),
    ];
    for (file, text) in files {
        let path = dir.join(file);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
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
    Ok(Created { dir, next_steps })
}

/// A name that is both a crate name and a tool name: a lowercase letter,
/// then lowercase letters, digits, `_` or `-`, at most 64 characters.
fn check_name(name: &str) -> anyhow::Result<()> {
    let mut bytes = name.bytes();
    let starts_well = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
    let rest_ok =
        bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !starts_well || !rest_ok || name.len() > 64 {
        bail!(
            "{name:?} cannot name a tool crate: use a lowercase letter, then lowercase letters, \
             digits, _ or -, at most 64 characters"
        );
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_suit_a_crate_and_a_tool() {
        for good in ["wordcount", "word-count", "w2_x"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "Word", "2words", "../x", "a b", "a/b", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_existing_folder_is_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("taken")).unwrap();
        std::fs::write(dir.path().join("taken/keep"), "mine").unwrap();
        let err = create("taken", dir.path(), None).err().unwrap();
        assert!(err.to_string().contains("already exists"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("taken/keep")).unwrap(),
            "mine"
        );
        let err = create("x", dir.path(), Some(dir.path())).err().unwrap();
        assert!(err.to_string().contains("no guest SDK"), "{err}");
    }
}
