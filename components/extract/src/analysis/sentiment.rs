//! Sentiment from a weighted lexicon with negation (`not happy`, `no complaints`) and
//! intensifiers (`very`, `extremely`).

use serde::{Deserialize, Serialize};

use super::lexicon::{Starts, is_negator};

/// Sentiment label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    /// Pleased, thankful, enthusiastic.
    Positive,
    /// Matter-of-fact.
    Neutral,
    /// Complaining, frustrated, threatening to leave.
    Negative,
}

/// Label and score in `-1..=1`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    /// The label.
    pub label: SentimentLabel,
    /// Negative below zero, positive above.
    pub score: f64,
}

/// Words (lower case, matched as whole words or stems ending in `*`) and their polarity.
const LEXICON: &[(&str, f64)] = &[
    ("great", 1.0),
    ("excellent", 1.5),
    ("happy", 1.0),
    ("pleased", 1.0),
    ("delighted", 1.5),
    ("love", 1.0),
    ("fantastic", 1.5),
    ("impressed", 1.5),
    ("wonderful", 1.5),
    ("amazing", 1.5),
    ("congratulations", 1.5),
    ("appreciate*", 0.7),
    ("glad", 0.8),
    ("smooth*", 0.7),
    ("awesome", 1.5),
    ("perfect", 1.0),
    ("thrilled", 1.5),
    ("grateful", 1.0),
    ("kudos", 1.5),
    ("well done", 1.2),
    ("good", 0.5),
    ("helpful", 0.8),
    ("satisfied", 1.0),
    ("success*", 0.8),
    ("excited", 1.0),
    ("brilliant", 1.5),
    ("outstanding", 1.5),
    ("superb", 1.5),
    ("nice", 0.5),
    ("thank you so much", 1.0),
    ("thanks so much", 1.0),
    ("huge thanks", 1.2),
    ("enjoy*", 0.8),
    ("disappoint*", -1.5),
    ("unacceptable", -2.0),
    ("frustrat*", -1.5),
    ("angry", -1.5),
    ("terrible", -1.5),
    ("awful", -1.5),
    ("poor", -1.0),
    ("worst", -2.0),
    ("complain*", -1.2),
    ("problem", -0.5),
    ("problems", -0.5),
    ("damaged", -1.0),
    ("broken", -1.0),
    ("late", -0.6),
    ("delay*", -0.6),
    ("fail*", -0.8),
    ("unfortunately", -0.6),
    ("error", -0.5),
    ("still waiting", -1.5),
    ("never received", -1.5),
    ("not received", -1.0),
    ("upset", -1.5),
    ("annoy*", -1.2),
    ("ridiculous", -1.5),
    ("furious", -2.0),
    ("cancel*", -0.5),
    ("escalat*", -0.8),
    ("refund", -0.6),
    ("wrong", -0.8),
    ("missing", -0.7),
    ("lost", -0.7),
    ("again", -0.3),
    ("outage", -1.0),
    ("down", -0.4),
    ("urgent", -0.2),
    ("concern*", -0.7),
    ("worried", -1.0),
    ("issue", -0.3),
    ("issues", -0.3),
    ("mess", -1.2),
    ("useless", -1.5),
    ("unhappy", -1.5),
    ("dissatisfied", -1.5),
    ("no longer acceptable", -2.0),
    ("hate", -1.5),
    ("bad", -1.0),
    ("slow", -0.6),
    ("lawyer*", -1.5),
    ("legal action", -2.0),
    ("penalt*", -1.0),
    ("third time", -1.2),
    ("repeatedly", -0.8),
    ("incorrect", -0.8),
    ("defective", -1.0),
    ("faulty", -1.0),
    ("unreliable", -1.2),
    ("sorry", -0.3),
    ("apolog*", -0.3),
];

/// Words that make the lexicon word right after them count half again (`very happy`).
const INTENSIFIERS: &[&str] = include!(concat!(env!("OUT_DIR"), "/sentiment_intensifiers.rs"));

/// Scores the sentiment of `text`.
#[must_use]
pub fn score(text: &str) -> Sentiment {
    let lower = text.to_lowercase();
    let words: Vec<(usize, &str)> = crate::text::words(&lower)
        .map(|(at, w)| {
            (
                at,
                w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''),
            )
        })
        .collect();
    let mut total = 0.0_f64;
    let mut hits = 0_u32;
    let starts = Starts::new(&lower);
    for (entry, weight) in LEXICON {
        for at in starts.occurrences(entry) {
            let idx = words.partition_point(|(w_at, _)| *w_at < at);
            let window = &words[idx.saturating_sub(3)..idx];
            let negated = window.iter().any(|(_, w)| is_negator(w));
            let intensified = window.last().is_some_and(|(_, w)| INTENSIFIERS.contains(w));
            let mut w = *weight;
            if intensified {
                w *= 1.5;
            }
            if negated {
                // "not happy" is clearly negative; "not bad" only mildly positive.
                w = if w > 0.0 { -w } else { -w * 0.5 };
            }
            total += w;
            hits += 1;
        }
    }
    let score = if hits == 0 {
        0.0
    } else {
        (total / (1.0 + f64::from(hits).sqrt())).clamp(-1.0, 1.0)
    };
    let label = if score >= 0.3 {
        SentimentLabel::Positive
    } else if score <= -0.3 {
        SentimentLabel::Negative
    } else {
        SentimentLabel::Neutral
    };
    Sentiment {
        label,
        score: (score * 100.0).round() / 100.0,
    }
}

#[cfg(test)]
mod tests {
    use super::{SentimentLabel, score};

    #[test]
    fn lexicon_with_negation() {
        assert_eq!(
            score("We are very happy with the rollout, great work!").label,
            SentimentLabel::Positive
        );
        assert_eq!(
            score("I am not happy. This is unacceptable.").label,
            SentimentLabel::Negative
        );
        assert_eq!(
            score("Please find the PO attached.").label,
            SentimentLabel::Neutral
        );
        assert_eq!(
            score("Still waiting, third time asking. Frustrating.").label,
            SentimentLabel::Negative
        );
        assert!(score("No complaints at all").score > score("complaints").score);
    }
}
