//! Codes of the same form as a part code found in the same mail: a mail that names one part
//! code names its kin the same way (`do we need the older AP9631?` beside `the AP9641
//! card`; `labelled X4011A-R6, while the other drives … are X4011A-R5`; `If the U7-Pro is
//! short, U6-Pro is fine`). A kin has the part's length and, place by place, the same kind
//! of character (digit, capital, lower case, the same sign), starts with the same character
//! and differs in one or two places ([`is_kin`]); a run of serials of one batch stays out.

/// Fewest characters of a code taken as kin of a part.
const MIN_KIN_LEN: usize = 6;

/// Most places in which a kin differs from its part.
const MAX_KIN_CHANGES: usize = 2;

/// Characters a kin shares with its part at its start.
const SAME_START: usize = 1;

/// True when `code` is kin of the part code `part`: as long, the same kind of character at
/// every place, the same first character, and one or two places different.
#[must_use]
pub fn is_kin(code: &str, part: &str) -> bool {
    let (a, b) = (code.as_bytes(), part.as_bytes());
    let kind = |c: u8| {
        if c.is_ascii_digit() {
            b'9'
        } else if c.is_ascii_uppercase() {
            b'A'
        } else if c.is_ascii_lowercase() {
            b'a'
        } else {
            c
        }
    };
    let changes = a.iter().zip(b).filter(|(x, y)| x != y).count();
    a.len() == b.len()
        && a.len() >= MIN_KIN_LEN
        && a[..SAME_START] == b[..SAME_START]
        && a.iter().zip(b).all(|(x, y)| kind(*x) == kind(*y))
        && (1..=MAX_KIN_CHANGES).contains(&changes)
}

#[cfg(test)]
mod tests {
    use super::is_kin;

    #[test]
    fn codes_of_the_same_form() {
        assert!(is_kin("AP9631", "AP9641"));
        assert!(is_kin("X4011A-R5", "X4011A-R6"));
        assert!(is_kin("960-001311", "960-001339"));
        assert!(is_kin("U6-Pro", "U7-Pro"));
        for (code, part) in [
            ("AP9641", "AP9641"),
            ("AP963", "AP964"),
            ("AP9631", "AB8651"),
            ("BP9641", "AP9641"),
            ("AP96A1", "AP9641"),
            ("SMT1500RMI", "SMT2200XLI"),
        ] {
            assert!(!is_kin(code, part), "{code} {part}");
        }
    }
}
