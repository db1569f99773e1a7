//! `toolhost build`: turns a tool's folder (Rust, Python or TypeScript, as
//! `toolhost new` writes them) into a component, `OUT/NAME.wasm`.
//!
//! The language comes from the folder: `Cargo.toml` is a Rust crate built
//! with cargo for `wasm32-wasip2`; `app.py` a module built by the Python
//! SDK's builder (componentize-py); `app.ts` (or `.js`, `.mjs`) one built by
//! the JavaScript SDK's (esbuild and componentize-js). The binary carries
//! the contract's WIT and hands it to the builders, so a build never depends
//! on where a toolhost checkout is. Before it runs a toolchain, the build
//! checks the toolchain is there, and a missing one is a
//! [`MissingToolchain`] naming the command that installs it.

mod js;
mod python;
mod rust;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// The contract the Python and JavaScript builders build against
/// (`wit/v0.2`, world `server-component`), as this binary was built with it.
const WIT_V0_2: &str = include_str!("../../../wit/v0.2/tool.wit");

/// The language of a tool's folder, and so its toolchain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Rust,
    Python,
    JavaScript,
}

/// A tool's folder, ready to build.
#[derive(Debug)]
pub struct Project {
    pub language: Language,
    pub dir: PathBuf,
    /// The component's file stem: the crate's, project's or package's name
    /// (else the folder's), `-` as `_`, as cargo names a crate's output.
    pub name: String,
}

/// A component written.
#[derive(Debug)]
pub struct Built {
    pub path: PathBuf,
    pub bytes: u64,
    pub took: Duration,
}

/// A toolchain the build needs is absent: what it is, and how to get it.
#[derive(Debug, thiserror::Error)]
#[error("the build needs {toolchain}: {install}")]
pub struct MissingToolchain {
    pub toolchain: String,
    pub install: String,
}

impl MissingToolchain {
    fn error(toolchain: impl Into<String>, install: impl Into<String>) -> anyhow::Error {
        Self {
            toolchain: toolchain.into(),
            install: install.into(),
        }
        .into()
    }
}

/// The module names a JavaScript tool's app may have, in the order the
/// JavaScript SDK's builder looks for them.
const JS_APPS: [&str; 3] = ["app.ts", "app.js", "app.mjs"];

/// What is in `dir`: a Rust crate, a Python or a JavaScript tool.
pub fn detect(dir: &Path) -> anyhow::Result<Project> {
    let dir = dir
        .canonicalize()
        .with_context(|| format!("no tool folder at {}", dir.display()))?;
    let (language, name) = if dir.join("Cargo.toml").is_file() {
        (Language::Rust, rust::crate_name(&dir)?)
    } else if dir.join("app.py").is_file() {
        (Language::Python, python::project_name(&dir)?)
    } else if JS_APPS.iter().any(|app| dir.join(app).is_file()) {
        (Language::JavaScript, js::package_name(&dir)?)
    } else {
        bail!(
            "{} holds no tool: a tool's folder has Cargo.toml (Rust), app.py (Python) or \
             app.ts (TypeScript); `toolhost new NAME --lang rust|python|js` starts one",
            dir.display()
        );
    };
    let name = name
        .unwrap_or_else(|| {
            dir.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        })
        .replace('-', "_");
    Ok(Project {
        language,
        dir,
        name,
    })
}

/// Builds `project` into `out_dir/NAME.wasm`. The component appears whole
/// or not at all (a server watching `out_dir` never loads half of one).
pub fn build(project: &Project, out_dir: &Path) -> anyhow::Result<Built> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let path = out_dir.join(format!("{}.wasm", project.name));
    // Not `.wasm`: the folder watcher ignores it while it is written.
    let partial = out_dir.join(format!(".{}.wasm.partial", project.name));
    let started = Instant::now();
    let result = match project.language {
        Language::Rust => rust::build(project, &partial),
        Language::Python => python::build(project, &partial),
        Language::JavaScript => js::build(project, &partial),
    };
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &path).with_context(|| format!("cannot write {}", path.display()))?;
    let bytes = std::fs::metadata(&path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    Ok(Built {
        path,
        bytes,
        took: started.elapsed(),
    })
}

/// The contract's WIT in a temporary folder, for a builder's `--wit`.
fn wit_folder() -> anyhow::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("toolhost-wit-")
        .tempdir()
        .context("cannot create a temporary folder for the WIT")?;
    std::fs::write(dir.path().join("tool.wit"), WIT_V0_2)
        .context("cannot write the WIT to a temporary folder")?;
    Ok(dir)
}

/// Runs a builder, its output (progress, warnings, errors) on our stderr:
/// stdout says only what was written.
fn run_builder(command: &mut Command, what: &str) -> anyhow::Result<()> {
    let status = command
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .status()
        .with_context(|| format!("cannot run {}", shown(command)))?;
    if !status.success() {
        bail!("{what} failed ({status}); its output is above");
    }
    Ok(())
}

/// A command as a person would type it, for messages.
fn shown(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(OsStr::to_string_lossy)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stdout of `program args`, if it runs and succeeds: how the build
/// asks a toolchain what it is.
fn output_of(program: impl AsRef<OsStr>, args: &[&str], dir: &Path) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_and_name_come_from_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let tool = |name: &str, files: &[(&str, &str)]| {
            let folder = dir.path().join(name);
            std::fs::create_dir(&folder).unwrap();
            for (file, text) in files {
                std::fs::write(folder.join(file), text).unwrap();
            }
            detect(&folder)
        };
        let rust = tool("r", &[("Cargo.toml", "[package]\nname = \"word-count\"\n")]).unwrap();
        assert_eq!(
            (rust.language, rust.name.as_str()),
            (Language::Rust, "word_count")
        );
        let python = tool(
            "p",
            &[
                ("app.py", ""),
                ("pyproject.toml", "[project]\nname = \"csv-stats\"\n"),
            ],
        )
        .unwrap();
        assert_eq!(
            (python.language, python.name.as_str()),
            (Language::Python, "csv_stats")
        );
        let bare = tool("bare-python", &[("app.py", "")]).unwrap();
        assert_eq!(bare.name, "bare_python");
        let js = tool(
            "j",
            &[
                ("app.ts", ""),
                ("package.json", r#"{"name": "@me/md-tool"}"#),
            ],
        )
        .unwrap();
        assert_eq!(
            (js.language, js.name.as_str()),
            (Language::JavaScript, "md_tool")
        );
        let err = tool("empty", &[]).unwrap_err();
        assert!(err.to_string().contains("holds no tool"), "{err}");
        let err = tool("ws", &[("Cargo.toml", "[workspace]\n")]).unwrap_err();
        assert!(err.to_string().contains("no [package]"), "{err}");
    }

    #[test]
    fn the_wit_is_the_contracts() {
        let dir = wit_folder().unwrap();
        let text = std::fs::read_to_string(dir.path().join("tool.wit")).unwrap();
        assert!(text.contains("package toolhost:tool@0.2.0;"));
        assert!(text.contains("world server-component"));
    }
}
