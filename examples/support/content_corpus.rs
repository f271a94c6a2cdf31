// Shared by the content examples: the corpus, its folds, ROC AUC.
#![allow(dead_code)]

use std::path::Path;

pub const CORPUS: &str = "../shared/corpora/content";

/// (file name, is spam, raw bytes), ham first, each folder sorted.
pub fn load() -> Vec<(String, bool, Vec<u8>)> {
    let mut out = Vec::new();
    for (dir, spam) in [("ham", false), ("spam", true)] {
        let d = Path::new(CORPUS).join(dir);
        let mut names: Vec<_> = std::fs::read_dir(&d)
            .unwrap_or_else(|e| panic!("{}: {e}", d.display()))
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .collect();
        names.sort();
        for p in names {
            let raw = std::fs::read(&p).unwrap();
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                spam,
                raw,
            ));
        }
    }
    out
}

/// The fold (0..5) of a message: a hash of its file name, so folds are fixed and independent of
/// the order files are listed in.
pub fn fold(name: &str) -> usize {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in name.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    (h % 5) as usize
}

/// ROC AUC of scores (higher = spam), ties counted half.
pub fn auc(scored: &[(f64, bool)]) -> f64 {
    let mut v: Vec<(f64, bool)> = scored.to_vec();
    v.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let (pos, neg) = (
        v.iter().filter(|x| x.1).count() as f64,
        v.iter().filter(|x| !x.1).count() as f64,
    );
    // Rank-sum with average ranks for ties.
    let mut rank_sum = 0f64;
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        while j < v.len() && v[j].0 == v[i].0 {
            j += 1;
        }
        let avg = (i + j + 1) as f64 / 2.0;
        rank_sum += avg * v[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    (rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg)
}
