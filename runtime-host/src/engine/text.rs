//! Incremental detokenization: assembles token bytes into UTF-8 text and applies stop strings.

/// What one pushed token produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Push {
    /// Text that may be sent now (possibly empty: held back as a partial stop string or UTF-8).
    Emit(String),
    /// A stop string matched: send this last text and end the generation.
    Stop(String),
}

/// Turns a sequence of token pieces into text, holding back what might become a stop string.
#[derive(Debug, Default)]
pub struct TextStream {
    pending: Vec<u8>,
    text: String,
    emitted: usize,
    stops: Vec<String>,
}

impl TextStream {
    /// A stream that ends at the first occurrence of any of `stops` (empty strings are ignored).
    #[must_use]
    pub fn new(stops: Vec<String>) -> Self {
        Self {
            stops: stops.into_iter().filter(|s| !s.is_empty()).collect(),
            ..Self::default()
        }
    }

    /// All text produced so far, stop strings not included.
    #[cfg(test)]
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Adds one token's bytes.
    pub fn push(&mut self, bytes: &[u8]) -> Push {
        self.pending.extend_from_slice(bytes);
        self.decode_pending(false);

        let max_stop = self.stops.iter().map(String::len).max().unwrap_or(0);
        let search_from = self
            .text
            .floor_char_boundary(self.emitted.saturating_sub(max_stop));
        let hit = self
            .stops
            .iter()
            .filter_map(|stop| self.text[search_from..].find(stop.as_str()))
            .min();
        if let Some(offset) = hit {
            let end = search_from + offset;
            let out = self
                .text
                .get(self.emitted..end)
                .unwrap_or_default()
                .to_owned();
            self.text.truncate(end);
            self.emitted = end;
            return Push::Stop(out);
        }

        let hold = self
            .stops
            .iter()
            .flat_map(|stop| {
                (1..stop.len())
                    .filter(|k| stop.is_char_boundary(*k))
                    .filter(|k| self.text.ends_with(&stop[..*k]))
            })
            .max()
            .unwrap_or(0);
        let safe_end = self.text.len() - hold;
        let out = self
            .text
            .get(self.emitted..safe_end)
            .unwrap_or_default()
            .to_owned();
        self.emitted = self.emitted.max(safe_end);
        Push::Emit(out)
    }

    /// Ends the stream, returning whatever text was still held back.
    pub fn finish(&mut self) -> String {
        self.decode_pending(true);
        let out = self.text.get(self.emitted..).unwrap_or_default().to_owned();
        self.emitted = self.text.len();
        out
    }

    /// Moves complete UTF-8 from `pending` into `text`; invalid bytes become U+FFFD.
    fn decode_pending(&mut self, flush: bool) {
        loop {
            match std::str::from_utf8(&self.pending) {
                Ok(s) => {
                    self.text.push_str(s);
                    self.pending.clear();
                    return;
                }
                Err(e) => {
                    let valid = e.valid_up_to();
                    self.text
                        .push_str(&String::from_utf8_lossy(&self.pending[..valid]));
                    match e.error_len() {
                        Some(bad) => {
                            self.text.push(char::REPLACEMENT_CHARACTER);
                            self.pending.drain(..valid + bad);
                        }
                        None if flush => {
                            self.text.push(char::REPLACEMENT_CHARACTER);
                            self.pending.clear();
                            return;
                        }
                        None => {
                            self.pending.drain(..valid);
                            return;
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Push, TextStream};

    #[test]
    fn holds_back_partial_stop_strings_and_stops() {
        let mut s = TextStream::new(vec!["END".into()]);
        assert_eq!(s.push(b"hello E"), Push::Emit("hello ".into()));
        assert_eq!(s.push(b"N"), Push::Emit(String::new()));
        assert_eq!(s.push(b"X"), Push::Emit("ENX".into()));
        assert_eq!(s.push(b" done EN"), Push::Emit(" done ".into()));
        assert_eq!(s.push(b"D tail"), Push::Stop(String::new()));
        assert_eq!(s.text(), "hello ENX done ");
    }

    #[test]
    fn joins_split_utf8_and_flushes() {
        let mut s = TextStream::new(vec![]);
        let euro = "€".as_bytes();
        assert_eq!(s.push(&euro[..1]), Push::Emit(String::new()));
        assert_eq!(s.push(&euro[1..]), Push::Emit("€".into()));
        assert_eq!(s.push(&[0xE2]), Push::Emit(String::new()));
        assert_eq!(s.finish(), "\u{FFFD}");
    }

    #[test]
    fn stop_inside_one_piece() {
        let mut s = TextStream::new(vec!["\n\n".into(), "x".into()]);
        assert_eq!(s.push(b"ab\n\ncd"), Push::Stop("ab".into()));
    }
}
