//! Shared handling of raw input: limits, emptiness and binary content.

use crate::catalog;
use crate::diagnostic::Diagnostic;

/// Inputs longer than this many bytes are cut (at a character boundary) with an
/// `input/too-large` diagnostic. One SMTP reply is a few hundred bytes; a pasted log can be long.
pub const MAX_SMTP_INPUT: usize = 1 << 20;

/// DNS records (SPF, DMARC, DKIM, ...) longer than this are cut with an `input/too-large`
/// diagnostic. A TXT record cannot exceed 64 KiB on the wire; real records are under 1 KiB.
pub const MAX_RECORD_INPUT: usize = 64 << 10;

/// Cut `text` to `limit` bytes on a character boundary and report what is odd about it.
/// Returns the usable text and the diagnostics; never panics.
pub fn prepare(text: &str, limit: usize) -> (&str, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut usable = text;
    if text.len() > limit {
        let mut cut = limit;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        usable = &text[..cut];
        diags.push(catalog::input_too_large(text.len(), cut));
    }
    if usable.trim().is_empty() {
        diags.push(catalog::input_empty());
    }
    if let Some(at) = usable
        .bytes()
        .position(|b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)))
    {
        diags.push(catalog::input_binary(at));
    }
    (usable, diags)
}

/// Decode bytes as UTF-8, replacing invalid sequences; says whether anything was replaced.
pub fn text_from_bytes(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<Diagnostic>) {
    let text = String::from_utf8_lossy(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    (text, lossy.then(catalog::input_replacement_chars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn empty_binary_and_huge() {
        assert_eq!(prepare("  \n", 10).1[0].code, Code::InputEmpty);
        assert_eq!(prepare("a\0b", 10).1[0].code, Code::InputBinary);
        let (t, d) = prepare("ééééé", 3);
        assert_eq!(t, "é");
        assert_eq!(d[0].code, Code::InputTooLarge);
        let (_, d) = text_from_bytes(b"ok\xff");
        assert!(d.is_some());
    }
}
