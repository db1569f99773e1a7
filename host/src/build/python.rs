//! Python: the Python SDK's builder, `python -m toolhost.build`, which runs
//! componentize-py. The Python is `TOOLHOST_PYTHON`, else the tool's
//! `.venv` (where `toolhost new --lang python` has the SDK and
//! componentize-py installed), else `python3` on PATH.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;

use super::{MissingToolchain, Project, run_builder, wit_folder};
use crate::scaffold::BUILT_WITH_SDK;

/// What the build needs of a Python, asked of the Python itself.
const PROBE: &str = "\
import json, sys
try:
    from toolhost import build
except Exception:
    build = None
print(json.dumps({
    'version': list(sys.version_info[:2]),
    'sdk': build is not None,
    'componentize_py': build.find_componentize_py() if build else None,
}))
";

/// The project's name, from `pyproject.toml`, if it has one.
pub(super) fn project_name(dir: &Path) -> anyhow::Result<Option<String>> {
    let path = dir.join("pyproject.toml");
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let project: toml::Table =
        toml::from_str(&text).with_context(|| format!("{} is not TOML", path.display()))?;
    Ok(project
        .get("project")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_owned))
}

pub(super) fn build(project: &Project, out: &Path) -> anyhow::Result<()> {
    let dir = &project.dir;
    let python = interpreter(dir);
    check(&python, dir)?;
    let wit = wit_folder()?;
    let mut command = Command::new(&python.program);
    command
        .args(["-m", "toolhost.build"])
        .arg(dir)
        .arg("-o")
        .arg(out)
        .arg("--wit")
        .arg(wit.path())
        .current_dir(dir);
    run_builder(&mut command, "the Python build")
}

/// A Python to build with, and where it came from.
struct Interpreter {
    program: PathBuf,
    from: Source,
}

#[derive(PartialEq)]
enum Source {
    /// `TOOLHOST_PYTHON`: the user's choice, installed as the user likes.
    Env,
    /// The tool's own `.venv`, where its pyproject.toml installs the SDK.
    Venv,
    /// `python3` on PATH: there is no `.venv` yet.
    Path,
}

fn interpreter(dir: &Path) -> Interpreter {
    let venv = dir.join(".venv/bin/python");
    let (program, from) = match std::env::var_os("TOOLHOST_PYTHON") {
        Some(python) => (python.into(), Source::Env),
        None if venv.exists() => (venv, Source::Venv),
        None => ("python3".into(), Source::Path),
    };
    Interpreter { program, from }
}

#[derive(serde::Deserialize)]
struct Probed {
    version: (u32, u32),
    sdk: bool,
    componentize_py: Option<String>,
}

/// Fails, saying what to install, unless `python` is 3.11 or later with
/// the SDK and componentize-py.
fn check(python: &Interpreter, dir: &Path) -> anyhow::Result<()> {
    let shown = python.program.display();
    let install_python = "install Python 3.11 or later (for example `sudo apt-get install python3 \
                          python3-venv`), or set TOOLHOST_PYTHON to one";
    let output = Command::new(&python.program)
        .args(["-c", PROBE])
        .current_dir(dir)
        .output();
    let probed = match output {
        Ok(out) if out.status.success() => serde_json::from_slice::<Probed>(&out.stdout).ok(),
        _ => None,
    };
    let Some(probed) = probed else {
        return Err(MissingToolchain::error(
            format!("Python 3.11 or later (`{shown}` does not run)"),
            install_python,
        ));
    };
    if probed.version < (3, 11) {
        let (major, minor) = probed.version;
        return Err(MissingToolchain::error(
            format!("Python 3.11 or later (`{shown}` is {major}.{minor})"),
            install_python,
        ));
    }
    if !probed.sdk {
        let in_dir = dir.display();
        let has_project = dir.join("pyproject.toml").is_file();
        let install = if has_project && python.from == Source::Venv {
            format!(
                "in {in_dir}, run `.venv/bin/pip install -e .` (its pyproject.toml names the SDK \
                 and componentize-py)"
            )
        } else if has_project && python.from == Source::Path {
            format!(
                "in {in_dir}, run `python3 -m venv .venv && .venv/bin/pip install -e .` (its \
                 pyproject.toml names the SDK and componentize-py)"
            )
        } else if has_project {
            format!("in {in_dir}, run `{shown} -m pip install -e .`")
        } else {
            let sdk = Path::new(BUILT_WITH_SDK).join("python");
            let sdk = sdk.canonicalize().unwrap_or(sdk);
            format!("run `{shown} -m pip install '{}[build]'`", sdk.display())
        };
        return Err(MissingToolchain::error(
            format!("the Python SDK (toolhost-sdk) for `{shown}`"),
            install,
        ));
    }
    if probed.componentize_py.is_none() {
        return Err(MissingToolchain::error(
            format!("componentize-py (for `{shown}`)"),
            format!("run `{shown} -m pip install componentize-py==0.25.1`"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_python_that_does_not_run_is_named_with_how_to_get_one() {
        let dir = tempfile::tempdir().unwrap();
        let python = Interpreter {
            program: dir.path().join("no-python"),
            from: Source::Env,
        };
        let err = check(&python, dir.path()).unwrap_err();
        let missing = err.downcast_ref::<MissingToolchain>().expect("typed");
        assert!(missing.toolchain.contains("does not run"), "{missing}");
        assert!(missing.install.contains("TOOLHOST_PYTHON"), "{missing}");
    }
}
