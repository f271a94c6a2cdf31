//! ../shared/corpora/auth/spf_syntax_cases.tsv: validate_spf's verdict against the asserted one.
//! Rows asserting valid or invalid (or an ambiguous pair) are decidable from the text; rows asserting
//! a runtime permerror depend on DNS data the file does not hold, and are counted apart.

use std::path::Path;

/// The corpus escapes fields: \t \n \\ \uXXXX (a lone surrogate stays as the replacement character).
fn unescape(s: &str) -> String {
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

fn rows(name: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').map(String::from).collect())
        .collect()
}

#[test]
fn spf_syntax_cases() {
    let exceptions = rows("tests/fixtures/spf/syntax-exceptions.tsv");
    let cases = rows("../shared/corpora/auth/spf_syntax_cases.tsv");
    assert!(cases.len() > 300);
    let (mut decidable, mut agree, mut runtime, mut runtime_flagged) = (0, 0, 0, 0);
    let mut unexplained = Vec::new();
    for c in &cases {
        let record = unescape(&c[0]);
        let verdict = c[1].as_str();
        let r = deliverkit::spf::validate_spf(&record);
        let ours = if r.valid { "valid" } else { "invalid" };
        if verdict == "permerror(runtime)" {
            runtime += 1;
            runtime_flagged += usize::from(!r.valid);
            continue;
        }
        decidable += 1;
        let ok = match verdict {
            "valid" | "invalid" => ours == verdict,
            v if v.starts_with("ambiguous:") => true,
            other => panic!("unknown verdict {other}"),
        };
        if ok {
            agree += 1;
        } else if !exceptions.iter().any(|e| e[0] == c[0] && e[2] == ours) {
            unexplained.push(format!(
                "{verdict} but {ours}: {record:?} ({})",
                c.get(4).map_or("", |s| s.as_str())
            ));
        }
    }
    let pct = 100.0 * agree as f64 / decidable as f64;
    println!("spf_syntax_cases.tsv: {agree}/{decidable} decidable rows agree ({pct:.1}%); {} listed exceptions", exceptions.len());
    println!("runtime permerror rows: {runtime_flagged}/{runtime} already invalid without DNS (the rest need DNS: check_host)");
    assert!(
        unexplained.is_empty(),
        "disagreements not in the exceptions file:\n{}",
        unexplained.join("\n")
    );
    assert!(pct >= 98.0, "{pct:.1}% < 98%");
}
