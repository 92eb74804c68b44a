//! Loopback HTTP servers for failure tests: a misbehaving OpenAI-compatible provider that
//! answers every connection with the same raw HTTP response ([`serve`]), a small web
//! site that answers by path ([`serve_pages`]), a scripted chat model that answers
//! each request's JSON body ([`serve_chat`]), and a model that streams its tokens slowly
//! ([`serve_slow_stream`]).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};

/// Serve `raw` (status line, headers and body) to every connection; returns the base URL.
/// The server thread lives as long as the test binary.
pub fn serve(raw: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // Take the whole request off the wire first: closing with unread bytes would
            // reset the connection instead of delivering the answer.
            let _ = read_request(&mut stream);
            let _ = stream.write_all(raw.as_bytes());
            let _ = stream.shutdown(Shutdown::Write);
        }
    });
    url
}

/// Serve the raw response `page` gives for each request's path (status line, headers and
/// body); returns the base URL. The server thread lives as long as the test binary.
pub fn serve_pages(page: fn(&str) -> String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (path, _) = read_request(&mut stream);
            // One response per connection, said so: a client must not reuse it.
            let raw = page(&path).replacen("\r\n", "\r\nconnection: close\r\n", 1);
            let _ = stream.write_all(raw.as_bytes());
            let _ = stream.shutdown(Shutdown::Write);
        }
    });
    url
}

/// A chat model at `/v1/chat/completions`: `answer` turns each request's JSON body into
/// the JSON completion it answers (sent whole, as a provider ignoring `stream` does);
/// returns the base URL.
pub fn serve_chat(answer: fn(&serde_json::Value) -> serde_json::Value) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (_, body) = read_request(&mut stream);
            let request = serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null);
            let document = answer(&request).to_string();
            let raw = format!(
                "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\n\
                 content-length: {}\r\n\r\n{document}",
                document.len()
            );
            let _ = stream.write_all(raw.as_bytes());
            let _ = stream.shutdown(Shutdown::Write);
        }
    });
    url
}

/// A chat model that streams: every `/v1/chat/completions` request is answered with
/// OpenAI's stream framing, one content delta per token with `gap` between them, then
/// `[DONE]`; any other path (a health check) gets `{"status":"ok"}`. Returns the base URL.
/// Each connection is served on its own thread, so slow streams do not queue.
pub fn serve_slow_stream(tokens: &'static [&'static str], gap: std::time::Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let (path, _) = read_request(&mut stream);
                if !path.ends_with("/chat/completions") {
                    let body = r#"{"status":"ok"}"#;
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    return;
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: text/event-stream\r\n\r\n",
                );
                for token in tokens {
                    let chunk = serde_json::json!({
                        "object": "chat.completion.chunk",
                        "model": "slow-stream",
                        "choices": [{"index": 0, "delta": {"content": token}, "finish_reason": null}],
                    });
                    if write!(stream, "data: {chunk}\n\n").is_err() {
                        return;
                    }
                    let _ = stream.flush();
                    std::thread::sleep(gap);
                }
                let last = serde_json::json!({
                    "object": "chat.completion.chunk",
                    "model": "slow-stream",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                });
                let _ = write!(stream, "data: {last}\n\ndata: [DONE]\n\n");
                let _ = stream.shutdown(Shutdown::Write);
            });
        }
    });
    url
}

/// Read the request head and its body: as many bytes as its `content-length` says, or up
/// to the last chunk of a chunked body (Spin streams outbound bodies that way); the
/// request's path and body (a chunked body decoded).
fn read_request(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let header = |name: &str| {
                head.lines()
                    .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_owned()))
            };
            let body = &buf[end + 4..];
            let complete = if header("transfer-encoding:").is_some_and(|v| v.contains("chunked")) {
                body.ends_with(b"0\r\n\r\n")
            } else {
                let length = header("content-length:")
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(0);
                body.len() >= length
            };
            if complete {
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let chunked = header("transfer-encoding:").is_some_and(|v| v.contains("chunked"));
                return (
                    path,
                    if chunked {
                        dechunk(body)
                    } else {
                        body.to_vec()
                    },
                );
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return (String::new(), Vec::new()),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The data of a chunked body: each `<hex size>\r\n<data>\r\n`, up to the empty chunk.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..line_end])
            .ok()
            .and_then(|l| usize::from_str_radix(l.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        let data = line_end + 2;
        if size == 0 || body.len() < data + size {
            break;
        }
        out.extend_from_slice(&body[data..data + size]);
        body = &body[(data + size + 2).min(body.len())..];
    }
    out
}
