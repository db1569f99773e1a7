//! The `toolhost` command line.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use crate::check::{self, Finding, Kind, Report, Status};
use crate::config::{ConfigFile, LimitOverrides, Limits};
use crate::inspect;
use crate::logging::{self, LogFormat};
use crate::one_call;
use crate::policy::PolicySet;
use crate::registry::{Exposure, Registry};
use crate::runtime::{Engine, EngineSettings};
use crate::scaffold;
use crate::server::Server;
use crate::transport;

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
    /// Create a Rust tool crate on the guest SDK, ready to build and serve.
    New(NewArgs),
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
    /// The crate's name, also its first tool's: lowercase letters, digits, `_`, `-`.
    name: String,
    /// Where to create it [default: the current folder].
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// The guest SDK (the `guest-sdk` folder of a toolhost checkout)
    /// [default: the one this binary was built from].
    #[arg(long, value_name = "PATH")]
    sdk: Option<PathBuf>,
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

/// Components loaded and described, with the runtime that runs their calls.
struct Loaded {
    runtime: tokio::runtime::Runtime,
    registry: Registry,
    limits: Limits,
    /// The config file's `[http]` table, for the flags to override.
    http: transport::http::HttpTable,
}

fn load(
    args: &LoadArgs,
    cli_limits: &LimitOverrides,
    max_in_flight: Option<u32>,
    cache: bool,
    report: &mut Report,
) -> anyhow::Result<Loaded> {
    let file = match &args.config {
        Some(path) => ConfigFile::load(path)?,
        None => ConfigFile::default(),
    };
    let limits = Limits::resolve(&file, cli_limits, max_in_flight)?;
    let tools_dir = args
        .tools
        .clone()
        .or(file.tools_dir)
        .context("no tools folder: pass --tools DIR or set tools_dir in the config file")?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .thread_name("toolhost-worker")
        .enable_time()
        .enable_io()
        .build()
        .context("cannot start the async runtime")?;
    let engine = Engine::new(&EngineSettings {
        max_in_flight: limits.max_in_flight,
        max_memory_bytes: limits.largest_memory_bytes(),
        compilation_cache: cache,
    })?;
    let policies = PolicySet::new(file.path, file.components);
    let exposure = Exposure::new(file.expose_tools.as_deref(), &file.hide_tools);
    let registry = runtime.block_on(Registry::load(
        &engine, &tools_dir, &limits, &policies, &exposure, report,
    ))?;
    Ok(Loaded {
        runtime,
        registry,
        limits,
        http: file.http,
    })
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let loaded = load(
        &args.load,
        &args.limits.overrides(),
        args.max_in_flight,
        !args.no_cache,
        &mut Report::default(),
    )?;
    // Resolved on stdio too, so that a zero is refused whatever the transport.
    let http_settings = loaded.http.resolve(&args.http.flags())?;
    // DNS can be slow: the upstream probes log what they find while the
    // server already serves.
    let targets = check::network::targets(&loaded.registry);
    loaded.runtime.spawn(async move {
        for (component, policy) in targets {
            for finding in check::network::probe(policy, false).await {
                finding.log(Some(&component));
            }
        }
    });
    let server = Arc::new(Server::new(loaded.registry, loaded.limits.max_in_flight));
    if args.http.http.is_some() {
        loaded
            .runtime
            .block_on(transport::http::serve(server, &args.http, http_settings))?;
        // Calls still running after the grace period are dropped here.
        loaded
            .runtime
            .shutdown_timeout(std::time::Duration::from_secs(1));
        return Ok(());
    }
    transport::stdio::serve(server, loaded.runtime.handle())?;
    tracing::info!("stdin closed; exiting");
    Ok(())
}

fn inspect(args: InspectArgs) -> anyhow::Result<()> {
    let loaded = load(
        &args.load,
        &LimitOverrides::default(),
        None,
        true,
        &mut Report::default(),
    )?;
    let report = if args.json {
        format!("{:#}\n", inspect::json(&loaded.registry))
    } else {
        inspect::text(&loaded.registry)
    };
    std::io::Write::write_all(&mut std::io::stdout().lock(), report.as_bytes())
        .context("cannot write the report")?;
    Ok(())
}

fn call(args: CallArgs) -> anyhow::Result<ExitCode> {
    let arguments = one_call::read_arguments(&args.args)?;
    let load_args = LoadArgs {
        tools: args.tools,
        config: args.config,
    };
    let loaded = load(
        &load_args,
        &args.limits.overrides(),
        None,
        true,
        &mut Report::default(),
    )?;
    let server = Server::new(loaded.registry, loaded.limits.max_in_flight);
    let (printed, outcome) = one_call::call(&server, &loaded.runtime, &args.tool, arguments);
    let text = format!("{printed:#}\n");
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .context("cannot write the result")?;
    Ok(outcome.exit_code())
}

fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut report = Report::default();
    match load(
        &args.load,
        &args.limits.overrides(),
        None,
        true,
        &mut report,
    ) {
        Ok(loaded) => {
            if let Err(e) = loaded.http.resolve(&Default::default()) {
                report.config(
                    Finding::new(Status::Error, Kind::Config, format!("{e:#}"))
                        .fix("correct the [http] table"),
                );
            }
            let probes = check::network::targets(&loaded.registry).into_iter().map(
                |(component, policy)| async move {
                    (component, check::network::probe(policy, args.connect).await)
                },
            );
            let probed = loaded.runtime.block_on(futures::future::join_all(probes));
            for (component, findings) in probed {
                report.component(&component).findings.extend(findings);
            }
        }
        // Nothing loaded: the report says why, in the same place as the rest.
        Err(e) => report.config(
            Finding::new(Status::Error, Kind::Config, format!("{e:#}"))
                .fix("correct the config file or the --tools path"),
        ),
    }
    let text = if args.json {
        format!("{:#}\n", check::json(&report))
    } else {
        check::text(&report)
    };
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .context("cannot write the report")?;
    Ok(report.exit_code())
}

fn new(args: &NewArgs) -> anyhow::Result<()> {
    let parent = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let created = scaffold::create(&args.name, &parent, args.sdk.as_deref())?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), created.next_steps.as_bytes())
        .context("cannot write the next steps")?;
    Ok(())
}
