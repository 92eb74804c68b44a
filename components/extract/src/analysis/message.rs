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
    /// The newest message, lower-cased with straight apostrophes (`isn’t` → `isn't`) and
    /// HTML remnants blanked (`<br>`, `&nbsp;`).
    pub newest_lower: String,
    /// Whether the subject carried a `Re:` / `Fwd:` prefix: its words then come from earlier
    /// in the thread, and the newest message decides how pressing the e-mail is.
    pub reply: bool,
    /// The sender's own words: `newest_lower` up to a forwarded message, if any.
    pub comment: String,
    /// `subject + "\n" + newest_lower`: the sender's own words, which cues are matched in.
    pub own: String,
}

/// Lower case with curly apostrophes straightened, so `isn’t` matches `isn't`.
fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace(['\u{2019}', '\u{2018}', '\u{02BC}'], "'")
}

/// Lines that open the quoted history (`-----Original Message-----`).
const REPLY_MARKERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/message_reply_markers.rs"));

/// Lines that open a forwarded message, which stays in the newest message.
const FORWARD_MARKERS: &[&str] = &["---------- forwarded message", "begin forwarded message"];

/// Subject prefixes of replies and forwards.
const REPLY_PREFIXES: &[&str] = &["re:", "aw:"];

/// Subject prefixes of forwards.
const FORWARD_PREFIXES: &[&str] = &["fw:", "fwd:", "wg:", "tr:"];

/// Whether `line` (lower case) opens an Outlook header block: `From: …` with `Sent: …` on
/// the next line.
fn outlook_header(line: &str, next: Option<&str>) -> bool {
    line.starts_with("from:")
        && next.is_some_and(|n| {
            let n = n.trim_start().to_lowercase();
            n.starts_with("sent:") || n.starts_with("gesendet:")
        })
}

/// `subject` lower-cased without its `Re:` / `Fwd:` prefixes, and whether it had a reply
/// prefix and a forward prefix.
fn strip_prefixes(subject: &str) -> (String, bool, bool) {
    let mut subject = fold(subject.trim());
    let (mut reply, mut forward) = (false, false);
    loop {
        let before = subject.len();
        for (prefixes, seen) in [
            (REPLY_PREFIXES, &mut reply),
            (FORWARD_PREFIXES, &mut forward),
        ] {
            for prefix in prefixes {
                if let Some(rest) = subject.strip_prefix(prefix) {
                    subject = rest.trim_start().to_owned();
                    *seen = true;
                }
            }
        }
        if subject.len() == before {
            break;
        }
    }
    (subject, reply, forward)
}

/// Splits `body` at the first reply header (`On … wrote:`, `-----Original Message-----`,
/// an Outlook `From:` / `Sent:` block, which opens the forwarded message instead when the
/// subject says `Fwd:`).
#[must_use]
pub fn split(subject: &str, body: &str) -> Parts {
    let (subject, reply, forward) = strip_prefixes(subject);
    let mut newest = String::new();
    let mut quoted = String::new();
    let mut comment_len = None;
    let mut in_quote = false;
    let mut lines = body.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let lower = trimmed.to_lowercase();
        let outlook = comment_len.is_none() && outlook_header(&lower, lines.peek().copied());
        let header = (lower.starts_with("on ") && lower.trim_end().ends_with("wrote:"))
            || REPLY_MARKERS.iter().any(|m| lower.starts_with(m))
            || (outlook && !forward);
        if header {
            in_quote = true;
        }
        if in_quote || trimmed.starts_with('>') {
            quoted.push_str(&lower);
            quoted.push('\n');
        } else {
            let forwarded = FORWARD_MARKERS.iter().any(|m| lower.starts_with(m)) || outlook;
            if comment_len.is_none() && forwarded {
                comment_len = Some(newest.len());
            }
            newest.push_str(line);
            newest.push('\n');
        }
    }
    let comment = fold(&crate::extractors::html::mask(
        &newest[..comment_len.unwrap_or(newest.len())],
    ));
    let newest_lower = fold(&crate::extractors::html::mask(&newest));
    Parts {
        reply: reply || forward,
        comment,
        own: format!("{subject}\n{newest_lower}"),
        subject,
        newest,
        quoted: fold(&crate::extractors::html::mask(&quoted)),
        newest_lower,
    }
}
