//! decode_smtp over every reply line of the corpus (`../shared/corpora/smtp`): the provider reply
//! lines and the `diagnosticcode_from_5.1.0_run` column of expected.tsv. Figures: docs/BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn corpus_lines() -> Vec<String> {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/smtp/");
    let mut lines = Vec::new();
    if let Ok(t) = std::fs::read_to_string(format!("{base}provider_replies.tsv")) {
        lines.extend(
            t.lines()
                .filter(|l| !l.starts_with('#'))
                .skip(1)
                .filter_map(|l| l.split('\t').nth(1))
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
    }
    if let Ok(t) = std::fs::read_to_string(format!("{base}expected.tsv")) {
        lines.extend(
            t.lines()
                .filter(|l| !l.starts_with('#'))
                .skip(1)
                .filter_map(|l| l.split('\t').nth(14))
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
    }
    lines
}

fn bench(c: &mut Criterion) {
    let lines = corpus_lines();
    assert!(!lines.is_empty(), "corpus not found next to the project");
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut g = c.benchmark_group("decode_smtp");
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function(
        format!("corpus_{}_lines_{}_bytes", lines.len(), bytes),
        |b| {
            b.iter(|| {
                for l in &lines {
                    black_box(deliverkit::decode_smtp(black_box(l)));
                }
            })
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
