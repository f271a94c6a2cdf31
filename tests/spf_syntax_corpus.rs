//! ../shared/corpora/auth/spf_syntax_cases.tsv: validate_spf's verdict against the asserted one.
//! Rows asserting valid or invalid (or an ambiguous pair) are decidable from the text; rows asserting
//! a runtime permerror depend on DNS data the file does not hold, and are counted apart.

#[path = "support/spf.rs"]
mod spf;

#[test]
fn spf_syntax_cases() {
    let o = spf::syntax_cases();
    println!(
        "spf_syntax_cases.tsv: {}/{} decidable rows agree ({:.1}%); {} listed exceptions",
        o.agree,
        o.decidable,
        o.pct(),
        o.exceptions
    );
    println!(
        "runtime permerror rows: {}/{} already invalid without DNS (the rest need DNS: check_host)",
        o.runtime_flagged, o.runtime
    );
    assert!(
        o.unexplained.is_empty(),
        "disagreements not in the exceptions file:\n{}",
        o.unexplained.join("\n")
    );
    assert!(o.pct() >= 98.0, "{:.1}% < 98%", o.pct());
}

/// Every string in a YAML document (the TXT records of the test suites' zones among them).
fn yaml_strings(v: &serde_yaml::Value, out: &mut Vec<String>) {
    match v {
        serde_yaml::Value::String(s) => out.push(s.clone()),
        serde_yaml::Value::Sequence(l) => l.iter().for_each(|x| yaml_strings(x, out)),
        serde_yaml::Value::Mapping(m) => m.values().for_each(|x| yaml_strings(x, out)),
        _ => {}
    }
}

/// `spf::validity` (what the JavaScript `validateSpf` computes at the call) gives the `valid` and
/// `lookup_terms` of the whole report for every record of the auth corpora, and for each record
/// quoted, cut short and with a second redirect.
#[test]
fn validity_agrees_with_the_report() {
    use serde::Deserialize;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/auth");
    let mut records: Vec<String> = spf::rows("../shared/corpora/auth/spf_syntax_cases.tsv")
        .iter()
        .map(|c| spf::unescape(&c[0]))
        .collect();
    let bench: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("bench_corpus.json")).unwrap())
            .unwrap();
    for k in ["spf_simple", "spf_real"] {
        for x in bench[k].as_array().unwrap() {
            records.extend(
                x.as_str()
                    .or_else(|| x["record"].as_str())
                    .map(String::from),
            );
        }
    }
    for suite in ["rfc7208-tests.yml", "rfc4408-tests.yml"] {
        let text = std::fs::read_to_string(dir.join(suite)).unwrap();
        for doc in serde_yaml::Deserializer::from_str(&text) {
            yaml_strings(&serde_yaml::Value::deserialize(doc).unwrap(), &mut records);
        }
    }
    let (mut n, mut valid, mut invalid) = (0, 0, 0);
    for r in &records {
        let half = deliverkit::input::cut(r, r.len() / 2);
        for variant in [
            r.clone(),
            format!("\"{r}\""),
            half.to_string(),
            format!("{r} redirect=a.example redirect=b.example"),
            format!("{r} exp=a.example exp=b.example"),
        ] {
            let report = deliverkit::spf::validate_spf(&variant);
            assert_eq!(
                deliverkit::spf::validity(&variant),
                (report.valid, report.lookup_terms),
                "{variant:?}"
            );
            // The lean check finds what the report says, at the same places.
            let check = deliverkit::spf::check_spf(&variant);
            assert_eq!(
                (check.valid, check.lookup_terms),
                (report.valid, report.lookup_terms)
            );
            let mut found: Vec<_> = check
                .findings()
                .map(|(c, sev, sp)| (c.as_str(), sev, sp.map(|s| (s.start, s.end))))
                .collect();
            let mut said: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.code.as_str() != "spf/quoted-strings")
                .map(|d| {
                    (
                        d.code.as_str(),
                        d.severity,
                        d.span.map(|s| (s.start, s.end)),
                    )
                })
                .collect();
            found.sort();
            said.sort();
            assert_eq!(found, said, "{variant:?}");
            let spans: Vec<_> = report.terms.iter().map(|t| t.span).collect();
            assert_eq!(check.term_spans().collect::<Vec<_>>(), spans, "{variant:?}");
            n += 1;
            if report.valid {
                valid += 1;
            } else {
                invalid += 1;
            }
        }
    }
    println!("{n} records: {valid} valid, {invalid} invalid, validity and check_spf agree on each");
    // Both verdicts must be well represented, or the comparison says little.
    assert!(
        valid > 1000 && invalid > 1000,
        "{valid} valid, {invalid} invalid"
    );
}
