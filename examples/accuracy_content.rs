//! Content scoring against ../shared/corpora/content (ham vs spam), with 5-fold cross-validation:
//! the learned model is fitted on four folds and the fifth is scored with it (rules + model), for
//! each fold in turn. Prints ROC AUC, accuracy and false-positive rate at the verdict threshold,
//! for the messages as they are and with the receiver's trace headers removed. `--markdown`
//! prints the table docs/ACCURACY.md carries.
//!
//!     cargo run --release --example accuracy_content [-- --markdown]

#[path = "support/content_corpus.rs"]
mod corpus;

use deliverkit::content::{
    model_features, score_message_with, strip_trace_headers, Model, ScoreOptions, SPAM_THRESHOLD,
};

const BITS: u8 = 14;
const EPOCHS: usize = 8;

struct View {
    name: &'static str,
    total: Vec<(f64, bool)>,
    rules: Vec<(f64, bool)>,
    model: Vec<(f64, bool)>,
}

fn main() {
    let markdown = std::env::args().any(|a| a == "--markdown");
    let show_rules = std::env::args().any(|a| a == "--rules");
    let bits: u8 = std::env::var("BITS")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(BITS);
    let msgs = corpus::load();
    let stripped: Vec<Vec<u8>> = msgs.iter().map(|m| strip_trace_headers(&m.2)).collect();
    let feats: Vec<Vec<u32>> = msgs.iter().map(|m| model_features(&m.2)).collect();
    let mut views = [
        View {
            name: "as-is",
            total: vec![],
            rules: vec![],
            model: vec![],
        },
        View {
            name: "trace headers removed",
            total: vec![],
            rules: vec![],
            model: vec![],
        },
    ];
    let mut hits: std::collections::BTreeMap<&'static str, (usize, usize)> = Default::default();
    for f in 0..5 {
        let train: Vec<(Vec<u32>, bool)> = msgs
            .iter()
            .zip(&feats)
            .filter(|(m, _)| corpus::fold(&m.0) != f)
            .map(|(m, x)| (x.clone(), m.1))
            .collect();
        let model = Model::train(&train, bits, EPOCHS);
        for (i, m) in msgs.iter().enumerate() {
            if corpus::fold(&m.0) != f {
                continue;
            }
            for (v, raw) in views.iter_mut().zip([&m.2, &stripped[i]]) {
                let r = score_message_with(
                    raw,
                    &ScoreOptions {
                        model: Some(&model),
                        no_model: false,
                    },
                );
                let mp = r
                    .findings
                    .iter()
                    .find(|x| x.rule.id() == "model/content")
                    .map_or(0.0, |x| x.points);
                if v.name == "as-is" {
                    for x in &r.findings {
                        let e = hits.entry(x.rule.id()).or_default();
                        if m.1 {
                            e.1 += 1
                        } else {
                            e.0 += 1
                        }
                    }
                }
                v.total.push((r.score, m.1));
                v.rules.push((r.score - mp, m.1));
                v.model.push((model.logit(&feats[i]) as f64, m.1));
            }
        }
    }
    let ham = msgs.iter().filter(|m| !m.1).count();
    let spam = msgs.len() - ham;
    if markdown {
        println!("| view | ROC AUC (score) | AUC rules only | AUC model only | accuracy at {SPAM_THRESHOLD} | false-positive rate | spam caught |");
        println!("|---|---:|---:|---:|---:|---:|---:|");
    } else {
        println!("corpus: {ham} ham, {spam} spam; 5-fold cross-validation, 2^{bits} weights");
    }
    for v in &views {
        let tp = v
            .total
            .iter()
            .filter(|x| x.1 && x.0 >= SPAM_THRESHOLD)
            .count();
        let fp = v
            .total
            .iter()
            .filter(|x| !x.1 && x.0 >= SPAM_THRESHOLD)
            .count();
        let tn = ham - fp;
        let acc = (tp + tn) as f64 / msgs.len() as f64;
        let (a, ar, am) = (
            corpus::auc(&v.total),
            corpus::auc(&v.rules),
            corpus::auc(&v.model),
        );
        if markdown {
            println!(
                "| {} | {a:.4} | {ar:.4} | {am:.4} | {:.1}% | {:.2}% ({fp} of {ham}) | {:.1}% ({tp} of {spam}) |",
                v.name,
                acc * 100.0,
                fp as f64 * 100.0 / ham as f64,
                tp as f64 * 100.0 / spam as f64
            );
        } else {
            println!(
                "{:<22} AUC {a:.4} (rules {ar:.4}, model {am:.4})  accuracy {:.2}%  FPR {:.2}% ({fp})  caught {:.1}% ({tp})",
                v.name,
                acc * 100.0,
                fp as f64 * 100.0 / ham as f64,
                tp as f64 * 100.0 / spam as f64
            );
        }
    }
    if show_rules {
        println!("\n| rule | ham hits | spam hits |\n|---|---:|---:|");
        for (id, (h, s)) in &hits {
            println!(
                "| `{id}` | {h} ({:.1}%) | {s} ({:.1}%) |",
                *h as f64 * 100.0 / ham as f64,
                *s as f64 * 100.0 / spam as f64
            );
        }
    }
}
