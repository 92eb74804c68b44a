//! Writes a tiny random-weight llama-architecture GGUF (v3) with a small SentencePiece-style
//! vocabulary, so tests exercise real llama.cpp loading without downloading anything.

use std::io::Write;
use std::path::Path;

const ALIGN: usize = 32;
const N_EMBD: u64 = 64;
const N_FF: u64 = 128;
const N_LAYER: u32 = 2;
const N_HEAD: u32 = 4;

enum Kv {
    U32(u32),
    F32(f32),
    Bool(bool),
    Str(String),
    StrArr(Vec<String>),
    F32Arr(Vec<f32>),
    I32Arr(Vec<i32>),
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_kv(out: &mut Vec<u8>, key: &str, value: &Kv) {
    put_str(out, key);
    match value {
        Kv::U32(v) => {
            out.extend_from_slice(&4u32.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        Kv::F32(v) => {
            out.extend_from_slice(&6u32.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        Kv::Bool(v) => {
            out.extend_from_slice(&7u32.to_le_bytes());
            out.push(u8::from(*v));
        }
        Kv::Str(s) => {
            out.extend_from_slice(&8u32.to_le_bytes());
            put_str(out, s);
        }
        Kv::StrArr(v) => {
            out.extend_from_slice(&9u32.to_le_bytes());
            out.extend_from_slice(&8u32.to_le_bytes());
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            for s in v {
                put_str(out, s);
            }
        }
        Kv::F32Arr(v) => {
            out.extend_from_slice(&9u32.to_le_bytes());
            out.extend_from_slice(&6u32.to_le_bytes());
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        Kv::I32Arr(v) => {
            out.extend_from_slice(&9u32.to_le_bytes());
            out.extend_from_slice(&5u32.to_le_bytes());
            out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
    }
}

/// The vocabulary: specials, 256 byte tokens, printable ASCII, some words, ChatML markers.
fn vocab() -> (Vec<String>, Vec<f32>, Vec<i32>) {
    let mut tokens = vec!["<unk>".to_owned(), "<s>".to_owned(), "</s>".to_owned()];
    let mut scores = vec![0.0, 0.0, 0.0];
    let mut types = vec![2, 3, 3];
    for b in 0..=255u8 {
        tokens.push(format!("<0x{b:02X}>"));
        scores.push(0.0);
        types.push(6);
    }
    tokens.push("\u{2581}".to_owned());
    scores.push(-1.0);
    types.push(1);
    for c in 0x21u8..=0x7e {
        tokens.push((c as char).to_string());
        scores.push(-2.0);
        types.push(1);
    }
    let words = [
        "the", "a", "of", "and", "to", "in", "is", "it", "you", "that", "he", "was", "for", "on",
        "are", "with", "as", "I", "his", "they", "be", "at", "one", "have", "this", "from", "or",
        "had", "by", "hot", "word", "but", "what", "some", "we", "can", "out", "other", "were",
        "all", "there", "when", "up", "use", "your", "how", "said", "an", "each", "she", "true",
        "false", "null", "red", "green", "blue", "name", "ok", "hello", "world",
    ];
    for (i, w) in words.iter().enumerate() {
        for (piece, score) in [(format!("\u{2581}{w}"), -0.5), ((*w).to_owned(), -0.6)] {
            if !tokens.contains(&piece) {
                tokens.push(piece);
                scores.push(score - i as f32 * 0.001);
                types.push(1);
            }
        }
    }
    for special in ["<|im_start|>", "<|im_end|>"] {
        tokens.push(special.to_owned());
        scores.push(0.0);
        types.push(3);
    }
    (tokens, scores, types)
}

struct Rng(u64);

impl Rng {
    fn next_f32(&mut self) -> f32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    }
}

/// Writes the model to `path`; with `chat_template`, also stores a ChatML Jinja template.
pub fn write_tiny_llama(path: &Path, chat_template: bool) {
    let (tokens, scores, types) = vocab();
    let n_vocab = tokens.len() as u64;

    let mut kvs: Vec<(&str, Kv)> = vec![
        ("general.architecture", Kv::Str("llama".into())),
        ("general.name", Kv::Str("tiny-test-llama".into())),
        ("general.alignment", Kv::U32(ALIGN as u32)),
        ("llama.context_length", Kv::U32(8192)),
        ("llama.embedding_length", Kv::U32(N_EMBD as u32)),
        ("llama.block_count", Kv::U32(N_LAYER)),
        ("llama.feed_forward_length", Kv::U32(N_FF as u32)),
        ("llama.attention.head_count", Kv::U32(N_HEAD)),
        ("llama.attention.head_count_kv", Kv::U32(N_HEAD)),
        ("llama.attention.layer_norm_rms_epsilon", Kv::F32(1e-5)),
        (
            "llama.rope.dimension_count",
            Kv::U32(N_EMBD as u32 / N_HEAD),
        ),
        ("tokenizer.ggml.model", Kv::Str("llama".into())),
        ("tokenizer.ggml.tokens", Kv::StrArr(tokens)),
        ("tokenizer.ggml.scores", Kv::F32Arr(scores)),
        ("tokenizer.ggml.token_type", Kv::I32Arr(types)),
        ("tokenizer.ggml.bos_token_id", Kv::U32(1)),
        ("tokenizer.ggml.eos_token_id", Kv::U32(2)),
        ("tokenizer.ggml.unknown_token_id", Kv::U32(0)),
        ("tokenizer.ggml.add_bos_token", Kv::Bool(true)),
    ];
    if chat_template {
        kvs.push((
            "tokenizer.chat_template",
            Kv::Str(
                "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}".into(),
            ),
        ));
    }

    let mut tensors: Vec<(String, Vec<u64>)> = vec![
        ("token_embd.weight".into(), vec![N_EMBD, n_vocab]),
        ("output_norm.weight".into(), vec![N_EMBD]),
        ("output.weight".into(), vec![N_EMBD, n_vocab]),
    ];
    for i in 0..N_LAYER {
        for (name, dims) in [
            ("attn_norm", vec![N_EMBD]),
            ("attn_q", vec![N_EMBD, N_EMBD]),
            ("attn_k", vec![N_EMBD, N_EMBD]),
            ("attn_v", vec![N_EMBD, N_EMBD]),
            ("attn_output", vec![N_EMBD, N_EMBD]),
            ("ffn_norm", vec![N_EMBD]),
            ("ffn_gate", vec![N_EMBD, N_FF]),
            ("ffn_down", vec![N_FF, N_EMBD]),
            ("ffn_up", vec![N_EMBD, N_FF]),
        ] {
            tensors.push((format!("blk.{i}.{name}.weight"), dims));
        }
    }

    let mut out = Vec::new();
    out.extend_from_slice(b"GGUF");
    out.extend_from_slice(&3u32.to_le_bytes());
    out.extend_from_slice(&(tensors.len() as u64).to_le_bytes());
    out.extend_from_slice(&(kvs.len() as u64).to_le_bytes());
    for (key, value) in &kvs {
        put_kv(&mut out, key, value);
    }
    let mut offset = 0u64;
    let mut sizes = Vec::new();
    for (name, dims) in &tensors {
        put_str(&mut out, name);
        out.extend_from_slice(&(dims.len() as u32).to_le_bytes());
        for d in dims {
            out.extend_from_slice(&d.to_le_bytes());
        }
        out.extend_from_slice(&0u32.to_le_bytes()); // GGML_TYPE_F32
        out.extend_from_slice(&offset.to_le_bytes());
        let bytes = dims.iter().product::<u64>() * 4;
        sizes.push(bytes);
        offset += bytes.div_ceil(ALIGN as u64) * ALIGN as u64;
    }
    while out.len() % ALIGN != 0 {
        out.push(0);
    }
    let mut rng = Rng(0x5eed);
    for ((name, _), bytes) in tensors.iter().zip(&sizes) {
        let n = (*bytes / 4) as usize;
        let is_norm = name.ends_with("norm.weight");
        for _ in 0..n {
            let v = if is_norm { 1.0 } else { rng.next_f32() };
            out.extend_from_slice(&v.to_le_bytes());
        }
        while out.len() % ALIGN != 0 {
            out.push(0);
        }
    }
    let mut file = std::fs::File::create(path).expect("create gguf");
    file.write_all(&out).expect("write gguf");
}
