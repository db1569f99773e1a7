//! Reading a `text/event-stream` response as it arrives: the head, then the
//! chunked body decoded as it comes, one `data:` event at a time. Comments
//! (`: keep-alive`) are skipped.

use std::io::{Read, Write};
use std::net::TcpStream;

use serde_json::Value;

use super::TIMEOUT;
use super::http::HttpServer;

/// An open stream.
pub struct EventStream {
    stream: TcpStream,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Bytes read but not yet decoded from the chunked framing.
    raw: Vec<u8>,
    /// Decoded body bytes not yet split into events.
    decoded: Vec<u8>,
    /// The body's last chunk has arrived, or the connection closed.
    ended: bool,
}

impl EventStream {
    /// Sends `request` on a fresh connection and reads the response head.
    pub fn open(server: &HttpServer, request: &[u8]) -> Self {
        let mut stream = TcpStream::connect(server.addr).expect("connect");
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.write_all(request).unwrap();
        let mut raw = Vec::new();
        let mut buf = [0u8; 4096];
        let head_end = loop {
            if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let n = stream.read(&mut buf).expect("read the head");
            assert!(n > 0, "closed before a head");
            raw.extend_from_slice(&buf[..n]);
        };
        let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("bad status line in {head:?}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Self {
            stream,
            status,
            headers,
            raw: raw[head_end + 4..].to_vec(),
            decoded: Vec::new(),
            ended: false,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The next event's message; `None` once the stream has ended.
    pub fn next(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.decoded.windows(2).position(|w| w == b"\n\n") {
                let event: Vec<u8> = self.decoded.drain(..end + 2).collect();
                let text = String::from_utf8(event).expect("events are UTF-8");
                let data: String = text
                    .lines()
                    .filter_map(|line| line.strip_prefix("data: "))
                    .collect();
                if data.is_empty() {
                    continue; // a comment
                }
                let message: Value = serde_json::from_str(&data)
                    .unwrap_or_else(|e| panic!("event data is not JSON ({e}): {data}"));
                super::audit::check(&message);
                return Some(message);
            }
            if self.ended {
                return None;
            }
            self.decode_or_read();
        }
    }

    /// Reads until the stream ends; the events that were still to come.
    pub fn until_end(&mut self) -> Vec<Value> {
        std::iter::from_fn(|| self.next()).collect()
    }

    /// Moves whole chunks from `raw` to `decoded`, reading more when none is
    /// complete.
    fn decode_or_read(&mut self) {
        if let Some(line_end) = self.raw.windows(2).position(|w| w == b"\r\n") {
            let size_text = String::from_utf8_lossy(&self.raw[..line_end]).into_owned();
            let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16)
                .unwrap_or_else(|_| panic!("bad chunk size {size_text:?}"));
            if size == 0 {
                self.ended = true;
                return;
            }
            let start = line_end + 2;
            if self.raw.len() >= start + size + 2 {
                self.decoded
                    .extend_from_slice(&self.raw[start..start + size]);
                self.raw.drain(..start + size + 2);
                return;
            }
        }
        let mut buf = [0u8; 4096];
        let n = self.stream.read(&mut buf).expect("read the stream");
        if n == 0 {
            self.ended = true;
        }
        self.raw.extend_from_slice(&buf[..n]);
    }
}
