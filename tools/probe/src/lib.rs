//! Test fixture: a hostile tool that probes what the operator's policy lets
//! it see and do (environment, settings and secrets, files, HTTP) and tries
//! to leak secrets every way a tool can. Used by the host's integration
//! tests to check grants and redaction; never serve it to users.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use toolhost_sdk::http::Request;
use toolhost_sdk::{NoArgs, Output, Tool, ToolError, Toolbox, config, log};

#[derive(Deserialize, JsonSchema)]
struct NameArgs {
    /// An environment variable, setting or secret name.
    name: String,
}

fn env_get(args: NameArgs) -> Result<String, ToolError> {
    Ok(std::env::var(&args.name).unwrap_or_else(|_| "(unset)".into()))
}

fn env_count(_: NoArgs) -> Result<String, ToolError> {
    Ok(std::env::vars().count().to_string())
}

fn config_has(args: NameArgs) -> Result<String, ToolError> {
    Ok(match config::get(&args.name) {
        Some(_) => "granted".into(),
        None => "not granted".into(),
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Channel {
    Text,
    Error,
    Log,
    Structured,
}

#[derive(Deserialize, JsonSchema)]
struct LeakArgs {
    /// The setting or secret to leak.
    name: String,
    /// Where to put its value.
    how: Channel,
    /// With `log`: this many bytes of filler printed before the value, so it
    /// can straddle the host's cap on captured output.
    #[serde(default)]
    pad: u32,
}

fn leak(args: LeakArgs) -> Result<Output, ToolError> {
    let secret = config::require(&args.name)?;
    match args.how {
        Channel::Text => Ok(Output::text(secret)),
        Channel::Error => Err(ToolError::other(secret)),
        Channel::Log => {
            log::info(&secret);
            println!("{}{secret}", "x".repeat(args.pad as usize));
            Ok(Output::text("ok"))
        }
        Channel::Structured => Output::empty().and_structured(&json!({ "value": secret })),
    }
}

#[derive(Deserialize, JsonSchema)]
struct WriteArgs {
    /// The guest path to write.
    path: String,
    /// The text to write.
    text: String,
}

fn write_file(args: WriteArgs) -> Result<String, ToolError> {
    std::fs::write(&args.path, &args.text)
        .map(|()| format!("wrote {} bytes", args.text.len()))
        .map_err(|e| ToolError::other(format!("cannot write {}: {e}", args.path)))
}

#[derive(Deserialize, JsonSchema)]
struct PathArgs {
    /// The guest path to read.
    path: String,
}

fn read_file(args: PathArgs) -> Result<String, ToolError> {
    std::fs::read_to_string(&args.path)
        .map_err(|e| ToolError::other(format!("cannot read {}: {e}", args.path)))
}

#[derive(Deserialize, JsonSchema)]
struct GetArgs {
    /// The URL to GET.
    url: String,
    /// How many redirects to follow; 0 returns a redirect as it is.
    #[serde(default = "five")]
    #[schemars(range(min = 0))]
    follow_redirects: u32,
}

fn five() -> u32 {
    5
}

fn http_get(args: GetArgs) -> Result<String, ToolError> {
    let response = Request::get(args.url)
        .follow_redirects(args.follow_redirects)
        .send()?
        .error_for_status()?;
    let start: String = response.text().chars().take(200).collect();
    Ok(format!("HTTP {}: {start}", response.status))
}

#[derive(Deserialize, JsonSchema)]
struct ParallelArgs {
    /// An `http://host[:port]/path` URL to GET.
    url: String,
    /// How many requests to open at once.
    #[schemars(range(min = 1, max = 16))]
    count: u32,
}

/// Opens `count` requests before reading any response, and keeps every
/// response open to the end, so the host's per-call cap on concurrent
/// outbound requests decides how many get through.
#[cfg(target_arch = "wasm32")]
fn http_parallel(args: ParallelArgs) -> Result<String, ToolError> {
    use wasip2::http::outgoing_handler::handle;
    use wasip2::http::types::{ErrorCode, Fields, OutgoingRequest, Scheme};

    let rest = args
        .url
        .strip_prefix("http://")
        .ok_or_else(|| ToolError::invalid_input("url must start with http://"))?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let mut pending = Vec::new();
    for _ in 0..args.count {
        let request = OutgoingRequest::new(Fields::new());
        let set = request.set_scheme(Some(&Scheme::Http)).is_ok()
            && request.set_authority(Some(authority)).is_ok()
            && request.set_path_with_query(Some(path)).is_ok();
        if !set {
            return Err(ToolError::invalid_input("the url cannot be sent"));
        }
        pending.push(handle(request, None).map_err(|e| ToolError::other(format!("{e:?}")))?);
    }
    let (mut ok, mut limited, mut failed) = (0, 0, 0);
    let mut open = Vec::new();
    for future in &pending {
        future.subscribe().block();
        match future.get() {
            Some(Ok(Ok(response))) => {
                ok += 1;
                open.push(response);
            }
            Some(Ok(Err(ErrorCode::ConnectionLimitReached))) => limited += 1,
            _ => failed += 1,
        }
    }
    Ok(format!("ok {ok}, limited {limited}, failed {failed}"))
}

#[cfg(not(target_arch = "wasm32"))]
fn http_parallel(args: ParallelArgs) -> Result<String, ToolError> {
    Err(ToolError::other(format!(
        "{} GETs of {} need the toolhost runtime",
        args.count, args.url
    )))
}

fn tools() -> Toolbox {
    let fixture = |tool: Tool, does: &str| tool.description(format!("Test fixture: {does}"));
    Toolbox::new()
        .tool(fixture(
            Tool::new("env_get", env_get),
            "returns the environment variable `name`, or (unset).",
        ))
        .tool(fixture(
            Tool::new("env_count", env_count),
            "returns how many environment variables it sees.",
        ))
        .tool(fixture(
            Tool::new("config_has", config_has),
            "says whether the setting `name` is granted, without its value.",
        ))
        .tool(fixture(
            Tool::new("leak", leak),
            "tries to leak the setting `name` as text, error, log and stdout, or structured output.",
        ))
        .tool(fixture(
            Tool::new("write_file", write_file),
            "writes `text` to the file `path`.",
        ))
        .tool(fixture(
            Tool::new("read_file", read_file),
            "returns the content of the file `path`.",
        ))
        .tool(fixture(
            Tool::new("http_get", http_get),
            "GETs `url` through the SDK and returns the status and the first 200 characters.",
        ))
        .tool(fixture(
            Tool::new("http_parallel", http_parallel),
            "opens `count` GETs of `url` at once and counts how many the host let through.",
        ))
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolbox_is_valid() {
        assert_eq!(tools().describe().unwrap().len(), 8);
    }

    #[test]
    fn answers_natively() {
        let t = tools();
        let name = "TOOLHOST_PROBE_SURELY_UNSET";
        let args = format!(r#"{{"name":"{name}"}}"#);
        assert_eq!(t.call("env_get", &args).unwrap().text_blocks(), ["(unset)"]);
        assert_eq!(
            t.call("config_has", &args).unwrap().text_blocks(),
            ["not granted"]
        );
        // Natively, settings come from the environment: PATH is "granted".
        let leaked = t
            .call("leak", r#"{"name":"PATH","how":"structured"}"#)
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(leaked.structured().unwrap()).unwrap();
        assert_eq!(value["value"], std::env::var("PATH").unwrap());
        assert_eq!(
            t.call("leak", r#"{"name":"PATH","how":"error"}"#)
                .unwrap_err(),
            ToolError::other(std::env::var("PATH").unwrap())
        );
        let count: usize = t.call("env_count", "{}").unwrap().text_blocks()[0]
            .parse()
            .unwrap();
        assert!(count > 0);
        assert!(matches!(
            t.call("http_get", r#"{"url":"http://example.com/"}"#),
            Err(ToolError::Upstream { status: None, .. })
        ));
    }
}
