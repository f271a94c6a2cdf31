//! Content scoring against ../shared/corpora/content (ham vs spam), with 5-fold cross-validation:
//! the learned model is fitted on four folds and the fifth is scored with it (rules + model), for
//! each fold in turn. Prints ROC AUC, accuracy and false-positive rate at the verdict threshold,
//! for the messages as they are and with the receiver's trace headers removed. `--markdown`
//! prints the docs/ACCURACY.md section (`cargo run --release --example accuracy` writes it).
//!
//!     cargo run --release --example accuracy_content [-- --markdown]

#[path = "support/content_eval.rs"]
mod eval;

use eval::corpus;

fn main() {
    let bits: u8 = std::env::var("BITS")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(eval::BITS);
    let e = eval::evaluate(bits);
    if std::env::args().any(|a| a == "--markdown") {
        print!("{}", eval::markdown(&e));
        return;
    }
    println!(
        "corpus: {} ham, {} spam; 5-fold cross-validation, 2^{bits} weights",
        e.ham, e.spam
    );
    for v in &e.views {
        let (acc, fp, tp) = v.at_threshold();
        println!(
            "{:<22} AUC {:.4} (rules {:.4}, model {:.4})  accuracy {:.2}%  FPR {:.2}% ({fp})  caught {:.1}% ({tp})",
            v.name,
            corpus::auc(&v.total),
            corpus::auc(&v.rules),
            corpus::auc(&v.model),
            acc * 100.0,
            fp as f64 * 100.0 / e.ham as f64,
            tp as f64 * 100.0 / e.spam as f64
        );
    }
}
