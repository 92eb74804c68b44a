//! What before a number on its line makes it a phone number ([`super::contact`]):
//! - a phone label (`Tel:`, `Mobile`, `Móvil`, `Durchwahl`: `data/contact/phone_labels.txt`)
//!   as a whole word, or as the stem of one when listed with a closing `*` (`tele*` takes
//!   `Telefon` and `telephone`; `direct` takes `Direct:`, not "Directive (EU) 2022/2555");
//! - a capital letter alone before it (`T 020 7946 0958`: `letter_labels.txt`);
//! - a linking word right before it (`on`, `at`, `al numero`: `phone_linkers.txt`) after a
//!   contact verb earlier in its sentence (`call*`, `contatt*`: `phone_verbs.txt`), "call
//!   our logistics desk on 0161 555 0140", "può contattarmi al numero 02 8734 1120"; or an
//!   e-mail address and a word offering another way (`or`, `oder`:
//!   `phone_alternatives.txt`), "an einkauf@kvd-koeln.de oder 0221 4711 8200"; not
//!   "shipped on 0412 558731", "the delivery of 0412 558731 units";
//! - its own form: a national number written like a phone found in the text
//!   ([`national_form`]).

/// Labels that make the number after them a phone number: `data/contact/phone_labels.txt`.
const PHONE_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_phone_labels.rs"));

/// Capital letters that label a number at the start of a line or part (`T 020 7946 0958`):
/// `data/contact/letter_labels.txt`.
const LETTER_LABELS: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_letter_labels.rs"));

/// Verbs of getting in touch that, earlier in a sentence, make a number after a linking
/// word a phone: `data/contact/phone_verbs.txt`.
const PHONE_VERBS: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_phone_verbs.rs"));

/// Words right before a number that link it to a contact verb before them:
/// `data/contact/phone_linkers.txt`.
const PHONE_LINKERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/contact_phone_linkers.rs"));

/// Words between an e-mail address and a number that offer the number as another way to
/// reach someone: `data/contact/phone_alternatives.txt`.
const PHONE_ALTERNATIVES: &[&str] =
    include!(concat!(env!("OUT_DIR"), "/contact_phone_alternatives.rs"));

/// Most words between a contact verb and the linking word before the number.
const MAX_VERB_DISTANCE: usize = 6;

/// True when `word` (lower case) is `entry`, or starts with it when `entry` is a stem
/// written with a closing `*`.
fn listed(entry: &str, word: &str) -> bool {
    match entry.strip_suffix('*') {
        Some(stem) => word.starts_with(stem),
        None => word == entry,
    }
}

/// True when a phone label ends the 24 characters of `before` (what precedes a number on
/// its line), at the start of a word.
pub(super) fn has_phone_label(before: &str) -> bool {
    let tail: String = before
        .chars()
        .rev()
        .take(24)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<String>()
        .to_lowercase();
    PHONE_LABELS.iter().any(|l| {
        let label = l.trim_end_matches('*');
        tail.match_indices(label).any(|(at, _)| {
            let rest = &tail[at + label.len()..];
            let whole = l.ends_with('*')
                || !label.ends_with(char::is_alphanumeric)
                || !rest.starts_with(char::is_alphanumeric);
            whole
                && tail[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
    })
}

/// `T `, `| M `: a capital of [`LETTER_LABELS`] alone right before the number, at the start
/// of its line or after a separator (taken for national numbers only: `T 020 7946 0958`).
pub(super) fn has_letter_label(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', ':', '.']);
    let mut rev = trimmed.chars().rev();
    let (Some(letter), previous) = (rev.next(), rev.next()) else {
        return false;
    };
    letter.is_ascii_uppercase()
        && trimmed.len() < before.len()
        && previous.is_none_or(|p| !p.is_alphanumeric() && !matches!(p, '.' | '-' | '/' | '\''))
        && LETTER_LABELS.contains(&letter.to_ascii_lowercase().to_string().as_str())
}

/// True when `before` ends with a linking word after a contact verb of its sentence ("call
/// our desk on") or with an e-mail address and an alternative ("einkauf@kvd-koeln.de oder").
pub(super) fn has_contact_cue(before: &str) -> bool {
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return false;
    }
    let lower = trimmed.to_lowercase();
    let sentence = [". ", "! ", "? "]
        .iter()
        .filter_map(|end| lower.rfind(end).map(|at| at + end.len()))
        .max()
        .map_or(lower.as_str(), |at| &lower[at..]);
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mailed = match words.as_slice() {
        [.., address, word] => address.contains('@') && PHONE_ALTERNATIVES.contains(word),
        _ => false,
    };
    mailed
        || PHONE_LINKERS.iter().any(|linker| {
            let n = linker.split(' ').count();
            words.len() > n
                && words[words.len() - n..].join(" ") == *linker
                && words[..words.len() - n]
                    .iter()
                    .rev()
                    .take(MAX_VERB_DISTANCE)
                    .any(|w| {
                        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                        PHONE_VERBS.iter().any(|v| listed(v, w))
                    })
        })
}

/// How a phone is written: its first group of digits and the lengths of all its groups
/// (`077 320 8850` → `077`, 3-3-4).
pub(super) type Form = (String, Vec<usize>);

/// The [`Form`] of `phone` as written.
pub(super) fn form(phone: &str) -> Form {
    let groups: Vec<&str> = phone
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let first = groups.first().map_or_else(String::new, |g| (*g).to_owned());
    (first, groups.iter().map(|g| g.len()).collect())
}

/// The [`Form`] of the national number `raw` when a phone of the same form found in the
/// text makes it one: two or more groups, a trunk `0`, nine or more digits (`077 320 8800`
/// like `077 320 8850`).
pub(super) fn national_form(raw: &str) -> Option<Form> {
    let (first, lengths) = form(raw);
    (lengths.len() >= 2 && first.starts_with('0') && lengths.iter().sum::<usize>() >= 9)
        .then_some((first, lengths))
}

#[cfg(test)]
mod tests {
    use super::{form, has_contact_cue, has_phone_label, national_form};

    #[test]
    fn a_number_written_like_a_found_phone() {
        let same_form = |raw: &str, found: &str| national_form(raw) == Some(form(found));
        assert!(same_form("077 320 8800", "077 320 8850"));
        assert!(!same_form("078 320 8800", "077 320 8850"));
        assert!(!same_form("077 3208 800", "077 320 8850"));
        assert!(!same_form("4500 1234", "4500 1299"));
    }

    #[test]
    fn labels_are_whole_words_or_stems() {
        for before in [
            "Tel. ",
            "Telefon: ",
            "Móvil ",
            "Direct: ",
            "Tlf. ",
            "Telephone ",
            "GSM: ",
            "Rufnummer ",
        ] {
            assert!(has_phone_label(before), "{before}");
        }
        for before in ["Directive (EU) ", "tell them ", "Phase "] {
            assert!(!has_phone_label(before), "{before}");
        }
    }

    #[test]
    fn a_linking_word_after_a_contact_verb_or_an_address() {
        for before in [
            "Track online or call our logistics desk on ",
            "Per qualsiasi domanda può contattarmi al numero ",
            "wenden Sie sich bitte an einkauf@kvd-koeln.de oder ",
            "si hay algún problema, llámame al ",
        ] {
            assert!(has_contact_cue(before), "{before}");
        }
        for before in [
            "your order 4471120 shipped on ",
            "Call us. It arrived on ",
            "call our logistics desk",
            "please contact us about the delivery of ",
            "contact us or ",
        ] {
            assert!(!has_contact_cue(before), "{before}");
        }
    }
}
