//! Optional bearer-key check, compared in constant time.

use subtle::ConstantTimeEq;

/// Returns true when `header` (the raw `Authorization` value) carries `expected` as a bearer key.
#[must_use]
pub fn bearer_matches(header: Option<&str>, expected: &str) -> bool {
    let Some(value) = header else {
        return false;
    };
    let Some(token) = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
    else {
        return false;
    };
    let token = token.trim().as_bytes();
    let expected = expected.as_bytes();
    // Lengths are not secret; `ct_eq` on slices of different length is simply false.
    bool::from(token.ct_eq(expected))
}

#[cfg(test)]
mod tests {
    use super::bearer_matches;

    #[test]
    fn accepts_only_the_exact_key() {
        assert!(bearer_matches(Some("Bearer s3cret"), "s3cret"));
        assert!(!bearer_matches(Some("Bearer s3cre"), "s3cret"));
        assert!(!bearer_matches(Some("Bearer s3cretx"), "s3cret"));
        assert!(!bearer_matches(Some("Basic s3cret"), "s3cret"));
        assert!(!bearer_matches(None, "s3cret"));
    }
}
