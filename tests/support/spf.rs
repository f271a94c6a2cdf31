//! Measuring SPF against the corpora: the OpenSPF suites and spf_syntax_cases.tsv. Shared by the
//! guarding tests (tests/spf_suite.rs, tests/spf_syntax_corpus.rs) and examples/accuracy.rs.
#![allow(dead_code)]

use std::path::Path;

use deliverkit::spf::{check_host, CheckHostInput, Zone};
use serde::Deserialize;

pub struct Outcome {
    pub total: usize,
    pub passed: usize,
    pub failures: Vec<String>,
}

pub fn run_suite(file: &str) -> Outcome {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/auth")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Outcome {
        total: 0,
        passed: 0,
        failures: Vec::new(),
    };
    for doc in serde_yaml::Deserializer::from_str(&text) {
        let v = serde_yaml::Value::deserialize(doc).unwrap();
        let zone = Zone::deserialize(v["zonedata"].clone()).unwrap_or_default();
        let Some(tests) = v["tests"].as_mapping() else {
            continue;
        };
        for (name, t) in tests {
            let name = name.as_str().unwrap_or("?");
            let s = |k: &str| t[k].as_str().map(str::to_string).unwrap_or_default();
            let (host, mailfrom, helo) = (s("host"), s("mailfrom"), s("helo"));
            let expected: Vec<String> = match &t["result"] {
                serde_yaml::Value::Sequence(l) => l
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
                other => vec![other.as_str().unwrap_or("").to_string()],
            };
            let sender = if mailfrom.is_empty() {
                format!("postmaster@{helo}")
            } else {
                mailfrom.clone()
            };
            let domain = sender
                .rsplit_once('@')
                .map(|(_, d)| d.to_string())
                .unwrap_or_default();
            out.total += 1;
            let Ok(ip) = host.parse() else {
                out.failures.push(format!("{name}: bad host {host}"));
                continue;
            };
            let input = CheckHostInput {
                ip,
                domain: &domain,
                sender: &mailfrom,
                helo: &helo,
                receiver: "unknown",
                now: 0,
            };
            let r = check_host(&input, &mut zone.resolver());
            let mut ok = expected.iter().any(|e| e == r.result.as_str());
            // DEFAULT means "the receiver's own default", i.e. no explanation from exp=. DNS names
            // are case-insensitive, and the suite writes IPv6 nibbles in the case the address was
            // typed in (CAFE:BABE::1), so explanations compare without ASCII case.
            if let Some(exp) = t["explanation"].as_str() {
                if ok && r.result.as_str() == "fail" && exp != "DEFAULT" {
                    ok = r
                        .explanation
                        .as_deref()
                        .is_some_and(|e| e.eq_ignore_ascii_case(exp));
                }
            }
            if ok {
                out.passed += 1;
            } else {
                out.failures.push(format!(
                    "{name}: expected {expected:?} (explanation {:?}), got {} ({}) explanation {:?}",
                    t["explanation"].as_str(),
                    r.result.as_str(),
                    r.reason,
                    r.explanation
                ));
            }
        }
    }
    out
}

/// The corpus escapes fields: \t \n \\ \uXXXX (a lone surrogate stays as the replacement character).
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
            Some('\\') => out.push('\\'),
            Some('u') => {
                let h: String = it.by_ref().take(4).collect();
                out.push(
                    u32::from_str_radix(&h, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .unwrap_or('\u{fffd}'),
                );
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

pub fn rows(name: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

/// Agreement with spf_syntax_cases.tsv.
pub struct SyntaxOutcome {
    pub decidable: usize,
    pub agree: usize,
    pub runtime: usize,
    pub runtime_flagged: usize,
    pub exceptions: usize,
    pub unexplained: Vec<String>,
}

impl SyntaxOutcome {
    pub fn pct(&self) -> f64 {
        100.0 * self.agree as f64 / self.decidable.max(1) as f64
    }
}

pub fn syntax_cases() -> SyntaxOutcome {
    let exceptions = rows("tests/fixtures/spf/syntax-exceptions.tsv");
    let cases = rows("../shared/corpora/auth/spf_syntax_cases.tsv");
    assert!(cases.len() > 300);
    let mut o = SyntaxOutcome {
        decidable: 0,
        agree: 0,
        runtime: 0,
        runtime_flagged: 0,
        exceptions: exceptions.len(),
        unexplained: Vec::new(),
    };
    for c in &cases {
        let record = unescape(&c[0]);
        let verdict = c[1].as_str();
        let r = deliverkit::spf::validate_spf(&record);
        let ours = if r.valid { "valid" } else { "invalid" };
        if verdict == "permerror(runtime)" {
            o.runtime += 1;
            o.runtime_flagged += usize::from(!r.valid);
            continue;
        }
        o.decidable += 1;
        let ok = match verdict {
            "valid" | "invalid" => ours == verdict,
            v if v.starts_with("ambiguous:") => true,
            other => panic!("unknown verdict {other}"),
        };
        if ok {
            o.agree += 1;
        } else if !exceptions.iter().any(|e| e[0] == c[0] && e[2] == ours) {
            o.unexplained.push(format!(
                "{verdict} but {ours}: {record:?} ({})",
                c.get(4).map_or("", |s| s.as_str())
            ));
        }
    }
    o
}
