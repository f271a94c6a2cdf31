//! Writes every disagreement of decode_bounce with expected.tsv to target/bounce-misses.tsv.
#[path = "../tests/support/bounce_corpus.rs"]
mod corpus;
fn main() {
    let o = corpus::measure();
    std::fs::create_dir_all("target").unwrap();
    std::fs::write("target/bounce-misses.tsv", o.misses.join("\n")).unwrap();
    let t = o.total;
    println!(
        "{} rows: found {:.1}% reason {:.1}% status {:.1}% reply {:.1}%",
        t.n,
        corpus::pct(t.found, t.n),
        corpus::pct(t.reason, t.n),
        corpus::pct(t.status, t.n),
        corpus::pct(t.reply, t.n)
    );
    for (a, t) in &o.agents {
        if t.reason < t.n {
            println!(
                "  {a}: {}/{} reason, {}/{} status, found {}",
                t.reason, t.n, t.status, t.n, t.found
            );
        }
    }
}
