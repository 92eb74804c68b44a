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

/// Most distinct part codes of one mail whose kin are looked for: a mail naming more is a
/// list or a table, whose codes the other rules read, and comparing every code of a long
/// text with every part found in it would grow with the square of its length.
const MAX_KIN_PARTS: usize = 64;

/// The distinct part codes of a mail that codes of the same form are compared with.
pub struct Kin<'t> {
    /// The first [`MAX_KIN_PARTS`] distinct part codes, in order.
    parts: Vec<&'t str>,
}

impl<'t> Kin<'t> {
    /// The part codes at the spans `known` of `text`, without repeats, at most
    /// [`MAX_KIN_PARTS`] of them.
    #[must_use]
    pub fn of(text: &'t str, known: &[(usize, usize)]) -> Self {
        let mut seen = std::collections::HashSet::new();
        let parts = known
            .iter()
            .map(|&(start, end)| &text[start..end])
            .filter(|part| seen.insert(*part))
            .take(MAX_KIN_PARTS)
            .collect();
        Self { parts }
    }

    /// True when `code` is kin of one of the parts ([`is_kin`]).
    #[must_use]
    pub fn has_kin(&self, code: &str) -> bool {
        self.parts.iter().any(|part| is_kin(code, part))
    }
}

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
    use super::{Kin, is_kin};

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

    #[test]
    fn each_part_is_compared_once_and_only_the_first_of_many() {
        let text = "AP9641 AP9641 AP9641";
        let kin = Kin::of(text, &[(0, 6), (7, 13), (14, 20)]);
        assert_eq!(kin.parts, ["AP9641"]);
        assert!(kin.has_kin("AP9631") && !kin.has_kin("AP9641"));
        // 64 parts `A00000` … `A00063`, then `B12345`, which is one too many.
        let many: String = (0..64).map(|i| format!("A{i:05} ")).collect::<String>() + "B12345";
        let spans: Vec<(usize, usize)> = (0..65).map(|i| (i * 7, i * 7 + 6)).collect();
        let kin = Kin::of(&many, &spans);
        assert_eq!(kin.parts.len(), super::MAX_KIN_PARTS);
        assert!(kin.has_kin("A00070") && !kin.has_kin("B12346"));
    }
}
