//! `toolhost new NAME --lang rust|python|js`: a tool on one of the guest
//! SDKs whose own tests pass with its language's plain test runner, which
//! `toolhost build` turns into a component and `toolhost` serves, out of the
//! box.
//!
//! Each scaffold depends on its SDK by path (a Cargo path dependency, a
//! `file:` URL in `pyproject.toml`, a `file:` dependency in `package.json`):
//! the SDKs are not published, so the path is the one this binary was built
//! from, or `--sdk`. One module per language holds its files and the
//! commands it prints.

mod js;
mod python;
mod rust;

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// The guest SDKs this binary was built beside (`guest-sdk/`, with the
/// Python and JavaScript ones in its `python/` and `js/` folders).
pub const BUILT_WITH_SDK: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../guest-sdk");

/// The language a new tool is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Rust,
    Python,
    /// TypeScript, on the JavaScript SDK.
    Js,
}

impl Lang {
    /// The SDK's folder under `guest-sdk/`, and the file that marks it.
    fn sdk_layout(self) -> (&'static str, &'static str) {
        match self {
            Lang::Rust => ("", "Cargo.toml"),
            Lang::Python => ("python", "pyproject.toml"),
            Lang::Js => ("js", "package.json"),
        }
    }
}

/// What `new` wrote, and the commands that test, build and serve it.
pub struct Created {
    pub dir: PathBuf,
    pub next_steps: String,
}

/// A scaffold: the files to write (paths relative to the tool's folder) and
/// the commands to print.
struct Template {
    files: Vec<(&'static str, String)>,
    next_steps: String,
}

/// Creates the tool `name` in `parent`, written in `lang`, on the SDK at
/// `sdk` (default: the one this binary was built beside). Never touches an
/// existing path.
pub fn create(
    name: &str,
    parent: &Path,
    lang: Lang,
    sdk: Option<&Path>,
) -> anyhow::Result<Created> {
    check_name(name)?;
    let sdk = sdk_folder(lang, sdk)?;
    let dir = parent.join(name);
    if dir.exists() {
        bail!(
            "{} already exists; choose another name or folder",
            dir.display()
        );
    }
    let template = match lang {
        Lang::Rust => rust::template(name, &sdk, &dir),
        Lang::Python => python::template(name, &sdk, &dir),
        Lang::Js => js::template(name, &sdk, &dir),
    };
    for (file, text) in template.files {
        let path = dir.join(file);
        let folder = path.parent().expect("a file in the tool's folder");
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(Created {
        dir,
        next_steps: template.next_steps,
    })
}

/// The SDK for `lang`, absolute: `given` (the language's SDK folder, or the
/// `guest-sdk` folder holding it) or the one this binary was built beside.
fn sdk_folder(lang: Lang, given: Option<&Path>) -> anyhow::Result<PathBuf> {
    let (sub, marker) = lang.sdk_layout();
    let base = given.map_or_else(|| PathBuf::from(BUILT_WITH_SDK), Path::to_owned);
    [base.clone(), base.join(sub)]
        .into_iter()
        .filter(|p| p.join(marker).is_file())
        .find_map(|p| p.canonicalize().ok())
        .with_context(|| {
            let wanted = if sub.is_empty() {
                "the guest-sdk folder of a toolhost checkout".to_owned()
            } else {
                format!("guest-sdk/{sub} of a toolhost checkout")
            };
            format!(
                "no {lang:?} guest SDK at {} (no {marker}): pass --sdk PATH ({wanted})",
                base.display()
            )
        })
}

/// The component `toolhost build` writes for a tool named `name`: its file
/// name, as cargo names a crate's (`-` as `_`).
pub fn component_file(name: &str) -> String {
    format!("{}.wasm", name.replace('-', "_"))
}

/// A name that is a crate name, a Python and npm project name and a tool
/// name: a lowercase letter, then lowercase letters, digits, `_` or `-`, at
/// most 64 characters.
fn check_name(name: &str) -> anyhow::Result<()> {
    let mut bytes = name.bytes();
    let starts_well = bytes.next().is_some_and(|b| b.is_ascii_lowercase());
    let rest_ok =
        bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if !starts_well || !rest_ok || name.len() > 64 {
        bail!(
            "{name:?} cannot name a tool: use a lowercase letter, then lowercase letters, \
             digits, _ or -, at most 64 characters"
        );
    }
    Ok(())
}

/// `path` as a shell word: as it is when nothing in it needs quoting.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let plain = text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+=:,@%".contains(&b));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_suit_a_crate_a_project_and_a_tool() {
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
        for lang in [Lang::Rust, Lang::Python, Lang::Js] {
            let err = create("taken", dir.path(), lang, None).err().unwrap();
            assert!(err.to_string().contains("already exists"), "{err}");
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("taken/keep")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn the_sdk_is_the_language_folder_or_the_guest_sdk_folder_holding_it() {
        let built = Path::new(BUILT_WITH_SDK).canonicalize().unwrap();
        let python = sdk_folder(Lang::Python, Some(&built)).unwrap();
        assert_eq!(python, built.join("python"));
        assert_eq!(sdk_folder(Lang::Python, Some(&python)).unwrap(), python);
        assert_eq!(sdk_folder(Lang::Js, None).unwrap(), built.join("js"));
        assert_eq!(sdk_folder(Lang::Rust, None).unwrap(), built);
        let dir = tempfile::tempdir().unwrap();
        let err = create("x", dir.path(), Lang::Js, Some(dir.path()))
            .err()
            .unwrap();
        assert!(err.to_string().contains("no Js guest SDK"), "{err}");
        assert!(!dir.path().join("x").exists());
    }

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_they_need_it() {
        assert_eq!(shell_word(Path::new("/tmp/a-b_c.d")), "/tmp/a-b_c.d");
        assert_eq!(shell_word(Path::new("/tmp/my tools")), "'/tmp/my tools'");
        assert_eq!(shell_word(Path::new("/tmp/it's")), r"'/tmp/it'\''s'");
    }
}
