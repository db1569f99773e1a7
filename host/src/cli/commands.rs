//! What each command does, once its arguments are parsed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use super::{BuildArgs, CallArgs, CheckArgs, InspectArgs, LoadArgs, NewArgs, ServeArgs};
use crate::build;
use crate::check::{self, Finding, Kind, Report, Status};
use crate::config::{ConfigFile, LimitOverrides, Limits};
use crate::inspect;
use crate::one_call;
use crate::policy::PolicySet;
use crate::registry::{Exposure, Registry};
use crate::reload;
use crate::runtime::{Engine, EngineSettings};
use crate::scaffold;
use crate::server::Server;
use crate::transport;

/// What every command needs before it loads components: the config, the
/// runtime that runs calls and the engine that compiles.
struct Prepared {
    runtime: tokio::runtime::Runtime,
    engine: Arc<Engine>,
    /// Where the tools and config came from, to reload them.
    sources: reload::Sources,
    /// Limits, policies, exposure and the config file's `[http]` table (for
    /// the flags to override).
    inputs: reload::Inputs,
}

/// Components loaded and described, with what loaded them.
struct Loaded {
    prepared: Prepared,
    registry: Registry,
}

fn prepare(
    args: &LoadArgs,
    cli_limits: &LimitOverrides,
    max_in_flight: Option<u32>,
    cache: bool,
) -> anyhow::Result<Prepared> {
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
    Ok(Prepared {
        runtime,
        engine,
        sources: reload::Sources {
            tools_from_flag: args.tools.is_some(),
            tools_dir,
            config_path: args.config.clone(),
            cli_limits: *cli_limits,
            cli_max_in_flight: max_in_flight,
        },
        inputs: reload::Inputs {
            policies: PolicySet::new(file.path, file.components),
            exposure: Exposure::new(file.expose_tools.as_deref(), &file.hide_tools),
            limits,
            http: file.http,
            state_key: file.state_key,
        },
    })
}

/// [`prepare`], then load every component, waiting for all of them.
fn load(
    args: &LoadArgs,
    cli_limits: &LimitOverrides,
    max_in_flight: Option<u32>,
    cache: bool,
    report: &mut Report,
) -> anyhow::Result<Loaded> {
    let prepared = prepare(args, cli_limits, max_in_flight, cache)?;
    let inputs = &prepared.inputs;
    let registry = prepared.runtime.block_on(Registry::load(
        &prepared.engine,
        &prepared.sources.tools_dir,
        &inputs.limits,
        &inputs.policies,
        &inputs.exposure,
        report,
    ))?;
    Ok(Loaded { prepared, registry })
}

pub(super) fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let prepared = prepare(
        &args.load,
        &args.limits.overrides(),
        args.max_in_flight,
        !args.no_cache,
    )?;
    // Resolved on stdio too, so that a zero is refused whatever the transport.
    let http_settings = prepared.inputs.http.resolve(&args.http.flags())?;
    // A folder that cannot be read ends the start here; the components in
    // it load in the background (see `reload::startup`).
    let paths = Registry::component_paths(&prepared.sources.tools_dir)?;
    // A single component file is not watched: there is no folder to add to.
    let watch = !args.no_watch && prepared.sources.tools_dir.is_dir();
    let mut server = Server::starting(prepared.inputs.limits.max_in_flight);
    if watch {
        server = server.with_list_changed();
    }
    if let Some(text) = &prepared.inputs.state_key {
        let key = crate::server::sealed::StateKey::from_base64(text)
            .map_err(|e| anyhow::anyhow!("config: {e}"))?;
        server = server.with_state_key(key);
    }
    let server = Arc::new(server);
    let Prepared {
        runtime,
        engine,
        sources,
        inputs,
    } = prepared;
    let reloader = reload::Reloader::new(server.clone(), engine, sources, inputs);
    reload::spawn(reloader, watch, paths).context("cannot start the reload thread")?;
    // Answer complete when every component loads quickly; never keep a
    // client waiting for a slow one.
    let wait = std::time::Duration::from_millis(args.startup_wait_ms);
    runtime.block_on(async {
        let _ = tokio::time::timeout(wait, server.loaded()).await;
    });
    if args.http.http.is_some() {
        runtime.block_on(transport::http::serve(server, &args.http, http_settings))?;
        // Calls still running after the grace period are dropped here.
        runtime.shutdown_timeout(std::time::Duration::from_secs(1));
        return Ok(());
    }
    transport::stdio::serve(server, runtime.handle())?;
    tracing::info!("stdin closed; exiting");
    Ok(())
}

pub(super) fn inspect(args: InspectArgs) -> anyhow::Result<()> {
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

pub(super) fn call(args: CallArgs) -> anyhow::Result<ExitCode> {
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
    let server = Server::new(loaded.registry, loaded.prepared.inputs.limits.max_in_flight);
    let called = one_call::call(&server, &loaded.prepared.runtime, &args.tool, arguments);
    let text = format!("{:#}\n", called.printed);
    std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes())
        .context("cannot write the result")?;
    // After the log lines of the call, the same detail laid out to read.
    let detail = one_call::render_detail(&called.detail);
    if !detail.is_empty() {
        eprint!("{detail}");
    }
    Ok(called.outcome.exit_code())
}

pub(super) fn check(args: CheckArgs) -> anyhow::Result<ExitCode> {
    let mut report = Report::default();
    match load(
        &args.load,
        &args.limits.overrides(),
        None,
        true,
        &mut report,
    ) {
        Ok(loaded) => {
            if let Err(e) = loaded.prepared.inputs.http.resolve(&Default::default()) {
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
            let probed = loaded
                .prepared
                .runtime
                .block_on(futures::future::join_all(probes));
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

pub(super) fn new(args: &NewArgs) -> anyhow::Result<()> {
    let parent = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let created = scaffold::create(&args.name, &parent, args.lang, args.sdk.as_deref())?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), created.next_steps.as_bytes())
        .context("cannot write the next steps")?;
    Ok(())
}

pub(super) fn build(args: &BuildArgs) -> anyhow::Result<()> {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let project = build::detect(&dir)?;
    let out_dir = args
        .out_dir
        .clone()
        .unwrap_or_else(|| project.dir.join("dist"));
    let built = build::build(&project, &out_dir)?;
    let line = format!(
        "wrote {} ({:.1} MB) in {:.1} s\n",
        built.path.display(),
        built.bytes as f64 / 1e6,
        built.took.as_secs_f64()
    );
    std::io::Write::write_all(&mut std::io::stdout().lock(), line.as_bytes())
        .context("cannot write what was built")?;
    Ok(())
}
