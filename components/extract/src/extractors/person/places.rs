//! The places business e-mail puts names, one finder each: greetings, sign-offs, a
//! salutation line, a signature name line over a job title, address headers and reply
//! lines, honorifics, phrases that introduce someone, and common given names.

use super::is_given_name;
use super::{
    CUES, GREETINGS, HONORIFICS, SIGN_OFFS, TITLE_WORDS, is_name_word, looks_like_org, name_prefix,
    strip_honorific, whole_name,
};
use crate::entity::{Entity, EntityType};
use crate::text::{Line, is_capitalized, starts_with_ci, word_start};

fn title_like(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| TITLE_WORDS.contains(&w))
        || line.contains('@')
        || line
            .split_whitespace()
            .skip(1)
            .any(|w| crate::extractors::company::SUFFIXES.contains(&w.trim_end_matches(',')))
        || line.chars().filter(char::is_ascii_digit).count() >= 7
}

/// `Kevin,` / `Priya, Dana —` / `Tomás – FYI, see below`: names opening a message.
pub(super) fn salutation_line(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
    let head_end = content
        .find([' ', ','].as_slice())
        .map_or(content.len(), |_| {
            ["—", "–", " - "]
                .iter()
                .filter_map(|d| content.find(d))
                .min()
                .unwrap_or(content.len())
        });
    let head = content[..head_end].trim_end();
    let ends_ok = head_end < content.len() || head.ends_with(',');
    if !ends_ok || head.is_empty() || head.len() > 60 {
        return;
    }
    let dashed = head_end < content.len();
    let head = head.trim_end_matches(',');
    let mut offset = 0;
    let mut found = Vec::new();
    for part in head
        .split(", ")
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "))
    {
        let at = head[offset..].find(part).map_or(offset, |p| p + offset);
        offset = at + part.len();
        let mut tmp = Vec::new();
        let given = part.split(' ').next().is_some_and(is_given_name);
        if (dashed && !given) || !whole_name(text, start + at, part, 0.75, &mut tmp) {
            return;
        }
        found.extend(tmp);
    }
    out.extend(found);
}

/// A whole line of two to four name words, right under a blank line or sign-off and above a
/// job title, company or contact line.
pub(super) fn signature_line(
    text: &str,
    all: &[Line<'_>],
    n: usize,
    start: usize,
    content: &str,
    out: &mut Vec<Entity>,
) {
    let words = content.split(' ').count();
    if !(2..=4).contains(&words) {
        return;
    }
    let next = all.get(n + 1).map(|l| l.content().1).unwrap_or_default();
    let prev = n
        .checked_sub(1)
        .and_then(|p| all.get(p))
        .map(|l| l.content().1.to_lowercase())
        .unwrap_or_default();
    let after_break =
        prev.is_empty() || SIGN_OFFS.iter().any(|s| prev.starts_with(s)) || prev.starts_with("--");
    let cut = content.find([',', '|']).unwrap_or(content.len());
    let name_part = &content[..cut];
    let given = name_part.split(' ').next().is_some_and(is_given_name);
    let titled =
        !next.is_empty() && title_like(next) || cut < content.len() && title_like(&content[cut..]);
    if titled && !title_like(name_part) && (given || after_break) {
        let mut tmp = Vec::new();
        if whole_name(text, start, content[..cut].trim_end(), 0.75, &mut tmp) {
            out.extend(tmp);
        }
    }
}

/// `Dana`, `Dana Whitfield`, `Ana Sofía Ramírez`: a known given name and its surname words.
pub(super) fn given_names(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
    for (at, word) in crate::text::words(content) {
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !is_given_name(bare) || !word_start(content, at) {
            continue;
        }
        // Part of a longer capitalized run starting earlier (`Oliver Wyman`, `Jordan Lee`)
        // is handled from that run's first word.
        let prev = crate::text::suffix_within(&content[..at], 80).trim_end();
        let prev_word = prev.rsplit(char::is_whitespace).next().unwrap_or_default();
        if is_name_word(prev_word)
            && !prev.ends_with([',', '.', ':', ';', '!', '?'])
            && is_given_name(prev_word)
        {
            continue;
        }
        if let Some(len) = name_prefix(crate::text::prefix_within(&content[at..], 256), 4) {
            out.push(Entity::rule(
                EntityType::Person,
                text,
                start + at,
                start + at + len,
                0.7,
            ));
        }
    }
}

pub(super) fn greeting(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
    let Some(g) = GREETINGS
        .iter()
        .find(|g| starts_with_ci(content, 0, g) && content[g.len()..].starts_with([' ', ',']))
    else {
        return;
    };
    let mut rest_at = g.len();
    while content[rest_at..].starts_with([' ', ',']) {
        rest_at += 1;
    }
    let rest = &content[rest_at..];
    let end = rest
        .find([',', '!', ':', ';', '—', '('])
        .unwrap_or(rest.len());
    let names = rest[..end].trim_end();
    let names = names.strip_suffix(" -").unwrap_or(names);
    let mut offset = 0;
    for part in names.split(" and ").flat_map(|p| p.split(" & ")) {
        let part_at = names[offset..].find(part).map_or(offset, |p| p + offset);
        offset = part_at + part.len();
        let (skip, name) = strip_honorific(part);
        whole_name(text, start + rest_at + part_at + skip, name, 0.85, out);
    }
}

pub(super) fn sign_off(
    text: &str,
    all: &[Line<'_>],
    n: usize,
    start: usize,
    content: &str,
    out: &mut Vec<Entity>,
) {
    // Compare the original's own prefix, so that offsets stay those of `content`.
    let Some(s) = SIGN_OFFS.iter().find(|s| {
        content.get(..s.len()).is_some_and(|p| {
            p.eq_ignore_ascii_case(s) || (!s.is_ascii() && p.to_lowercase() == **s)
        })
    }) else {
        // "-- Tom" / "— Maria Schneider"
        for dash in ["-- ", "— ", "– ", "- "] {
            if let Some(rest) = content.strip_prefix(dash) {
                let lead = rest.len() - rest.trim_start().len();
                whole_name(text, start + dash.len() + lead, rest.trim(), 0.8, out);
            }
        }
        return;
    };
    let lower = content.to_ascii_lowercase();
    let after = &content[s.len()..];
    let tail = after.trim_start_matches([',', '!', '.', ' ']);
    if tail.is_empty() {
        // The name is on the first non-empty line of the next three.
        for line in all[n + 1..].iter().take(3) {
            let (at, next) = line.content();
            if next.is_empty() {
                continue;
            }
            let cut = next
                .find([',', '|', '(', '/', '\t'])
                .or_else(|| next.find(" - "))
                .or_else(|| next.find(" – "))
                .unwrap_or(next.len());
            whole_name(text, at, next[..cut].trim_end(), 0.8, out);
            return;
        }
    } else if after.starts_with([',', ' '])
        && !lower.starts_with("thanks for")
        && !lower.starts_with("thank you for")
    {
        let at = content.len() - tail.len();
        whole_name(text, start + at, tail, 0.8, out);
    }
}

/// `Jane Doe <jane@x.com>`, `"Jane Doe" <…>`, `Jane Doe [mailto:…]`, `Jane Doe wrote:`.
pub(super) fn address_names(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
    let mut anchors: Vec<usize> = content
        .match_indices(['<', '['])
        .filter(|(i, _)| {
            let window = crate::text::prefix_within(&content[i + 1..], 120);
            window
                .split(['>', ']'])
                .next()
                .is_some_and(|a| a.contains('@'))
        })
        .map(|(i, _)| i)
        .collect();
    for marker in [" wrote:", " schrieb:", " a écrit", " escreveu:", " napisał"] {
        if let Some(i) = content.find(marker)
            && !content[..i].contains('<')
        {
            anchors.push(i + 1);
        }
    }
    for anchor in anchors {
        let before = crate::text::suffix_within(&content[..anchor], 120).trim_end();
        let before = before.trim_end_matches(['"', '\'']);
        let base = anchor - crate::text::suffix_within(&content[..anchor], 120).len();
        let words: Vec<(usize, &str)> = crate::text::words(before).collect();
        let mut first = None;
        for &(at, w) in words.iter().rev().take(4) {
            let w = w.trim_start_matches(['"', '\'']);
            if !is_name_word(w) || w.ends_with(',') {
                break;
            }
            first = Some(
                at + (before[at..].len() - before[at..].trim_start_matches(['"', '\'']).len()),
            );
        }
        if let Some(first) = first {
            let name = &before[first..];
            whole_name(text, start + base + first, name, 0.9, out);
        }
    }
}

pub(super) fn honorifics(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
    for i in crate::text::word_starts(content) {
        for h in HONORIFICS
            .iter()
            .filter(|h| h.ends_with('.') || h.len() > 2)
            .filter(|h| content[i..].starts_with(**h) && content[i + h.len()..].starts_with(' '))
        {
            let rest_at = i + h.len() + 1;
            if let Some(len) = name_prefix(crate::text::prefix_within(&content[rest_at..], 256), 3)
            {
                out.push(Entity::rule(
                    EntityType::Person,
                    text,
                    start + rest_at,
                    start + rest_at + len,
                    0.8,
                ));
            }
        }
    }
}

pub(super) fn cues(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
    // Every cue is ASCII: ASCII lower-casing keeps the offsets of `content`.
    let lower = content.to_ascii_lowercase();
    for i in crate::text::word_starts(&lower) {
        for cue in CUES.iter().filter(|c| lower[i..].starts_with(*c)) {
            let rest_at = i + cue.len();
            if !content[rest_at..].starts_with(' ') {
                continue;
            }
            let rest = &content[rest_at + 1..];
            if !is_capitalized(crate::text::prefix_within(rest, 4)) {
                continue;
            }
            let (skip, rest) = strip_honorific(rest);
            if let Some(len) = name_prefix(rest, 3) {
                let name = &rest[..len];
                let words = name.split(' ').count();
                let next = rest[len..].chars().next();
                let ends_cleanly =
                    next.is_none_or(|c| matches!(c, ',' | '.' | ' ' | ')' | ';' | ':' | '!' | '?'));
                if words >= 2 && ends_cleanly && !looks_like_org(rest, len) {
                    let at = start + rest_at + 1 + skip;
                    out.push(Entity::rule(EntityType::Person, text, at, at + len, 0.7));
                }
            }
        }
    }
}
