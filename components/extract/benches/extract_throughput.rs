//! Extraction and whole-analysis throughput in MB/s on a 1 MiB corpus mixed from the
//! evaluation set (the analysis: one e-mail whose body is the corpus, so every classifier
//! rule runs over 1 MiB).
//!
//! `cargo bench -p edgecrew-extract --bench extract_throughput`

#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented entry point"
)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use edgecrew_extract::analysis::{Email, analyze};
use edgecrew_extract::eval::{default_dir, load};
use edgecrew_extract::{Options, extract};

fn corpus() -> String {
    let emails: Vec<String> = load(&default_dir())
        .expect("the evaluation set")
        .into_iter()
        .map(|s| s.email.text())
        .collect();
    let mut out = String::with_capacity(1 << 20);
    for e in emails.iter().cycle() {
        if out.len() + e.len() > 1 << 20 {
            break;
        }
        out.push_str(e);
        out.push_str("\n\n");
    }
    out
}

fn throughput(c: &mut Criterion) {
    let text = corpus();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("mixed_1mib", |b| {
        b.iter(|| extract(std::hint::black_box(&text), &Options::default()));
    });
    group.finish();
    let email = Email {
        subject: "Re: order, quote and case follow-up".to_owned(),
        body: text.clone(),
        received_at: Some("2026-03-11T09:00:00Z".to_owned()),
        ..Email::default()
    };
    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("mixed_1mib", |b| {
        b.iter(|| analyze(std::hint::black_box(&email), "bench"));
    });
    group.finish();
}

criterion_group!(benches, throughput);
criterion_main!(benches);
