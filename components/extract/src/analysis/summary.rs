//! A short extractive summary: the first informative sentences of the newest message.

const MAX_CHARS: usize = 240;

/// Words that, followed by a blank, open a short boilerplate line (`Hi Tom,`):
/// `data/summary/greeting_words.txt`.
const GREETING_WORDS: &[&str] = include!(concat!(env!("OUT_DIR"), "/summary_greeting_words.rs"));

/// Openings of short boilerplate lines (`Thanks again`): `data/summary/short_lines.txt`.
const SHORT_LINES: &[&str] = include!(concat!(env!("OUT_DIR"), "/summary_short_lines.rs"));

/// Openings of boilerplate lines of any length (`From: …`, `-----`):
/// `data/summary/headers.txt`.
const HEADERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/summary_headers.rs"));

/// Openings of the line that ends a message (`Best regards,`): `data/summary/sign_offs.txt`.
const SIGN_OFFS: &[&str] = include!(concat!(env!("OUT_DIR"), "/summary_sign_offs.rs"));

/// Lines that carry no content of their own.
fn is_boilerplate(line: &str) -> bool {
    let lower = line.to_lowercase();
    let short = lower.split_whitespace().count() <= 4;
    let opens = |p: &&str| lower.starts_with(p);
    lower.is_empty()
        || (short && lower.ends_with(','))
        || HEADERS.iter().any(opens)
        || (short
            && (SHORT_LINES.iter().any(opens)
                || GREETING_WORDS
                    .iter()
                    .any(|w| lower.strip_prefix(w).is_some_and(|r| r.starts_with(' ')))))
}

/// `Thanks,` / `Best regards,`: the message ends here.
fn is_sign_off(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.split_whitespace().count() <= 3 && SIGN_OFFS.iter().any(|p| lower.starts_with(p))
}

/// Summarises an e-mail from its subject and newest message.
#[must_use]
pub fn extract(subject: &str, newest: &str) -> String {
    let mut summary = String::new();
    for line in newest
        .lines()
        .map(|l| l.trim().trim_start_matches('>').trim())
    {
        if is_sign_off(line) && !summary.is_empty() {
            break;
        }
        if is_boilerplate(line) {
            continue;
        }
        let line = strip_html(line);
        if line.is_empty() {
            continue;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(&line);
        if summary.chars().count() >= MAX_CHARS / 2 {
            break;
        }
    }
    if summary.is_empty() {
        summary = subject.trim().to_owned();
    }
    truncate(&summary)
}

fn strip_html(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_tag = false;
    for c in line.replace("&nbsp;", " ").replace("&amp;", "&").chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cuts at the last sentence end (or word) within the limit.
fn truncate(s: &str) -> String {
    if s.chars().count() <= MAX_CHARS {
        return s.to_owned();
    }
    let cut: String = s.chars().take(MAX_CHARS).collect();
    let at = cut
        .rfind(". ")
        .map(|i| i + 1)
        .filter(|i| *i > MAX_CHARS / 2)
        .or_else(|| cut.rfind(' '))
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::extract;

    #[test]
    fn skips_greetings_and_html() {
        let s = extract(
            "Order",
            "Hi Tom,\n<p>Your order&nbsp;shipped today.</p>\nThanks,\nAnna",
        );
        assert_eq!(s, "Your order shipped today.");
        assert_eq!(extract("Only subject", "\n\n"), "Only subject");
        let long = "word ".repeat(200);
        assert!(extract("s", &long).chars().count() <= 241);
    }
}
