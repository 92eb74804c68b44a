//! Request ids: an incoming `x-request-id` is echoed when it is safe to echo, otherwise
//! a fresh one is minted.

/// Name of the header carrying the request id, in both directions.
pub const HEADER: &str = "x-request-id";

/// Longest client-supplied request id that is echoed back.
pub const MAX_LEN: usize = 128;

/// Whether a client-supplied id may be echoed: 1..=128 chars of `[A-Za-z0-9._:-]`.
///
/// Anything else (empty, too long, spaces, control characters, non-ASCII) could be used
/// to forge log lines or headers, so it is replaced rather than echoed.
pub fn is_valid(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// A new request id from 16 random bytes, as 32 lowercase hex digits.
pub fn from_random(bytes: [u8; 16]) -> String {
    let mut s = String::with_capacity(32);
    for b in bytes {
        s.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
        s.push(char::from_digit(u32::from(b & 0xf), 16).unwrap_or('0'));
    }
    s
}

/// The id to use for a request: the client's when valid, else one made from `random`.
pub fn resolve(client_supplied: Option<&str>, random: impl FnOnce() -> [u8; 16]) -> String {
    match client_supplied {
        Some(id) if is_valid(id) => id.to_owned(),
        _ => from_random(random()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echoes_a_well_formed_id() {
        assert_eq!(resolve(Some("abc-123_x.y:z"), || [0; 16]), "abc-123_x.y:z");
    }

    #[test]
    fn replaces_unsafe_ids() {
        for bad in [
            "",
            "has space",
            "new\nline",
            "ünïcode",
            &"a".repeat(MAX_LEN + 1),
        ] {
            let id = resolve(Some(bad), || [0xab; 16]);
            assert_eq!(id, "ab".repeat(16), "input {bad:?}");
        }
    }

    #[test]
    fn random_ids_are_32_hex_digits() {
        let id = from_random([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
        assert_eq!(id, "000102030405060708090a0b0c0d0eff");
    }
}
