//! Rust: `cargo build --release --target wasm32-wasip2` of the crate, whose
//! `cdylib` is the component.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use super::{MissingToolchain, Project, output_of, shown};

const TARGET: &str = "wasm32-wasip2";

/// The crate's name, from its `Cargo.toml`.
pub(super) fn crate_name(dir: &Path) -> anyhow::Result<Option<String>> {
    let path = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let manifest: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not TOML", path.display()))?;
    let name = manifest
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .with_context(|| {
            format!(
                "{} has no [package] name: run toolhost build in the tool crate's folder",
                path.display()
            )
        })?;
    Ok(Some(name.to_owned()))
}

pub(super) fn build(project: &Project, out: &Path) -> anyhow::Result<()> {
    let dir = &project.dir;
    // The cargo that runs toolhost (`cargo run`), else the one on PATH.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    if output_of(&cargo, &["--version"], dir).is_none() {
        return Err(MissingToolchain::error(
            "cargo (Rust)",
            "install Rust with rustup (https://rustup.rs), then `rustup target add wasm32-wasip2`",
        ));
    }
    // In the crate's folder, so that its rust-toolchain.toml applies. Without
    // rustup the build itself says whether the target is there.
    if let Some(installed) = output_of("rustup", &["target", "list", "--installed"], dir)
        && !installed.lines().any(|line| line.trim() == TARGET)
    {
        return Err(MissingToolchain::error(
            format!("the {TARGET} target"),
            format!("run `rustup target add {TARGET}`"),
        ));
    }
    let manifest = dir.join("Cargo.toml");
    let mut command = Command::new(&cargo);
    command
        .args(["build", "--release", "--target", TARGET])
        .arg("--message-format=json-render-diagnostics")
        .arg("--manifest-path")
        .arg(&manifest)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let output = command
        .output()
        .with_context(|| format!("cannot run {}", shown(&command)))?;
    if !output.status.success() {
        bail!(
            "cargo build failed ({}); its output is above",
            output.status
        );
    }
    let component = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact")
        .filter(|m| m["manifest_path"].as_str().map(Path::new) == Some(manifest.as_path()))
        .flat_map(|m| m["filenames"].as_array().cloned().unwrap_or_default())
        .filter_map(|f| f.as_str().map(str::to_owned))
        .find(|f| f.ends_with(".wasm"))
        .with_context(|| {
            format!(
                "cargo built no .wasm for {}: a tool crate's [lib] has crate-type = [\"cdylib\"]",
                manifest.display()
            )
        })?;
    std::fs::copy(&component, out)
        .with_context(|| format!("cannot copy {component} to {}", out.display()))?;
    Ok(())
}
