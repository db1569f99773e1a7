//! The soak workload shared by the stdio and HTTP soak tests: a fixed mix of
//! well-behaved and misbehaving calls, the shape each reply must have, and
//! the server's resident memory.

use serde_json::{Value, json};

/// Limits that make every misbehaving call end quickly, each by its own
/// cause (the loop by its fuel, whatever the load on the machine), and let
/// 64 calls of one tool run at once.
/// Quarantine is off: the soak crashes the same tools over and over on
/// purpose.
pub const CONFIG: &str = "max_in_flight = 64\n\
    [defaults]\nmax_in_flight = 64\nquarantine_after = 0\n\
    [tools.spin]\ndeadline_ms = 60000\nfuel = 20000000\n\
    [tools.hog]\nmemory_mib = 16\n\
    [tools.flood]\noutput_kib = 64\n";

/// One call of the workload: call `i` of the run, deterministic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Echo,
    Add,
    Stats,
    Spin,
    Hog,
    Panic,
    Crash,
    Sleep,
    Flood,
}

impl Kind {
    /// 80% well-behaved, 20% misbehaving, spread evenly through the run.
    pub fn of(i: usize) -> Kind {
        match i % 20 {
            0 => Kind::Spin,
            5 => Kind::Hog,
            10 => Kind::Panic,
            13 => Kind::Crash,
            15 => Kind::Sleep,
            18 => Kind::Flood,
            n if n % 3 == 0 => Kind::Add,
            n if n % 3 == 1 => Kind::Stats,
            _ => Kind::Echo,
        }
    }

    /// The tool and arguments of call `i`.
    pub fn request(self, i: usize) -> (&'static str, Value) {
        match self {
            Kind::Echo => ("echo", json!({"message": format!("soak {i}")})),
            Kind::Add => ("add", json!({"a": i, "b": 1})),
            Kind::Stats => ("text_stats", json!({"text": "one two three"})),
            Kind::Spin => ("spin", json!({})),
            Kind::Hog => ("hog", json!({})),
            Kind::Panic => ("panic", json!({})),
            Kind::Crash => ("crash", json!({})),
            Kind::Sleep => ("sleep", json!({"ms": 20})),
            Kind::Flood => ("flood", json!({"bytes": 100_000})),
        }
    }

    /// Panics unless `reply` (a JSON-RPC response) is right for call `i`.
    pub fn check(self, i: usize, reply: &Value) {
        let result = &reply["result"];
        let text = result["content"][0]["text"].as_str().unwrap_or_else(|| {
            panic!("call {i} ({self:?}) has no text result: {reply}");
        });
        let is_error = result["isError"] == true;
        let ok = match self {
            Kind::Echo => !is_error && text == format!("soak {i}"),
            Kind::Add => !is_error && result["structuredContent"]["sum"] == json!(i as f64 + 1.0),
            Kind::Stats => !is_error && result["structuredContent"]["words"] == 3,
            Kind::Sleep => !is_error && text == "slept 20 ms",
            Kind::Spin => is_error && text.contains("ran out of fuel"),
            Kind::Hog => is_error && text.contains("16 MiB memory limit"),
            Kind::Panic => is_error && text.contains("panicked"),
            Kind::Crash => is_error && text.starts_with("The tool crashed"),
            Kind::Flood => is_error && text.contains("64 KiB limit"),
        };
        assert!(ok, "call {i} ({self:?}) got the wrong reply: {reply}");
    }
}

/// Resident memory of process `pid`, in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

/// Asserts the resident memory after the run is within 10% of the baseline
/// taken after the warm-up, and prints both.
pub fn assert_rss_returns(transport: &str, baseline: u64, after: u64) {
    println!("soak over {transport}: RSS {baseline} KiB after warm-up, {after} KiB at the end");
    assert!(
        after <= baseline + baseline / 10,
        "RSS grew from {baseline} KiB to {after} KiB over the soak"
    );
}
