use std::fs;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toolhost_sdk::{Json, ToolError};

use crate::access::failure;
use crate::read::{MAX_READ_BYTES, is_binary, read_start};

/// Bounds on one search, so a call over a large tree stays quick: files
/// looked at, folder depth below `path`, and characters shown per line.
const MAX_FILES: usize = 1000;
const MAX_DEPTH: usize = 8;
const MAX_LINE_CHARS: usize = 200;

#[derive(Deserialize, JsonSchema)]
pub struct SearchArgs {
    /// A file, or a folder to search recursively, as an absolute path inside
    /// a granted folder (for example `/data`).
    path: String,
    /// The text to look for: a plain substring, not a regular expression.
    #[schemars(length(min = 1))]
    pattern: String,
    /// Match regardless of letter case.
    #[serde(default)]
    ignore_case: bool,
    /// Stop after this many matching lines.
    #[serde(default = "default_max_matches")]
    #[schemars(range(min = 1, max = 1000))]
    max_matches: usize,
}

fn default_max_matches() -> usize {
    50
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SearchResult {
    /// Matching lines as `file:line: text`, line numbers from 1, long lines
    /// cut to 200 characters.
    matches: Vec<String>,
    /// Text files searched; binary files and files over 4 MiB are skipped.
    files_searched: usize,
    /// True when the search stopped early (max_matches reached, more than
    /// 1000 files, or folders nested deeper than 8), so there may be more.
    truncated: bool,
}

pub fn search(args: SearchArgs) -> Result<Json<SearchResult>, ToolError> {
    if args.pattern.is_empty() {
        return Err(ToolError::invalid_input("pattern must not be empty"));
    }
    let root = PathBuf::from(&args.path);
    let metadata = fs::metadata(&root).map_err(|e| failure("search", &args.path, &e))?;
    let mut search = Search {
        pattern: fold(&args.pattern, args.ignore_case),
        ignore_case: args.ignore_case,
        max_matches: args.max_matches.clamp(1, 1000),
        result: SearchResult {
            matches: Vec::new(),
            files_searched: 0,
            truncated: false,
        },
    };
    if metadata.is_dir() {
        search
            .folder(&root, 0)
            .map_err(|e| failure("search", &args.path, &e))?;
    } else {
        search.file(&root);
    }
    Ok(Json(search.result))
}

struct Search {
    pattern: String,
    ignore_case: bool,
    max_matches: usize,
    result: SearchResult,
}

impl Search {
    fn done(&self) -> bool {
        self.result.truncated
    }

    /// Searches a folder in name order. Only the root folder failing to open
    /// is an error; an unreadable subfolder is skipped like a binary file.
    fn folder(&mut self, folder: &Path, depth: usize) -> std::io::Result<()> {
        let mut entries: Vec<_> = fs::read_dir(folder)?.filter_map(Result::ok).collect();
        entries.sort_by_key(|entry| entry.file_name());
        for entry in entries {
            if self.done() {
                return Ok(());
            }
            // Symlinks are not followed: they could loop.
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                if depth + 1 > MAX_DEPTH {
                    self.result.truncated = true;
                } else {
                    let _ = self.folder(&entry.path(), depth + 1);
                }
            } else if file_type.is_file() {
                self.file(&entry.path());
            }
        }
        Ok(())
    }

    fn file(&mut self, path: &Path) {
        if self.result.files_searched == MAX_FILES {
            self.result.truncated = true;
            return;
        }
        let Some(name) = path.to_str() else { return };
        let Ok((bytes, size)) = read_start(name, MAX_READ_BYTES) else {
            return;
        };
        if size > MAX_READ_BYTES || is_binary(&bytes) {
            return;
        }
        self.result.files_searched += 1;
        let text = String::from_utf8_lossy(&bytes);
        for (number, line) in text.lines().enumerate() {
            if !fold(line, self.ignore_case).contains(&self.pattern) {
                continue;
            }
            if self.result.matches.len() == self.max_matches {
                self.result.truncated = true;
                return;
            }
            let shown: String = line.trim_end().chars().take(MAX_LINE_CHARS).collect();
            self.result
                .matches
                .push(format!("{name}:{}: {shown}", number + 1));
        }
    }
}

fn fold(text: &str, ignore_case: bool) -> String {
    if ignore_case {
        text.to_lowercase()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(path: &Path, pattern: &str, ignore_case: bool, max_matches: usize) -> SearchResult {
        search(SearchArgs {
            path: path.to_string_lossy().into_owned(),
            pattern: pattern.into(),
            ignore_case,
            max_matches,
        })
        .unwrap()
        .0
    }

    #[test]
    fn finds_lines_in_a_tree_in_name_order() {
        let dir = crate::tests::scratch("search");
        fs::create_dir(dir.join("sub")).unwrap();
        fs::write(dir.join("b.txt"), "nothing\nTODO: later\n").unwrap();
        fs::write(dir.join("sub/a.txt"), "todo lower\n").unwrap();
        fs::write(dir.join("blob.bin"), b"TODO\0").unwrap();
        let d = dir.to_string_lossy();

        let found = run(&dir, "TODO", false, 50);
        assert_eq!(found.matches, [format!("{d}/b.txt:2: TODO: later")]);
        assert_eq!(found.files_searched, 2);
        assert!(!found.truncated);

        let found = run(&dir, "todo", true, 50);
        assert_eq!(
            found.matches,
            [
                format!("{d}/b.txt:2: TODO: later"),
                format!("{d}/sub/a.txt:1: todo lower"),
            ]
        );

        let found = run(&dir, "todo", true, 1);
        assert_eq!(found.matches.len(), 1);
        assert!(found.truncated);

        let one = run(&dir.join("b.txt"), "later", false, 50);
        assert_eq!(one.matches, [format!("{d}/b.txt:2: TODO: later")]);
    }

    #[test]
    fn deep_trees_stop_at_the_depth_limit() {
        let dir = crate::tests::scratch("deep");
        let mut deep = dir.clone();
        for level in 0..=MAX_DEPTH {
            deep.push(format!("d{level}"));
        }
        fs::create_dir_all(&deep).unwrap();
        fs::write(deep.join("x.txt"), "needle\n").unwrap();
        let found = run(&dir, "needle", false, 50);
        assert!(found.matches.is_empty());
        assert!(found.truncated);
    }
}
