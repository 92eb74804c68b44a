//! Masks HTML remnants (`<br>`, `</p>`, `&nbsp;`, `&amp;`) with blanks of the same byte length,
//! so extractors see word boundaries where a mail client left markup, while every offset still
//! points into the original text.

/// Tag names that are masked (`br`, `p`, `o:p`), in lower case: `data/html/tags.txt`.
const TAGS: &[&str] = include!(concat!(env!("OUT_DIR"), "/html_tags.rs"));

/// Character references and what they leave in the mask (padded with blanks).
const REFERENCES: &[(&str, &str)] = &[
    ("&nbsp;", " "),
    ("&#160;", " "),
    ("&amp;", "&"),
    ("&lt;", " "),
    ("&gt;", " "),
    ("&quot;", "\""),
    ("&#39;", "'"),
    ("&apos;", "'"),
    ("&ndash;", "-"),
    ("&mdash;", "-"),
];

/// `text` with HTML tags and character references replaced by blanks (same byte length).
#[must_use]
pub fn mask(text: &str) -> String {
    if !text.contains(['<', '&']) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if let Some(len) = tag_len(rest) {
            out.extend(std::iter::repeat_n(' ', len));
            i += len;
            continue;
        }
        if let Some((lit, keep)) = REFERENCES.iter().find(|(lit, _)| rest.starts_with(lit)) {
            out.push_str(keep);
            out.extend(std::iter::repeat_n(' ', lit.len() - keep.len()));
            i += lit.len();
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Length of a known HTML tag at the start of `s` (`<br>`, `<br/>`, `</p>`, `<p class=x>`).
fn tag_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('<')?;
    let close = inner.bytes().take(81).position(|b| b == b'>')?;
    if inner[..close].contains(['<', '@']) {
        return None;
    }
    let body = inner[..close].trim_start_matches('/').trim_end_matches('/');
    let name = body.split_whitespace().next()?.to_ascii_lowercase();
    TAGS.contains(&name.as_str()).then_some(close + 2)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn keeps_offsets_and_addresses() {
        let t = "Hi<br>Acme&nbsp;Corp &amp; <jane@x.com></p>";
        let m = mask(t);
        assert_eq!(m.len(), t.len());
        assert_eq!(m, "Hi    Acme      Corp &     <jane@x.com>    ");
    }
}
