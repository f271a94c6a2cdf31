//! Shared by tests/records_corpus.rs and examples/accuracy_records.rs: the record cases of
//! ../shared/corpora/auth, deliverkit's verdict on each, and the reviewed exceptions.
#![allow(dead_code)]

use std::path::PathBuf;

pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/auth")
}

pub fn exceptions_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/records/exceptions.tsv")
}

/// The corpus escapes fields with `\t \n \r \\ \uXXXX` (see each file's header).
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('u') => {
                let hex: String = it.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => out.push(c),
                    None => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                    }
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

pub struct Case {
    pub file: &'static str,
    /// The record as written in the file (escaped).
    pub raw: String,
    pub record: String,
    pub expected: String,
    pub source: String,
    /// Columns 6-9: what checkdmarc, mailauth (npm), mail-auth (Rust) and dmarc-parse return
    /// offline (empty when not run).
    pub anchors: [String; 4],
}

impl Case {
    pub fn expected_valid(&self) -> bool {
        self.expected == "valid"
    }
}

pub fn cases(file: &'static str) -> Vec<Case> {
    let text =
        std::fs::read_to_string(corpus_dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut out = Vec::new();
    let mut header = false;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !header {
            header = true;
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        out.push(Case {
            file,
            raw: f[0].to_string(),
            record: unescape(f[0]),
            expected: f.get(1).unwrap_or(&"").to_string(),
            source: f.get(3).unwrap_or(&"").to_string(),
            anchors: [5, 6, 7, 8].map(|i| f.get(i).unwrap_or(&"").trim().to_string()),
        });
    }
    out
}

/// deliverkit's verdict: DMARC cases through validate_dmarc (RFC 9989), the others through
/// validate_record.
pub fn verdict(case: &Case) -> (bool, Vec<&'static str>) {
    let (valid, diags) = if case.file == "dmarc_cases.tsv" {
        let r = deliverkit::validate_dmarc(&case.record);
        (r.valid, r.diagnostics)
    } else {
        let r = deliverkit::validate_record(&case.record);
        (r.valid, r.diagnostics)
    };
    let errors = diags
        .iter()
        .filter(|d| d.severity == deliverkit::Severity::Error)
        .map(|d| d.code.as_str())
        .collect();
    (valid, errors)
}

pub struct Exception {
    pub file: String,
    pub raw: String,
    pub asserted: String,
    pub deliverkit: String,
    pub reason: String,
}

pub fn exceptions() -> Vec<Exception> {
    let text = std::fs::read_to_string(exceptions_path()).expect("exceptions.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "exceptions.tsv: 5 columns expected in {l:?}");
            Exception {
                file: f[0].into(),
                raw: f[1].into(),
                asserted: f[2].into(),
                deliverkit: f[3].into(),
                reason: f[4].into(),
            }
        })
        .collect()
}

pub struct Tally {
    pub file: &'static str,
    pub total: usize,
    pub agree: usize,
    /// (case, deliverkit's verdict, its error codes)
    pub disagreements: Vec<(Case, bool, Vec<&'static str>)>,
}

impl Tally {
    pub fn pct(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            100.0 * self.agree as f64 / self.total as f64
        }
    }
}

pub fn measure(file: &'static str) -> Tally {
    let mut t = Tally {
        file,
        total: 0,
        agree: 0,
        disagreements: Vec::new(),
    };
    for case in cases(file) {
        let (valid, errors) = verdict(&case);
        t.total += 1;
        if valid == case.expected_valid() {
            t.agree += 1;
        } else {
            t.disagreements.push((case, valid, errors));
        }
    }
    t
}

/// The anchors of the issue, by column of `Case::anchors`.
pub const ANCHORS: [&str; 4] = [
    "checkdmarc 6.0.4",
    "mailauth 7.1.0",
    "mail-auth 0.11.2",
    "dmarc-parse 1.2.1",
];

/// What an anchor's column says: `Some(true)` for valid (the column starts with `ok`),
/// `Some(false)` for an error, `None` when the anchor was not run on the case.
pub fn anchor_verdict(case: &Case, i: usize) -> Option<bool> {
    let v = case.anchors[i].as_str();
    let v = if i == 3 {
        v.strip_prefix("dmarc-parse:")?.trim()
    } else {
        v
    };
    (!v.is_empty()).then(|| v.starts_with("ok"))
}

/// The source project of a case (the repository before '@' or ':').
pub fn source_project(case: &Case) -> String {
    let s = case.source.split([' ', ';']).next().unwrap_or("");
    s.split(['@', ':']).next().unwrap_or(s).to_string()
}
