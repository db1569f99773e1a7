//! A real HTTP/1.1 server on 127.0.0.1 for the policy tests: it answers each
//! upstream behaviour a tool must survive (statuses, slow heads and bodies,
//! oversized bodies, redirects), a small HTML page and an echo of a posted
//! body, and records every connection it accepts, so a
//! test can prove a refused request never reached it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Longest a stalling route waits for the client to hang up.
const STALL_LIMIT: Duration = Duration::from_secs(20);

pub struct Upstream {
    pub port: u16,
    /// Request targets (`/path?query`) in arrival order.
    seen: Arc<Mutex<Vec<String>>>,
    /// Connections accepted, including ones that sent nothing.
    connections: Arc<Mutex<usize>>,
}

impl Upstream {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let (seen2, connections2) = (seen.clone(), connections.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { break };
                *connections2.lock().unwrap() += 1;
                let seen = seen2.clone();
                thread::spawn(move || {
                    let _ = serve(stream, &seen);
                });
            }
        });
        Self {
            port,
            seen,
            connections,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    pub fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

fn serve(stream: TcpStream, seen: &Mutex<Vec<String>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(STALL_LIMIT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let (mut authorization, mut content_type, mut length) = (String::new(), String::new(), 0);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let value = value.trim().to_owned();
            match name.to_ascii_lowercase().as_str() {
                "authorization" => authorization = value,
                "content-type" => content_type = value,
                // Bounded: the echo route reads at most 1 MiB.
                "content-length" => length = value.parse::<usize>().unwrap_or(0).min(1 << 20),
                _ => {}
            }
        }
    }
    seen.lock().unwrap().push(target.clone());
    let mut out = stream;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    match path {
        "/ok" => respond(&mut out, 200, &[], b"hello from upstream"),
        "/page" => respond(
            &mut out,
            200,
            &[("Content-Type", "text/html; charset=utf-8")],
            "<html><head><title>Upstream caf\u{e9}</title></head><body>\
             <a href=\"/ok\">ok</a> <a href=\"/page\">again</a> <a>none</a></body></html>"
                .as_bytes(),
        ),
        "/echo" => {
            // The request's body back, with its content type.
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            respond(&mut out, 200, &[("Content-Type", &content_type)], &body)
        }
        "/auth" => {
            // A careless upstream that echoes the credentials it was sent.
            let body = format!("denied; you sent {authorization}");
            respond(&mut out, 401, &[], body.as_bytes())
        }
        "/redirect" => {
            let to = query.strip_prefix("to=").unwrap_or("/ok");
            respond(&mut out, 302, &[("Location", to)], b"")
        }
        "/slow-head" => stall(reader),
        "/slow-body" => {
            out.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst part")?;
            out.flush()?;
            stall(reader)
        }
        "/big" => {
            let body = vec![b'x'; 2 << 20];
            respond(&mut out, 200, &[], &body)
        }
        "/big-chunked" => {
            out.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")?;
            let chunk = vec![b'y'; 64 << 10];
            for _ in 0..64 {
                write!(out, "{:x}\r\n", chunk.len())?;
                out.write_all(&chunk)?;
                out.write_all(b"\r\n")?;
            }
            out.write_all(b"0\r\n\r\n")
        }
        _ if path.starts_with("/flaky/") => {
            // `/flaky/KEY/N`: 503 for the first N requests of this path, then 200.
            let failures: usize = path.rsplit('/').next().unwrap_or("0").parse().unwrap_or(0);
            let so_far = seen
                .lock()
                .unwrap()
                .iter()
                .filter(|t| **t == target)
                .count();
            if so_far <= failures {
                respond(&mut out, 503, &[], b"not yet")
            } else {
                respond(
                    &mut out,
                    200,
                    &[],
                    format!("recovered after {failures}").as_bytes(),
                )
            }
        }
        _ => {
            if let Some(code) = path.strip_prefix("/status/") {
                let code: u16 = code.parse().unwrap_or(500);
                let retry: &[(&str, &str)] = if code == 429 || code == 503 {
                    &[("Retry-After", "7")]
                } else {
                    &[]
                };
                respond(&mut out, code, retry, b"upstream-private-detail")
            } else {
                respond(&mut out, 404, &[], b"no such route")
            }
        }
    }
}

fn respond(
    out: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status} Status\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(body)?;
    out.flush()
}

/// Waits, bounded, until the client hangs up.
fn stall(mut reader: BufReader<TcpStream>) -> std::io::Result<()> {
    let mut buf = [0u8; 256];
    while reader.read(&mut buf)? > 0 {}
    Ok(())
}
