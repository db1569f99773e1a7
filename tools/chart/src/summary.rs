//! What the chart shows, in numbers: the structured result, and the line
//! of text that says the same for a model (or a client) that cannot see
//! the image or ignores structured content.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::Serialize;
use serde_json::Value;

/// The structured result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChartSummary {
    /// The title, as given (empty when none was).
    title: String,
    /// How many bars were drawn.
    bars: usize,
    width: u32,
    height: u32,
    /// The bar with the highest value (the first, on a tie).
    highest: Labelled,
    /// The bar with the lowest value (the first, on a tie).
    lowest: Labelled,
    /// The sum of all values.
    total: f64,
    /// The size of the PNG image, in bytes.
    png_bytes: usize,
}

#[derive(Debug, Serialize, JsonSchema, PartialEq)]
struct Labelled {
    label: String,
    value: f64,
}

impl ChartSummary {
    /// The summary of `bars` (label and value each, at least one) drawn
    /// as a `width` by `height` PNG of `png_bytes` bytes.
    pub fn new(
        title: &str,
        bars: &[(&str, f64)],
        width: u32,
        height: u32,
        png_bytes: usize,
    ) -> Self {
        let extreme = |better: fn(f64, f64) -> bool| {
            let mut best = bars[0];
            for &bar in &bars[1..] {
                if better(bar.1, best.1) {
                    best = bar;
                }
            }
            Labelled {
                label: best.0.to_owned(),
                value: best.1,
            }
        };
        Self {
            title: title.to_owned(),
            bars: bars.len(),
            width,
            height,
            highest: extreme(|a, b| a > b),
            lowest: extreme(|a, b| a < b),
            total: bars.iter().map(|bar| bar.1).sum(),
            png_bytes,
        }
    }

    /// One line saying what the structured result says.
    pub fn text(&self) -> String {
        let name = if self.title.is_empty() {
            "Bar chart"
        } else {
            &self.title
        };
        let bars = match self.bars {
            1 => "1 bar".to_owned(),
            n => format!("{n} bars"),
        };
        format!(
            "{name}: {bars}, highest {} ({}), lowest {} ({}), total {}; a {}x{} PNG.",
            self.highest.label,
            shown(self.highest.value),
            self.lowest.label,
            shown(self.lowest.value),
            shown(self.total),
            self.width,
            self.height,
        )
    }
}

/// A number for the text: at most ten decimals, so a sum such as
/// 0.1 + 0.2 reads `0.3`, not `0.30000000000000004`. The structured result
/// keeps the exact value.
fn shown(value: f64) -> String {
    let text = format!("{value:.10}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0" } else { text }.to_string()
}

/// The schema of [`ChartSummary`], declared by hand because an `Output`
/// with image content carries no schema of its own. Derived the way the
/// SDK derives output schemas (JSON Schema 2020-12, what the type emits).
pub fn summary_schema() -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<ChartSummary>();
    // The Rust type's name means nothing to a client.
    schema.remove("title");
    schema.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_would_write_them() {
        assert_eq!(shown(0.1 + 0.2), "0.3");
        assert_eq!(shown(8.0), "8");
        assert_eq!(shown(-1.5), "-1.5");
        assert_eq!(shown(1e15), "1000000000000000");
        assert_eq!(shown(-1e-12), "0");
    }

    #[test]
    fn extremes_are_the_first_on_a_tie_and_the_total_is_exact() {
        let summary = ChartSummary::new("", &[("a", 0.1), ("b", 0.2), ("c", 0.2)], 96, 64, 7);
        assert_eq!(
            summary.highest,
            Labelled {
                label: "b".into(),
                value: 0.2
            }
        );
        assert_eq!(summary.lowest.label, "a");
        assert_eq!(summary.total, 0.1 + 0.2 + 0.2);
        assert_eq!(
            summary.text(),
            "Bar chart: 3 bars, highest b (0.2), lowest a (0.1), total 0.5; a 96x64 PNG."
        );
        let one = ChartSummary::new("Solo", &[("a", 2.0)], 96, 64, 7);
        assert!(
            one.text().starts_with("Solo: 1 bar, highest a (2)"),
            "{}",
            one.text()
        );
        let schema = summary_schema();
        assert_eq!(schema["type"], "object");
        assert!(schema.get("title").is_none());
        assert_eq!(schema["properties"]["highest"]["$ref"], "#/$defs/Labelled");
    }
}
