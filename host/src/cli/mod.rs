//! The `toolhost` command line.

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::LimitOverrides;
use crate::logging::{self, LogFormat};
use crate::scaffold::Lang;
use crate::transport;
use commands::{build, call, check, inspect, new, serve};

#[derive(Parser, Debug)]
#[command(
    name = "toolhost",
    version,
    about = "An MCP server that hosts tools as sandboxed WebAssembly components"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve every component in a folder over MCP (stdio, or Streamable HTTP with --http).
    Serve(Box<ServeArgs>),
    /// Load the components as `serve` would and show each one's tools and
    /// what its policy grants (never the values of secrets).
    Inspect(InspectArgs),
    /// Run one tool call as `serve` would and print what a client would get.
    /// Exit status: 0 a result, 1 a tool error (`isError`), 2 a JSON-RPC
    /// error, 3 a host fault or a start that failed. The log on stderr has
    /// the detail.
    Call(Box<CallArgs>),
    /// Create a tool on a guest SDK (Rust, Python or TypeScript), ready to
    /// test, build and serve.
    New(NewArgs),
    /// Build the tool in a folder into a component, OUT_DIR/NAME.wasm.
    ///
    /// The folder's language decides how: Cargo.toml is a Rust crate (cargo,
    /// for wasm32-wasip2); app.py a Python tool (the Python SDK's builder,
    /// with TOOLHOST_PYTHON, else the folder's .venv/bin/python, else
    /// python3); app.ts a TypeScript one (the JavaScript SDK's builder from
    /// node_modules/@toolhost/sdk, with TOOLHOST_NODE, else node: 22.18 or
    /// later). NAME is the crate's, project's or package's name (else the
    /// folder's), with - as _. The contract's WIT comes with this binary.
    Build(BuildArgs),
    /// Preflight: load everything as `serve` would and report, per
    /// component, what would fail or surprise, with the fix. Exit status:
    /// 0 clean, 1 warnings, 2 errors.
    Check(Box<CheckArgs>),
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    load: LoadArgs,
    #[command(flatten)]
    limits: LimitArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also connect to every allowlisted host and port (TCP, and a TLS
    /// handshake for https) instead of only resolving it.
    #[arg(long)]
    connect: bool,
    /// Log filter on stderr; the findings themselves are on stdout.
    #[arg(long, default_value = "error")]
    log_level: String,
}

#[derive(Args, Debug)]
struct NewArgs {
    /// The tool's name, also its folder's and its first tool's: lowercase
    /// letters, digits, `_`, `-`.
    name: String,
    /// The language to write it in.
    #[arg(long, value_enum, default_value_t = Lang::Rust)]
    lang: Lang,
    /// Where to create it [default: the current folder].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The language's guest SDK: `guest-sdk` (Rust), `guest-sdk/python` or
    /// `guest-sdk/js` of a toolhost checkout (or the `guest-sdk` folder
    /// holding them) [default: the one this binary was built from].
    #[arg(long, value_name = "PATH")]
    sdk: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// Where to write NAME.wasm [default: dist in the tool's folder].
    #[arg(value_name = "OUT_DIR")]
    out_dir: Option<PathBuf>,
    /// The tool's folder [default: the current folder].
    #[arg(long, value_name = "TOOL_DIR")]
    path: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct CallArgs {
    /// The tool to call.
    tool: String,
    /// The arguments: a JSON object, `@FILE`, or `-` for standard input.
    #[arg(long, value_name = "JSON|@FILE|-", default_value = "{}")]
    args: String,
    /// A folder of tool components, or one component (`FILE.wasm`).
    /// Overrides `tools_dir` in the config file.
    #[arg(long, value_name = "DIR|FILE.wasm")]
    tools: Option<PathBuf>,
    /// Config file (TOML) with limits, per-tool overrides and component policies.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
    /// Log filter for the detail on stderr (RUST_LOG wins when set).
    #[arg(long, default_value = "info")]
    log_level: String,
}

#[derive(Args, Debug)]
struct InspectArgs {
    #[command(flatten)]
    load: LoadArgs,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Log filter for load warnings on stderr.
    #[arg(long, default_value = "warn")]
    log_level: String,
}

/// Where the components and their config come from.
#[derive(Args, Debug)]
struct LoadArgs {
    /// Folder of tool components (`*.wasm`), or one component (`FILE.wasm`).
    /// Overrides `tools_dir` in the config file.
    #[arg(long, value_name = "DIR")]
    tools: Option<PathBuf>,
    /// Config file (TOML) with limits, per-tool overrides and component policies.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ServeArgs {
    #[command(flatten)]
    load: LoadArgs,
    #[command(flatten)]
    limits: LimitArgs,
    /// Calls in flight across all tools [default: 64].
    #[arg(long, value_name = "N")]
    max_in_flight: Option<u32>,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    /// Log filter, e.g. `info` or `toolhost=debug` (RUST_LOG wins when set).
    #[arg(long, default_value = "info")]
    log_level: String,
    /// Do not cache compiled components on disk.
    #[arg(long)]
    no_cache: bool,
    /// Reload components when files in the tools folder are added, replaced
    /// or removed (the default for a folder; SIGHUP reloads the config
    /// file either way).
    #[arg(long, overrides_with = "no_watch")]
    watch: bool,
    /// Do not watch the tools folder.
    #[arg(long, overrides_with = "watch")]
    no_watch: bool,
    /// How long to wait for the components to load before answering
    /// clients; components still compiling then arrive as a list change.
    #[arg(long, value_name = "MS", default_value_t = 750)]
    startup_wait_ms: u64,
    #[command(flatten)]
    http: transport::http::HttpArgs,
}

/// Per-call limits, overriding the config file's `[defaults]`.
#[derive(Args, Debug)]
struct LimitArgs {
    /// Wall-clock deadline per call, in milliseconds [default: 10000].
    #[arg(long, value_name = "MS")]
    deadline_ms: Option<u64>,
    /// Fuel per call (about one unit per wasm instruction) [default: 5000000000].
    #[arg(long)]
    fuel: Option<u64>,
    /// Linear memory cap per call, in MiB [default: 128].
    #[arg(long, value_name = "MIB")]
    memory_mib: Option<u64>,
    /// Cap on a call's returned content, in KiB [default: 1024].
    #[arg(long, value_name = "KIB")]
    output_kib: Option<u64>,
    /// Calls in flight per tool [default: 16].
    #[arg(long, value_name = "N")]
    max_in_flight_per_tool: Option<u32>,
}

impl LimitArgs {
    fn overrides(&self) -> LimitOverrides {
        LimitOverrides {
            deadline_ms: self.deadline_ms,
            fuel: self.fuel,
            memory_mib: self.memory_mib,
            output_kib: self.output_kib,
            max_in_flight: self.max_in_flight_per_tool,
            ..LimitOverrides::default()
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(args) => {
            logging::init(args.log_format, &args.log_level);
            serve(*args)
        }
        Command::Inspect(args) => {
            logging::init(LogFormat::Text, &args.log_level);
            inspect(args)
        }
        Command::New(args) => new(&args),
        Command::Build(args) => build(&args),
        Command::Check(args) => {
            logging::init(LogFormat::Text, &args.log_level);
            return check(*args).unwrap_or_else(|e| {
                report(&e);
                ExitCode::from(2)
            });
        }
        Command::Call(args) => {
            logging::init(LogFormat::Text, &args.log_level);
            // Exit 1 and 2 mean outcomes of the call: a start that failed is 3.
            return call(*args).unwrap_or_else(|e| {
                report(&e);
                ExitCode::from(3)
            });
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

fn report(e: &anyhow::Error) {
    tracing::error!("{e:#}");
    eprintln!("toolhost: {e:#}");
}
