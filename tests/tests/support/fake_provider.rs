//! Loopback HTTP servers for failure tests: a misbehaving OpenAI-compatible provider that
//! answers every connection with the same raw HTTP response ([`serve`]), and a small web
//! site that answers by path ([`serve_pages`]).

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
            let path = read_request(&mut stream);
            // One response per connection, said so: a client must not reuse it.
            let raw = page(&path).replacen("\r\n", "\r\nconnection: close\r\n", 1);
            let _ = stream.write_all(raw.as_bytes());
            let _ = stream.shutdown(Shutdown::Write);
        }
    });
    url
}

/// Read the request head and its body: as many bytes as its `content-length` says, or up
/// to the last chunk of a chunked body (Spin streams outbound bodies that way); the
/// request's path.
fn read_request(stream: &mut TcpStream) -> String {
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
                return head.split_whitespace().nth(1).unwrap_or("/").to_owned();
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return String::new(),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}
