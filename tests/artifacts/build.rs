//! Builds every crate under `tools/` for `wasm32-wasip2` in release mode, in
//! a target directory of its own (so it never waits on the lock of the build
//! that runs this script), copies the components into `OUT_DIR/components`
//! and writes a constant for each.

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
    for input in ["tools", "guest-sdk", "wit", "Cargo.lock"] {
        println!("cargo:rerun-if-changed={}", repo.join(input).display());
    }

    let names = tool_crates(&repo.join("tools"));
    let target_dir = repo.join("target/tool-components");
    let mut cargo = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cargo
        .current_dir(&repo) // so that rust-toolchain.toml applies
        .args(["build", "--release", "--target", TARGET])
        .args(names.iter().map(|n| format!("--package={n}")))
        .env("CARGO_TARGET_DIR", &target_dir)
        // Components ship without DWARF but keep the name section, so wasm
        // backtraces in the host's log still name functions.
        .env("CARGO_PROFILE_RELEASE_STRIP", "debuginfo")
        // Flags meant for the host build must not reach the wasm build.
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_TARGET")
        // Nor the wrappers `cargo clippy` sets for the host build.
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("RUSTC_WRAPPER");
    let status = cargo
        .status()
        .expect("run cargo to build the tool components");
    assert!(status.success(), "building the tool components failed");

    let built = target_dir.join(TARGET).join("release");
    let components = out_dir.join("components");
    let _ = fs::remove_dir_all(&components);
    fs::create_dir_all(&components).unwrap();
    let mut code = String::new();
    let mut all =
        String::from("/// Every component, by name.\npub const ALL: &[(&str, &str)] = &[\n");
    for name in &names {
        let file = format!("{}.wasm", name.replace('-', "_"));
        let path = components.join(&file);
        fs::copy(built.join(&file), &path).unwrap_or_else(|e| panic!("copy {file}: {e}"));
        let constant = name.replace('-', "_").to_uppercase();
        let shown = path.display();
        writeln!(
            code,
            "/// `tools/{name}`, built.\npub const {constant}: &str = {:?};",
            shown.to_string()
        )
        .unwrap();
        writeln!(all, "    ({:?}, {constant}),", name.replace('-', "_")).unwrap();
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
