//! JavaScript and TypeScript: the JavaScript SDK's builder, `build.mjs`
//! (esbuild, then componentize-js), from the tool's `node_modules` (or the
//! SDK itself, for its examples), run by Node 22.18 or later:
//! `TOOLHOST_NODE`, else `node` on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use super::{MissingToolchain, Project, output_of, run_builder, wit_folder};

const SDK_PACKAGE: &str = "@toolhost/sdk";
/// What `build.mjs` imports, from the SDK's own `node_modules`.
const BUILD_TOOLS: [&str; 2] = ["esbuild", "@bytecodealliance/componentize-js"];

/// The package's name (without its scope), from `package.json`, if any.
pub(super) fn package_name(dir: &Path) -> anyhow::Result<Option<String>> {
    Ok(package(dir)?.and_then(|p| {
        let name = p["name"].as_str()?;
        Some(name.rsplit('/').next().unwrap_or(name).to_owned())
    }))
}

fn package(dir: &Path) -> anyhow::Result<Option<serde_json::Value>> {
    let path = dir.join("package.json");
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    Ok(Some(value))
}

pub(super) fn build(project: &Project, out: &Path) -> anyhow::Result<()> {
    let dir = &project.dir;
    let node = node(dir)?;
    let builder = builder(dir)?;
    let wit = wit_folder()?;
    let mut command = Command::new(&node);
    command
        .arg(&builder)
        .arg(dir)
        .arg("-o")
        .arg(out)
        .arg("--wit")
        .arg(wit.path())
        .current_dir(dir);
    run_builder(&mut command, "the JavaScript build")
}

/// Node, if it is 22.18 or later (the first to run TypeScript as it is).
fn node(dir: &Path) -> anyhow::Result<PathBuf> {
    let node =
        std::env::var_os("TOOLHOST_NODE").map_or_else(|| PathBuf::from("node"), PathBuf::from);
    let install =
        "install Node.js 22.18 or later (https://nodejs.org), on PATH or as TOOLHOST_NODE";
    let Some(version) = output_of(&node, &["--version"], dir) else {
        return Err(MissingToolchain::error(
            format!("Node.js 22.18 or later (`{}` does not run)", node.display()),
            install,
        ));
    };
    if !runs_typescript(&version) {
        return Err(MissingToolchain::error(
            format!(
                "Node.js 22.18 or later (`{}` is {})",
                node.display(),
                version.trim()
            ),
            install,
        ));
    }
    Ok(node)
}

/// Whether Node `version` (`v22.18.0`) strips TypeScript's types without a
/// flag: 22.18 and later 22s, 23.6 and later.
fn runs_typescript(version: &str) -> bool {
    let mut parts = version.trim().trim_start_matches('v').split('.');
    let mut number = || parts.next().and_then(|p| p.parse::<u32>().ok());
    match (number(), number()) {
        (Some(22), Some(minor)) => minor >= 18,
        (Some(23), Some(minor)) => minor >= 6,
        (Some(major), Some(_)) => major >= 24,
        _ => false,
    }
}

/// The SDK's `build.mjs`, found as Node finds the package: in
/// `node_modules/@toolhost/sdk` of the tool's folder or a folder above it,
/// or the SDK itself when the tool is inside it (its examples). Its build
/// tools must be installed beside it.
fn builder(dir: &Path) -> anyhow::Result<PathBuf> {
    let mut found = None;
    for folder in dir.ancestors() {
        let installed = folder
            .join("node_modules")
            .join(SDK_PACKAGE)
            .join("build.mjs");
        if installed.is_file() {
            found = Some(installed);
            break;
        }
        let is_sdk = package(folder)
            .ok()
            .flatten()
            .is_some_and(|p| p["name"] == SDK_PACKAGE);
        if is_sdk && folder.join("build.mjs").is_file() {
            found = Some(folder.join("build.mjs"));
            break;
        }
    }
    let Some(builder) = found else {
        let install = if dir.join("package.json").is_file() {
            format!("run `npm install` in {}", dir.display())
        } else {
            format!(
                "add a package.json naming {SDK_PACKAGE} to {}, then `npm install`",
                dir.display()
            )
        };
        return Err(MissingToolchain::error(
            format!("the JavaScript SDK ({SDK_PACKAGE} in node_modules)"),
            install,
        ));
    };
    let builder = builder.canonicalize().unwrap_or(builder);
    let sdk = builder.parent().expect("build.mjs is in a folder");
    let missing: Vec<&str> = BUILD_TOOLS
        .into_iter()
        .filter(|tool| {
            !sdk.ancestors().any(|a| {
                a.join("node_modules")
                    .join(tool)
                    .join("package.json")
                    .is_file()
            })
        })
        .collect();
    if !missing.is_empty() {
        return Err(MissingToolchain::error(
            format!("the JavaScript SDK's build tools ({})", missing.join(", ")),
            format!("run `npm ci` in {}", sdk.display()),
        ));
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_runs_typescript_from_22_18_and_23_6() {
        for yes in ["v22.18.0", "v22.23.3\n", "v23.6.0", "v24.0.0", "v25.1.2"] {
            assert!(runs_typescript(yes), "{yes}");
        }
        for no in ["v20.20.2", "v22.17.9", "v23.5.0", "", "nonsense"] {
            assert!(!runs_typescript(no), "{no}");
        }
    }

    #[test]
    fn a_tool_without_the_sdk_installed_is_told_to_npm_install() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("package.json"), r#"{"name": "x"}"#).unwrap();
        let err = builder(dir.path()).unwrap_err();
        let missing = err.downcast_ref::<MissingToolchain>().expect("typed");
        assert!(missing.install.contains("`npm install` in"), "{missing}");
    }
}
