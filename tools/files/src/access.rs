//! Turns filesystem errors into messages a model can act on. The tool does
//! no sandboxing of its own: WASI resolves every path against the folders
//! the operator's policy preopens, and the host refuses anything outside
//! them. What the tool adds is saying so clearly.

use std::io;

use toolhost_sdk::ToolError;

/// The error for a failed `action` ("read", "list", "delete") on `path`.
pub fn failure(action: &str, path: &str, error: &io::Error) -> ToolError {
    let reason = error.kind().to_string();
    match granted_folders() {
        Some(folders) if folders.is_empty() => ToolError::other(format!(
            "cannot {action} {path}: no folder has been granted to this tool; \
             the operator's policy must grant one"
        )),
        Some(folders) if !folders.iter().any(|folder| is_inside(path, folder)) => {
            ToolError::invalid_input(format!(
                "cannot {action} {path}: it is outside the folders granted to this tool ({})",
                folders.join(", ")
            ))
        }
        _ => ToolError::other(format!("cannot {action} {path}: {reason}")),
    }
}

/// Whether `path` names `folder` or something below it.
fn is_inside(path: &str, folder: &str) -> bool {
    let folder = folder.trim_end_matches('/');
    if folder.is_empty() || folder == "." {
        return true;
    }
    path.strip_prefix(folder)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The granted folder `path` is in, when the policy grants it read-only:
/// then nothing in it can be deleted, and a tool can say so before asking
/// the user to confirm a deletion that would fail. `None` when the folder
/// is writable, or where that cannot be known (natively, in unit tests).
///
/// WASI resolves a path against the longest granted folder it is inside,
/// so that folder's grant is the one that applies. A read-write grant lets
/// the guest change the folder (`mutate-directory`); a read-only one does
/// not.
#[cfg(target_arch = "wasm32")]
pub fn read_only_folder(path: &str) -> Option<String> {
    use wasip2::filesystem::types::DescriptorFlags;

    let (descriptor, folder) = wasip2::filesystem::preopens::get_directories()
        .into_iter()
        .filter(|(_, folder)| is_inside(path, folder))
        .max_by_key(|(_, folder)| folder.trim_end_matches('/').len())?;
    let flags = descriptor.get_flags().ok()?;
    (!flags.contains(DescriptorFlags::MUTATE_DIRECTORY)).then_some(folder)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn read_only_folder(_path: &str) -> Option<String> {
    None
}

/// The guest paths of the preopened folders, or `None` where that cannot
/// be known (natively, in unit tests).
#[cfg(target_arch = "wasm32")]
fn granted_folders() -> Option<Vec<String>> {
    Some(
        wasip2::filesystem::preopens::get_directories()
            .into_iter()
            .map(|(_, path)| path)
            .collect(),
    )
}

#[cfg(not(target_arch = "wasm32"))]
fn granted_folders() -> Option<Vec<String>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_means_the_folder_or_below() {
        assert!(is_inside("/data", "/data"));
        assert!(is_inside("/data/a/b.txt", "/data/"));
        assert!(!is_inside("/database", "/data"));
        assert!(!is_inside("/etc/passwd", "/data"));
        assert!(is_inside("/anything", "/"));
    }

    #[test]
    fn natively_the_io_error_kind_is_named() {
        let error = failure("read", "/x", &io::Error::from(io::ErrorKind::NotFound));
        assert_eq!(error, ToolError::other("cannot read /x: entity not found"));
    }
}
