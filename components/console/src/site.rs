//! What the console serves for a request, and the headers every response carries.
//!
//! `/` and every `/app/...` path that is not a built file get the app's `index.html` (the
//! app routes on the client); a missing file under `/app/assets/` is a 404, so a stale
//! page asking for an old bundle fails visibly instead of receiving HTML. Only `GET` and
//! `HEAD` are served. Bundles are named by content hash (`app-<hash>.js`), so they are
//! cached for good; `index.html` is revalidated on every load.

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The console's Content-Security-Policy: its own scripts, styles and API only; no inline
/// script or style, no framing, no forms posted anywhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// `(name, value)` pairs on every console response, whatever its status.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
];

/// The URL path of the app's page.
pub const INDEX: &str = "/app/index.html";

/// The folder of the hashed bundles, cached for good.
const BUNDLES: &str = "/app/assets/";

/// A response: status, headers (the security headers first), body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Lower-case header names and their values.
    pub headers: Vec<(&'static str, String)>,
    /// The body (empty for `HEAD`).
    pub body: &'static [u8],
}

impl Reply {
    /// The value of header `name`, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The reply to `method` on `path` (without the query string).
pub fn serve(method: &str, path: &str) -> Reply {
    let head = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let mut reply = plain(
                405,
                b"405 method not allowed: the console serves GET and HEAD\n",
            );
            reply.headers.push(("allow", "GET, HEAD".to_owned()));
            return reply;
        }
    };
    let mut reply = match lookup(path) {
        Some((url, body)) => file(url, body),
        None if is_client_route(path) => match lookup(INDEX) {
            Some((url, body)) => file(url, body),
            None => plain(500, b"500 the console was built without its index.html\n"),
        },
        None => plain(404, b"404 not found\n"),
    };
    if head {
        reply.body = b"";
    }
    reply
}

/// The built file at `path`, as `(url, bytes)`.
fn lookup(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .binary_search_by(|(url, _)| (*url).cmp(path))
        .ok()
        .map(|i| ASSETS[i])
}

/// Whether `path` is one of the app's own pages: `/`, `/app` or below it, outside the
/// bundles' folder.
fn is_client_route(path: &str) -> bool {
    path == "/" || path == "/app" || (path.starts_with("/app/") && !path.starts_with(BUNDLES))
}

/// A built file with its content type and caching.
fn file(url: &str, body: &'static [u8]) -> Reply {
    let cache = if url.starts_with(BUNDLES) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut headers = security_headers();
    headers.push(("content-type", content_type(url).to_owned()));
    headers.push(("cache-control", cache.to_owned()));
    Reply {
        status: 200,
        headers,
        body,
    }
}

/// A short plain-text reply (errors).
fn plain(status: u16, body: &'static [u8]) -> Reply {
    let mut headers = security_headers();
    headers.push(("content-type", "text/plain; charset=utf-8".to_owned()));
    headers.push(("cache-control", "no-store".to_owned()));
    Reply {
        status,
        headers,
        body,
    }
}

fn security_headers() -> Vec<(&'static str, String)> {
    SECURITY_HEADERS
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect()
}

/// The content type of a file by its extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> &'static [u8] {
        lookup(INDEX).expect("the build has an index.html").1
    }

    #[test]
    fn the_root_and_every_client_route_serve_the_index_page() {
        for path in [
            "/",
            "/app",
            "/app/",
            "/app/chat",
            "/app/board/em_1",
            "/app/anything",
        ] {
            let reply = serve("GET", path);
            assert_eq!(reply.status, 200, "{path}");
            assert_eq!(reply.body, index(), "{path}");
            assert_eq!(
                reply.header("content-type"),
                Some("text/html; charset=utf-8")
            );
            assert_eq!(reply.header("cache-control"), Some("no-cache"));
        }
    }

    #[test]
    fn every_reply_carries_the_strict_policy_and_nosniff() {
        let cases = [
            serve("GET", "/"),
            serve("HEAD", "/app/x"),
            serve("GET", "/app/assets/missing.js"),
            serve("POST", "/app/x"),
            serve("GET", "/elsewhere"),
        ];
        for reply in cases {
            assert_eq!(
                reply.header("content-security-policy"),
                Some(CONTENT_SECURITY_POLICY)
            );
            assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
            assert!(reply.header("content-type").is_some());
        }
    }

    #[test]
    fn bundles_are_served_with_their_type_and_cached_for_good() {
        let mut kinds = Vec::new();
        for (url, body) in ASSETS.iter().filter(|(url, _)| url.starts_with(BUNDLES)) {
            let reply = serve("GET", url);
            assert_eq!(reply.status, 200);
            assert_eq!(reply.body, *body);
            assert_eq!(
                reply.header("cache-control"),
                Some("public, max-age=31536000, immutable")
            );
            kinds.push(reply.header("content-type").unwrap_or_default().to_owned());
        }
        assert!(
            kinds.iter().any(|k| k.starts_with("text/javascript")),
            "{kinds:?}"
        );
        assert!(kinds.iter().any(|k| k.starts_with("text/css")), "{kinds:?}");
    }

    #[test]
    fn a_missing_bundle_is_a_404_not_the_page() {
        let reply = serve("GET", "/app/assets/app-0000.js");
        assert_eq!(reply.status, 404);
        assert_eq!(
            reply.header("content-type"),
            Some("text/plain; charset=utf-8")
        );
    }

    #[test]
    fn only_get_and_head_are_served_and_head_has_no_body() {
        let reply = serve("DELETE", "/");
        assert_eq!(reply.status, 405);
        assert_eq!(reply.header("allow"), Some("GET, HEAD"));
        let head = serve("HEAD", "/");
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
    }

    #[test]
    fn the_page_has_no_inline_script_or_style_for_the_policy_to_block() {
        let html = std::str::from_utf8(index()).expect("UTF-8");
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<style"), "inline <style>");
        assert!(!lower.contains(" style="), "a style attribute");
        for tag in lower.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or_default();
            assert!(
                !tag.split_whitespace()
                    .any(|attribute| attribute.starts_with("on")),
                "an inline event handler: <{tag}>"
            );
        }
        for script in lower.split("<script").skip(1) {
            let tag = script.split('>').next().unwrap_or_default();
            assert!(tag.contains("src="), "an inline <script>: <script{tag}>");
        }
        assert!(
            !lower.contains("http://") && !lower.contains("https://"),
            "no CDN"
        );
    }
}
