//! Every file of set-of-emails decoded, one JSON line each, in path order: run it before and after
//! a change to the bounce decoder and diff the two outputs (`cargo run --release --example
//! bounce_dump > before.jsonl`). A refactor for speed must leave it byte-identical.
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/smtp/set-of-emails");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    for p in files {
        let bytes = std::fs::read(&p).unwrap_or_default();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        let r = deliverkit::decode_bounce(&text);
        let rel = p.strip_prefix(&root).unwrap_or(&p).display().to_string();
        println!(
            "{rel}\t{}",
            serde_json::to_string(&r).unwrap_or_else(|e| e.to_string())
        );
    }
}
