//! The continuous-batching loop of the inference thread, which owns the llama.cpp context.
//!
//! Each step admits queued jobs into free sequences, builds one [`LlamaBatch`] holding one
//! token per generating sequence plus prompt chunks of sequences still prefilling, decodes it,
//! and samples one token for every sequence whose logits were requested.

use std::sync::Arc;
use std::time::Instant;

use llama_cpp_2::context::LlamaContext;
use llama_cpp_2::llama_batch::LlamaBatch;
use llama_cpp_2::model::LlamaModel;
use tokio::sync::mpsc::Receiver;
use tokio::sync::mpsc::error::TryRecvError;

use super::job::{EngineError, Event, FinishReason, Job};
use super::prefix::PrefixCache;
use super::slot::Slot;
use crate::metrics::Metrics;

/// Everything the loop needs besides the job queue.
pub struct Scheduler<'m> {
    /// The loaded model.
    pub model: &'m LlamaModel,
    /// The context (one sequence per slot).
    pub ctx: LlamaContext<'m>,
    /// Context size of each sequence.
    pub ctx_size: u32,
    /// Largest number of tokens per decode.
    pub batch_size: usize,
    /// Process metrics.
    pub metrics: Arc<Metrics>,
    /// What each sequence's cache holds for the next request to reuse.
    pub prefixes: PrefixCache,
}

enum Ending {
    Finished(FinishReason),
    Failed(EngineError),
    Abandoned,
}

impl Scheduler<'_> {
    /// Runs until the job queue is closed and every admitted job is finished.
    pub fn run(mut self, slots: usize, mut jobs: Receiver<Job>) {
        let mut active: Vec<Option<Slot>> = (0..slots).map(|_| None).collect();
        let mut batch = LlamaBatch::new(self.batch_size.max(slots), 1);
        loop {
            self.reap_abandoned(&mut active);
            if !self.admit(&mut active, &mut jobs) {
                return;
            }
            self.metrics.set_queue_depth(jobs.len() as u64);
            self.metrics
                .set_active_sequences(active.iter().flatten().count() as u64);
            if active.iter().all(Option::is_none) {
                continue;
            }
            self.step(&mut active, &mut batch);
        }
    }

    /// Fills free slots from the queue. Blocks only when nothing is active; returns false
    /// when the queue is closed and nothing is active (time to exit).
    fn admit(&mut self, active: &mut [Option<Slot>], jobs: &mut Receiver<Job>) -> bool {
        loop {
            if active.iter().all(Option::is_some) {
                return true;
            }
            let job = if active.iter().all(Option::is_none) {
                match jobs.blocking_recv() {
                    Some(job) => job,
                    None => return false,
                }
            } else {
                match jobs.try_recv() {
                    Ok(job) => job,
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => return true,
                }
            };
            // At least one sequence is free (checked above), so a pick always comes back.
            let free = active
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_none())
                .map(|(i, _)| i);
            if let Some(pick) = self.prefixes.pick(free, &job.tokens) {
                let reused = self.reuse(pick.seq, pick.reusable);
                active[pick.seq] = self.start(job, reused);
            }
        }
    }

    /// Keeps the first `reusable` tokens of `seq`'s cache for its next request, if the cache
    /// still holds all of them (a sliding-window layer may have dropped early positions);
    /// otherwise clears the sequence. Returns how many tokens are kept.
    fn reuse(&mut self, seq: usize, reusable: usize) -> usize {
        let id = seq_id(seq);
        let kept = match (u32::try_from(seq), u32::try_from(reusable)) {
            (Ok(s), Ok(p0))
                if reusable > 0
                    && self.ctx.kv_cache_seq_pos_min(id) == 0
                    && self.ctx.clear_kv_cache_seq(Some(s), Some(p0), None) == Ok(true) =>
            {
                reusable
            }
            _ => 0,
        };
        if kept == 0 {
            self.clear(seq);
        }
        self.prefixes.take(seq, kept);
        kept
    }

    /// Empties `seq`'s cache.
    fn clear(&mut self, seq: usize) {
        if let Err(e) = self
            .ctx
            .clear_kv_cache_seq(u32::try_from(seq).ok(), None, None)
        {
            tracing::error!(error = %e, "clearing a sequence failed");
        }
        self.prefixes.forget(seq);
    }

    fn start(&mut self, job: Job, reused: usize) -> Option<Slot> {
        if job.events.is_closed() {
            return None;
        }
        if Instant::now() >= job.deadline {
            let _ = job.events.send(Event::Error(EngineError::Deadline));
            return None;
        }
        let events = job.events.clone();
        match Slot::new(self.model, job, reused) {
            Ok(slot) => Some(slot),
            Err(e) => {
                let _ = events.send(Event::Error(e));
                None
            }
        }
    }

    /// Frees sequences whose client went away or whose deadline passed.
    fn reap_abandoned(&mut self, active: &mut [Option<Slot>]) {
        let now = Instant::now();
        for seq in 0..active.len() {
            let ending = match &active[seq] {
                Some(slot) if slot.job.events.is_closed() => Ending::Abandoned,
                Some(slot) if now >= slot.job.deadline => Ending::Failed(EngineError::Deadline),
                _ => continue,
            };
            self.end(active, seq, ending);
        }
    }

    fn step(&mut self, active: &mut [Option<Slot>], batch: &mut LlamaBatch<'_>) {
        batch.clear();
        let mut in_batch = Vec::with_capacity(active.len());
        // One token for every generating sequence first, so generation never stalls.
        for (seq, slot) in active.iter_mut().enumerate() {
            let Some(slot) = slot else { continue };
            slot.logits_index = None;
            if let Some(token) = slot.pending {
                if batch.add(token, slot.n_past, &[seq_id(seq)], true).is_err() {
                    continue;
                }
                slot.pending_fed();
                slot.logits_index = Some(batch.n_tokens() - 1);
                slot.n_past += 1;
                in_batch.push(seq);
            }
        }
        // Then prompt chunks with whatever room is left.
        for (seq, slot) in active.iter_mut().enumerate() {
            let Some(slot) = slot else { continue };
            let room = self
                .batch_size
                .saturating_sub(usize::try_from(batch.n_tokens()).unwrap_or(0));
            if room == 0 {
                break;
            }
            if !slot.prefilling() {
                continue;
            }
            let end = (slot.prompt_fed + room).min(slot.job.tokens.len());
            for i in slot.prompt_fed..end {
                let last = i + 1 == slot.job.tokens.len();
                if batch
                    .add(slot.job.tokens[i], slot.n_past, &[seq_id(seq)], last)
                    .is_err()
                {
                    break;
                }
                slot.n_past += 1;
                slot.prompt_fed += 1;
                if last {
                    slot.logits_index = Some(batch.n_tokens() - 1);
                }
            }
            in_batch.push(seq);
        }
        if batch.n_tokens() == 0 {
            return;
        }

        if let Err(e) = self.ctx.decode(batch) {
            tracing::error!(error = %e, "llama_decode failed");
            for seq in in_batch {
                self.end(
                    active,
                    seq,
                    Ending::Failed(EngineError::Decode(e.to_string())),
                );
            }
            return;
        }

        let vocab = self.model.vocab();
        for seq in 0..active.len() {
            let Some(slot) = active[seq].as_mut() else {
                continue;
            };
            let Some(idx) = slot.logits_index.take() else {
                continue;
            };
            let first = slot.first_token_at().is_none();
            let ending = match slot.sample(&self.ctx, idx) {
                Ok(token) => {
                    let piece = vocab.token_to_piece(token, false, None);
                    let is_eog = vocab.is_eog(token) && !slot.job.params.ignore_eos;
                    slot.accept(token, &piece, is_eog, self.ctx_size)
                        .map(Ending::Finished)
                }
                Err(e) => Some(Ending::Failed(e)),
            };
            if first {
                let ttft = slot.job.received.elapsed().as_secs_f64();
                self.metrics.observe_ttft(ttft);
            }
            if let Some(ending) = ending {
                self.end(active, seq, ending);
            }
        }
    }

    /// Ends the request in `seq` and reports it. The sequence's cache is kept for the next
    /// request to reuse, unless decoding failed (its contents are then unknown).
    fn end(&mut self, active: &mut [Option<Slot>], seq: usize, ending: Ending) {
        let Some(mut slot) = active.get_mut(seq).and_then(Option::take) else {
            return;
        };
        let failed = matches!(ending, Ending::Failed(EngineError::Decode(_)));
        match ending {
            Ending::Finished(reason) => {
                slot.finish(reason, &self.metrics);
            }
            Ending::Failed(e) => {
                let _ = slot.job.events.send(Event::Error(e));
            }
            Ending::Abandoned => {}
        }
        let held = slot.held_tokens();
        if failed || i32::try_from(held.len()) != Ok(slot.n_past) {
            self.clear(seq);
        } else {
            self.prefixes.hold(seq, held);
        }
    }
}

fn seq_id(seq: usize) -> i32 {
    i32::try_from(seq).unwrap_or(i32::MAX)
}
