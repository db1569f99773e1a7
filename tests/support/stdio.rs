//! A real `toolhost serve` over stdio: a folder of components, a config
//! file, and a client that writes JSON-RPC lines and reads replies,
//! notifications and log lines.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Instant;

use serde_json::{Value, json};

use super::{TIMEOUT, audit, components, with_modern_meta};

/// A running server and its pipes.
pub struct Server {
    child: Option<Child>,
    stdin: Option<ChildStdin>,
    replies: Receiver<Value>,
    /// Replies received while waiting for another id.
    parked: HashMap<String, Value>,
    /// Notifications received while waiting for a reply.
    notifications: Vec<Value>,
    stderr: Arc<(Mutex<Vec<String>>, Condvar)>,
    next_id: i64,
    dir: tempfile::TempDir,
}

/// The last "line" of stderr once the process has closed it.
const STDERR_CLOSED: &str = "\u{0}stderr closed";

pub struct Options<'a> {
    pub components: &'a [&'a str],
    pub config: &'a str,
    pub args: &'a [&'a str],
    pub env: &'a [(&'a str, &'a str)],
    /// Extra files to drop into the tools folder: (name, bytes).
    pub files: &'a [(&'a str, &'a [u8])],
    /// Wait for every component to load before returning (the default);
    /// `false` for a test of the server while they still load.
    pub await_load: bool,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Self {
            components: &["echo", "textkit", "misbehave", "raw_output"],
            config: "",
            args: &[],
            env: &[],
            files: &[],
            await_load: true,
        }
    }
}

impl Server {
    pub fn start() -> Self {
        Self::start_with(Options::default())
    }

    pub fn start_with(options: Options<'_>) -> Self {
        let built = components();
        let dir = tempfile::tempdir().unwrap();
        let tools = dir.path().join("tools");
        std::fs::create_dir(&tools).unwrap();
        for name in options.components {
            let file = format!("{name}.wasm");
            std::fs::copy(built.join(&file), tools.join(&file))
                .unwrap_or_else(|e| panic!("copy {file}: {e}"));
        }
        for (name, bytes) in options.files {
            std::fs::write(tools.join(name), bytes).unwrap();
        }
        let config = dir.path().join("toolhost.toml");
        std::fs::write(&config, options.config).unwrap();

        let mut command = Command::new(env!("CARGO_BIN_EXE_toolhost"));
        command
            .arg("serve")
            .arg("--tools")
            .arg(&tools)
            .arg("--config")
            .arg(&config)
            .args(options.args)
            .env("RUST_LOG", "info")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in options.env {
            if ["KEY", "TOKEN", "SECRET", "PASSWORD"]
                .iter()
                .any(|k| key.contains(k))
            {
                audit::secret(value);
            }
            command.env(key, value);
        }
        let mut child = command.spawn().expect("spawn toolhost");

        let stdout = child.stdout.take().unwrap();
        let (tx, replies) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                // stdout must carry nothing but JSON-RPC messages.
                let value: Value = serde_json::from_str(&line)
                    .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
                assert_eq!(value["jsonrpc"], "2.0", "not JSON-RPC: {line}");
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new((Mutex::new(Vec::new()), Condvar::new()));
        let sink = stderr.clone();
        let child_stderr = child.stderr.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(child_stderr).lines() {
                let Ok(line) = line else { break };
                let (lines, changed) = &*sink;
                lines.lock().unwrap().push(line);
                changed.notify_all();
            }
            // The end of stderr: the process is gone.
            let (lines, changed) = &*sink;
            lines.lock().unwrap().push(STDERR_CLOSED.to_owned());
            changed.notify_all();
        });
        let server = Self {
            stdin: child.stdin.take(),
            child: Some(child),
            replies,
            parked: HashMap::new(),
            notifications: Vec::new(),
            stderr,
            next_id: 1,
            dir,
        };
        // Components load in the background; the tests want them all (a
        // test of the partial lists starts its own process).
        if options.await_load {
            server.wait_for_log_or_exit(&["tools loaded"]);
        }
        server
    }

    /// Writes raw bytes to the server's stdin.
    pub fn send_raw(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Writes raw bytes, which need not be UTF-8, to the server's stdin.
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        self.send_raw(&format!("{message}\n"));
    }

    /// The next reply, whatever its id.
    pub fn recv(&mut self) -> Value {
        if let Some(key) = self.parked.keys().next().cloned() {
            return self.parked.remove(&key).unwrap();
        }
        match self.replies.recv_timeout(TIMEOUT) {
            Ok(value) => audited(value),
            Err(RecvTimeoutError::Timeout) => panic!(
                "no reply within {TIMEOUT:?}\nstderr:\n{}",
                self.stderr_text()
            ),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("server closed stdout\nstderr:\n{}", self.stderr_text())
            }
        }
    }

    /// A reply that has already arrived, if any.
    pub fn try_recv(&mut self) -> Result<Value, mpsc::TryRecvError> {
        if let Some(key) = self.parked.keys().next().cloned() {
            return Ok(self.parked.remove(&key).unwrap());
        }
        self.replies.try_recv().map(audited)
    }

    /// The reply to the request with `id`, keeping others for later.
    pub fn recv_id(&mut self, id: &Value) -> Value {
        let key = id.to_string();
        if let Some(reply) = self.parked.remove(&key) {
            return reply;
        }
        loop {
            let reply = match self.replies.recv_timeout(TIMEOUT) {
                Ok(value) => audited(value),
                Err(_) => panic!("no reply to {id}\nstderr:\n{}", self.stderr_text()),
            };
            if reply["id"] == *id {
                return reply;
            }
            if reply.get("id").is_none() {
                self.notifications.push(reply);
                continue;
            }
            let other = reply["id"].to_string();
            assert!(
                self.parked.insert(other.clone(), reply).is_none(),
                "two replies for id {other}"
            );
        }
    }

    /// The next notification with `method`, keeping replies (and other
    /// notifications) for later.
    pub fn recv_notification(&mut self, method: &str) -> Value {
        if let Some(i) = self
            .notifications
            .iter()
            .position(|n| n["method"] == method)
        {
            return self.notifications.remove(i);
        }
        loop {
            let message = match self.replies.recv_timeout(TIMEOUT) {
                Ok(value) => audited(value),
                Err(_) => panic!("no {method}\nstderr:\n{}", self.stderr_text()),
            };
            if message["method"] == method && message.get("id").is_none() {
                return message;
            }
            if message.get("id").is_none() {
                self.notifications.push(message);
                continue;
            }
            let id = message["id"].to_string();
            assert!(
                self.parked.insert(id.clone(), message).is_none(),
                "two replies for id {id}"
            );
        }
    }

    /// Notifications received so far and not yet taken.
    pub fn notifications(&self) -> &[Value] {
        &self.notifications
    }

    pub fn fresh_id(&mut self) -> Value {
        self.next_id += 1;
        json!(self.next_id)
    }

    /// Sends a request and waits for its reply.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.fresh_id();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.recv_id(&id)
    }

    /// `initialize` + `notifications/initialized`, returning the result.
    pub fn initialize(&mut self, version: &str) -> Value {
        let reply = self.request(
            "initialize",
            json!({
                "protocolVersion": version,
                "capabilities": {},
                "clientInfo": {"name": "toolhost-tests", "version": "0"}
            }),
        );
        self.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        reply
    }

    /// `tools/call` in the negotiated (legacy) era.
    pub fn call(&mut self, tool: &str, arguments: Value) -> Value {
        self.request("tools/call", json!({"name": tool, "arguments": arguments}))
    }

    /// `tools/call` as a 2026-07-28 request.
    pub fn call_modern(&mut self, tool: &str, arguments: Value) -> Value {
        self.request(
            "tools/call",
            with_modern_meta(json!({"name": tool, "arguments": arguments})),
        )
    }

    /// The process id, for sending signals.
    /// The folder the server was started on (`--tools`).
    pub fn tools_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("tools")
    }

    /// The config file the server was started with (`--config`).
    pub fn config_path(&self) -> std::path::PathBuf {
        self.dir.path().join("toolhost.toml")
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// All stderr lines so far.
    pub fn stderr_text(&self) -> String {
        let lines = self.stderr.0.lock().unwrap();
        let lines: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| *l != STDERR_CLOSED)
            .collect();
        lines.join("\n")
    }

    /// Waits until a stderr line contains every one of `needles`, or the
    /// process has exited (`None`).
    pub fn wait_for_log_or_exit(&self, needles: &[&str]) -> Option<String> {
        let (lines, changed) = &*self.stderr;
        let deadline = Instant::now() + TIMEOUT;
        let mut lines = lines.lock().unwrap();
        loop {
            if let Some(line) = lines.iter().find(|l| needles.iter().all(|n| l.contains(n))) {
                return Some(line.clone());
            }
            if lines.last().is_some_and(|l| l == STDERR_CLOSED) {
                return None;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no log line with {needles:?}:\n{}",
                lines.join("\n")
            );
            lines = changed.wait_timeout(lines, left).unwrap().0;
        }
    }

    /// Waits until a stderr line contains every one of `needles`.
    pub fn wait_for_log(&self, needles: &[&str]) -> String {
        let (lines, changed) = &*self.stderr;
        let deadline = Instant::now() + TIMEOUT;
        let mut lines = lines.lock().unwrap();
        loop {
            if let Some(line) = lines.iter().find(|l| needles.iter().all(|n| l.contains(n))) {
                return line.clone();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "no log line with {needles:?}:\n{}",
                lines.join("\n")
            );
            lines = changed.wait_timeout(lines, left).unwrap().0;
        }
    }

    /// Closes stdin and waits for the process to exit. Replies it wrote
    /// before exiting can still be received.
    pub fn close(&mut self) -> ExitStatus {
        drop(self.stdin.take());
        let mut child = self.child.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let waiter = thread::spawn(move || {
            let status = child.wait();
            let _ = tx.send(());
            (child, status)
        });
        if rx.recv_timeout(TIMEOUT).is_err() {
            panic!("server did not exit within {TIMEOUT:?} after stdin closed");
        }
        let (child, status) = waiter.join().unwrap();
        self.child = Some(child);
        status.unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Runs the error-text audit on a reply as it arrives.
fn audited(reply: Value) -> Value {
    audit::check(&reply);
    reply
}
