//! `http_request`: raw bytes sent down one HTTP connection, served by the
//! real hyper stack, guard and `/mcp` endpoint over an in-memory stream.

use std::cell::Cell;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::OnceLock;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::runtime::Runtime;

use super::{empty_server, parse_json};
use crate::transport::http::serve_one_connection;

/// How long one exchange may take. Nothing in it waits on a timer: the
/// client half-closes once the server has settled, so every read ends at
/// once; a run past this bound is a hang, and a finding.
const EXCHANGE_BOUND: Duration = Duration::from_secs(4);

/// Polls in a row without a byte crossing the stream after which the server
/// is taken to wait for more input.
const QUIET_POLLS: u32 = 8;

/// Polls the client waits for the server to settle, at most.
const MAX_POLLS: u32 = 100_000;

/// Room in each direction of the in-memory stream.
const PIPE_BYTES: usize = 64 * 1024;

/// Header slots for reading requests and responses back.
const MAX_HEADERS: usize = 128;

/// Sends `data` as the client side of one connection, waits until the
/// server stops moving, half-closes, reads everything the server writes
/// until it closes, and checks:
///
/// - the exchange ends within [`EXCHANGE_BOUND`] (libFuzzer's `-timeout`
///   backs this up);
/// - a complete request head gets at least one response (the connection
///   is not merely closed), which also catches a request left hanging: hyper
///   ends a connection whose client half-closes mid-request silently;
/// - every response the output holds starts with a parsable status line,
///   and a JSON body (`Content-Type: application/json`) is valid JSON.
///
/// The guard is fixed (see [`serve_one_connection`]): `Host: localhost` or
/// `mcp.example`, `Authorization: Bearer fuzz-token`.
pub fn http_request(data: &[u8]) {
    let output = runtime().block_on(async {
        let (client, server_side) = tokio::io::duplex(PIPE_BYTES);
        let server_side = Counted::new(server_side);
        let (read_by_server, written_by_server) = server_side.counts();
        let serving = serve_one_connection(empty_server().clone(), server_side);
        let talking = async move {
            let (mut read, mut write) = tokio::io::split(client);
            let writing = async move {
                // The server may close first (after a 400, say): that is fine.
                let _ = write.write_all(data).await;
                // hyper drops a response still in the making when the client
                // half-closes (`half_close` is off), as for a TCP client: so
                // the client closes only once the server has stopped moving.
                let mut last = (read_by_server.get(), written_by_server.get());
                let mut quiet = 0;
                for _ in 0..MAX_POLLS {
                    tokio::task::yield_now().await;
                    let now = (read_by_server.get(), written_by_server.get());
                    quiet = if now == last { quiet + 1 } else { 0 };
                    last = now;
                    if quiet == QUIET_POLLS {
                        break;
                    }
                }
                let _ = write.shutdown().await;
            };
            let mut output = Vec::new();
            let reading = read.read_to_end(&mut output);
            let ((), read) = tokio::join!(writing, reading);
            read.map(|_| output)
        };
        tokio::time::timeout(EXCHANGE_BOUND, async {
            let (_served, talked) = tokio::join!(serving, talking);
            talked
        })
        .await
    });
    let output = match output {
        Ok(Ok(output)) => output,
        Ok(Err(e)) => panic!("reading the server's side failed: {e}"),
        Err(_) => panic!("the exchange took longer than {EXCHANGE_BOUND:?}"),
    };
    if let Some(head) = first_head_length(data)
        && !h2_preface_follows(&data[head..])
    {
        assert!(
            !output.is_empty(),
            "a complete request head got no response"
        );
    }
    check_responses(&output, &request_methods(data));
}

/// The server's end of the stream, counting the bytes that cross it, so
/// the client can tell when the server has stopped moving.
struct Counted<S> {
    inner: S,
    read: Rc<Cell<usize>>,
    written: Rc<Cell<usize>>,
}

impl<S> Counted<S> {
    fn new(inner: S) -> Self {
        Self {
            inner,
            read: Rc::default(),
            written: Rc::default(),
        }
    }

    fn counts(&self) -> (Rc<Cell<usize>>, Rc<Cell<usize>>) {
        (self.read.clone(), self.written.clone())
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Counted<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        let read = buf.filled().len() - before;
        self.read.set(self.read.get() + read);
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Counted<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = polled {
            self.written.set(self.written.get() + n);
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// One runtime for every run: building one costs more than most runs.
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}

/// The length of the first request head, when `data` holds all of it.
fn first_head_length(data: &[u8]) -> Option<usize> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    match httparse::Request::new(&mut headers).parse(data) {
        Ok(httparse::Status::Complete(head)) => Some(head),
        _ => None,
    }
}

/// Whether the HTTP/2 preface comes next, past any blank lines. hyper
/// 1.x answers a head it refuses (an invalid `Content-Length`, say) with a
/// 400, unless what follows the refused head is the HTTP/2 preface: then it
/// closes the connection without a word (`Conn::on_parse_error`). That is
/// hyper's choice, not a hang, so the check above lets it be.
fn h2_preface_follows(rest: &[u8]) -> bool {
    const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    let start = rest
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(rest.len());
    rest[start..].starts_with(H2_PREFACE)
}

/// The methods of the requests `data` holds, in order, as far as their
/// framing can be followed: up to the first incomplete one, or the first
/// whose body length is not a plain `Content-Length`.
fn request_methods(data: &[u8]) -> Vec<String> {
    let mut methods = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        let Ok(httparse::Status::Complete(head)) = request.parse(rest) else {
            break;
        };
        let Some(method) = request.method else { break };
        methods.push(method.to_owned());
        let mut length = Some(0usize);
        for header in request.headers.iter() {
            if header.name.eq_ignore_ascii_case("transfer-encoding") {
                length = None;
            } else if header.name.eq_ignore_ascii_case("content-length") {
                length = std::str::from_utf8(header.value)
                    .ok()
                    .and_then(|v| v.trim().parse().ok());
            }
        }
        match length.and_then(|length| head.checked_add(length)) {
            Some(end) if end <= rest.len() => rest = &rest[end..],
            _ => break,
        }
    }
    methods
}

/// Walks the responses in `output`. A response's body can be found only
/// when the request it answers is known (`HEAD` has none): past the known
/// requests, only the next status line is checked.
fn check_responses(output: &[u8], methods: &[String]) {
    let mut rest = output;
    let mut answered = 0;
    while !rest.is_empty() {
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut response = httparse::Response::new(&mut headers);
        let head = match response.parse(rest) {
            Ok(httparse::Status::Complete(head)) => head,
            other => panic!(
                "unparsable response ({other:?}): {:?}",
                String::from_utf8_lossy(&rest[..rest.len().min(200)])
            ),
        };
        let code = response.code.expect("a complete head has a status");
        assert!((100..=599).contains(&code), "status {code}");
        if (100..200).contains(&code) {
            rest = &rest[head..];
            continue;
        }
        let Some(method) = methods.get(answered) else {
            return;
        };
        answered += 1;
        let header = |name: &str| {
            response
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| String::from_utf8_lossy(h.value).into_owned())
        };
        let length: usize = match header("content-length") {
            Some(length) => length.trim().parse().expect("a numeric Content-Length"),
            None if header("transfer-encoding").is_some() => return,
            None => 0,
        };
        let body_length = if method == "HEAD" || code == 204 || code == 304 {
            0
        } else {
            length
        };
        let end = head + body_length;
        assert!(end <= rest.len(), "the body is cut short");
        let body = &rest[head..end];
        let json = header("content-type")
            .is_some_and(|t| t.split(';').next().unwrap_or("").trim() == "application/json");
        if json
            && !body.is_empty()
            && let Err(e) = parse_json(body)
        {
            panic!(
                "invalid JSON body ({e}): {:?}",
                String::from_utf8_lossy(body)
            );
        }
        rest = &rest[end..];
    }
}
