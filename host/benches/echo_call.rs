//! Benchmarks of the `echo` call path, printed as medians, p99s and ratios to
//! the targets in `shared/PERFORMANCE.md`.
//!
//! 1. In-process: one `tools/call` line through the server (parse, validate,
//!    permits, fresh instance, call, result JSON), no I/O.
//! 2. Over stdio: the release binary driven by a raw JSON-RPC client, one call
//!    at a time; server CPU per call read from `/proc/PID/stat`, so the
//!    driver's own cost is not counted (10,000 calls: the clock ticks at
//!    10 ms, so fewer would round the figure). Also start → first `tools/list`, and
//!    idle RSS.
//!
//! Run: `cargo bench -p toolhost --bench echo_call`; `ECHO_BENCH=in-process`
//! or `=stdio` runs one part, `TOOLHOST_BIN=PATH` measures another binary over
//! stdio.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use toolhost::config::Limits;
use toolhost::policy::PolicySet;
use toolhost::registry::{Exposure, Registry};
use toolhost::runtime::{Engine, EngineSettings};
use toolhost::server::{Dispatch, Outbox, Server, Session};

const WARMUP: usize = 2_000;
const IN_PROCESS_CALLS: usize = 20_000;
const STDIO_CALLS: usize = 10_000;
const STARTS: usize = 15;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(toolhost_test_artifacts::ECHO, dir.path().join("echo.wasm")).unwrap();

    println!(
        "toolhost echo benchmark ({} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // `ECHO_BENCH=in-process` or `=stdio` runs one part (for profiling).
    let only = std::env::var("ECHO_BENCH").unwrap_or_default();
    if only.is_empty() || only == "in-process" {
        in_process(dir.path());
    }
    if only.is_empty() || only == "stdio" {
        over_stdio(dir.path());
    }
}

fn in_process(tools: &Path) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()
        .unwrap();
    let limits = Limits::default();
    let engine = Engine::new(&EngineSettings {
        max_in_flight: limits.max_in_flight,
        max_memory_bytes: limits.largest_memory_bytes(),
        compilation_cache: true,
    })
    .unwrap();
    let registry = runtime
        .block_on(Registry::load(
            &engine,
            tools,
            &limits,
            &PolicySet::default(),
            &Exposure::default(),
            &mut toolhost::check::Report::default(),
        ))
        .unwrap();
    let server = Server::new(registry, limits.max_in_flight);
    let mut session = Session::default();
    server.handle_line(
        br#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}"#,
        &mut session,
    );
    let line = br#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello"}}}"#;

    let mut one_call = || {
        let start = Instant::now();
        let Dispatch::Call(call) = server.handle_line(line, &mut session) else {
            panic!("echo is a tool call")
        };
        let reply = runtime.block_on(call.run(Outbox::detached())).to_line();
        let elapsed = start.elapsed();
        assert!(
            reply.windows(5).any(|w| w == b"hello"),
            "{}",
            String::from_utf8_lossy(&reply)
        );
        elapsed
    };
    for _ in 0..WARMUP {
        one_call();
    }
    let mut samples: Vec<Duration> = (0..IN_PROCESS_CALLS).map(|_| one_call()).collect();
    let (p50, p99) = percentiles(&mut samples);
    println!(
        "\nin-process echo call (parse + validate + fresh instance + call + result JSON), n={IN_PROCESS_CALLS}"
    );
    report("p50", p50, 20.0);
    report("p99", p99, 100.0);
}

fn over_stdio(tools: &Path) {
    // `TOOLHOST_BIN=PATH` measures another build (say, main's) in the same
    // sitting: this machine's speed drifts, so only side-by-side runs compare.
    let binary = std::env::var_os("TOOLHOST_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_toolhost")),
        PathBuf::from,
    );

    // Start → first tools/list, warm compilation cache.
    let mut starts = Vec::new();
    let mut rss_kib = 0;
    for _ in 0..STARTS {
        let start = Instant::now();
        let mut server = Stdio2::spawn(&binary, tools);
        server.roundtrip(r#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}"#);
        starts.push(start.elapsed());
        rss_kib = server.rss_kib();
    }
    let (start_p50, _) = percentiles(&mut starts);

    let mut server = Stdio2::spawn(&binary, tools);
    server.roundtrip(r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}"#);
    let call = |id: usize| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"echo","arguments":{{"message":"hello"}}}}}}"#
        )
    };
    for id in 1..=WARMUP {
        server.roundtrip(&call(id));
    }
    let cpu_before = server.cpu_ticks();
    let wall = Instant::now();
    let mut samples = Vec::with_capacity(STDIO_CALLS);
    for id in 0..STDIO_CALLS {
        let start = Instant::now();
        server.roundtrip(&call(WARMUP + 1 + id));
        samples.push(start.elapsed());
    }
    let wall = wall.elapsed();
    let cpu = server.cpu_ticks() - cpu_before;
    let ticks_per_sec = 100.0; // USER_HZ on Linux
    let cpu_per_call_us = cpu as f64 / ticks_per_sec / STDIO_CALLS as f64 * 1e6;
    let (p50, p99) = percentiles(&mut samples);

    println!("\nstdio echo call, sequential, n={STDIO_CALLS}");
    report("round trip p50 (wassette)", p50, 234.0);
    report("round trip p99 (wassette)", p99, 365.0);
    println!(
        "  {:<28} {:>9.1} µs   target ≤ 40 µs ({:.2}× target; wassette 230 µs, native rmcp 110 µs)",
        "server CPU per call",
        cpu_per_call_us,
        cpu_per_call_us / 40.0
    );
    println!(
        "  {:<28} {:>9.0}",
        "calls/s (driver-bound)",
        STDIO_CALLS as f64 / wall.as_secs_f64()
    );
    println!("\nstart → first tools/list (one tool, warm cache), n={STARTS}");
    report("p50", start_p50, 20_000.0);
    println!(
        "  {:<28} {:>9.1} MiB target ≤ 15 MiB ({:.2}× target)",
        "RSS idle (one tool)",
        rss_kib as f64 / 1024.0,
        rss_kib as f64 / 1024.0 / 15.0
    );
}

/// A server process and a blocking line client.
struct Stdio2 {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
    line: String,
}

impl Stdio2 {
    fn spawn(binary: &Path, tools: &Path) -> Self {
        let mut child = Command::new(binary)
            .args(["serve", "--tools"])
            .arg(tools)
            .args(["--log-level", "warn"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Self {
            stdin: child.stdin.take().unwrap(),
            stdout: BufReader::new(child.stdout.take().unwrap()),
            child,
            line: String::new(),
        }
    }

    fn roundtrip(&mut self, request: &str) {
        self.stdin.write_all(request.as_bytes()).unwrap();
        self.stdin.write_all(b"\n").unwrap();
        self.stdin.flush().unwrap();
        self.line.clear();
        self.stdout.read_line(&mut self.line).unwrap();
        assert!(self.line.contains("\"result\""), "{}", self.line);
    }

    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        // Fields after the parenthesised command name; utime and stime are 14 and 15.
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }
}

impl Drop for Stdio2 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn percentiles(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.50), at(0.99))
}

fn report(what: &str, value: Duration, target_us: f64) {
    let us = value.as_secs_f64() * 1e6;
    println!(
        "  {what:<28} {us:>9.1} µs   target ≤ {target_us} µs ({:.2}× target)",
        us / target_us
    );
}
