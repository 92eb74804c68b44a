//! Common given names across the languages a business inbox sees. A capitalized word in
//! this list starts a person's name (`Dana`, `Dana Whitfield`). Given names that are also
//! everyday words (`May`, `Will`, `Bill`, `Grace`) are left out on purpose. The list is data:
//! `data/first_names.txt`, one name per line, compiled in by `build.rs`.

/// Given names, sorted, for binary search.
const NAMES: &[&str] = include!(concat!(env!("OUT_DIR"), "/first_names.rs"));
/// True when `word` is a common given name.
#[must_use]
pub fn is_given_name(word: &str) -> bool {
    NAMES.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::is_given_name;

    #[test]
    fn the_data_file_is_sorted_without_duplicates_or_blank_entries() {
        assert!(super::NAMES.len() > 400, "{}", super::NAMES.len());
        assert!(super::NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(
            super::NAMES
                .iter()
                .all(|n| !n.is_empty() && n.trim() == *n && !n.contains(' '))
        );
    }

    #[test]
    fn lookup() {
        assert!(is_given_name("Dana"));
        assert!(is_given_name("Łukasz"));
        assert!(!is_given_name("Support"));
        assert!(!is_given_name("May"));
    }
}
