//! validate_spf over the bench corpus N times: a target for profilers.
fn main() {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/auth/bench_corpus.json"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p).expect("corpus")).expect("json");
    let recs: Vec<String> = ["spf_simple", "spf_real"]
        .iter()
        .flat_map(|k| v[k].as_array().cloned().unwrap_or_default())
        .filter_map(|x| {
            x.as_str()
                .or_else(|| x["record"].as_str())
                .map(String::from)
        })
        .collect();
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    // A second argument `parse` times the parser alone (without the lint and the report),
    // `check` the lean check (no message written), `validity` the check behind the JavaScript report's `valid` and `lookupTerms`.
    let mode = std::env::args().nth(2).unwrap_or_default();
    let t = std::time::Instant::now();
    let mut k = 0;
    for _ in 0..n {
        for r in &recs {
            k += if mode == "parse" {
                deliverkit::spf::parse::parse(r).terms.len()
            } else if mode == "check" {
                deliverkit::spf::check_spf(r).term_spans().len()
            } else if mode == "validity" {
                deliverkit::spf::validity(r).1 as usize
            } else {
                deliverkit::spf::validate_spf(r).terms.len()
            };
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} records x {n}: {:.0} records/s ({k})",
        recs.len(),
        (recs.len() * n) as f64 / secs
    );
}
