//! Tools that finish in one round: every kind of content, an error, and
//! the two ways a component talks to the client while it runs (progress
//! and log entries).

use std::thread::sleep;
use std::time::Duration;

use serde_json::Value;

use crate::toolhost::tool::client::{self, LogData, LogLevel};
use crate::toolhost::tool::types::{CallContext, Content, MediaContent, ToolError, ToolOutcome};
use crate::{Fixture, NO_ARGS, done, done_text, embedded, image, text};

pub(crate) const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "test_simple_text",
        description: "Returns one text block.",
        input_schema: NO_ARGS,
        run: simple_text,
    },
    Fixture {
        name: "test_image_content",
        description: "Returns a 1x1 PNG image.",
        input_schema: NO_ARGS,
        run: image_content,
    },
    Fixture {
        name: "test_audio_content",
        description: "Returns a short WAV sound.",
        input_schema: NO_ARGS,
        run: audio_content,
    },
    Fixture {
        name: "test_embedded_resource",
        description: "Returns an embedded text resource.",
        input_schema: NO_ARGS,
        run: embedded_resource,
    },
    Fixture {
        name: "test_multiple_content_types",
        description: "Returns text, an image and an embedded resource.",
        input_schema: NO_ARGS,
        run: multiple_content_types,
    },
    Fixture {
        name: "test_error_handling",
        description: "Always fails (isError).",
        input_schema: NO_ARGS,
        run: error_handling,
    },
    Fixture {
        name: "test_tool_with_progress",
        description: "Reports progress 0, 50 and 100 of 100, then answers.",
        input_schema: NO_ARGS,
        run: with_progress,
    },
    Fixture {
        name: "test_tool_with_logging",
        description: "Writes three info entries to the client's log while it runs.",
        input_schema: NO_ARGS,
        run: with_logging,
    },
    Fixture {
        name: "test_logging_tool",
        description: "Writes three info entries to the client's log, if it asked for them.",
        input_schema: NO_ARGS,
        run: with_logging,
    },
    Fixture {
        name: "json_schema_2020_12_tool",
        description: "Takes arguments described by a JSON Schema 2020-12 schema.",
        input_schema: JSON_SCHEMA_2020_12,
        run: contact,
    },
];

/// A mono 16-bit 8 kHz WAV of one silent sample: the RIFF header, the `fmt `
/// chunk and a two-byte `data` chunk.
const WAV: &[u8] = b"RIFF\x26\x00\x00\x00WAVE\
    fmt \x10\x00\x00\x00\x01\x00\x01\x00\x40\x1f\x00\x00\x80\x3e\x00\x00\x02\x00\x10\x00\
    data\x02\x00\x00\x00\x00\x00";

/// Between two progress reports: the host sends at most one every 100 ms
/// (the latest wins), and the suite wants to see all three.
const PROGRESS_STEP: Duration = Duration::from_millis(120);

/// Between two log entries, so that the client sees them arrive over time.
const LOG_STEP: Duration = Duration::from_millis(50);

/// The suite's `json-schema-2020-12` fixture schema, which the server must
/// list unchanged (`$schema`, `$defs`, `$anchor`, `allOf`/`anyOf`,
/// `if`/`then`/`else`, `additionalProperties`).
const JSON_SCHEMA_2020_12: &str = r##"{
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "$defs": {
        "address": {
            "$anchor": "addressDef",
            "type": "object",
            "properties": {"street": {"type": "string"}, "city": {"type": "string"}}
        }
    },
    "properties": {
        "name": {"type": "string"},
        "address": {"$ref": "#/$defs/address"},
        "contactMethod": {"type": "string", "enum": ["phone", "email"]},
        "phone": {"type": "string"},
        "email": {"type": "string"}
    },
    "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
    "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
    "then": {"required": ["phone"]},
    "else": {"required": ["email"]},
    "additionalProperties": false
}"##;

fn simple_text(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    done_text("This is a simple text response for testing.")
}

fn image_content(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    done(vec![image()])
}

fn audio_content(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    done(vec![Content::Audio(MediaContent {
        data: WAV.to_vec(),
        mime_type: "audio/wav".into(),
        annotations: None,
    })])
}

fn embedded_resource(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    done(vec![embedded(
        "test://embedded-resource",
        "text/plain",
        "This is an embedded resource content.",
    )])
}

fn multiple_content_types(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    done(vec![
        text("Multiple content types test:"),
        image(),
        embedded(
            "test://mixed-content-resource",
            "application/json",
            r#"{"test":"data","value":123}"#,
        ),
    ])
}

fn error_handling(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    Err(ToolError::Other(
        "This tool intentionally returns an error for testing".into(),
    ))
}

fn with_progress(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    for (i, progress) in [0.0, 50.0, 100.0].into_iter().enumerate() {
        if i > 0 {
            sleep(PROGRESS_STEP);
        }
        let message = format!("Completed step {progress} of 100");
        client::report_progress(progress, Some(100.0), Some(&message));
    }
    done_text("Progress tool finished: reported 0, 50 and 100 of 100.")
}

/// Serves both logging tools: `test_tool_with_logging`, whose entries the
/// suite wants to see, and `test_logging_tool`, whose entries it wants the
/// host to drop because the request set no log level.
fn with_logging(_: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    let entries = [
        "Tool execution started",
        "Tool processing data",
        "Tool execution completed",
    ];
    for (i, entry) in entries.into_iter().enumerate() {
        if i > 0 {
            sleep(LOG_STEP);
        }
        client::log(
            LogLevel::Info,
            Some("conformance"),
            &LogData::Message(entry.into()),
        );
    }
    done_text("Tool with logging executed successfully")
}

/// The 2020-12 tool's call: the host has validated the arguments against
/// its schema, so one of `phone` and `email` is there.
fn contact(arguments: &Value, _: &CallContext) -> Result<ToolOutcome, ToolError> {
    let name = arguments["name"].as_str().unwrap_or("someone");
    let via = arguments["phone"]
        .as_str()
        .or(arguments["email"].as_str())
        .unwrap_or_default();
    done_text(format!("Would contact {name} at {via}"))
}
