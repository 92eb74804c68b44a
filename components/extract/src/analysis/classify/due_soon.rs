//! The guide's "due today or tomorrow", read from the sender's own words (lower case): a
//! sentence that asks for something and names the day (`Can finance reissue today?`,
//! `Un technicien peut-il passer dans la journée ?`), a clock time as a deadline with no
//! other day named (`before the invoice run at 18:00`, `the truck leaves at 14:00`), or an
//! event set for today or tomorrow (`the payment run is tomorrow`).

use crate::analysis::lexicon::{asserted_at, has, has_asserted, occurrences};

/// Words naming today or tomorrow, in the languages the mail comes in.
const SOON_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_soon_words.rs"));

/// Words that make a sentence ask for something.
const ASKING: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_asking.rs"));

/// Words right before a clock time that make it a deadline (`by 3pm`, `leaves at 14:00`).
const CLOCK_LEADS: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_clock_leads.rs"));

/// Something set for today or tomorrow (`is tomorrow`).
const SOON_EVENTS: &[&str] = include!(concat!(env!("OUT_DIR"), "/priority_soon_events.rs"));

/// The sentences of `t`, each with its closing mark: a `.` closes one only before a blank or
/// the end, so `187,440.00` and `broker@ch-customs.ch` stay inside theirs.
fn sentences(t: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = t.char_indices().filter_map(move |(at, c)| {
        let next = t[at + c.len_utf8()..].chars().next();
        let closes = match c {
            '!' | '?' | '\n' => true,
            '.' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        closes.then_some(at + c.len_utf8())
    });
    std::iter::from_fn(move || {
        if start >= t.len() {
            return None;
        }
        let end = ends.next().unwrap_or(t.len());
        let sentence = &t[start..end];
        start = end;
        Some(sentence)
    })
}

/// Whether a word of [`SOON_WORDS`] is in `sentence`.
pub(super) fn names_today_or_tomorrow(sentence: &str) -> bool {
    SOON_WORDS.iter().any(|w| has(sentence, w))
}

/// A sentence that asks for something (a question, or `please`, `need`, `bitte` ...
/// asserted) and names today or tomorrow (`Can finance reissue today?`), not one that reports
/// (`today we received your shipment`).
pub(super) fn asks_for_today_or_tomorrow(t: &str) -> bool {
    sentences(t)
        .filter(|s| names_today_or_tomorrow(s))
        .any(|s| s.trim_end().ends_with('?') || ASKING.iter().any(|w| has_asserted(s, w)))
}

/// A date found in the e-mail that is neither today nor tomorrow, lower case as written.
#[derive(Debug, Clone)]
pub(super) struct OtherDay {
    /// The date as written, lower case (`friday`, `2 june`).
    pub text: String,
    /// Whether it is after tomorrow (or could not be placed): then a clock time anywhere in
    /// the e-mail may be for that day.
    pub later: bool,
}

/// Whether `t` sets something for today or tomorrow: a clock time after a deadline word
/// (`by 3pm`, `the truck leaves at 14:00`) when no later day is named in `t` and no other day
/// in its sentence (see [`OtherDay`]), or an event on the day (`the payment run is
/// tomorrow`, not the aside `..., which is today`).
pub(super) fn sets_today_or_tomorrow(t: &str, other_days: &[OtherDay]) -> bool {
    let later_named = other_days.iter().any(|d| d.later && has(t, &d.text));
    let clock = !later_named
        && sentences(t)
            .filter(|s| !other_days.iter().any(|d| has(s, &d.text)))
            .any(|s| clock_times(s).any(|at| after_clock_lead(&s[..at])));
    clock
        || SOON_EVENTS.iter().any(|event| {
            occurrences(t, event).any(|at| {
                let before = t[..at].split_whitespace().next_back();
                before != Some("which") && asserted_at(t, at, event)
            })
        })
}

/// Whether `head` (the text before a clock time) ends with a word of [`CLOCK_LEADS`] that
/// does not close a range (`08:00 bis 12:00`).
fn after_clock_lead(head: &str) -> bool {
    let head = head.trim_end();
    CLOCK_LEADS.iter().any(|lead| {
        head.strip_suffix(lead).is_some_and(|rest| {
            let last = rest.split_whitespace().next_back().unwrap_or("");
            !rest.ends_with(char::is_alphanumeric) && clock_end(last, 0) != Some(last.len())
        })
    })
}

/// Where clock times start in `s` (`14:00`, `3pm`, `3 pm`, `18h00`, `10:30 am`, `noon`),
/// but not the start of a range (`08:00–10:00`), which is opening hours or a slot.
fn clock_times(s: &str) -> impl Iterator<Item = usize> + '_ {
    let words = ["noon", "midday"]
        .into_iter()
        .flat_map(move |w| occurrences(s, w));
    let numbers = s.char_indices().filter_map(move |(at, c)| {
        let starts_number = c.is_ascii_digit()
            && !s[..at]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_alphanumeric() || matches!(p, ':' | '.' | ',' | '/'));
        let end = starts_number.then(|| clock_end(s, at)).flatten()?;
        let rest = s[end..].trim_start();
        let range = rest.starts_with(['-', '\u{2013}', '\u{2014}'])
            || rest.starts_with("to ") && rest[3..].starts_with(|c: char| c.is_ascii_digit());
        (!range).then_some(at)
    });
    words.chain(numbers)
}

/// The end of the clock time starting at `at` (a digit), if one does: one or two digits and
/// then `:mm` or `hmm`, `am` / `pm` (with or without a blank), or both (`10:30 am`).
fn clock_end(s: &str, at: usize) -> Option<usize> {
    let digits = |from: usize| {
        s[from..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(s.len(), |n| from + n)
    };
    let hour_end = digits(at);
    if !(1..=2).contains(&(hour_end - at)) {
        return None;
    }
    let minutes_end = [":", "h"].iter().find_map(|sep| {
        s[hour_end..].strip_prefix(sep)?;
        let end = digits(hour_end + sep.len());
        (end - hour_end - sep.len() == 2).then_some(end)
    });
    let meridiem_end = ["am", "pm", "a.m.", "p.m."].iter().find_map(|m| {
        let from = minutes_end.unwrap_or(hour_end);
        let after = s[from..].trim_start_matches(' ').strip_prefix(m)?;
        Some(s.len() - after.len())
    });
    let end = meridiem_end.or(minutes_end)?;
    (!s[end..].starts_with(char::is_alphanumeric)).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::{OtherDay, asks_for_today_or_tomorrow, sentences, sets_today_or_tomorrow};

    #[test]
    fn a_point_closes_a_sentence_only_before_a_blank() {
        let t = "send it to broker@ch-customs.ch today (chf 187,440.00). thanks!\nbye";
        let all: Vec<&str> = sentences(t).collect();
        assert_eq!(
            all,
            [
                "send it to broker@ch-customs.ch today (chf 187,440.00).",
                " thanks!",
                "\n",
                "bye"
            ]
        );
    }

    #[test]
    fn asking_for_the_day_in_other_languages() {
        assert!(asks_for_today_or_tomorrow(
            "un technicien peut-il passer dans la journée ?"
        ));
        assert!(asks_for_today_or_tomorrow(
            "please send a corrected invoice to a@b.ch today so the goods can go."
        ));
        assert!(!asks_for_today_or_tomorrow(
            "today we received your shipment."
        ));
        assert!(!asks_for_today_or_tomorrow(
            "guten morgen, bitte senden sie es."
        ));
    }

    #[test]
    fn a_clock_time_after_a_deadline_word_is_due_on_the_day() {
        let none: &[OtherDay] = &[];
        for t in [
            "could you correct it before the invoice run at 18:00?",
            "the goods are picked and the truck leaves at 14:00.",
            "the van has to be booked by 3pm.",
            "please confirm by 10:30 am.",
            "the payment run is tomorrow (2026-05-28).",
        ] {
            assert!(sets_today_or_tomorrow(t, none), "{t}");
        }
        for t in [
            "fancy lunch around 12:30?",
            "dock hours are 7am–3pm.",
            "the stack went down at 06:15.",
            "the notice said 03/06/2026, which is today, but nothing came.",
            "call me at 14:00.",
            "delivery from 08:00 until 12:00, please confirm.",
            "lieferung 08:00 bis 12:00 uhr, bitte bestätigen.",
        ] {
            assert!(!sets_today_or_tomorrow(t, none), "{t}");
        }
        let friday = |later| OtherDay {
            text: "friday".to_owned(),
            later,
        };
        let t = "could you ship it? the dock closes at 15:00. the goods are for friday.";
        assert!(!sets_today_or_tomorrow(t, &[friday(true)]));
        let t = "could you ship it? the dock closes at 15:00. it was due on friday.";
        assert!(sets_today_or_tomorrow(t, &[friday(false)]));
        let t = "could you ship it? the dock closes at 15:00 on friday.";
        assert!(!sets_today_or_tomorrow(t, &[friday(false)]));
    }
}
