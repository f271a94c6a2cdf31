//! decode_smtp and decode_smtp_lines on arbitrary bytes. Invariants: no panic; every span lies
//! inside the input and on character boundaries; the output is deterministic; a text decodes to the
//! same reply code, status and reason with LF and CRLF line endings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fn check_span(input: &str, start: u32, end: u32) {
    let (s, e) = (start as usize, end as usize);
    assert!(s <= e && e <= input.len(), "span {s}..{e} outside {} bytes", input.len());
    assert!(input.is_char_boundary(s) && input.is_char_boundary(e), "span {s}..{e} splits a character");
}

fuzz_target!(|data: &[u8]| {
    let (text, _) = deliverkit::input::text_from_bytes(data);
    let text: &str = &text;
    let a = deliverkit::decode_smtp(text);
    check_span(text, a.span.start, a.span.end);
    for d in &a.diagnostics {
        if let Some(s) = d.span {
            check_span(text, s.start, s.end);
        }
    }
    assert_eq!(a, deliverkit::decode_smtp(text), "not deterministic");

    let lines = deliverkit::decode_smtp_lines(text);
    let mut last = 0;
    for r in &lines {
        check_span(text, r.span.start, r.span.end);
        assert!(r.span.start >= last);
        last = r.span.end;
    }

    if !text.contains('\r') && text.len() < 4096 {
        let crlf = text.replace('\n', "\r\n");
        let b = deliverkit::decode_smtp(&crlf);
        assert_eq!((a.reply_code, &a.status, a.reason), (b.reply_code, &b.status, b.reason), "CRLF changed the decode");
    }
});
