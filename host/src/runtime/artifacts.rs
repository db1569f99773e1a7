//! Compiled components on disk, mapped straight back into memory.
//!
//! Compiling a 20 MB Python or JavaScript component takes Cranelift tens of
//! seconds; its compiled form is about 60 MB. Wasmtime's own cache stores
//! that compressed: a warm load then spent most of its 200 ms
//! decompressing and copying. Here the compiled form is stored as it is, and
//! a warm load maps the file (`Component::deserialize_file`): nothing is
//! copied, pages come in as calls touch them, and the pages of a memory
//! image are shared with the page cache.
//!
//! An entry is named by the SHA-256 of the component's bytes and by the
//! engine that compiled it (wasmtime's compatibility hash: version,
//! settings, CPU features), so a rebuilt component or another toolhost never
//! picks up a stale one; wasmtime checks the header again when it maps it.
//! Entries are written beside and renamed into place, so a reader never sees
//! half of one, and a server that has one mapped keeps its inode (editing
//! an entry in place under a running server would fault it). Entries unused
//! for [`UNUSED_DAYS`] are removed when a new one is written. The folder is the user's own
//! (`$XDG_CACHE_HOME/toolhost/components`, else `~/.cache/...`), trusted as
//! wasmtime trusts its cache: whoever can write there can run code as the
//! user anyway.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use wasmtime::component::Component;

/// Entries not used for this long are removed.
const UNUSED_DAYS: u64 = 30;

/// Where compiled components are kept, or nothing (compile every time).
pub(super) struct Artifacts {
    dir: Option<PathBuf>,
}

impl Artifacts {
    /// The cache folder, when `enabled` and a home for it exists.
    pub(super) fn new(enabled: bool) -> Self {
        let dir = enabled.then(cache_home).flatten().map(|home| {
            home.join("toolhost")
                .join(format!("components-{}", env!("CARGO_PKG_VERSION")))
        });
        Self { dir }
    }

    /// The component compiled from `bytes`: mapped from the cache, or
    /// compiled (and then stored for next time).
    pub(super) fn component(
        &self,
        engine: &wasmtime::Engine,
        bytes: &[u8],
    ) -> wasmtime::Result<Component> {
        let Some(dir) = &self.dir else {
            return Component::new(engine, bytes);
        };
        let entry = dir.join(entry_name(engine, bytes));
        if entry.is_file() {
            // SAFETY: the file was written by `store` below from
            // `Component::serialize` of an engine with the same
            // compatibility hash (it is in the name, and wasmtime checks it
            // again), in a folder only the user writes to.
            match unsafe { Component::deserialize_file(engine, &entry) } {
                Ok(component) => {
                    touch(&entry);
                    return Ok(component);
                }
                Err(e) => tracing::warn!(entry = %entry.display(), error = %format!("{e:#}"),
                    "cached component unusable; compiling it again"),
            }
        }
        let component = Component::new(engine, bytes)?;
        if let Err(e) = store(dir, &entry, &component) {
            tracing::warn!(dir = %dir.display(), error = %e,
                "cannot cache the compiled component; it compiles again next start");
        }
        Ok(component)
    }
}

/// `$XDG_CACHE_HOME`, else `$HOME/.cache`.
fn cache_home() -> Option<PathBuf> {
    let from = |var| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    from("XDG_CACHE_HOME").or_else(|| from("HOME").map(|home| home.join(".cache")))
}

/// `SHA256-ENGINE.cwasm`: the component's bytes and the engine that
/// compiles them.
fn entry_name(engine: &wasmtime::Engine, bytes: &[u8]) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut hasher);
    let mut name = String::with_capacity(64 + 1 + 16 + 6);
    for byte in digest.as_ref() {
        name.push_str(&format!("{byte:02x}"));
    }
    name.push_str(&format!("-{:016x}.cwasm", hasher.finish()));
    name
}

/// Writes `component` to `entry` (beside it first, then renamed), and
/// removes entries unused for [`UNUSED_DAYS`].
fn store(dir: &Path, entry: &Path, component: &Component) -> std::io::Result<()> {
    let serialized = component.serialize().map_err(std::io::Error::other)?;
    std::fs::create_dir_all(dir)?;
    let staged = dir.join(format!(
        ".{}.{}.partial",
        entry
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&staged, serialized)?;
    std::fs::rename(&staged, entry)?;
    remove_unused(dir);
    Ok(())
}

/// Marks `entry` as used now, so that cleaning keeps it.
fn touch(entry: &Path) {
    if let Ok(file) = std::fs::File::options().append(true).open(entry) {
        let _ = file.set_modified(SystemTime::now());
    }
}

fn remove_unused(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let unused = Duration::from_secs(UNUSED_DAYS * 24 * 60 * 60);
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > unused);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_follows_the_bytes_and_the_engine() {
        let engine = wasmtime::Engine::default();
        let a = entry_name(&engine, b"one");
        assert_eq!(a, entry_name(&engine, b"one"));
        assert_ne!(a, entry_name(&engine, b"two"));
        assert!(a.ends_with(".cwasm") && a.len() == 64 + 1 + 16 + 6, "{a}");
        let mut config = wasmtime::Config::new();
        config.consume_fuel(true);
        let other = wasmtime::Engine::new(&config).unwrap();
        assert_ne!(a, entry_name(&other, b"one"));
    }

    #[test]
    fn a_component_compiled_once_is_mapped_back_and_a_broken_entry_is_replaced() {
        let engine = wasmtime::Engine::default();
        let bytes = std::fs::read(toolhost_test_artifacts::ECHO).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let artifacts = Artifacts {
            dir: Some(dir.path().to_owned()),
        };
        let entry = dir.path().join(entry_name(&engine, &bytes));

        let compiled = artifacts.component(&engine, &bytes).unwrap();
        let stored = std::fs::read(&entry).expect("stored after compiling");
        assert_eq!(stored, compiled.serialize().unwrap());

        let mapped = artifacts.component(&engine, &bytes).unwrap();
        let exports = |c: &Component| {
            let ty = c.component_type();
            let mut names: Vec<String> = ty.exports(&engine).map(|(n, _)| n.to_owned()).collect();
            names.sort();
            names
        };
        assert_eq!(exports(&mapped), exports(&compiled));
        // Never rewrite a mapped file in place (a mapping of a truncated
        // file faults): entries are only ever renamed over.
        drop(mapped);

        std::fs::write(&entry, b"not a compiled component").unwrap();
        let recompiled = artifacts.component(&engine, &bytes).unwrap();
        assert_eq!(exports(&recompiled), exports(&compiled));
        assert_eq!(
            std::fs::read(&entry).unwrap(),
            stored,
            "the broken entry is replaced"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "no staged file is left behind: {left:?}");
    }
}
