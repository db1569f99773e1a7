//! Builds every crate under `tools/` for `wasm32-wasip2` in release mode, in
//! a target directory of its own (so it never waits on the lock of the build
//! that runs this script), copies the components into `OUT_DIR/components`
//! and writes a constant for each.
//!
//! Two additions: `plain-wit` gets its WIT doc comments as a `package-docs`
//! section, as wassette's build tooling (`wit-docs-inject`) adds them; and
//! the examples copied from other projects under `tests/third_party/` are
//! built unchanged, each as its own workspace with its own lock file.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip2";

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let repo = manifest_dir.parent().unwrap().parent().unwrap().to_owned();
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap());
    for input in [
        "tools",
        "guest-sdk",
        "wit",
        "Cargo.lock",
        "tests/third_party",
    ] {
        println!("cargo:rerun-if-changed={}", repo.join(input).display());
    }

    let names = tool_crates(&repo.join("tools"));
    let target_dir = repo.join("target/tool-components");
    let mut cargo = wasm_cargo(&repo, &target_dir);
    cargo
        .args(names.iter().map(|n| format!("--package={n}")))
        // Components ship without DWARF but keep the name section, so wasm
        // backtraces in the host's log still name functions.
        .env("CARGO_PROFILE_RELEASE_STRIP", "debuginfo");
    wasm_build(cargo, "the tool components");

    let built = target_dir.join(TARGET).join("release");
    let components = out_dir.join("components");
    let _ = fs::remove_dir_all(&components);
    fs::create_dir_all(&components).unwrap();
    let mut code = String::new();
    let mut all =
        String::from("/// Every component, by name.\npub const ALL: &[(&str, &str)] = &[\n");
    let mut add = |name: &str, source: &Path, what: &str| {
        let file = format!("{name}.wasm");
        let path = components.join(&file);
        fs::copy(source, &path).unwrap_or_else(|e| panic!("copy {file}: {e}"));
        let constant = name.to_uppercase();
        writeln!(
            code,
            "/// {what}, built.\npub const {constant}: &str = {:?};",
            path.display().to_string()
        )
        .unwrap();
        writeln!(all, "    ({name:?}, {constant}),").unwrap();
        path
    };
    for name in &names {
        let file = format!("{}.wasm", name.replace('-', "_"));
        let path = add(
            &name.replace('-', "_"),
            &built.join(&file),
            &format!("`tools/{name}`"),
        );
        if name == "plain-wit" {
            inject_package_docs(&path, &repo.join("tools/plain-wit/wit"));
        }
    }
    for (name, folder, file) in THIRD_PARTY {
        let source = repo.join("tests/third_party").join(folder);
        let mut cargo = wasm_cargo(&source, &target_dir.join("third-party"));
        cargo.arg("--locked");
        wasm_build(cargo, folder);
        let path = target_dir
            .join("third-party")
            .join(TARGET)
            .join("release")
            .join(file);
        add(name, &path, &format!("`tests/third_party/{folder}`"));
    }
    all.push_str("];\n");
    writeln!(
        code,
        "/// The folder holding every component and nothing else.\npub const DIR: &str = {:?};",
        components.display().to_string()
    )
    .unwrap();
    fs::write(out_dir.join("components.rs"), code + &all).unwrap();
}

/// Examples from other projects, built unchanged: (name of the component
/// and its constant, folder under `tests/third_party`, file it builds).
const THIRD_PARTY: &[(&str, &str, &str)] = &[(
    "wassette_filesystem",
    "wassette-filesystem-rs",
    "filesystem.wasm",
)];

/// `cargo build --release --target wasm32-wasip2` in `dir`, into `target_dir`.
fn wasm_cargo(dir: &Path, target_dir: &Path) -> Command {
    let mut cargo = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .current_dir(dir) // so that rust-toolchain.toml applies
        .args(["build", "--release", "--target", TARGET])
        .env("CARGO_TARGET_DIR", target_dir)
        // Flags meant for the host build must not reach the wasm build.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        // Nor the wrappers `cargo clippy` sets for the host build.
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTC_WRAPPER");
    cargo
}

fn wasm_build(mut cargo: Command, what: &str) {
    let status = cargo
        .status()
        .unwrap_or_else(|e| panic!("run cargo to build {what}: {e}"));
    assert!(status.success(), "building {what} failed");
}

/// Appends the doc comments of the WIT package in `wit_dir` to the
/// component at `path` as a `package-docs` custom section, encoded by
/// wit-parser exactly as wassette's `wit-docs-inject` does.
fn inject_package_docs(path: &Path, wit_dir: &Path) {
    let mut resolve = wit_parser::Resolve::new();
    let (package, _) = resolve
        .push_dir(wit_dir)
        .unwrap_or_else(|e| panic!("parse {}: {e:#}", wit_dir.display()));
    let data = wit_parser::PackageMetadata::extract(&resolve, package)
        .encode()
        .expect("encode package-docs");
    let name = wit_parser::PackageMetadata::SECTION_NAME;
    let mut body = leb128(name.len());
    body.extend_from_slice(name.as_bytes());
    body.extend_from_slice(&data);
    let mut bytes = fs::read(path).unwrap();
    bytes.push(0); // a custom section, anywhere in a component
    bytes.extend(leb128(body.len()));
    bytes.extend(body);
    fs::write(path, bytes).unwrap();
}

fn leb128(mut n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return out;
        }
        out.push(byte | 0x80);
    }
}

/// The package names of the crates directly under `tools/`.
fn tool_crates(tools: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(tools)
        .unwrap()
        .filter_map(|entry| {
            let manifest = fs::read_to_string(entry.ok()?.path().join("Cargo.toml")).ok()?;
            manifest.lines().find_map(|line| {
                let value = line.strip_prefix("name")?.trim_start().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_owned())
            })
        })
        .collect();
    names.sort();
    names
}
