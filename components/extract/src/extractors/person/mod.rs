//! People's names, from the places business e-mail puts them: greetings (`Hi Tom,`),
//! sign-offs (`Best regards,` then the name line, or `Thanks, Tom`), address headers and
//! reply lines (`From: Jane Doe <jane@…>`, `On …, Jane Doe <jane@…> wrote:`), honorifics
//! (`Mr. Tanaka`), phrases that introduce someone (`please contact Maria Schneider`), a
//! salutation line (`Priya, Dana —`), a signature name line followed by a job title, and
//! common given names ([`super::first_names`]) with the surname that follows them.
//! A name is one to four capitalized words (or words of a script without case); words that
//! name roles or groups (`Team`, `Support`, `all`) are never names.

use std::collections::HashSet;
use std::sync::OnceLock;

mod places;

use super::first_names::is_given_name;
use crate::entity::{Entity, EntityType};
use crate::text::{Line, is_capitalized, lines};
use places::{
    address_names, cues, given_names, greeting, honorifics, salutation_line, sign_off,
    signature_line,
};

/// Greetings a name follows (`Hi`, `Dear`, `Hallo`): `data/person/greetings.txt`.
const GREETINGS: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_greetings.rs"));

/// Sign-offs a name line follows (`Best regards`, `Thanks`): `data/person/sign_offs.txt`.
const SIGN_OFFS: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_sign_offs.rs"));

/// Honorifics a surname follows (`Mr.`, `Dr.`): `data/person/honorifics.txt`.
const HONORIFICS: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_honorifics.rs"));

/// Phrases after which a full name (two or three words) introduces a person.
const CUES: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_cues.rs"));

/// Capitalized words that are not names.
const NOT_NAMES: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_not_names.rs"));

/// Finds people's names in `text`.
#[must_use]
pub fn extract(text: &str) -> Vec<Entity> {
    let all: Vec<Line<'_>> = lines(text).collect();
    let mut out = Vec::new();
    for (n, line) in all.iter().enumerate() {
        let (start, content) = line.content();
        greeting(text, start, content, &mut out);
        sign_off(text, &all, n, start, content, &mut out);
        address_names(text, start, content, &mut out);
        honorifics(text, start, content, &mut out);
        cues(text, start, content, &mut out);
        salutation_line(text, start, content, &mut out);
        signature_line(text, &all, n, start, content, &mut out);
        given_names(text, start, content, &mut out);
    }
    out
}

/// Lowercase particles inside names (`Jan de Vries`, `Ludwig van Beethoven`).
const PARTICLES: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_particles.rs"));

/// Words in a job title line under a signature name.
const TITLE_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/person_title_words.rs"));

/// Lower-case words that are never names: [`NOT_NAMES`], sign-offs and greetings.
fn stop_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        NOT_NAMES
            .iter()
            .chain(SIGN_OFFS)
            .chain(GREETINGS)
            .copied()
            .collect()
    })
}

/// A name word: capitalized (or caseless script), letters with inner `-`, `'`, `.`.
fn is_name_word(word: &str) -> bool {
    if word.len() > 64 {
        return false;
    }
    let trimmed = word.trim_end_matches('.');
    if !is_capitalized(word)
        || !trimmed
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        || !trimmed.chars().next().is_some_and(char::is_alphabetic)
    {
        return false;
    }
    let lower = word.to_lowercase();
    let stop = stop_words();
    let is_stop_word =
        stop.contains(lower.as_str()) || stop.contains(lower.trim_end_matches(['.', ',', '!']));
    let many_chars = trimmed.chars().count() > 1;
    let all_caps = many_chars && trimmed.chars().all(|c| c.is_uppercase() || c == '-');
    !is_stop_word && !all_caps && (many_chars || word.ends_with('.'))
}

/// The longest run (1..=max words) of name words at the start of `s`; returns its byte length.
fn name_prefix(s: &str, max: usize) -> Option<usize> {
    let mut end = None;
    let mut count = 0;
    let mut offset = 0;
    let parts: Vec<&str> = s.splitn(2 * max + 2, ' ').collect();
    for (k, word) in parts.iter().enumerate() {
        let particle = count > 0
            && PARTICLES.contains(word)
            && parts.get(k + 1).is_some_and(|w| is_name_word(w));
        if particle {
            offset += word.len() + 1;
            continue;
        }
        if word.is_empty() || count == max || !is_name_word(word) {
            break;
        }
        count += 1;
        end = Some(offset + word.len());
        offset += word.len() + 1;
    }
    // A trailing initial-like "J." is kept; a trailing sentence dot is not.
    end.map(|e| {
        let taken = &s[..e];
        if taken.ends_with('.')
            && taken
                .rsplit(' ')
                .next()
                .is_none_or(|w| w.chars().count() > 2)
        {
            e - 1
        } else {
            e
        }
    })
}

/// Accepts `s` (offset `at`) as a whole name: every word a name word, 1–4 words.
fn whole_name(text: &str, at: usize, s: &str, confidence: f64, out: &mut Vec<Entity>) -> bool {
    let (skip, s) = strip_honorific(s);
    let at = at + skip;
    let s_trim = s.trim_end_matches(['.', ',', '!', ':', ';']);
    if s_trim.is_empty() || s_trim.split(' ').count() > 4 {
        return false;
    }
    match name_prefix(s_trim, 4) {
        Some(len) if len == s_trim.len() || (len + 1 == s_trim.len() && s_trim.ends_with('.')) => {
            out.push(Entity::rule(
                EntityType::Person,
                text,
                at,
                at + len,
                confidence,
            ));
            true
        }
        _ => false,
    }
}

fn strip_honorific(s: &str) -> (usize, &str) {
    for h in HONORIFICS {
        if let Some(rest) = s.strip_prefix(h).and_then(|r| r.strip_prefix(' ')) {
            return (s.len() - rest.len(), rest);
        }
    }
    (0, s)
}

/// `Acme Corp`, `Globex GmbH`: a legal suffix right after the words makes them a company.
fn looks_like_org(rest: &str, len: usize) -> bool {
    let after = rest[len..].trim_start();
    crate::extractors::company::SUFFIXES
        .iter()
        .any(|s| after.starts_with(s))
        || rest[..len]
            .rsplit(' ')
            .next()
            .is_some_and(|w| crate::extractors::company::SUFFIXES.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::extract;

    fn names(text: &str) -> Vec<String> {
        let mut v: Vec<String> = extract(text).into_iter().map(|e| e.value).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn greetings_sign_offs_and_headers() {
        assert_eq!(names("Hi Tom,\nplease ship."), ["Tom"]);
        assert_eq!(names("Dear Mr. Tanaka,\n"), ["Tanaka"]);
        assert_eq!(names("Hello Team,\n"), Vec::<String>::new());
        assert_eq!(
            names("Thanks!\n\nMaria Schneider | Procurement\nAcme GmbH"),
            ["Maria Schneider"]
        );
        assert_eq!(names("Best, Jürgen Weiß"), ["Jürgen Weiß"]);
        assert_eq!(
            names("On Tue, Mar 3, 2026 at 9:14 AM Jane Doe <jane@x.com> wrote:"),
            ["Jane Doe"]
        );
        assert_eq!(names("From: \"Zoë Martin\" <zoe@x.com>"), ["Zoë Martin"]);
        assert_eq!(
            names("Please contact Łukasz Nowak for details."),
            ["Łukasz Nowak"]
        );
    }
}
