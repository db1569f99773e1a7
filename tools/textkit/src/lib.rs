//! `textkit`: text measurements a model cannot do reliably by itself
//! (counting, comparing line by line), with structured results.

mod diff;
mod stats;

use toolhost_sdk::{Tool, Toolbox};

fn tools() -> Toolbox {
    Toolbox::new()
        .tool(
            Tool::new("text_stats", stats::text_stats)
                .title("Text statistics")
                .description(
                    "Counts the characters, words, lines and sentences of a text and lists its \
                     most frequent words. Use it instead of counting yourself: exact counts \
                     are hard to estimate.",
                )
                .read_only()
                .idempotent()
                .open_world(false),
        )
        .tool(
            Tool::new("line_diff", diff::line_diff)
                .title("Line diff")
                .description(
                    "Compares two texts line by line and returns a unified diff (like \
                     `diff -u`) with counts of added, removed and unchanged lines. Use it to \
                     show exactly what changed between two versions of a text or file.",
                )
                .read_only()
                .idempotent()
                .open_world(false),
        )
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    #[test]
    fn toolbox_is_valid() {
        let descriptors = super::tools().describe().unwrap();
        let names: Vec<_> = descriptors.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["text_stats", "line_diff"]);
        assert!(descriptors.iter().all(|d| d.output_schema.is_some()));
    }
}
