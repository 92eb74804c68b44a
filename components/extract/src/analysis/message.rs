//! Splits an e-mail into the parts classification weighs differently.

/// The e-mail split for classification (`subject` and `quoted` lower-cased, `newest` as
/// written, since action items and the summary quote it).
#[derive(Debug, Clone)]
pub struct Parts {
    /// The subject, lower-cased, without `Re:`/`Fwd:` prefixes.
    pub subject: String,
    /// The newest message: the body up to the first quoted reply (forwarded content stays).
    pub newest: String,
    /// Quoted history (lines starting with `>` and text after a reply header), lower-cased.
    pub quoted: String,
}

const REPLY_MARKERS: &[&str] = &[
    "-----original message-----",
    "________________________________",
];

/// Splits `body` at the first reply header (`On … wrote:`, `-----Original Message-----`).
#[must_use]
pub fn split(subject: &str, body: &str) -> Parts {
    let mut newest = String::new();
    let mut quoted = String::new();
    let mut in_quote = false;
    for line in body.lines() {
        let trimmed = line.trim_start();
        let lower = trimmed.to_lowercase();
        let header = (lower.starts_with("on ") && lower.trim_end().ends_with("wrote:"))
            || REPLY_MARKERS.iter().any(|m| lower.starts_with(m));
        if header {
            in_quote = true;
        }
        if in_quote || trimmed.starts_with('>') {
            quoted.push_str(&lower);
            quoted.push('\n');
        } else {
            newest.push_str(line);
            newest.push('\n');
        }
    }
    let mut subject = subject.trim().to_lowercase();
    loop {
        let before = subject.len();
        for prefix in ["re:", "fw:", "fwd:", "aw:", "wg:", "tr:"] {
            if let Some(rest) = subject.strip_prefix(prefix) {
                subject = rest.trim_start().to_owned();
            }
        }
        if subject.len() == before {
            break;
        }
    }
    Parts {
        subject,
        newest,
        quoted,
    }
}
