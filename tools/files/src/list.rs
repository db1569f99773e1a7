use std::fs;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toolhost_sdk::{Json, ToolError};

use crate::access::failure;

/// More entries than a model can use in one answer; the listing says when
/// it stopped.
pub const MAX_ENTRIES: usize = 1000;

#[derive(Deserialize, JsonSchema)]
pub struct ListArgs {
    /// The folder to list, as an absolute path inside a granted folder
    /// (for example `/data` or `/data/notes`).
    path: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Listing {
    /// The entries, sorted by name.
    entries: Vec<Entry>,
    /// True when the folder has more than the 1000 entries listed.
    truncated: bool,
}

#[derive(Debug, Serialize, JsonSchema, PartialEq)]
pub struct Entry {
    name: String,
    /// `file`, `dir`, `symlink` or `other`.
    kind: &'static str,
    /// Size in bytes, for files.
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
}

pub fn list_dir(args: ListArgs) -> Result<Json<Listing>, ToolError> {
    let path = args.path;
    let read = fs::read_dir(&path).map_err(|e| failure("list", &path, &e))?;
    let mut entries = Vec::new();
    let mut truncated = false;
    for entry in read {
        let entry = entry.map_err(|e| failure("list", &path, &e))?;
        if entries.len() == MAX_ENTRIES {
            truncated = true;
            break;
        }
        let file_type = entry.file_type().map_err(|e| failure("list", &path, &e))?;
        let (kind, size) = if file_type.is_dir() {
            ("dir", None)
        } else if file_type.is_file() {
            ("file", entry.metadata().ok().map(|m| m.len()))
        } else if file_type.is_symlink() {
            ("symlink", None)
        } else {
            ("other", None)
        };
        entries.push(Entry {
            name: entry.file_name().to_string_lossy().into_owned(),
            kind,
            size,
        });
    }
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Json(Listing { entries, truncated }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_sorted_entries_with_kinds_and_sizes() {
        let dir = crate::tests::scratch("list");
        fs::write(dir.join("b.txt"), "four").unwrap();
        fs::create_dir(dir.join("a")).unwrap();
        let listing = list_dir(ListArgs {
            path: dir.to_string_lossy().into_owned(),
        })
        .unwrap()
        .0;
        assert!(!listing.truncated);
        assert_eq!(
            listing.entries,
            [
                Entry {
                    name: "a".into(),
                    kind: "dir",
                    size: None
                },
                Entry {
                    name: "b.txt".into(),
                    kind: "file",
                    size: Some(4)
                },
            ]
        );
    }

    #[test]
    fn a_missing_folder_is_a_clear_error() {
        let error = list_dir(ListArgs {
            path: "/surely/not/here".into(),
        })
        .unwrap_err();
        assert_eq!(
            error.message(),
            "cannot list /surely/not/here: entity not found"
        );
    }
}
