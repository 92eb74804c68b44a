//! A key-value counter's stored value, as each Spin backend writes it: Spin's SQLite store
//! keeps `wasi:keyvalue/atomics.increment` counters as 8-byte little-endian `i64`s, its
//! Redis store (`INCRBY`) as decimal text. Reading a counter back must accept both, or a
//! deployment that moves to Redis fails on its first read.

/// The counter's value, or `None` when the bytes are neither encoding.
///
/// Decimal text wins: a little-endian counter whose eight bytes are all ASCII digits
/// would be above 3.4 × 10¹⁸, which no counter here reaches.
pub fn decode(bytes: &[u8]) -> Option<i64> {
    let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        return std::str::from_utf8(bytes).ok()?.parse().ok();
    }
    <[u8; 8]>::try_from(bytes).ok().map(i64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sqlite_and_redis_counters() {
        for n in [0i64, 1, 7, 255, 1_000_000, -3, i64::MAX] {
            assert_eq!(decode(&n.to_le_bytes()), Some(n), "sqlite {n}");
            assert_eq!(decode(n.to_string().as_bytes()), Some(n), "redis {n}");
        }
        // Eight decimal digits are Redis text, not a little-endian number.
        assert_eq!(decode(b"12345678"), Some(12_345_678));
    }

    #[test]
    fn refuses_what_is_no_counter() {
        for bad in [
            &b""[..],
            b"-",
            b"12a",
            b"{\"x\":1}",
            b"abcdefg",
            b"123456789x",
        ] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
