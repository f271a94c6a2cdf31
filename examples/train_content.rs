//! Trains the learned content model on the whole content corpus and writes
//! data/content-model.bin. Its accuracy is measured by `examples/accuracy_content.rs` with
//! 5-fold cross-validation, never on what it was fitted on.
//!
//!     cargo run --release --example train_content

#[path = "support/content_corpus.rs"]
mod corpus;

use deliverkit::content::{model_features, Model};

/// Hash bits (2^14 one-byte weights) and epochs: chosen once, written here.
pub const BITS: u8 = 14; // keep equal to examples/support/content_eval.rs
pub const EPOCHS: usize = 8;

fn main() {
    let msgs = corpus::load();
    let examples: Vec<(Vec<u32>, bool)> = msgs
        .iter()
        .map(|(_, spam, raw)| (model_features(raw), *spam))
        .collect();
    let m = Model::train(&examples, BITS, EPOCHS);
    std::fs::write("data/content-model.bin", m.to_bytes()).unwrap();
    eprintln!(
        "data/content-model.bin: {} messages, 2^{BITS} weights, {EPOCHS} epochs",
        examples.len()
    );
}
