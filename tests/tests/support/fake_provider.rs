//! A misbehaving OpenAI-compatible provider for failure tests: a loopback TCP server that
//! answers every connection with the same raw HTTP response, then closes it.

use std::io::{Read, Write};
use std::net::TcpListener;

/// Serve `raw` (status line, headers and body) to every connection; returns the base URL.
/// The server thread lives as long as the test binary.
pub fn serve(raw: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 16 * 1024];
            // One read is enough to take the small request off the wire.
            let _ = stream.read(&mut request);
            let _ = stream.write_all(raw.as_bytes());
        }
    });
    url
}
