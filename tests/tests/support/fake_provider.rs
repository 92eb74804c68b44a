//! A misbehaving OpenAI-compatible provider for failure tests: a loopback TCP server that
//! answers every connection with the same raw HTTP response, then closes it.

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
            read_request(&mut stream);
            let _ = stream.write_all(raw.as_bytes());
            let _ = stream.shutdown(Shutdown::Write);
        }
    });
    url
}

/// Read the request head and its body: as many bytes as its `content-length` says, or up
/// to the last chunk of a chunked body (Spin streams outbound bodies that way).
fn read_request(stream: &mut TcpStream) {
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
                return;
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}
