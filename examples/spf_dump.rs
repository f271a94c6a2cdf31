//! Dumps validate_spf's JSON report (and check_host's typed directives) for every SPF record the
//! project has at hand: the bench corpus, spf_syntax_cases.tsv, the strings of the OpenSPF suites
//! and, when a folder is given as the first argument, every file of it read as the validate_spf
//! fuzz target reads it (raw and mapped onto the SPF alphabet). One line per record: a guard for
//! refactorings that must not change the output (diff two dumps).
use std::io::Write;

#[path = "../tests/support/spf.rs"]
mod spf;

const TOKENS: &[&str] = &[
    " ",
    "v=spf1",
    "all",
    "include:",
    "a",
    "mx",
    "ptr",
    "ip4:",
    "ip6:",
    "exists:",
    "redirect=",
    "exp=",
    "+",
    "-",
    "~",
    "?",
    "/",
    "//",
    ":",
    ".",
    "=",
    "%{",
    "}",
    "%%",
    "%_",
    "%-",
    "d",
    "i",
    "s",
    "l",
    "o",
    "h",
    "r",
    "v",
    "p",
    "c",
    "t",
    "0",
    "1",
    "2",
    "3",
    "24",
    "32",
    "128",
    "192.0.2.1",
    "2001:db8::",
    "example.com",
    "_spf",
    "\"",
    "\\",
    "é",
    "\t",
];

fn strings(v: &serde_yaml::Value, out: &mut Vec<String>) {
    match v {
        serde_yaml::Value::String(s) => out.push(s.clone()),
        serde_yaml::Value::Sequence(l) => l.iter().for_each(|x| strings(x, out)),
        serde_yaml::Value::Mapping(m) => m.iter().for_each(|(k, x)| {
            strings(k, out);
            strings(x, out);
        }),
        serde_yaml::Value::Tagged(t) => strings(&t.value, out),
        _ => {}
    }
}

fn main() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpora/auth/");
    let mut recs: Vec<String> = Vec::new();
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{root}bench_corpus.json")).expect("corpus"),
    )
    .expect("json");
    for k in ["spf_simple", "spf_real"] {
        for x in v[k].as_array().cloned().unwrap_or_default() {
            if let Some(s) = x.as_str().or_else(|| x["record"].as_str()) {
                recs.push(s.to_string());
            }
        }
    }
    let tsv = std::fs::read_to_string(format!("{root}spf_syntax_cases.tsv")).expect("tsv");
    for l in tsv.lines().filter(|l| !l.starts_with('#')).skip(1) {
        recs.push(spf::unescape(l.split('\t').next().unwrap_or("")));
    }
    for f in ["rfc7208-tests.yml", "rfc4408-tests.yml"] {
        let text = std::fs::read_to_string(format!("{root}{f}")).expect("yml");
        for doc in serde_yaml::Deserializer::from_str(&text) {
            use serde::Deserialize;
            let v = serde_yaml::Value::deserialize(doc).expect("yaml");
            strings(&v, &mut recs);
        }
    }
    if let Some(dir) = std::env::args().nth(1) {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        for p in files {
            let data = std::fs::read(&p).expect("file");
            let (raw, _) = deliverkit::input::text_from_bytes(&data);
            recs.push(raw.into_owned());
            let mut grammar = String::from("v=spf1 ");
            for b in &data {
                grammar.push_str(TOKENS[usize::from(*b) % TOKENS.len()]);
            }
            recs.push(grammar);
        }
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    for r in &recs {
        let rep = deliverkit::spf::validate_spf(r);
        let dirs: Vec<_> = rep
            .terms
            .iter()
            .map(|t| format!("{:?}", t.directive))
            .collect();
        writeln!(
            out,
            "{}\t{}",
            serde_json::to_string(&rep).expect("json"),
            dirs.join("|")
        )
        .expect("write");
        let mut located = deliverkit::spf::validate_spf_with(
            r,
            &deliverkit::spf::SpfOptions {
                domain: Some("Example.com."),
            },
        );
        located.locate(r);
        writeln!(out, "{}", serde_json::to_string(&located).expect("json")).expect("write");
        let rr = deliverkit::validate_record(r);
        writeln!(out, "{}", serde_json::to_string(&rr).expect("json")).expect("write");
    }
}
