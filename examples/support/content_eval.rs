// Content scoring measured on ../shared/corpora/content with 5-fold cross-validation; shared by
// examples/accuracy_content.rs (prints) and examples/accuracy.rs (the docs/ACCURACY.md section).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

#[path = "content_corpus.rs"]
pub mod corpus;

use deliverkit::content::{
    model_features, score_message_with, strip_trace_headers, Model, ScoreOptions, SPAM_THRESHOLD,
};

/// Hash bits and epochs of the model (the same as examples/train_content.rs).
pub const BITS: u8 = 14;
pub const EPOCHS: usize = 8;

pub struct View {
    pub name: &'static str,
    pub total: Vec<(f64, bool)>,
    pub rules: Vec<(f64, bool)>,
    pub model: Vec<(f64, bool)>,
}

pub struct Eval {
    pub ham: usize,
    pub spam: usize,
    pub bits: u8,
    pub views: [View; 2],
    /// Rule id -> (ham hits, spam hits), as-is view.
    pub hits: BTreeMap<&'static str, (usize, usize)>,
}

impl View {
    fn new(name: &'static str) -> View {
        View {
            name,
            total: vec![],
            rules: vec![],
            model: vec![],
        }
    }
    /// (accuracy, false positives, true positives) at the verdict threshold.
    pub fn at_threshold(&self) -> (f64, usize, usize) {
        let tp = self
            .total
            .iter()
            .filter(|x| x.1 && x.0 >= SPAM_THRESHOLD)
            .count();
        let fp = self
            .total
            .iter()
            .filter(|x| !x.1 && x.0 >= SPAM_THRESHOLD)
            .count();
        let ham = self.total.iter().filter(|x| !x.1).count();
        ((tp + ham - fp) as f64 / self.total.len() as f64, fp, tp)
    }
}

/// Fit on four folds, score the fifth with rules + that model, for each fold.
pub fn evaluate(bits: u8) -> Eval {
    let msgs = corpus::load();
    let stripped: Vec<Vec<u8>> = msgs.iter().map(|m| strip_trace_headers(&m.2)).collect();
    let feats: Vec<Vec<u32>> = msgs.iter().map(|m| model_features(&m.2)).collect();
    let mut views = [View::new("as-is"), View::new("trace headers removed")];
    let mut hits: BTreeMap<&'static str, (usize, usize)> = BTreeMap::new();
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
    Eval {
        ham,
        spam: msgs.len() - ham,
        bits,
        views,
        hits,
    }
}

/// The SpamAssassin reference measured by benches/spamassassin-auc.sh, if it has been run:
/// lines `view<TAB>auc<TAB>accuracy<TAB>fpr<TAB>caught` in docs/spamassassin-auc.tsv.
fn spamassassin_rows() -> Vec<Vec<String>> {
    std::fs::read_to_string("docs/spamassassin-auc.tsv")
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect()
}

/// The docs/ACCURACY.md section.
pub fn markdown(e: &Eval) -> String {
    let mut s = String::new();
    writeln!(s, "## Content scoring (`score_message`)\n").unwrap();
    writeln!(s, "`../shared/corpora/content`: {} ham and {} spam messages (the SpamAssassin public corpus, 2002-2005). \
The learned model (2^{} hashed-token weights) is fitted on four folds and the fifth is scored with the rules plus that model, for each \
of the 5 folds (fold = hash of the file name); no message is scored by a model that saw it. The shipped model \
(`cargo run --release --example train_content`) is fitted on the whole corpus. \"Trace headers removed\" strips the receiver's \
Received, Return-Path, Delivered-To, Authentication-Results, ARC-*, Received-SPF, X-Spam-*, X-Virus-* and X-Envelope-* fields \
(`deliverkit::content::strip_trace_headers`) before scoring. Regenerate with `cargo run --release --example accuracy` \
(or `--example accuracy_content` for this section alone).\n", e.ham, e.spam, e.bits).unwrap();
    writeln!(s, "| view | ROC AUC (score) | AUC rules only | AUC model only | accuracy at {SPAM_THRESHOLD:.1} | false-positive rate | spam caught |").unwrap();
    writeln!(s, "|---|---:|---:|---:|---:|---:|---:|").unwrap();
    for v in &e.views {
        let (acc, fp, tp) = v.at_threshold();
        writeln!(
            s,
            "| deliverkit, {} | **{:.4}** | {:.4} | {:.4} | {:.1}% | {:.2}% ({fp} of {}) | {:.1}% ({tp} of {}) |",
            v.name,
            corpus::auc(&v.total),
            corpus::auc(&v.rules),
            corpus::auc(&v.model),
            acc * 100.0,
            fp as f64 * 100.0 / e.ham as f64,
            e.ham,
            tp as f64 * 100.0 / e.spam as f64,
            e.spam
        )
        .unwrap();
    }
    for r in spamassassin_rows() {
        if r.len() >= 5 {
            writeln!(
                s,
                "| SpamAssassin, {} | {} | | | {} | {} | {} |",
                r[0], r[1], r[2], r[3], r[4]
            )
            .unwrap();
        }
    }
    writeln!(s, "\nThe SpamAssassin rows (Debian's SpamAssassin 4, local tests only, no Bayes, its default threshold 5.0) come from \
`bash benches/spamassassin-auc.sh`, which writes `docs/spamassassin-auc.tsv`; the issue's reference is AUC 0.969 as-is and 0.952 with \
trace headers removed. Ours come out about 0.013 lower: only the rules shipped in the Debian package are installed \
(no sa-update), and `benches/spamassassin.pl` works around a SpamAssassin 4.0.1 bug that makes rules with `%{{TAG}}` templates \
depend on the first message a long-running process saw (without the workaround AUC is 0.9567 and 0.9435). \
What is fitted to the corpus is the model's weights only, inside the cross-validation; the rules' points and the mapping of the \
model's log-odds to points (1.5 points per unit, clamped to -3..+5) were set by hand once, before these figures were taken, and \
are the same in every fold.\n").unwrap();
    writeln!(
        s,
        "### How often each rule fires (as-is, cross-validated run)\n"
    )
    .unwrap();
    writeln!(s, "The corpus predates DKIM, DMARC and one-click unsubscribe, so the bulk-sender and authentication rules are shown \
for completeness; they are tested with messages written for the purpose (`tests/content.rs`).\n").unwrap();
    writeln!(s, "| rule | ham | spam |\n|---|---:|---:|").unwrap();
    for (id, (h, sp)) in &e.hits {
        writeln!(
            s,
            "| `{id}` | {h} ({:.1}%) | {sp} ({:.1}%) |",
            *h as f64 * 100.0 / e.ham as f64,
            *sp as f64 * 100.0 / e.spam as f64
        )
        .unwrap();
    }
    s
}
