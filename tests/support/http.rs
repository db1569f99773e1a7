//! HTTP side of the harness: starts the real binary with `--http
//! 127.0.0.1:0`, learns the port from its `listening on` log line, and speaks
//! HTTP/1.1 over plain `std::net::TcpStream`s (one request per connection,
//! `Connection: close`), so the tests control every byte on the wire.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{MODERN, Options, Server, TIMEOUT, with_modern_meta};

/// A running HTTP server.
pub struct HttpServer {
    pub process: Server,
    pub addr: SocketAddr,
}

/// One HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): status {} {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl HttpServer {
    /// Starts with the default components and `args` after `--http`.
    pub fn start(args: &[&str]) -> Self {
        Self::start_with(Options::default(), args)
    }

    pub fn start_with(options: Options<'_>, args: &[&str]) -> Self {
        let mut all = vec!["--http", "127.0.0.1:0"];
        all.extend_from_slice(options.args);
        all.extend_from_slice(args);
        let process = Server::start_with(Options {
            args: &all,
            ..options
        });
        let line = process.wait_for_log(&["listening on http://"]);
        let start = line.find("http://").unwrap() + "http://".len();
        let rest = &line[start..];
        let addr = rest[..rest.find("/mcp").expect("address ends in /mcp")]
            .parse()
            .unwrap_or_else(|e| panic!("no address in {line:?}: {e}"));
        Self { process, addr }
    }

    /// The `Host` header a well-behaved local client sends.
    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    /// Sends raw bytes on a fresh connection and reads the response.
    pub fn raw(&self, request: &[u8]) -> Reply {
        let mut stream = TcpStream::connect(self.addr).expect("connect");
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.write_all(request).unwrap();
        read_reply(&mut stream)
    }

    /// [`Self::raw`], with a failed write or read as an error (a connection
    /// the server refused may be reset).
    pub fn try_raw(&self, request: &[u8]) -> std::io::Result<Reply> {
        let mut stream = TcpStream::connect(self.addr)?;
        stream.set_read_timeout(Some(TIMEOUT))?;
        stream.write_all(request)?;
        try_read_reply(&mut stream)
    }

    /// A request with the usual headers (Host, Content-Type, Accept), each
    /// replaced by an entry of `headers` with the same name; an entry with
    /// value `None` removes it.
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, Option<&str>)],
        body: &[u8],
    ) -> Reply {
        self.raw(&self.encode(method, path, headers, body))
    }

    pub fn encode(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, Option<&str>)],
        body: &[u8],
    ) -> Vec<u8> {
        let host = self.host();
        let mut all: Vec<(String, Option<String>)> = vec![
            ("Host".into(), Some(host)),
            ("Content-Type".into(), Some("application/json".into())),
            (
                "Accept".into(),
                Some("application/json, text/event-stream".into()),
            ),
        ];
        for (name, value) in headers {
            all.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
            all.push((name.to_string(), value.map(str::to_owned)));
        }
        let mut out = format!("{method} {path} HTTP/1.1\r\n");
        for (name, value) in all {
            if let Some(value) = value {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        out.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(body);
        bytes
    }

    /// POSTs a JSON-RPC message to `/mcp`.
    pub fn post(&self, message: &Value, headers: &[(&str, Option<&str>)]) -> Reply {
        self.send("POST", "/mcp", headers, message.to_string().as_bytes())
    }

    pub fn get(&self, path: &str, headers: &[(&str, Option<&str>)]) -> Reply {
        self.send("GET", path, headers, b"")
    }

    /// The request bytes of a 2026-07-28 request with its routing headers.
    pub fn modern_request(
        &self,
        id: i64,
        method: &str,
        params: Value,
        extra: &[(&str, Option<&str>)],
    ) -> Vec<u8> {
        let params = with_modern_meta(params);
        let name = params
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let mut headers: Vec<(&str, Option<&str>)> = vec![
            ("Mcp-Method", Some(method)),
            ("MCP-Protocol-Version", Some(MODERN)),
        ];
        if let Some(name) = &name {
            headers.push(("Mcp-Name", Some(name)));
        }
        headers.extend_from_slice(extra);
        let body = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.encode("POST", "/mcp", &headers, body.to_string().as_bytes())
    }

    /// A 2026-07-28 request with correct headers (plus `extra`).
    pub fn modern(&self, method: &str, params: Value, extra: &[(&str, Option<&str>)]) -> Reply {
        self.raw(&self.modern_request(1, method, params, extra))
    }

    /// A 2026-07-28 `tools/call`; asserts 200 and returns the JSON-RPC reply.
    pub fn call_modern(&self, tool: &str, arguments: Value) -> Value {
        let reply = self.modern(
            "tools/call",
            json!({"name": tool, "arguments": arguments}),
            &[],
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.json()
    }

    /// `initialize` at `version`; returns the session id.
    pub fn initialize(&self, version: &str) -> String {
        let reply = self.post(
            &json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
                "protocolVersion": version, "capabilities": {},
                "clientInfo": {"name": "toolhost-tests", "version": "0"}}}),
            &[],
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
        assert_eq!(reply.json()["result"]["protocolVersion"], version);
        let session = reply
            .header("Mcp-Session-Id")
            .expect("initialize returns Mcp-Session-Id")
            .to_owned();
        let initialized = self.post(
            &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
            &[("Mcp-Session-Id", Some(&session))],
        );
        assert_eq!(initialized.status, 202, "{}", initialized.text());
        session
    }

    /// A request in a legacy session.
    pub fn in_session(&self, session: &str, id: i64, method: &str, params: Value) -> Reply {
        self.post(
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
            &[("Mcp-Session-Id", Some(session))],
        )
    }

    /// The value of an unlabelled or fully labelled metric line.
    pub fn metric(&self, series: &str) -> Option<f64> {
        let reply = self.get("/metrics", &[]);
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply
            .text()
            .lines()
            .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
            .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
    }

    /// Polls `/metrics` until `series` has `value`: for waiting until the
    /// server has a call in flight. Bounded by [`TIMEOUT`].
    pub fn wait_for_metric(&self, series: &str, value: f64) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if self.metric(series) == Some(value) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{series} never reached {value}\nstderr:\n{}",
                self.process.stderr_text()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends the raw `request` on a connection of its own, from another
    /// thread, and returns once the server has a tool call in flight. Join
    /// the handle for the reply.
    pub fn send_while_in_flight(&self, request: Vec<u8>) -> std::thread::JoinHandle<Reply> {
        let addr = self.addr;
        let waiter = std::thread::spawn(move || {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream.set_read_timeout(Some(TIMEOUT)).unwrap();
            stream.write_all(&request).unwrap();
            read_reply(&mut stream)
        });
        self.wait_for_metric("toolhost_tool_calls_in_flight", 1.0);
        waiter
    }

    /// Asserts the server still answers a good call correctly.
    pub fn assert_healthy(&self) {
        let reply = self.call_modern("echo", json!({"message": "still here"}));
        assert_eq!(reply["result"]["isError"], false, "{reply}");
        assert_eq!(reply["result"]["content"][0]["text"], "still here");
    }
}

/// Reads one response: status line, headers, then the body by Content-Length
/// (or to the end of the stream).
pub fn read_reply(stream: &mut TcpStream) -> Reply {
    try_read_reply(stream).expect("read the response")
}

/// [`read_reply`], with a failed read as an error rather than a panic: a
/// server that refuses a connection closes it at once, and a request written
/// after that close may reset the connection.
pub fn try_read_reply(stream: &mut TcpStream) -> std::io::Result<Reply> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = stream.read(&mut buf)?;
        assert!(
            n > 0,
            "connection closed before a response: {:?}",
            String::from_utf8_lossy(&raw)
        );
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("bad status line in {head:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[head_end + 4..].to_vec();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .map(|(_, v)| v.parse::<usize>().unwrap());
    loop {
        if length.is_some_and(|n| body.len() >= n) {
            break;
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&buf[..n]);
    }
    if let Ok(message) = serde_json::from_slice::<Value>(&body) {
        super::audit::check(&message);
    }
    Ok(Reply {
        status,
        headers,
        body,
    })
}
