//! `tool_output`: whatever a guest returns, through the functions the call
//! path turns it into a reply with.

use arbitrary::Unstructured;
use rmcp::model::{MetaObject, ProtocolVersion};
use serde_json::{Map, Value};

use super::{has_forbidden_control, parse_json};
use crate::config::CallLimits;
use crate::correlation::CorrelationId;
use crate::failure::{CallFailure, ReportedError, ToolFailure};
use crate::runtime::{Content, ToolError, ToolOutput};
use crate::server::error_table::{self, FailureContext, FailureReply, MAX_TOOL_MESSAGE_CHARS};
use crate::server::jsonrpc::result_line;
use crate::server::{Era, fit_to_era, output_result};

/// The longest sentence the host wraps around a tool's message (upstream
/// failures: "The upstream service has nothing at that address (HTTP 404)
/// (…). Check the address or identifier.", with a retry hint).
const MAX_HOST_SENTENCE_CHARS: usize = 200;

/// Deepest structured value generated: past serde_json's 128, so that the
/// parser's own limit is part of what is exercised.
const MAX_GENERATED_DEPTH: usize = 136;

/// What the guest returned, and where.
struct Case {
    era: Era,
    output_bytes: u64,
    returned: Result<ToolOutput, ReportedError>,
}

/// Builds a guest result from `data`, runs it through the call path's
/// pure part (`output_result`, the error table `error_table::reply_for`, the era's
/// `fit_to_era`, the reply line) and checks:
///
/// - the reply is one line of valid JSON, and a tool's output or error is
///   always a result, never a protocol error;
/// - an `isError` result has a text block and no `structuredContent`, and
///   its text holds no control character but `\n` and `\t` and is no longer
///   than [`MAX_TOOL_MESSAGE_CHARS`] plus the host's own sentence;
/// - a success is what the guest returned: its text blocks unchanged (or the
///   structured text as the one block), its structured value parsed, and
///   exactly the outputs over the cap or with unparsable structured text
///   fail; a result with `structuredContent` always has a text block;
/// - before 2026-07-28, `structuredContent` is an object or absent.
pub fn tool_output(data: &[u8]) {
    let Ok(case) = case(&mut Unstructured::new(data)) else {
        return;
    };
    let expected = match &case.returned {
        Ok(output) => Some(expected_success(output, case.output_bytes)),
        Err(_) => None,
    };
    let cx = FailureContext {
        tool: "fuzzed",
        correlation: CorrelationId::new(),
        invalid_arguments_are_tool_errors: case.era.invalid_arguments_are_tool_errors(),
        modern: case.era == crate::server::Era::Modern,
    };
    let outcome = match case.returned {
        Ok(output) => output_result(output, case.output_bytes).map_err(CallFailure::from),
        Err(reported) => Err(ToolFailure::Reported(reported).into()),
    };
    let failed = outcome.is_err();
    let result = match outcome {
        Ok(result) => result,
        Err(failure) => match error_table::reply_for(failure, &cx) {
            FailureReply::Result(result) => result,
            FailureReply::Error(error) => panic!("a guest's output became {error:?}"),
        },
    };
    let mut info = MetaObject::new();
    info.insert("io.modelcontextprotocol/serverInfo".into(), "fuzz".into());
    let shaped = fit_to_era(result, &case.era, &info);
    let line = result_line(&Value::from(1), &shaped).expect("a result serializes");
    assert_eq!(
        memchr::memchr(b'\n', &line),
        Some(line.len() - 1),
        "one line"
    );
    let reply = parse_json(&line).expect("the reply is valid JSON");
    let is_error = reply["result"]["isError"] == true;
    let has_structured = reply["result"].get("structuredContent").is_some();
    let texts: Vec<&str> = shaped
        .content
        .iter()
        .filter_map(|block| Some(block.as_text()?.text.as_str()))
        .collect();
    if has_structured {
        assert!(!texts.is_empty(), "structuredContent without a text block");
    }
    if matches!(case.era, Era::Legacy(_)) {
        let object = shaped
            .structured_content
            .as_ref()
            .is_none_or(Value::is_object);
        assert!(object, "legacy structuredContent that is not an object");
    }
    match expected {
        Some(Expected::Success {
            texts: want,
            structured,
        }) => {
            assert!(!failed && !is_error, "a valid output was refused");
            assert_eq!(texts, want, "text blocks changed");
            let kept = structured.filter(|v| v.is_object() || case.era == Era::Modern);
            assert_eq!(
                shaped.structured_content, kept,
                "structured content changed"
            );
        }
        Some(Expected::Refused) | None => {
            assert!(
                failed && is_error,
                "an output over the cap or unparsable was accepted"
            );
            assert!(!has_structured, "an error with structuredContent");
            let [text] = texts[..] else {
                panic!("an error has one text block: {texts:?}")
            };
            assert!(
                !has_forbidden_control(text),
                "control character in {text:?}"
            );
            let chars = text.chars().count();
            let most = MAX_TOOL_MESSAGE_CHARS + 1 + MAX_HOST_SENTENCE_CHARS;
            assert!(chars <= most, "an error text of {chars} characters");
        }
    }
}

enum Expected {
    Success {
        texts: Vec<String>,
        structured: Option<Value>,
    },
    Refused,
}

/// What a success should become, worked out apart from `output_result`.
/// Arrays and objects nested in `value` (`[]` is 1); the parser bounded it.
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

fn expected_success(output: &ToolOutput, output_bytes: u64) -> Expected {
    let mut size = 0u64;
    let mut texts = Vec::new();
    for content in &output.content {
        let crate::runtime::ContentKind::Text(text) = &content.kind else {
            unreachable!("the fuzz target returns text content only");
        };
        size += text.len() as u64;
        texts.push(text.clone());
    }
    size += output.structured.as_ref().map_or(0, |s| s.len() as u64);
    if size > output_bytes {
        return Expected::Refused;
    }
    let structured = match &output.structured {
        None => None,
        Some(text) => match serde_json::from_str::<Value>(text) {
            // Nested past 100 arrays and objects: refused as invalid output.
            Ok(value) if depth(&value) > 100 => return Expected::Refused,
            Ok(value) => Some(value),
            Err(_) => return Expected::Refused,
        },
    };
    if texts.is_empty()
        && let Some(text) = &output.structured
    {
        texts.push(text.clone());
    }
    Expected::Success { texts, structured }
}

fn case(u: &mut Unstructured<'_>) -> arbitrary::Result<Case> {
    let era = match u.int_in_range(0..=2)? {
        0 => Era::Modern,
        1 => Era::Legacy(ProtocolVersion::V_2025_11_25),
        _ => Era::Legacy(ProtocolVersion::V_2025_06_18),
    };
    let output_bytes = if u.arbitrary()? {
        CallLimits::default().output_bytes
    } else {
        u64::from(u.arbitrary::<u16>()?)
    };
    let returned = if u.arbitrary()? {
        let content = u
            .arbitrary_iter::<String>()?
            .map(|text| text.map(Content::text))
            .collect::<arbitrary::Result<Vec<_>>>()?;
        let structured = match u.int_in_range(0..=2)? {
            0 => None,
            1 => Some(u.arbitrary::<String>()?),
            _ => Some(json_value(u, 0)?.to_string()),
        };
        Ok(ToolOutput {
            content,
            structured,
        })
    } else {
        Err(match u.int_in_range(0..=2)? {
            0 => ToolError::InvalidInput(u.arbitrary()?).into(),
            1 => ToolError::Other(u.arbitrary()?).into(),
            // `ToolError::Upstream` holds a bindings type this crate does
            // not export; this is what `From<ToolError>` makes of it.
            _ => ReportedError::Upstream {
                status: u.arbitrary()?,
                retry_after_secs: u.arbitrary()?,
                message: u.arbitrary()?,
            },
        })
    };
    Ok(Case {
        era,
        output_bytes,
        returned,
    })
}

/// A JSON value of any shape, sometimes nested past serde_json's limit.
fn json_value(u: &mut Unstructured<'_>, depth: usize) -> arbitrary::Result<Value> {
    let leaf_only = depth >= MAX_GENERATED_DEPTH;
    Ok(match u.int_in_range(0..=if leaf_only { 4 } else { 7 })? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        4 => Value::String(u.arbitrary()?),
        5 => Value::Array(vec![json_value(u, depth + 1)?]),
        6 => {
            let mut items = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                items.push(json_value(u, depth + 1)?);
            }
            Value::Array(items)
        }
        _ => {
            let mut members = Map::new();
            for _ in 0..u.int_in_range(0..=4)? {
                members.insert(u.arbitrary()?, json_value(u, depth + 1)?);
            }
            Value::Object(members)
        }
    })
}
