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

use super::first_names::is_given_name;
use crate::entity::{Entity, EntityType};
use crate::text::{Line, is_capitalized, lines, starts_with_ci, word_start};

const GREETINGS: &[&str] = &[
    "grüezi",
    "grüß dich",
    "servus",
    "good morning",
    "good afternoon",
    "good evening",
    "hi",
    "hello",
    "hey",
    "dear",
    "morning",
    "hallo",
    "liebe",
    "lieber",
    "bonjour",
    "olá",
    "ola",
    "ciao",
    "hej",
    "hola",
    "witam",
    "dzień dobry",
    "sehr geehrte",
    "sehr geehrter",
    "guten tag",
    "guten morgen",
    "bom dia",
    "boa tarde",
    "buongiorno",
    "buenos días",
    "hei",
    "moin",
];

const SIGN_OFFS: &[&str] = &[
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "regards",
    "best wishes",
    "best",
    "many thanks",
    "thanks again",
    "thanks so much",
    "thank you",
    "thanks",
    "thx",
    "cheers",
    "sincerely",
    "yours sincerely",
    "yours truly",
    "respectfully",
    "all the best",
    "mit freundlichen grüßen",
    "mit freundlichen grüssen",
    "viele grüße",
    "beste grüße",
    "freundliche grüße",
    "lg",
    "cordialement",
    "bien cordialement",
    "bien à vous",
    "saludos",
    "atenciosamente",
    "abraços",
    "pozdrawiam",
    "z poważaniem",
    "med vänlig hälsning",
    "mvh",
    "vriendelijke groet",
    "met vriendelijke groet",
    "distinti saluti",
    "cordiali saluti",
    "takk",
    "tack",
    "teşekkürler",
    "abraço",
    "abraços",
    "obrigado",
    "obrigada",
    "grazie",
    "merci",
    "danke",
    "gracias",
    "dziękuję",
    "よろしくお願いします",
    "よろしくお願いいたします",
    "talk soon",
    "speak soon",
    "br",
];

const HONORIFICS: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Prof.", "Herr", "Frau", "Mme", "M.",
    "Sr.", "Sra.",
];

/// Phrases after which a full name (two or three words) introduces a person.
const CUES: &[&str] = &[
    "contact",
    "reach out to",
    "speak with",
    "spoke with",
    "spoke to",
    "talk to",
    "talked to",
    "talking to",
    "meeting with",
    "call with",
    "assigned to",
    "owner:",
    "contact:",
    "attn:",
    "attn",
    "attention:",
    "approved by",
    "according to",
    "cc",
    "cc:",
    "cc'ing",
    "copying",
    "looping in",
    "loop in",
    "forwarded to",
    "handed over to",
    "introduce",
    "colleague",
    "manager",
    "signed by",
    "requested by",
    "sent by",
    "from",
    "with",
    "and",
    "to",
    "by",
    "ask",
    "asked",
    "per",
    "is",
];

/// Capitalized words that are not names.
const NOT_NAMES: &[&str] = &[
    "team",
    "teams",
    "all",
    "everyone",
    "everybody",
    "sir",
    "madam",
    "madame",
    "customer",
    "customers",
    "support",
    "sales",
    "service",
    "services",
    "there",
    "folks",
    "guys",
    "colleagues",
    "friends",
    "partner",
    "partners",
    "operations",
    "procurement",
    "purchasing",
    "accounts",
    "accounting",
    "billing",
    "logistics",
    "shipping",
    "department",
    "desk",
    "manager",
    "director",
    "thanks",
    "thank",
    "regards",
    "best",
    "hi",
    "hello",
    "dear",
    "the",
    "our",
    "your",
    "we",
    "i",
    "you",
    "it",
    "this",
    "that",
    "please",
    "urgent",
    "important",
    "re",
    "fw",
    "fwd",
    "subject",
    "from",
    "to",
    "cc",
    "sent",
    "date",
    "order",
    "quote",
    "invoice",
    "ticket",
    "case",
    "po",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "inc",
    "inc.",
    "corp",
    "corp.",
    "ltd",
    "ltd.",
    "llc",
    "gmbh",
    "ag",
    "group",
    "admin",
    "administrator",
    "hr",
    "it",
    "finance",
    "legal",
    "marketing",
    "management",
    "office",
    "help",
    "helpdesk",
    "noreply",
    "no-reply",
    "info",
    "am",
    "pm",
    "on",
    "at",
    "and",
    "mit",
    "kind",
    "warm",
    "sincerely",
    "cheers",
    "ops",
    "crew",
    "staff",
    "board",
    "committee",
    "council",
    "vendor",
    "vendors",
    "supplier",
    "suppliers",
    "client",
    "clients",
    "member",
    "members",
    "user",
    "users",
    "owner",
    "owners",
    "director",
    "ceo",
    "cfo",
    "cto",
    "vp",
    "head",
    "lead",
    "engineer",
    "engineering",
    "specialist",
    "coordinator",
    "representative",
    "rep",
    "analyst",
    "consultant",
    "account",
    "executive",
    "officer",
    "assistant",
    "agent",
    "buyer",
    "planner",
    "all,",
    "new",
    "hope",
    "just",
    "quick",
    "update",
    "following",
    "attached",
    "good",
    "great",
    "happy",
    "welcome",
    "yes",
    "no",
    "ok",
    "okay",
    "sure",
    "sorry",
    "apologies",
    "congrats",
    "congratulations",
    "reminder",
    "note",
    "fyi",
    "action",
    "required",
    "asap",
    "today",
    "tomorrow",
    "everyone,",
    "gents",
    "ladies",
    "gentlemen",
    "world",
    "again",
    "again,",
    "brief",
    "monthly",
    "weekly",
    "daily",
    "newsletter",
    "dock",
    "receiving",
    "broker",
    "approvals",
    "approval",
    "administration",
    "contracts",
    "contract",
    "products",
    "product",
    "competition",
    "coverage",
    "total",
    "amount",
    "description",
    "requester",
    "system",
    "comment",
    "comments",
    "delivery",
    "shipped",
    "tracking",
    "confirmed",
    "direct",
    "mobile",
    "tel",
    "phone",
    "fax",
    "email",
    "e-mail",
    "attn",
    "consignee",
    "webinar",
    "when",
    "where",
    "what",
    "why",
    "how",
    "who",
    "also",
    "warmly",
    "gérante",
    "gérant",
    "registration",
    "approved",
    "renewal",
    "district",
    "county",
    "school",
    "university",
    "hospital",
    "city",
    "street",
    "road",
    "avenue",
    "lieferadresse",
    "liefertermin",
    "einkauf",
    "leiter",
    "status",
    "summary",
    "details",
    "items",
    "item",
    "price",
    "pricing",
    "terms",
    "notes",
    "agenda",
    "location",
    "time",
    "address",
    "reference",
    "ref",
    "name",
    "company",
    "title",
    "qty",
    "quantity",
    "unit",
    "units",
    "sku",
    "part",
    "model",
    "serial",
    "warranty",
    "plus",
    "edition",
    "monday,",
    "hub",
    "center",
    "centre",
    "warehouse",
    "plant",
    "site",
    "campus",
    "building",
    "floor",
    "suite",
    "room",
    "portal",
    "platform",
    "cloud",
    "security",
    "incident",
];

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
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "du", "dos", "das", "del", "della", "la", "le",
    "bin", "al", "ter", "ten", "y",
];

/// Words in a job title line under a signature name.
const TITLE_WORDS: &[&str] = &[
    "manager",
    "director",
    "lead",
    "engineer",
    "coordinator",
    "specialist",
    "officer",
    "head",
    "vp",
    "president",
    "founder",
    "owner",
    "analyst",
    "consultant",
    "buyer",
    "planner",
    "administrator",
    "executive",
    "representative",
    "associate",
    "assistant",
    "leiter",
    "leiterin",
    "gerente",
    "responsable",
    "directeur",
    "directrice",
    "supervisor",
    "agent",
    "partner",
    "sales",
    "procurement",
    "purchasing",
    "account",
    "ceo",
    "cfo",
    "cto",
    "coo",
    "controller",
    "accountant",
    "architect",
    "developer",
    "technician",
    "advisor",
    "chief",
    "operations",
    "logistics",
    "support",
    "customer",
    "team",
    "department",
    "einkauf",
    "vertrieb",
    "commercial",
    "kierownik",
    "dyrektor",
    "diretor",
    "diretora",
    "compras",
    "deputy",
    "senior",
    "junior",
    "principal",
    "manufacturing",
    "plant",
    "it",
    "finance",
];

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
fn salutation_line(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
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
fn signature_line(
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
fn given_names(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
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

fn greeting(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
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

fn sign_off(
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
fn address_names(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
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

fn honorifics(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
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

fn cues(text: &str, start: usize, content: &str, out: &mut Vec<Entity>) {
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
