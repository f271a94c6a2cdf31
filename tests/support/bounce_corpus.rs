//! Measuring decode_bounce against ../shared/corpora/smtp/expected.tsv (rows whose expectation comes
//! from sisimai's own tests). Shared by tests/bounce_corpus.rs and examples/accuracy.rs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub struct Row {
    pub path: String,
    pub index: usize,
    pub reason: String,
    pub status: String,
    pub reply: String,
    pub agent: String,
}

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/smtp")
}

pub fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(root().join("expected.tsv")).expect("expected.tsv");
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let c = |n: &str| head.iter().position(|h| *h == n).unwrap();
    lines
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[c("expectation_source")].starts_with("test:"))
        .map(|f| Row {
            path: f[c("path")].to_string(),
            index: f[c("recipient_index")].parse().unwrap_or(1),
            reason: f[c("expected_reason_v5.6")].to_string(),
            status: f[c("expected_status")].to_string(),
            reply: f[c("expected_replycode")].to_string(),
            agent: f[c("smtp_agent")]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string(),
        })
        .collect()
}

#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub n: usize,
    pub found: usize,
    pub reason: usize,
    pub status: usize,
    pub reply: usize,
}

pub struct Outcome {
    pub total: Tally,
    pub agents: BTreeMap<String, Tally>,
    pub reasons: BTreeMap<String, Tally>,
    pub misses: Vec<String>,
}

pub fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

pub fn measure() -> Outcome {
    let rows = rows();
    let mut cache: BTreeMap<String, deliverkit::BounceReport> = BTreeMap::new();
    let mut o = Outcome {
        total: Tally::default(),
        agents: BTreeMap::new(),
        reasons: BTreeMap::new(),
        misses: Vec::new(),
    };
    for r in &rows {
        let rep = cache.entry(r.path.clone()).or_insert_with(|| {
            let bytes =
                std::fs::read(root().join("set-of-emails").join(&r.path)).unwrap_or_default();
            let (text, _) = deliverkit::input::text_from_bytes(&bytes);
            deliverkit::decode_bounce(&text)
        });
        let got = rep.recipients.get(r.index - 1);
        let ok_reason = got.is_some_and(|g| g.reason.as_str() == r.reason);
        let ok_status = got.is_some_and(|g| g.status.as_deref().unwrap_or("") == r.status);
        let ok_reply =
            got.is_some_and(|g| g.reply_code.map(|c| c.to_string()).unwrap_or_default() == r.reply);
        for t in [
            &mut o.total,
            o.agents.entry(r.agent.clone()).or_default(),
            o.reasons.entry(r.reason.clone()).or_default(),
        ] {
            t.n += 1;
            t.found += usize::from(got.is_some());
            t.reason += usize::from(ok_reason);
            t.status += usize::from(ok_status);
            t.reply += usize::from(ok_reply);
        }
        if !(ok_reason && ok_status && ok_reply) {
            o.misses.push(format!(
                "{}#{}\t{}\texpected {} {} {}\tgot {}",
                r.path,
                r.index,
                r.agent,
                r.reason,
                r.status,
                r.reply,
                got.map_or("(no recipient)".to_string(), |g| format!(
                    "{} {} {} [{}]",
                    g.reason.as_str(),
                    g.status.as_deref().unwrap_or("-"),
                    g.reply_code.map_or("-".into(), |c| c.to_string()),
                    g.diagnostic_code
                        .as_deref()
                        .unwrap_or("")
                        .chars()
                        .take(100)
                        .collect::<String>()
                ))
            ));
        }
    }
    o
}
