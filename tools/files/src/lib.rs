//! `files`: lists, reads and searches the folders the operator's policy
//! grants this component, and deletes files in the folders it grants
//! read-write, once the user confirms. Paths are the guest paths the policy
//! names (for example `/data/notes.txt`); WASI resolves them against the
//! preopened folders and the host refuses anything outside (and any change
//! in a read-only folder), so the tool needs no checks of its own beyond
//! saying clearly what went wrong.

mod access;
mod delete;
mod list;
mod read;
mod search;

use toolhost_sdk::{Tool, Toolbox};

fn tools() -> Toolbox {
    let read_only = |tool: Tool| tool.read_only().idempotent().open_world(false);
    Toolbox::new()
        .tool(read_only(
            Tool::new("list_dir", list::list_dir)
                .title("List a folder")
                .description(
                    "Lists the files and folders in a folder (up to 1000 entries, sorted by \
                     name) with their kinds and file sizes. Only folders granted to this tool \
                     can be read; start from the granted folder (such as /data) when you do \
                     not know what is there.",
                ),
        ))
        .tool(read_only(
            Tool::new("read_file", read::read_file)
                .title("Read a text file")
                .description(
                    "Returns the content of a text file, cut to max_chars characters (the \
                     result ends with a note when cut). Binary files are refused. Use search \
                     first to find the right file in a large folder.",
                ),
        ))
        .tool(read_only(
            Tool::new("search", search::search)
                .title("Search files")
                .description(
                    "Finds lines containing a plain text (not a regular expression) in a file \
                     or, recursively, in a folder, and returns them as `file:line: text`. \
                     Searches at most 1000 files, 8 folders deep.",
                ),
        ))
        .tool(
            Tool::with_context("delete_file", delete::delete_file)
                .title("Delete a file")
                .description(
                    "Deletes one file, after asking the user to confirm (the question names \
                     the file and its size); if the user does not confirm, nothing is deleted \
                     and the result says so. Only files in a folder granted read-write can be \
                     deleted; folders never are. Needs a client that can ask its user \
                     (elicitation).",
                )
                .destructive(true)
                .open_world(false),
        )
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    /// A fresh, empty folder for one test.
    pub(crate) fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("toolhost-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn toolbox_is_valid() {
        let descriptors = super::tools().describe().unwrap();
        let names: Vec<_> = descriptors.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["list_dir", "read_file", "search", "delete_file"]);
        assert!(
            descriptors[..3]
                .iter()
                .all(|d| d.annotations.as_ref().unwrap().read_only_hint == Some(true))
        );
        // The one tool that changes anything says it may destroy data.
        let delete = descriptors[3].annotations.as_ref().unwrap();
        assert_eq!(delete.read_only_hint, None);
        assert_eq!(delete.destructive_hint, Some(true));
        assert_eq!(descriptors[3].input_schema["required"][0], "path");
        assert_eq!(
            descriptors[2].input_schema["properties"]["max_matches"]["default"],
            50
        );
    }
}
