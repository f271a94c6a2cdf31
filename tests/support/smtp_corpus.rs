//! Measuring decode_smtp against the SMTP corpus (`../shared/corpora/smtp`). Shared by the
//! guarding test (tests/smtp_corpus.rs) and the report writer (examples/accuracy.rs).
#![allow(dead_code)]

use std::collections::BTreeMap;

/// One reply line with what the corpus expects of it.
pub struct Case {
    pub set: &'static str,
    pub group: String,
    pub line: String,
    pub reason: String,
    /// The status the line itself carries, when the corpus's status occurs in it; `None` = not asserted.
    pub status: Option<Option<String>>,
    /// Likewise for the reply code.
    pub reply: Option<Option<u16>>,
}

pub fn corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/smtp")
}

fn table(name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let text =
        std::fs::read_to_string(corpus_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut rows = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').map(String::from).collect::<Vec<_>>());
    let head = rows.next().unwrap();
    (head, rows.collect())
}

fn token_in(line: &str, tok: &str) -> bool {
    let b = line.as_bytes();
    let mut from = 0;
    while let Some(p) = line[from..].find(tok) {
        let at = from + p;
        let end = at + tok.len();
        let ok_before = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'.');
        let ok_after = end >= b.len()
            || !(b[end].is_ascii_digit()
                || (b[end] == b'.' && b.get(end + 1).is_some_and(|c| c.is_ascii_digit())));
        if ok_before && ok_after {
            return true;
        }
        from = end;
    }
    false
}

/// Any token shaped like an enhanced status or a reply code in the line.
fn has_status_token(line: &str) -> bool {
    let b = line.as_bytes();
    (0..b.len()).any(|i| {
        matches!(b[i], b'2' | b'4' | b'5')
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
            && b.get(i + 1) == Some(&b'.')
            && b.get(i + 2).is_some_and(u8::is_ascii_digit)
            && {
                let rest = &line[i + 2..];
                let n = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                rest[n..].starts_with('.')
                    && rest[n + 1..].starts_with(|c: char| c.is_ascii_digit())
                    && {
                        let r2 = &rest[n + 1..];
                        let m = r2.find(|c: char| !c.is_ascii_digit()).unwrap_or(r2.len());
                        !(r2[m..].starts_with('.')
                            && r2[m + 1..].starts_with(|c: char| c.is_ascii_digit()))
                    }
            }
    })
}

fn expect_status(line: &str, col: &str) -> Option<Option<String>> {
    // A range such as `5.7.606-649` names a family of codes; the status itself is its first member.
    let col = col.split('-').next().unwrap_or(col);
    if !col.is_empty() && token_in(line, col) {
        Some(Some(col.to_string()))
    } else if !has_status_token(line) {
        Some(None)
    } else {
        None
    }
}

fn expect_reply(line: &str, col: &str) -> Option<Option<u16>> {
    let lead: String = line.trim_start().chars().take(3).collect();
    let leads_with_code = lead.len() == 3
        && lead.bytes().all(|b| b.is_ascii_digit())
        && line.trim_start()[3..].starts_with([' ', '-']);
    if !col.is_empty() && token_in(line, col) {
        Some(col.parse().ok())
    } else if leads_with_code {
        Some(lead.parse().ok())
    } else {
        None
    }
}

/// Full reply lines and provider codes of provider_replies.tsv (the match fragments are rules, not cases).
pub fn provider_cases() -> Vec<Case> {
    let (h, rows) = table("provider_replies.tsv");
    let c = |n: &str| h.iter().position(|x| x == n).unwrap();
    rows.iter()
        .filter(|r| {
            r.len() > c("literal_type")
                && !r[c("literal_type")].starts_with("match")
                && !r[c("literal_reply_text")].trim().is_empty()
        })
        .map(|r| {
            let line = r[c("literal_reply_text")].clone();
            Case {
                set: "provider_replies",
                group: r[c("provider")].clone(),
                status: expect_status(&line, r[c("enhanced_code")].trim()),
                reply: expect_reply(&line, r[c("basic_code")].trim()),
                reason: r[c("reason_class_sisimai")].clone(),
                line,
            }
        })
        .collect()
}

/// The `diagnosticcode_from_5.1.0_run` lines of expected.tsv.
pub fn expected_cases() -> Vec<Case> {
    let (h, rows) = table("expected.tsv");
    let c = |n: &str| h.iter().position(|x| x == n).unwrap();
    rows.iter()
        .filter(|r| {
            r.len() > c("diagnosticcode_from_5.1.0_run")
                && !r[c("diagnosticcode_from_5.1.0_run")].trim().is_empty()
        })
        .map(|r| {
            let line = r[c("diagnosticcode_from_5.1.0_run")].clone();
            let group = match r[c("rhost_provider")].trim() {
                "" => "(no provider)".to_string(),
                p => p.to_string(),
            };
            Case {
                set: "expected.tsv",
                group,
                status: expect_status(&line, r[c("expected_status")].trim()),
                reply: expect_reply(&line, r[c("expected_replycode")].trim()),
                reason: r[c("expected_reason_v5.6")].clone(),
                line,
            }
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub n: usize,
    pub reason_ok: usize,
    pub status_n: usize,
    pub status_ok: usize,
    pub reply_n: usize,
    pub reply_ok: usize,
}

impl Tally {
    pub fn pct(a: usize, b: usize) -> f64 {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    }
    pub fn reason_pct(&self) -> f64 {
        Self::pct(self.reason_ok, self.n)
    }
}

pub struct Outcome {
    pub total: Tally,
    pub groups: BTreeMap<String, Tally>,
    pub misses: Vec<String>,
}

/// Lines whose corpus status we believe is wrong (tests/fixtures/smtp/status-exceptions.tsv).
pub fn status_exceptions() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/smtp/status-exceptions.tsv");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_string(), f.next()?.to_string()))
        })
        .collect()
}

pub fn measure(cases: &[Case]) -> Outcome {
    let exceptions = status_exceptions();
    let mut total = Tally::default();
    let mut groups: BTreeMap<String, Tally> = BTreeMap::new();
    let mut misses = Vec::new();
    for case in cases {
        let r = deliverkit::decode_smtp(&case.line);
        let g = groups.entry(case.group.clone()).or_default();
        for t in [&mut total, g] {
            t.n += 1;
            if r.reason.as_str() == case.reason {
                t.reason_ok += 1;
            }
            let excepted = exceptions
                .iter()
                .any(|(p, f)| f == "status" && case.line.starts_with(p.as_str()));
            if let (Some(s), false) = (&case.status, excepted) {
                t.status_n += 1;
                if r.status.as_deref() == s.as_deref() {
                    t.status_ok += 1;
                }
            }
            if let Some(c) = &case.reply {
                t.reply_n += 1;
                if r.reply_code == *c {
                    t.reply_ok += 1;
                }
            }
        }
        let bad_status = case
            .status
            .as_ref()
            .is_some_and(|s| r.status.as_deref() != s.as_deref());
        let bad_reply = case.reply.as_ref().is_some_and(|c| r.reply_code != *c);
        if r.reason.as_str() != case.reason || bad_status || bad_reply {
            misses.push(format!(
                "{}\t{}\texpected {} {:?} {:?}\tgot {} {:?} {:?}\t{}\t{}:{}",
                case.set,
                case.group,
                case.reason,
                case.status.clone().flatten(),
                case.reply.flatten(),
                r.reason.as_str(),
                r.status,
                r.reply_code,
                case.line.chars().take(160).collect::<String>(),
                r.reason_source.stage,
                r.reason_source.rule.unwrap_or("")
            ));
        }
    }
    Outcome {
        total,
        groups,
        misses,
    }
}
