//! validate_spf on records built from the fuzzer's bytes mapped onto SPF's alphabet (mechanism
//! names, qualifiers, digits, dots, colons, slashes, macros), so that the fuzzer reaches deep into
//! the grammar instead of stopping at "not v=spf1". Invariants: no panic; spans inside the input
//! on character boundaries; deterministic; valid == no error diagnostic; `validity` and `check_spf` agree.
#![no_main]

use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    " ", "v=spf1", "all", "include:", "a", "mx", "ptr", "ip4:", "ip6:", "exists:", "redirect=", "exp=", "+", "-", "~",
    "?", "/", "//", ":", ".", "=", "%{", "}", "%%", "%_", "%-", "d", "i", "s", "l", "o", "h", "r", "v", "p", "c", "t",
    "0", "1", "2", "3", "24", "32", "128", "192.0.2.1", "2001:db8::", "example.com", "_spf", "\"", "\\", "é", "\t",
];

fn check_span(input: &str, s: u32, e: u32) {
    let (s, e) = (s as usize, e as usize);
    assert!(s <= e && e <= input.len() && input.is_char_boundary(s) && input.is_char_boundary(e), "span {s}..{e} in {input:?}");
}

fn check(record: &str) {
    let r = deliverkit::spf::validate_spf(record);
    for t in &r.terms {
        check_span(record, t.span.start, t.span.end);
        if let Some(v) = t.value_span {
            check_span(record, v.start, v.end);
        }
    }
    for d in &r.diagnostics {
        if let Some(s) = d.span {
            check_span(record, s.start, s.end);
        }
    }
    assert_eq!(r.valid, !r.diagnostics.iter().any(|d| d.severity == deliverkit::Severity::Error));
    assert_eq!(r, deliverkit::spf::validate_spf(record));
    // The quick check behind the JavaScript report says what the report says.
    assert_eq!(deliverkit::spf::validity(record), (r.valid, r.lookup_terms), "{record:?}");
    // The lean check (no prose) finds what the report says, at the same places.
    let c = deliverkit::spf::check_spf(record);
    assert_eq!((c.valid, c.lookup_terms), (r.valid, r.lookup_terms));
    let mut found: Vec<_> = c.findings().map(|(code, sev, sp)| (code, sev, sp)).collect();
    let mut said: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() != "spf/quoted-strings")
        .map(|d| (d.code, d.severity, d.span))
        .collect();
    let key = |x: &(deliverkit::Code, deliverkit::Severity, Option<deliverkit::Span>)| (x.0.as_str(), x.1, x.2.map(|s| (s.start, s.end)));
    found.sort_by_key(key);
    said.sort_by_key(key);
    assert_eq!(found, said, "{record:?}");
    assert!(c.term_spans().eq(r.terms.iter().map(|t| t.span)), "{record:?}");
}

fuzz_target!(|data: &[u8]| {
    // Raw bytes as text, then the same bytes read as a token sequence.
    let (raw, _) = deliverkit::input::text_from_bytes(data);
    check(&raw);
    let mut grammar = String::from("v=spf1 ");
    for b in data {
        grammar.push_str(TOKENS[usize::from(*b) % TOKENS.len()]);
    }
    check(&grammar);
});
