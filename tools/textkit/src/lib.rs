//! `textkit`: text measurements a model cannot do reliably by itself
//! (counting, comparing line by line), with structured results.

mod diff;
mod stats;

use toolhost_sdk::Toolbox;

fn tools() -> Toolbox {
    Toolbox::new()
        .tool(stats::text_stats::tool())
        .tool(diff::line_diff::tool())
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
