//! The inference engine: loads the model on its own thread, which then owns the llama.cpp
//! context and runs the batch scheduler; the HTTP side talks to it through a bounded queue.

mod job;
mod prefix;
mod scheduler;
mod slot;
mod text;

use std::num::NonZeroU32;
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use anyhow::Context as _;
use llama_cpp_2::context::params::LlamaContextParams;
use llama_cpp_2::llama_backend::LlamaBackend;
use llama_cpp_2::model::LlamaModel;
use llama_cpp_2::model::params::LlamaModelParams;
use llama_cpp_2::token::LlamaToken;
use tokio::sync::mpsc;
use tokio::sync::oneshot;

pub use job::{EngineError, Event, FinishReason, Job, SamplingParams, Timings};

use crate::cli::Config;
use crate::metrics::Metrics;
use crate::template::{ChatTemplate, TemplateError};
use prefix::PrefixCache;
use scheduler::Scheduler;

/// Facts about the served model.
#[derive(Debug, Clone)]
pub struct ModelInfo {
    /// Name the model is served under.
    pub id: String,
    /// Context size of each sequence.
    pub ctx_size: u32,
    /// Number of sequences decoded together.
    pub parallel: u16,
    /// `general.architecture` of the GGUF.
    pub architecture: String,
    /// Vocabulary size.
    pub n_vocab: i32,
    /// Parameter count.
    pub n_params: u64,
}

/// Why a job was not queued.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// The queue is full.
    #[error("the server is busy: the request queue is full")]
    QueueFull,
    /// The inference thread is gone.
    #[error("the inference engine has stopped")]
    Stopped,
}

/// The HTTP side's handle on the loaded model and the job queue.
pub struct Engine {
    model: Arc<LlamaModel>,
    template: ChatTemplate,
    info: ModelInfo,
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Facts about the model.
    #[must_use]
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// `"model"` or `"default:<name>"`: which chat template renders conversations.
    #[must_use]
    pub fn chat_template_label(&self) -> &str {
        self.template.label()
    }

    /// Renders a conversation with the chat template.
    ///
    /// # Errors
    /// See [`TemplateError`].
    pub fn render_chat(&self, messages: &[(String, String)]) -> Result<String, TemplateError> {
        self.template.render(&self.model, messages)
    }

    /// Tokenizes a prompt (adding BOS when the model wants it, parsing special tokens).
    #[must_use]
    pub fn tokenize(&self, text: &str) -> Vec<LlamaToken> {
        self.model.vocab().tokenize(text.as_bytes(), true, true)
    }

    /// Queues a job without waiting.
    ///
    /// # Errors
    /// [`SubmitError::QueueFull`] when the queue is full.
    pub fn submit(&self, job: Job) -> Result<(), SubmitError> {
        self.jobs.try_send(job).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => SubmitError::QueueFull,
            mpsc::error::TrySendError::Closed(_) => SubmitError::Stopped,
        })
    }

    /// Requests waiting for a free sequence.
    #[must_use]
    pub fn queue_depth(&self) -> usize {
        self.jobs.max_capacity() - self.jobs.capacity()
    }
}

/// The llama.cpp backend, initialised once per process.
fn backend() -> anyhow::Result<&'static LlamaBackend> {
    static BACKEND: OnceLock<Result<LlamaBackend, String>> = OnceLock::new();
    BACKEND
        .get_or_init(|| {
            llama_cpp_2::send_logs_to_tracing(llama_cpp_2::LogOptions::default());
            LlamaBackend::init().map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| anyhow::anyhow!("initialising llama.cpp failed: {e}"))
}

/// Resolves to the loaded [`Engine`], or why loading failed.
pub type Ready = oneshot::Receiver<anyhow::Result<Arc<Engine>>>;

/// Starts the inference thread. The returned receiver yields the [`Engine`] once the model is
/// loaded (or the loading error); the thread ends after the last [`Engine`] is dropped and
/// every admitted job is finished.
///
/// # Errors
/// When the thread cannot be spawned.
pub fn spawn(config: &Config, metrics: Arc<Metrics>) -> anyhow::Result<(JoinHandle<()>, Ready)> {
    let (ready_tx, ready_rx) = oneshot::channel();
    let config = config.clone();
    let handle = std::thread::Builder::new()
        .name("inference".to_owned())
        .spawn(move || {
            let (engine, jobs_rx) = match load(&config) {
                Ok(loaded) => loaded,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let model = Arc::clone(&engine.model);
            let ctx = match new_context(&model, &config) {
                Ok(ctx) => ctx,
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            if ready_tx.send(Ok(Arc::new(engine))).is_err() {
                return;
            }
            let scheduler = Scheduler {
                model: &model,
                ctx,
                ctx_size: config.ctx_size,
                batch_size: config.batch_size as usize,
                metrics,
                prefixes: PrefixCache::new(usize::from(config.parallel)),
            };
            scheduler.run(usize::from(config.parallel), jobs_rx);
        })
        .context("spawning the inference thread")?;
    Ok((handle, ready_rx))
}

fn load(config: &Config) -> anyhow::Result<(Engine, mpsc::Receiver<Job>)> {
    let backend = backend()?;
    anyhow::ensure!(
        config.model.is_file(),
        "model file {} does not exist",
        config.model.display()
    );
    let model = LlamaModel::load_from_file(backend, &config.model, &LlamaModelParams::default())
        .with_context(|| format!("loading model {}", config.model.display()))?;
    let template = ChatTemplate::for_model(&model)?;
    let info = ModelInfo {
        id: config.model_id(),
        ctx_size: config.ctx_size,
        parallel: config.parallel,
        architecture: model
            .meta_val_str("general.architecture")
            .unwrap_or_default(),
        n_vocab: model.n_vocab(),
        n_params: model.n_params(),
    };
    tracing::info!(model = %info.id, arch = %info.architecture, chat_template = template.label(), "model loaded");
    let (jobs_tx, jobs_rx) = mpsc::channel(config.queue_depth.max(1));
    let engine = Engine {
        model: Arc::new(model),
        template,
        info,
        jobs: jobs_tx,
    };
    Ok((engine, jobs_rx))
}

fn new_context<'m>(
    model: &'m LlamaModel,
    config: &Config,
) -> anyhow::Result<llama_cpp_2::context::LlamaContext<'m>> {
    let backend = backend()?;
    let total = config.ctx_size.saturating_mul(u32::from(config.parallel));
    let threads = config.generation_threads();
    let threads_batch = config.threads_batch.map_or(threads, i32::from);
    let params = LlamaContextParams::default()
        .with_n_ctx(NonZeroU32::new(total))
        .with_n_batch(config.batch_size)
        .with_n_ubatch(config.batch_size)
        .with_n_seq_max(u32::from(config.parallel))
        .with_n_threads(threads)
        .with_n_threads_batch(threads_batch)
        // Sliding-window layers keep only their window, as llama-server does by default: no
        // request reuses another's cache, so the full-size SWA cache would only cost memory.
        .with_swa_full(false);
    model
        .new_context(backend, params)
        .context("creating the llama.cpp context")
}
