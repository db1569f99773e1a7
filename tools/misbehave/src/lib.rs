//! Test fixture: tools that misbehave in every way the host must survive
//! (runaway CPU, memory and stack, panics, huge or malformed results, hostile
//! error text, blocking calls), plus one fast well-behaved tool. Used by the
//! host's integration tests; never serve it to users.

use std::hint::black_box;
use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use toolhost_sdk::{Json, NoArgs, Tool, ToolError, Toolbox};

fn spin(_: NoArgs) -> Result<String, ToolError> {
    let mut counter = 0u64;
    loop {
        counter = black_box(counter.wrapping_add(1));
    }
}

fn hog(_: NoArgs) -> Result<String, ToolError> {
    const MIB: usize = 1 << 20;
    let mut chunks = Vec::new();
    loop {
        let mut chunk = vec![0u8; MIB];
        // Touch every page so the memory is really used, not just reserved.
        for page in chunk.iter_mut().step_by(4096) {
            *page = 1;
        }
        chunks.push(black_box(chunk));
        black_box(&chunks);
    }
}

fn recurse(_: NoArgs) -> Result<String, ToolError> {
    Ok(dive(black_box(0)).to_string())
}

/// Uses the result of the recursive call in a non-associative way, so the
/// call can be neither inlined nor turned into a loop. Nothing lives in linear
/// memory (no `black_box` on locals, which would spill them to Rust's shadow
/// stack), so what overflows is the WebAssembly stack itself: a
/// stack-overflow trap, not an out-of-bounds access below the shadow stack.
#[inline(never)]
fn dive(depth: u64) -> u64 {
    if depth == u64::MAX {
        return 0;
    }
    let below = dive(depth + 1);
    depth.wrapping_sub(below).rotate_left(3)
}

fn panic(_: NoArgs) -> Result<String, ToolError> {
    panic!("misbehave: deliberate panic")
}

#[derive(Deserialize, JsonSchema)]
struct FloodArgs {
    /// Size of the text to return, in bytes.
    #[serde(default = "eight_mib")]
    #[schemars(range(min = 0))]
    bytes: u64,
}

fn eight_mib() -> u64 {
    8 << 20
}

fn flood(args: FloodArgs) -> Result<String, ToolError> {
    let bytes = usize::try_from(args.bytes)
        .map_err(|_| ToolError::invalid_input("bytes does not fit in memory"))?;
    Ok("x".repeat(bytes))
}

fn liar(_: NoArgs) -> Result<Json<serde_json::Value>, ToolError> {
    Ok(Json(json!({"count": "many"})))
}

fn upstream_fail(_: NoArgs) -> Result<String, ToolError> {
    Err(ToolError::upstream(
        Some(503),
        Some(30),
        "the weather service is unavailable",
    ))
}

fn fail(_: NoArgs) -> Result<String, ToolError> {
    Err(ToolError::other(format!(
        "\u{1b}[31mboom\u{7}\r\n{}",
        "x".repeat(5000)
    )))
}

#[derive(Deserialize, JsonSchema)]
struct SleepArgs {
    /// How long to sleep, in milliseconds.
    #[schemars(range(min = 0))]
    ms: u64,
    /// Bytes of padding after the answer, so that the host takes a while to
    /// write the reply out once the call wakes up.
    #[serde(default)]
    #[schemars(range(min = 0))]
    pad: u32,
}

fn sleep(args: SleepArgs) -> Result<String, ToolError> {
    std::thread::sleep(Duration::from_millis(args.ms));
    let pad = " ".repeat(args.pad as usize);
    Ok(format!("slept {} ms{pad}", args.ms))
}

#[derive(Deserialize, JsonSchema)]
struct AddArgs {
    a: f64,
    b: f64,
}

#[derive(Serialize, JsonSchema)]
struct Sum {
    sum: f64,
}

fn add(args: AddArgs) -> Result<Json<Sum>, ToolError> {
    Ok(Json(Sum {
        sum: args.a + args.b,
    }))
}

#[derive(Deserialize, JsonSchema)]
struct ChatterArgs {
    /// How many log lines to write.
    #[serde(default = "thousand")]
    #[schemars(range(min = 0))]
    lines: u32,
}

fn thousand() -> u32 {
    1000
}

fn chatter(args: ChatterArgs) -> Result<String, ToolError> {
    for i in 0..args.lines {
        toolhost_sdk::log::info(format!("chatter line {i} \u{1b}[2J{}", "y".repeat(1000)));
    }
    Ok(format!("wrote {} log lines", args.lines))
}

fn print(_: NoArgs) -> Result<String, ToolError> {
    println!(r#"{{"jsonrpc":"2.0","id":1,"result":"misbehave: stdout is not yours"}}"#);
    eprintln!("misbehave: stderr line");
    Ok("printed to stdout and stderr".into())
}

#[derive(Deserialize, JsonSchema)]
struct CrashArgs {
    /// Answer instead of crashing (for tests of recovery).
    #[serde(default)]
    spare: bool,
}

/// Reads far outside linear memory: a plain wasm trap that is neither a
/// panic, a stack overflow nor a resource limit.
fn crash(args: CrashArgs) -> Result<String, ToolError> {
    if args.spare {
        return Ok("spared".into());
    }
    let address = black_box(0xFFFF_FFF0usize) as *const u64;
    // SAFETY: deliberately unsound; in wasm this traps with an out-of-bounds
    // memory access, which is what the fixture exists to do.
    let value = unsafe { std::ptr::read_volatile(address) };
    Ok(format!("read {value}"))
}

fn tools() -> Toolbox {
    let fixture = |tool: Tool, does: &str| tool.description(format!("Test fixture: {does}"));
    Toolbox::new()
        .tool(fixture(Tool::new("spin", spin), "loops forever."))
        .tool(fixture(
            Tool::new("crash", crash),
            "reads outside its memory (a wasm trap), unless `spare` is true.",
        ))
        .tool(fixture(
            Tool::new("hog", hog),
            "allocates memory without bound.",
        ))
        .tool(fixture(
            Tool::new("recurse", recurse),
            "recurses without bound until the stack overflows.",
        ))
        .tool(fixture(
            Tool::new("panic", panic),
            "panics with \"misbehave: deliberate panic\".",
        ))
        .tool(fixture(
            Tool::new("flood", flood),
            "returns a text of `bytes` bytes (default 8 MiB).",
        ))
        .tool(fixture(
            Tool::new("liar", liar).output_schema(json!({
                "type": "object",
                "properties": {"count": {"type": "integer"}},
                "required": ["count"],
            })),
            "declares an integer `count` but returns {\"count\":\"many\"}.",
        ))
        .tool(fixture(
            Tool::new("upstream_fail", upstream_fail),
            "fails with an upstream error (status 503, retry after 30 s).",
        ))
        .tool(fixture(
            Tool::new("fail", fail),
            "fails with a long message full of control characters.",
        ))
        .tool(fixture(
            Tool::new("sleep", sleep),
            "sleeps `ms` milliseconds in a blocking host call (then pads its answer with `pad` spaces).",
        ))
        .tool(fixture(
            Tool::new("add", add)
                .read_only()
                .idempotent()
                .open_world(false),
            "adds `a` and `b`; fast and well-behaved.",
        ))
        .tool(fixture(
            Tool::new("chatter", chatter),
            "writes `lines` long log lines (default 1000) with control characters.",
        ))
        .tool(fixture(
            Tool::new("print", print),
            "writes a JSON-RPC-looking line to stdout and a line to stderr.",
        ))
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolbox_is_valid() {
        assert_eq!(tools().describe().unwrap().len(), 13);
    }

    #[test]
    fn well_behaved_answers() {
        let t = tools();
        assert_eq!(
            t.call("add", r#"{"a":1,"b":2}"#).unwrap().structured(),
            Some(r#"{"sum":3.0}"#)
        );
        assert_eq!(
            t.call("flood", r#"{"bytes":5}"#).unwrap().text_blocks(),
            ["xxxxx"]
        );
        assert_eq!(
            t.call("flood", "{}").unwrap().text_blocks()[0].len(),
            8 << 20
        );
        assert_eq!(
            t.call("liar", "{}").unwrap().structured(),
            Some(r#"{"count":"many"}"#)
        );
        assert_eq!(
            t.call("upstream_fail", "{}").unwrap_err(),
            ToolError::upstream(Some(503), Some(30), "the weather service is unavailable")
        );
        assert!(t.call("fail", "{}").unwrap_err().message().len() > 5000);
        assert_eq!(
            t.call("sleep", r#"{"ms":1}"#).unwrap().text_blocks(),
            ["slept 1 ms"]
        );
    }
}
