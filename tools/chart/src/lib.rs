//! `chart`: draws labelled numbers as a bar chart and returns it as a PNG,
//! with a summary as text and as structured output. An example of what
//! contract 0.2 gives a tool: image content, progress, the client's log,
//! and several content blocks beside a structured result.

mod png;
mod render;
mod summary;

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::{Content, Context, LogEntry, LogLevel, Output, Tool, ToolError, Toolbox};

use crate::summary::{ChartSummary, summary_schema};

/// At most this many bars: on the narrowest chart each still gets a column
/// of pixels of its own, and no reader compares more.
const MAX_BARS: usize = 64;
/// The PNG is stored uncompressed (three bytes a pixel), so 800x400 (about
/// 940 KiB) is the most that fits the host's default 1 MiB output cap; the
/// lower bounds leave every one of 64 bars a column of its own.
const WIDTH: (u32, u32) = (96, 800);
const HEIGHT: (u32, u32) = (64, 400);
/// Values beyond this are surely a mistake, and it keeps sums finite.
const MAX_VALUE: f64 = 1e15;
const MAX_LABEL_CHARS: usize = 64;
const MAX_TITLE_CHARS: usize = 200;

#[derive(Deserialize, JsonSchema)]
struct BarChartArgs {
    /// What the chart shows. The image has no text, so the title appears
    /// in the summary only.
    #[serde(default)]
    #[schemars(length(max = 200))]
    title: String,
    /// The bars, left to right: 1 to 64 of them.
    #[schemars(length(min = 1, max = 64))]
    bars: Vec<Bar>,
    /// Image width in pixels, 96 to 800.
    #[serde(default = "default_width")]
    #[schemars(range(min = 96, max = 800))]
    width: u32,
    /// Image height in pixels, 64 to 400.
    #[serde(default = "default_height")]
    #[schemars(range(min = 64, max = 400))]
    height: u32,
}

#[derive(Deserialize, JsonSchema)]
struct Bar {
    /// What the bar stands for, such as `Mon` or `2024`.
    #[schemars(length(min = 1, max = 64))]
    label: String,
    /// The bar's value, in any unit. Negative values hang below the axis.
    #[schemars(range(min = -1e15, max = 1e15))]
    value: f64,
}

fn default_width() -> u32 {
    480
}

fn default_height() -> u32 {
    300
}

/// Refuses what the schema refuses, with a message a model can act on.
/// The host validates arguments before the tool runs; this catches the
/// same mistakes where nothing did (native callers) and names the bar.
fn check(args: &BarChartArgs) -> Result<(), ToolError> {
    let fail = |message: String| Err(ToolError::invalid_input(message));
    if args.bars.is_empty() || args.bars.len() > MAX_BARS {
        return fail(format!(
            "give 1 to {MAX_BARS} bars; got {}",
            args.bars.len()
        ));
    }
    for (name, value, (min, max)) in [
        ("width", args.width, WIDTH),
        ("height", args.height, HEIGHT),
    ] {
        if !(min..=max).contains(&value) {
            return fail(format!("{name} must be {min} to {max} pixels; got {value}"));
        }
    }
    if args.title.chars().count() > MAX_TITLE_CHARS {
        return fail(format!("the title is over {MAX_TITLE_CHARS} characters"));
    }
    for (i, bar) in args.bars.iter().enumerate() {
        let chars = bar.label.chars().count();
        if chars == 0 || chars > MAX_LABEL_CHARS {
            return fail(format!(
                "bar {i}: a label must be 1 to {MAX_LABEL_CHARS} characters; got {chars}"
            ));
        }
        if !bar.value.is_finite() || bar.value.abs() > MAX_VALUE {
            return fail(format!(
                "bar {i} ({:?}): the value must be a finite number from -1e15 to 1e15; got {}",
                bar.label, bar.value
            ));
        }
    }
    Ok(())
}

fn bar_chart(args: BarChartArgs, cx: &mut Context) -> Result<Output, ToolError> {
    check(&args)?;
    let (width, height) = (args.width, args.height);
    let labelled: Vec<(&str, f64)> = args
        .bars
        .iter()
        .map(|bar| (bar.label.as_str(), bar.value))
        .collect();
    let values: Vec<f64> = labelled.iter().map(|(_, value)| *value).collect();

    cx.progress(1.0, Some(3.0), Some("rendering"));
    let canvas = render::render(&values, width, height);
    cx.progress(2.0, Some(3.0), Some("encoding"));
    let png = png::encode_rgb(width, height, canvas.pixels());
    cx.progress(3.0, Some(3.0), Some("done"));
    cx.log(
        LogLevel::Info,
        LogEntry::from(format!(
            "drew {} bars as a {width}x{height} PNG of {} bytes",
            values.len(),
            png.len()
        ))
        .logger("chart"),
    );

    let summary = ChartSummary::new(&args.title, &labelled, width, height, png.len());
    Output::text(summary.text())
        .and(Content::image(png, "image/png"))
        .and_structured(&summary)
}

fn tools() -> Toolbox {
    Toolbox::new().tool(
        Tool::with_context("bar_chart", bar_chart)
            .title("Bar chart")
            .description(
                "Draws labelled numbers as a bar chart and returns it as a PNG image, with a \
                 summary (highest, lowest, total) as text and as structured output. Bars go \
                 left to right in the order given; negative values hang below the axis. The \
                 image has no text (no title, labels or scale): the summary names the \
                 highest and lowest bars.",
            )
            .output_schema(summary_schema())
            .read_only()
            .idempotent()
            .open_world(false),
    )
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::png::decode::decode;
    use crate::render::{BACKGROUND, BAR, layout};
    use serde_json::{Value, json};
    use toolhost_sdk::{ContentBody, LogData, Notification};

    fn run(args: Value) -> (Result<Output, ToolError>, Context) {
        let mut cx = Context::new();
        let outcome = tools().call_with("bar_chart", &args.to_string(), &mut cx);
        (outcome.map(|o| o.done().expect("never asks")), cx)
    }

    fn week() -> Value {
        json!({"title": "Hours", "width": 200, "height": 120, "bars": [
            {"label": "Mon", "value": 3.5},
            {"label": "Tue", "value": 1.5},
            {"label": "Wed", "value": 8},
        ]})
    }

    #[test]
    fn draws_a_png_with_bars_where_the_layout_puts_them() {
        let (output, _) = run(week());
        let output = output.unwrap();
        let ContentBody::Image { data, mime_type } = &output.content()[1].body else {
            panic!("{output:?}");
        };
        assert_eq!(mime_type, "image/png");
        let image = decode(data).unwrap();
        assert_eq!((image.width, image.height), (200, 120));
        let bars = layout(&[3.5, 1.5, 8.0], 200, 120).bars;
        for bar in &bars {
            let (x, y) = bar.centre();
            assert_eq!(image.pixel(x, y), BAR, "{bar:?}");
        }
        // Above the short Tue bar is background.
        assert_eq!(image.pixel(bars[1].centre().0, bars[1].y - 5), BACKGROUND);
        assert_eq!(image.pixel(1, 1), BACKGROUND);
    }

    #[test]
    fn the_summary_is_text_and_matching_structured_output() {
        let (output, _) = run(week());
        let output = output.unwrap();
        assert_eq!(
            output.text_blocks(),
            ["Hours: 3 bars, highest Wed (8), lowest Tue (1.5), total 13; a 200x120 PNG."]
        );
        let structured: Value = serde_json::from_str(output.structured().unwrap()).unwrap();
        assert_eq!(structured["highest"], json!({"label": "Wed", "value": 8.0}));
        assert_eq!(
            structured["png_bytes"],
            8 + 25 + 12 + 2 + 2 * 5 + 120 * 601 + 4 + 12
        );
        let schema = summary_schema();
        assert_eq!(schema["type"], "object");
        for key in schema["required"].as_array().unwrap() {
            assert!(structured.get(key.as_str().unwrap()).is_some(), "{key}");
        }
        let described = &tools().describe().unwrap()[0];
        assert_eq!(described.output_schema.as_ref(), Some(&schema));
    }

    #[test]
    fn reports_progress_by_stage_and_writes_one_log_line() {
        let (_, cx) = run(week());
        let notes = cx.notifications();
        let stages: Vec<_> = notes
            .iter()
            .filter_map(|n| match n {
                Notification::Progress {
                    progress,
                    total,
                    message,
                } => Some((*progress, *total, message.as_deref().unwrap())),
                _ => None,
            })
            .collect();
        assert_eq!(
            stages,
            [
                (1.0, Some(3.0), "rendering"),
                (2.0, Some(3.0), "encoding"),
                (3.0, Some(3.0), "done")
            ]
        );
        let Notification::Log { level, entry } = &notes[3] else {
            panic!("{notes:?}");
        };
        assert_eq!(*level, LogLevel::Info);
        assert_eq!(entry.logger.as_deref(), Some("chart"));
        let LogData::Message(line) = &entry.data else {
            panic!()
        };
        assert!(
            line.starts_with("drew 3 bars as a 200x120 PNG of "),
            "{line}"
        );
        assert_eq!(notes.len(), 4);
    }

    #[test]
    fn limits_are_refused_with_clear_errors() {
        let bar = json!({"label": "x", "value": 1});
        let cases = [
            (json!({"bars": []}), "give 1 to 64 bars; got 0"),
            (
                json!({"bars": vec![bar.clone(); 65]}),
                "give 1 to 64 bars; got 65",
            ),
            (
                json!({"bars": [bar], "width": 801}),
                "width must be 96 to 800 pixels; got 801",
            ),
            (
                json!({"bars": [bar], "height": 10}),
                "height must be 64 to 400 pixels; got 10",
            ),
            (
                json!({"bars": [bar, {"label": "big", "value": 2e15}]}),
                "bar 1 (\"big\"): the value must be a finite number from -1e15 to 1e15; got 2000000000000000",
            ),
            (
                json!({"bars": [{"label": "", "value": 1}]}),
                "bar 0: a label must be 1 to 64 characters; got 0",
            ),
            (
                json!({"bars": [bar], "title": "t".repeat(201)}),
                "the title is over 200 characters",
            ),
        ];
        for (args, message) in cases {
            let (outcome, cx) = run(args);
            assert_eq!(outcome.unwrap_err(), ToolError::invalid_input(message));
            assert!(cx.notifications().is_empty(), "refused before drawing");
        }
    }

    #[test]
    fn the_schema_states_the_limits_for_the_host_to_enforce() {
        let described = &tools().describe().unwrap()[0];
        let schema = &described.input_schema;
        assert_eq!(schema["required"], json!(["bars"]));
        assert_eq!(schema["properties"]["bars"]["minItems"], 1);
        assert_eq!(schema["properties"]["bars"]["maxItems"], 64);
        assert_eq!(schema["properties"]["width"]["maximum"], 800);
        assert_eq!(schema["properties"]["height"]["minimum"], 64);
        let bar = &schema["$defs"]["Bar"]["properties"];
        assert_eq!(bar["value"]["maximum"], 1e15);
        assert_eq!(bar["label"]["maxLength"], 64);
        let hints = described.annotations.as_ref().unwrap();
        assert_eq!(hints.read_only_hint, Some(true));
    }

    #[test]
    fn the_largest_chart_fits_the_default_output_cap() {
        let bars: Vec<Value> = (0..64)
            .map(|i| json!({"label": format!("b{i}"), "value": i - 20}))
            .collect();
        let (output, _) = run(json!({"bars": bars, "width": 800, "height": 400}));
        let output = output.unwrap();
        let ContentBody::Image { data, .. } = &output.content()[1].body else {
            panic!()
        };
        assert!(data.len() < 1 << 20, "{} bytes", data.len());
        decode(data).unwrap();
    }
}
