//! Prompt prefix reuse: what each sequence's KV cache still holds after its request ended, and
//! which free sequence a new prompt should take to skip the most prompt processing.
//!
//! A finished request leaves its prompt and generated tokens in its sequence's cache. The next
//! request whose prompt starts the same way (the same system prompt, the same conversation so
//! far) takes that sequence and decodes only the tokens after the shared prefix, as
//! llama-server does with `cache_prompt`.

use llama_cpp_2::token::LlamaToken;

/// The tokens held in each sequence's KV cache, and when each sequence was last given out.
#[derive(Debug)]
pub struct PrefixCache {
    held: Vec<Vec<LlamaToken>>,
    last_used: Vec<u64>,
    clock: u64,
}

/// A free sequence chosen for a prompt, and how many leading prompt tokens it already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// The sequence.
    pub seq: usize,
    /// Leading prompt tokens whose KV the sequence already holds (always fewer than the
    /// prompt's, so the last prompt token is decoded and yields logits).
    pub reusable: usize,
}

impl PrefixCache {
    /// An empty cache for `seqs` sequences.
    #[must_use]
    pub fn new(seqs: usize) -> Self {
        Self {
            held: vec![Vec::new(); seqs],
            last_used: vec![0; seqs],
            clock: 0,
        }
    }

    /// Picks, among the `free` sequences, the one holding the longest prefix of `prompt`; on a
    /// tie the one used longest ago, so recently warmed caches survive longest. `None` when no
    /// sequence is free.
    #[must_use]
    pub fn pick(
        &self,
        free: impl IntoIterator<Item = usize>,
        prompt: &[LlamaToken],
    ) -> Option<Pick> {
        free.into_iter()
            .filter(|&seq| seq < self.held.len())
            .map(|seq| Pick {
                seq,
                reusable: common_prefix(&self.held[seq], prompt)
                    .min(prompt.len().saturating_sub(1)),
            })
            .max_by(|a, b| {
                a.reusable
                    .cmp(&b.reusable)
                    .then(self.last_used[b.seq].cmp(&self.last_used[a.seq]))
            })
    }

    /// Marks `seq` as given to a new request, which keeps its first `kept` tokens.
    pub fn take(&mut self, seq: usize, kept: usize) {
        self.clock += 1;
        if let Some(held) = self.held.get_mut(seq) {
            held.truncate(kept);
        }
        if let Some(used) = self.last_used.get_mut(seq) {
            *used = self.clock;
        }
    }

    /// Records what `seq`'s cache holds now that its request ended.
    pub fn hold(&mut self, seq: usize, tokens: Vec<LlamaToken>) {
        if let Some(held) = self.held.get_mut(seq) {
            *held = tokens;
        }
    }

    /// Forgets `seq`'s cache (it was cleared).
    pub fn forget(&mut self, seq: usize) {
        self.hold(seq, Vec::new());
    }
}

/// Length of the longest common prefix of `a` and `b`.
fn common_prefix(a: &[LlamaToken], b: &[LlamaToken]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(ids: &[i32]) -> Vec<LlamaToken> {
        ids.iter().copied().map(LlamaToken::new).collect()
    }

    #[test]
    fn the_sequence_with_the_longest_shared_prefix_is_picked() {
        let mut cache = PrefixCache::new(3);
        cache.hold(0, tokens(&[1, 2, 9]));
        cache.hold(1, tokens(&[1, 2, 3, 4, 7]));
        cache.hold(2, tokens(&[5]));
        let pick = cache.pick(0..3, &tokens(&[1, 2, 3, 4, 5, 6])).unwrap();
        assert_eq!(
            pick,
            Pick {
                seq: 1,
                reusable: 4
            }
        );
    }

    #[test]
    fn the_last_prompt_token_is_never_reused() {
        let mut cache = PrefixCache::new(1);
        cache.hold(0, tokens(&[1, 2, 3, 4]));
        assert_eq!(cache.pick([0], &tokens(&[1, 2, 3])).unwrap().reusable, 2);
        assert_eq!(cache.pick([0], &tokens(&[1])).unwrap().reusable, 0);
    }

    #[test]
    fn busy_sequences_are_not_picked_and_ties_go_to_the_least_recently_used() {
        let mut cache = PrefixCache::new(3);
        cache.hold(0, tokens(&[1, 2, 3]));
        cache.take(2, 0);
        cache.take(1, 0);
        // Sequence 0 holds the prompt but is busy; 1 and 2 share nothing with it.
        let pick = cache.pick([1, 2], &tokens(&[1, 2, 3, 4])).unwrap();
        assert_eq!(
            pick,
            Pick {
                seq: 2,
                reusable: 0
            }
        );
        assert_eq!(cache.pick([], &tokens(&[1])), None);
    }

    #[test]
    fn taking_a_sequence_keeps_only_the_reused_prefix() {
        let mut cache = PrefixCache::new(1);
        cache.hold(0, tokens(&[1, 2, 3, 4]));
        cache.take(0, 2);
        assert_eq!(
            cache.pick([0], &tokens(&[1, 2, 3, 4, 5])).unwrap().reusable,
            2
        );
        cache.forget(0);
        assert_eq!(cache.pick([0], &tokens(&[1, 2, 3])).unwrap().reusable, 0);
    }
}
