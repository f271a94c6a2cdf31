//! Bad input is normal input: every line of every file in ../shared/corpora (bounces, mbox files,
//! spam and ham with 8-bit bytes, SPF/DMARC records, the DMARCbis draft) goes through decode_smtp
//! and decode_smtp_lines without a panic, and each report stays inside its input.

use std::path::Path;

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else {
            files.push(p);
        }
    }
}

#[test]
fn every_corpus_line_decodes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(files.len() > 1000, "corpus not found at {}", root.display());
    let mut lines = 0usize;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        // CR-only files (maildir/mac) are lines too.
        for line in text.split(['\n', '\r']) {
            let r = deliverkit::decode_smtp(line);
            assert!(
                r.span.end as usize <= line.len(),
                "{}: span outside {line:?}",
                f.display()
            );
            for d in &r.diagnostics {
                if let Some(s) = d.span {
                    assert!(s.start <= s.end && s.end as usize <= line.len());
                    assert!(line.is_char_boundary((s.start as usize).min(line.len())));
                }
            }
            lines += 1;
        }
        // Whole files as one paste: grouping, spans and the input limit.
        let reports = deliverkit::decode_smtp_lines(&text);
        assert!(!reports.is_empty());
        let mut last = 0;
        for r in &reports {
            assert!(
                r.span.start >= last && r.span.end as usize <= text.len(),
                "{}",
                f.display()
            );
            last = r.span.end;
        }
    }
    println!("{} files, {lines} lines decoded", files.len());
    assert!(lines > 100_000);
}
