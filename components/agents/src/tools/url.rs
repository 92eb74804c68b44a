//! URLs for `http_get`: parsing the `http`/`https` URLs a tool may fetch, their origin
//! (what the operator allows), redirects resolved against the URL they came from, and
//! host names that are private or loopback addresses.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Longest URL taken, in bytes.
pub const MAX_LEN: usize = 2000;

/// An `http` or `https` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`.
    pub scheme: String,
    /// The host, lower case (an IPv6 address without its brackets).
    pub host: String,
    /// The port, the scheme's default when the URL has none.
    pub port: u16,
    /// Path and query, from the `/` on (`/` when empty); no fragment.
    pub path: String,
}

impl Url {
    /// Parse `text`; why it is not a URL `http_get` takes, when it is not.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() > MAX_LEN {
            return Err(format!("the URL is longer than {MAX_LEN} characters"));
        }
        let (scheme, rest) = text
            .split_once("://")
            .ok_or_else(|| format!("'{text}' is not an absolute URL"))?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => {
                return Err(format!(
                    "only http and https URLs are fetched, not '{scheme}'"
                ));
            }
        };
        let rest = rest.split('#').next().unwrap_or_default();
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.contains('@') {
            return Err("URLs with credentials are not fetched".into());
        }
        let (host, port) = split_host_port(authority)?;
        if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!("'{text}' has no valid host"));
        }
        let path = if path.starts_with('?') {
            format!("/{path}")
        } else {
            path.to_owned()
        };
        Ok(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port: port.unwrap_or(default_port),
            path,
        })
    }

    /// `scheme://host:port`, the port always written.
    pub fn origin(&self) -> String {
        if self.host.contains(':') {
            format!("{}://[{}]:{}", self.scheme, self.host, self.port)
        } else {
            format!("{}://{}:{}", self.scheme, self.host, self.port)
        }
    }

    /// The whole URL, as it is requested.
    pub fn text(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// Where a redirect's `Location` points, from this URL.
    pub fn join(&self, location: &str) -> Result<Self, String> {
        if location.contains("://") {
            return Self::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            return Self::parse(&format!("{}://{rest}", self.scheme));
        }
        let path = if location.starts_with('/') {
            location.to_owned()
        } else {
            let dir = self.path.split('?').next().unwrap_or("/");
            format!("{}{location}", &dir[..=dir.rfind('/').unwrap_or(0)])
        };
        Ok(Self {
            path,
            ..self.clone()
        })
    }

    /// Whether the host is a loopback or private address (or `localhost`), which is never
    /// fetched unless its origin is the one allowed.
    pub fn is_private(&self) -> bool {
        if self.host == "localhost" || self.host.ends_with(".localhost") {
            return true;
        }
        match self.host.parse::<IpAddr>() {
            Ok(IpAddr::V4(ip)) => private_v4(ip),
            Ok(IpAddr::V6(ip)) => private_v6(ip),
            Err(_) => false,
        }
    }
}

/// `host` and its port, if written (`[::1]:8080` → `::1`, 8080).
fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), String> {
    let bad_port = || format!("'{authority}' has an invalid port");
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("'{authority}': unclosed '['"))?;
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port.parse().map_err(|_| bad_port())?))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(bad_port()),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Ok((host, Some(port.parse().map_err(|_| bad_port())?))),
        None => Ok((authority, None)),
    }
}

fn private_v4(ip: Ipv4Addr) -> bool {
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.octets()[0] == 0
}

fn private_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
        || ip.to_ipv4_mapped().is_some_and(private_v4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_to_their_origin_and_path() {
        let u = Url::parse("HTTPS://Example.com/a/b?q=1#frag").unwrap();
        assert_eq!(
            (u.origin().as_str(), u.path.as_str()),
            ("https://example.com:443", "/a/b?q=1")
        );
        assert_eq!(
            Url::parse("http://h:8080").unwrap().text(),
            "http://h:8080/"
        );
        assert_eq!(
            Url::parse("http://[::1]:9/x").unwrap().origin(),
            "http://[::1]:9"
        );
        assert_eq!(Url::parse("http://h?x=1").unwrap().path, "/?x=1");
        for bad in [
            "ftp://h/",
            "h/path",
            "http://u:p@h/",
            "http://h:99999/",
            "http:///x",
            "http://[::1/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
        assert!(Url::parse(&format!("http://h/{}", "a".repeat(2000))).is_err());
    }

    #[test]
    fn redirects_resolve_against_the_url_they_came_from() {
        let base = Url::parse("http://h:8080/docs/page?x=1").unwrap();
        assert_eq!(base.join("/other").unwrap().text(), "http://h:8080/other");
        assert_eq!(base.join("next").unwrap().text(), "http://h:8080/docs/next");
        assert_eq!(
            base.join("//elsewhere/x").unwrap().text(),
            "http://elsewhere:80/x"
        );
        assert_eq!(
            base.join("https://e.com/").unwrap().origin(),
            "https://e.com:443"
        );
    }

    #[test]
    fn private_and_loopback_hosts_are_known() {
        for host in [
            "localhost",
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "[::1]",
            "[fd00::1]",
            "[fe80::1]",
            "[::ffff:10.0.0.1]",
        ] {
            assert!(
                Url::parse(&format!("http://{host}/")).unwrap().is_private(),
                "{host}"
            );
        }
        for host in ["example.com", "8.8.8.8", "172.32.0.1", "[2001:db8::1]"] {
            assert!(
                !Url::parse(&format!("http://{host}/")).unwrap().is_private(),
                "{host}"
            );
        }
    }
}
