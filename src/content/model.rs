//! The learned part of content scoring: a logistic-regression model over hashed tokens (the
//! "hashing trick"), shipped as quantized weights in `data/content-model.bin`. It reads the words a
//! recipient reads (Subject, From name, visible text), the link domains and a few structural
//! tokens, never the receiver's trace headers. Trained only on ../shared/corpora/content by
//! `cargo run --release --example train_content`; `examples/accuracy_content.rs` measures it
//! with 5-fold cross-validation (fit on four folds, score the fifth).

use std::borrow::Cow;

/// The shipped model (see the module docs for how it is made).
static SHIPPED: &[u8] = include_bytes!("../../data/content-model.bin");

const MAGIC: &[u8; 5] = b"DKCM1";

/// A linear model over hashed tokens: `z = bias + scale * sum(w[h(t)]) / sqrt(n)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    bits: u8,
    scale: f32,
    bias: f32,
    weights: Cow<'static, [i8]>,
}

/// The text a message shows, as the model reads it.
#[derive(Default)]
pub struct ModelInput<'a> {
    /// The decoded Subject.
    pub subject: &'a str,
    /// The From display name.
    pub from_name: &'a str,
    /// The From address's domain.
    pub from_domain: &'a str,
    /// The visible text (text part, else the HTML's visible text).
    pub text: &'a str,
    /// Registrable domains of the links.
    pub link_domains: Vec<&'a str>,
    /// Structural tokens (`html-only`, `ct:text/html`, ...).
    pub flags: Vec<String>,
}

/// Text beyond this many bytes is not tokenized (the start of a message decides).
pub const MAX_MODEL_TEXT: usize = 64 * 1024;

impl Model {
    /// The model deliverkit ships.
    pub fn shipped() -> Option<Model> {
        Model::from_bytes(SHIPPED)
    }

    /// Read a model from its file format (`DKCM1`, bits, scale, bias, 2^bits weights).
    pub fn from_bytes(b: &'static [u8]) -> Option<Model> {
        let rest = b.strip_prefix(MAGIC.as_slice())?;
        let bits = *rest.first()?;
        if !(8..=24).contains(&bits) {
            return None;
        }
        let scale = f32::from_le_bytes(rest.get(1..5)?.try_into().ok()?);
        let bias = f32::from_le_bytes(rest.get(5..9)?.try_into().ok()?);
        let w = rest.get(9..)?;
        if w.len() != 1 << bits {
            return None;
        }
        let weights: Vec<i8> = w.iter().map(|&x| x as i8).collect();
        Some(Model {
            bits,
            scale,
            bias,
            weights: Cow::Owned(weights),
        })
    }

    /// The file format of [`Model::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = MAGIC.to_vec();
        v.push(self.bits);
        v.extend_from_slice(&self.scale.to_le_bytes());
        v.extend_from_slice(&self.bias.to_le_bytes());
        v.extend(self.weights.iter().map(|&x| x as u8));
        v
    }

    /// The log-odds that the message is spam.
    pub fn logit(&self, features: &[u32]) -> f32 {
        let b = buckets(features, self.bits);
        if b.is_empty() {
            return self.bias;
        }
        let sum: i32 = b.iter().map(|&i| self.weights[i] as i32).sum();
        self.bias + self.scale * sum as f32 / (b.len() as f32).sqrt()
    }

    /// Fit a model on `(features, is_spam)` examples: logistic regression by AdaGrad with a
    /// little L2, then weights quantized to 8 bits. Deterministic for the same input.
    pub fn train(examples: &[(Vec<u32>, bool)], bits: u8, epochs: usize) -> Model {
        let n = 1usize << bits;
        let mut w = vec![0f32; n];
        let mut g2 = vec![1e-6f32; n];
        let (mut b, mut gb2) = (0f32, 1e-6f32);
        let lr = 0.3f32;
        let l2 = 1e-5f32;
        // Balance the classes: each class weighs half.
        let spam = examples.iter().filter(|e| e.1).count().max(1) as f32;
        let ham = (examples.len() as f32 - spam).max(1.0);
        let total = examples.len() as f32;
        let examples: Vec<(Vec<usize>, bool)> = examples
            .iter()
            .map(|(f, y)| (buckets(f, bits), *y))
            .collect();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut seed = 0x9e37_79b9_u32;
        for _ in 0..epochs {
            // Fisher-Yates with a fixed xorshift seed: reproducible.
            for i in (1..order.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                order.swap(i, seed as usize % (i + 1));
            }
            for &k in &order {
                let (f, y) = &examples[k];
                if f.is_empty() {
                    continue;
                }
                let norm = 1.0 / (f.len() as f32).sqrt();
                let mut z = b;
                for &i in f {
                    z += w[i] * norm;
                }
                let p = 1.0 / (1.0 + (-z).exp());
                let cw = if *y {
                    total / (2.0 * spam)
                } else {
                    total / (2.0 * ham)
                };
                let g = (p - if *y { 1.0 } else { 0.0 }) * cw;
                for &i in f {
                    let gi = g * norm + l2 * w[i];
                    g2[i] += gi * gi;
                    w[i] -= lr * gi / g2[i].sqrt();
                }
                gb2 += g * g;
                b -= lr * g / gb2.sqrt();
            }
        }
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-6);
        let scale = max / 127.0;
        Model {
            bits,
            scale,
            bias: b,
            weights: Cow::Owned(w.iter().map(|x| (x / scale).round() as i8).collect()),
        }
    }
}

/// FNV-1a, 32 bits, over a prefix and a token.
fn hash(prefix: &str, token: &str) -> u32 {
    let mut h = 0x811c_9dc5u32;
    for b in prefix.bytes().chain(token.bytes()) {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    // Spread the low bits to the top, which the model indexes by.
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    h
}

/// The hashed features of a message (a token can appear more than once; the model counts each
/// weight once).
pub fn features(input: &ModelInput<'_>) -> Vec<u32> {
    let mut out = Vec::with_capacity(256);
    let mut word = String::new();
    let mut push_words = |prefix: &str, text: &str, out: &mut Vec<u32>| {
        let text = model_text(text);
        let mut prev = 0u32;
        for raw in text.split(|c: char| !(c.is_alphanumeric() || c == '$' || c == '\'')) {
            let raw = raw.trim_matches('\'');
            if raw.is_empty() || raw.len() > 24 {
                continue;
            }
            word.clear();
            if raw.bytes().all(|b| b.is_ascii_digit()) {
                // Numbers by their length only.
                word.push('#');
                word.push(char::from(b'0' + raw.len().min(9) as u8));
            } else {
                word.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
            }
            let h = hash(prefix, &word);
            out.push(h);
            if raw.len() >= 3
                && raw.chars().all(|c| !c.is_lowercase())
                && raw.chars().any(char::is_uppercase)
            {
                out.push(hash("caps:", ""));
            }
            if prev != 0 {
                out.push(prev.wrapping_mul(31).wrapping_add(h) ^ 0x5bd1_e995);
            }
            prev = h;
        }
    };
    push_words("s:", input.subject, &mut out);
    push_words("f:", input.from_name, &mut out);
    push_words("", input.text, &mut out);
    out.push(hash("fd:", input.from_domain));
    for d in &input.link_domains {
        out.push(hash("ld:", d));
    }
    for f in &input.flags {
        out.push(hash("x:", f));
    }
    let excl = input.text.matches('!').count().min(20);
    out.push(hash("excl:", &(excl / 3).to_string()));
    out
}

/// The first [`MAX_MODEL_TEXT`] bytes of `text`, its CRLFs counted as one byte each: cut by its
/// own length, a CRLF copy of a long text gave the model less of it than the LF copy (a byte
/// less per line), and a message scored otherwise with the other line ending. CR and LF both
/// end a word, so the words are those of the text with LF endings.
fn model_text(text: &str) -> &str {
    let b = text.as_bytes();
    if b.len() <= MAX_MODEL_TEXT {
        return text;
    }
    let (mut at, mut counted) = (0, 0);
    while at < b.len() && counted < MAX_MODEL_TEXT {
        if !(b[at] == b'\r' && b.get(at + 1) == Some(&b'\n')) {
            counted += 1;
        }
        at += 1;
    }
    crate::input::cut(text, at)
}

/// The distinct weight indices of `features` for a model of `bits` (a bitset, not a sort: the
/// standard sorts cost kilobytes of WASM).
fn buckets(features: &[u32], bits: u8) -> Vec<usize> {
    let mut seen = vec![0u64; (1usize << bits).div_ceil(64)];
    let mut out = Vec::with_capacity(features.len());
    for &f in features {
        let i = (f >> (32 - bits)) as usize;
        if seen[i / 64] & (1 << (i % 64)) == 0 {
            seen[i / 64] |= 1 << (i % 64);
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_and_learns() {
        let spam = ModelInput {
            subject: "FREE money now",
            text: "click here to claim your cash prize",
            ..Default::default()
        };
        let ham = ModelInput {
            subject: "meeting notes",
            text: "the build failed on the arm runner, see the log",
            ..Default::default()
        };
        let ex = vec![(features(&spam), true), (features(&ham), false)];
        let m = Model::train(&ex, 12, 20);
        assert!(m.logit(&ex[0].0) > 0.0);
        assert!(m.logit(&ex[1].0) < 0.0);
        let bytes: &'static [u8] = Box::leak(m.to_bytes().into_boxed_slice());
        assert_eq!(Model::from_bytes(bytes).unwrap(), m);
        assert!(Model::from_bytes(b"nope").is_none());
    }

    #[test]
    fn shipped_model_loads() {
        assert!(Model::shipped().is_some());
    }
}
