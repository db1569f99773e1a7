//! The adversarial catalog: hostile or malformed messages, each with the
//! reply the README documents for it. The stdio and HTTP suites send every
//! row over their transport and check the reply, then check that the server
//! still serves. Each reply is printed, so a run shows the whole catalog.

use serde_json::{Value, json};

/// What a row must get back.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// A JSON-RPC error with this code, for the row's id.
    Error(i64),
    /// A JSON-RPC error with this code and `id: null` (the id was unreadable).
    ErrorNullId(i64),
    /// A tool result with `isError: true` whose text contains this.
    ToolError(&'static str),
    /// A successful result.
    Result,
    /// No reply at all (a notification, or a response to nothing).
    Nothing,
}

/// Which transports a row applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum On {
    Both,
    Stdio,
    Http,
}

pub struct Case {
    pub name: &'static str,
    /// The message, without a trailing newline.
    pub message: Vec<u8>,
    /// The id the reply carries, when it has one.
    pub id: Value,
    pub expect: Expect,
    pub on: On,
}

fn call(id: i64, name: &str, arguments: Value) -> Vec<u8> {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": name, "arguments": arguments}})
    .to_string()
    .into_bytes()
}

fn case(name: &'static str, message: Vec<u8>, id: Value, expect: Expect) -> Case {
    Case {
        name,
        message,
        id,
        expect,
        on: On::Both,
    }
}

/// Every row. Servers running them load echo, misbehave and schemas, and are
/// initialized at 2025-11-25 (over HTTP, in a legacy session).
pub fn cases() -> Vec<Case> {
    let deep = format!(
        r#"{{"jsonrpc":"2.0","id":9,"method":"ping","params":{{"x":{}{}}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let long_name = "n".repeat(10_000);
    let oversized_stdio = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"pad":"{}"}}}}"#,
        "x".repeat(17 << 20)
    );
    let oversized_http = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"ping","params":{{"pad":"{}"}}}}"#,
        "x".repeat(5 << 20)
    );
    let mut rows = vec![
        case("malformed JSON", b"{\"jsonrpc\": \"2.0\", \"id\": 1,".to_vec(), Value::Null, Expect::ErrorNullId(-32700)),
        case("not UTF-8", b"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\xfe\"}".to_vec(), Value::Null, Expect::ErrorNullId(-32700)),
        case("a batch", br#"[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}]"#.to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("an empty batch", b"[]".to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("a bare string", b"\"ping\"".to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("a fractional id", br#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#.to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("a null id", br#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#.to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("an object id", br#"{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}"#.to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("an id past 64 bits", br#"{"jsonrpc":"2.0","id":123456789012345678901234567890,"method":"ping"}"#.to_vec(), Value::Null, Expect::ErrorNullId(-32600)),
        case("a negative id", br#"{"jsonrpc":"2.0","id":-7,"method":"ping"}"#.to_vec(), json!(-7), Expect::Result),
        case("a 10,000-character string id", json!({"jsonrpc":"2.0","id":"i".repeat(10_000),"method":"ping"}).to_string().into_bytes(), json!("i".repeat(10_000)), Expect::Result),
        case("jsonrpc 1.0", br#"{"jsonrpc":"1.0","id":3,"method":"ping"}"#.to_vec(), json!(3), Expect::Error(-32600)),
        case("no method", br#"{"jsonrpc":"2.0","id":3}"#.to_vec(), json!(3), Expect::Error(-32600)),
        case("params an array", br#"{"jsonrpc":"2.0","id":3,"method":"tools/list","params":[1]}"#.to_vec(), json!(3), Expect::Error(-32602)),
        case("an unknown method", br#"{"jsonrpc":"2.0","id":3,"method":"tools/destroy"}"#.to_vec(), json!(3), Expect::Error(-32601)),
        case("a notification with bad params", br#"{"jsonrpc":"2.0","method":"notifications/x","params":7}"#.to_vec(), Value::Null, Expect::Nothing),
        case("a response to nothing", br#"{"jsonrpc":"2.0","id":77,"result":{}}"#.to_vec(), Value::Null, Expect::Nothing),
        case("a cancellation of nothing", br#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"never"}}"#.to_vec(), Value::Null, Expect::Nothing),
        case("nesting 100,000 deep", deep.into_bytes(), Value::Null, Expect::ErrorNullId(-32700)),
        case("a tool name with ../", call(4, "../../etc/passwd", json!({})), json!(4), Expect::Error(-32602)),
        case("a tool name with control characters", call(4, "echo\u{7}\u{1b}[31m\r\n", json!({})), json!(4), Expect::Error(-32602)),
        case("a 10,000-character tool name", call(4, &long_name, json!({})), json!(4), Expect::Error(-32602)),
        case("arguments not an object", br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"echo","arguments":[1]}}"#.to_vec(), json!(5), Expect::Error(-32602)),
        case("a tool name not a string", br#"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":7}}"#.to_vec(), json!(5), Expect::Error(-32602)),
        case("arguments failing the schema", call(5, "echo", json!({"message": 7})), json!(5), Expect::ToolError("Invalid arguments for tool echo")),
        case("a schema too costly to check (refused at load)", call(6, "bomb", json!({"xs": ["x"]})), json!(6), Expect::Error(-32602)),
        case("values failing a costly schema", call(6, "costly", json!({"xs": ["a", "b", "c"]})), json!(6), Expect::ToolError("Invalid arguments for tool costly")),
        case("a panic", call(7, "panic", json!({})), json!(7), Expect::ToolError("it panicked")),
        case("a trap", call(7, "crash", json!({})), json!(7), Expect::ToolError("The tool crashed")),
        case("runaway recursion", call(7, "recurse", json!({})), json!(7), Expect::ToolError("overflowed its stack")),
        case("runaway memory", call(7, "hog", json!({})), json!(7), Expect::ToolError("MiB memory limit")),
        case("a runaway loop", call(7, "spin", json!({})), json!(7), Expect::ToolError("ran out of fuel")),
        case("output past the cap", call(7, "flood", json!({})), json!(7), Expect::ToolError("KiB limit")),
        case("output failing its schema", call(7, "liar", json!({})), json!(7), Expect::ToolError("outputSchema")),
        case("an error full of control characters", call(7, "fail", json!({})), json!(7), Expect::ToolError("boom")),
    ];
    rows.push(Case {
        name: "a line over 16 MiB",
        message: oversized_stdio.into_bytes(),
        id: Value::Null,
        expect: Expect::ErrorNullId(-32600),
        on: On::Stdio,
    });
    rows.push(Case {
        name: "a body over 4 MiB (413)",
        message: oversized_http.into_bytes(),
        id: Value::Null,
        expect: Expect::ErrorNullId(-32600),
        on: On::Http,
    });
    rows
}

/// Checks `reply` (`None`: nothing came) against the row, and prints it.
pub fn check(transport: &str, case: &Case, reply: Option<&Value>) {
    let shown = reply.map_or("(no reply)".to_owned(), |r| {
        let text = r.to_string();
        if text.len() > 300 {
            format!("{}… ({} bytes)", &text[..300], text.len())
        } else {
            text
        }
    });
    println!("catalog [{transport}] {}: {shown}", case.name);
    let code = |r: &Value| r["error"]["code"].as_i64();
    match (case.expect, reply) {
        (Expect::Nothing, None) => {}
        (Expect::Nothing, Some(r)) => panic!("{}: expected no reply, got {r}", case.name),
        (_, None) => panic!("{}: expected a reply, got none", case.name),
        (Expect::Error(c), Some(r)) => {
            assert_eq!(code(r), Some(c), "{}: {r}", case.name);
            assert_eq!(r["id"], case.id, "{}: {r}", case.name);
        }
        (Expect::ErrorNullId(c), Some(r)) => {
            assert_eq!(code(r), Some(c), "{}: {r}", case.name);
            assert_eq!(r["id"], Value::Null, "{}: {r}", case.name);
        }
        (Expect::ToolError(needle), Some(r)) => {
            assert_eq!(r["id"], case.id, "{}: {r}", case.name);
            assert_eq!(r["result"]["isError"], true, "{}: {r}", case.name);
            let text = r["result"]["content"][0]["text"]
                .as_str()
                .unwrap_or_default();
            assert!(
                text.contains(needle),
                "{}: {text:?} lacks {needle:?}",
                case.name
            );
        }
        (Expect::Result, Some(r)) => {
            assert!(r.get("result").is_some(), "{}: {r}", case.name);
            assert_eq!(r["id"], case.id, "{}: {r}", case.name);
        }
    }
}

/// The tools folder the catalog's servers load.
pub const COMPONENTS: &[&str] = &["echo", "misbehave", "schemas"];

/// Limits that make the misbehaving rows end quickly.
pub const CONFIG: &str =
    "[tools.spin]\nfuel = 20000000\n[tools.hog]\nmemory_mib = 16\n[tools.flood]\noutput_kib = 64\n";
