//! Shared handling of raw input: limits, emptiness and binary content.

use crate::catalog;
use crate::diagnostic::Diagnostic;

/// Inputs longer than this many bytes are cut (at a character boundary) with an
/// `input/too-large` diagnostic. One SMTP reply is a few hundred bytes; a pasted log can be long.
pub const MAX_SMTP_INPUT: usize = 1 << 20;

/// Records (DNS TXT records of every kind `validate_record` reads), `DKIM-Signature` header fields
/// and MTA-STS policy files longer than this many bytes are cut (at a character boundary) with an
/// `input/too-large` diagnostic. 64 KiB is the most a TXT record's data can hold (RFC 1035: the
/// RDATA length is 16 bits) and the largest policy file RFC 8461 section 3.3 asks senders to read;
/// real records are far shorter (a 4096-bit DKIM key is about 800 bytes).
pub const MAX_RECORD_INPUT: usize = 64 * 1024;

/// [`prepare`] for a record: the [`MAX_RECORD_INPUT`] limit, `record/empty` for empty input, and
/// line breaks at the end (a pasted record usually has one) removed.
pub fn prepare_record(text: &str) -> (&str, Vec<Diagnostic>) {
    let (usable, mut diags) = prepare(text, MAX_RECORD_INPUT);
    for d in &mut diags {
        if d.code == crate::diagnostic::Code::InputEmpty {
            *d = catalog::record_empty();
        }
    }
    let usable = trim_line_breaks(usable);
    if usable.trim_start().starts_with('"') {
        let at = usable.len() - usable.trim_start().len();
        diags.push(catalog::record_quoted(crate::diagnostic::Span::new(
            at,
            at + 1,
        )));
    }
    (usable, diags)
}

/// Where the next `--boundary` starts at or after `from`. mail-parser takes it anywhere, not only
/// at the start of a line; so does this.
pub(crate) fn find_delimiter(data: &[u8], from: usize, boundary: &[u8]) -> Option<usize> {
    let mut i = from;
    while i + 2 + boundary.len() <= data.len() {
        let at = find_dashes(data, i)?;
        if at + 2 + boundary.len() > data.len() {
            return None;
        }
        if data[at + 2..].starts_with(boundary) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// The first `--` at or after `from`. Natively a memmem searcher built once: a header section is
/// full of single hyphens (field names, dates, message ids), and stopping at each one, as a
/// search for `-` does, cost a bounce about 50 calls of memchr.
#[cfg(not(target_arch = "wasm32"))]
fn find_dashes(data: &[u8], from: usize) -> Option<usize> {
    static DASHES: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    let dashes = DASHES.get_or_init(|| memchr::memmem::Finder::new(b"--"));
    dashes.find(data.get(from..)?).map(|p| from + p)
}

/// The first `--` at or after `from` (the WASM build has no memmem: each `-`, then the next byte).
#[cfg(target_arch = "wasm32")]
fn find_dashes(data: &[u8], from: usize) -> Option<usize> {
    find_dashes_bytes(data, from)
}

/// [`find_dashes`] by each `-` and the byte after it: the WASM build's, tested natively too.
#[cfg(any(target_arch = "wasm32", test))]
fn find_dashes_bytes(data: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let at = find_byte(data, i, b'-');
        match data.get(at + 1) {
            Some(b'-') => return Some(at),
            Some(_) => i = at + 1,
            None => return None,
        }
    }
}

/// `String::from_utf8_lossy`, first trying `str::from_utf8`: that checks ASCII a word at a time,
/// where from_utf8_lossy goes a byte at a time (about five times the cost on a mail file).
pub(crate) fn lossy_utf8(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// The index of the first byte of `b` at or after `from` that is one of `x`, `y`, `z`, or the
/// length of `b`: natively memchr's `memchr3` (vector), in WASM a plain loop.
pub(crate) fn find_any3(b: &[u8], from: usize, x: u8, y: u8, z: u8) -> usize {
    let rest = b.get(from..).unwrap_or_default();
    #[cfg(not(target_arch = "wasm32"))]
    let at = memchr::memchr3(x, y, z, rest);
    #[cfg(target_arch = "wasm32")]
    let at = rest.iter().position(|&c| c == x || c == y || c == z);
    at.map_or(b.len(), |p| from + p)
}

/// The index of the first `byte` in `b` at or after `from`, or the length of `b`.
///
/// Natively this is the `memchr` crate (already in the tree through nom and serde_json), which
/// reads 16 or 32 bytes at a time with the CPU's vector instructions: the bounce and content
/// scanners spend much of their time here. In WASM, where memchr without the simd128 feature
/// reads a 4-byte word at a time, `find_byte_swar` reads eight.
#[cfg(not(target_arch = "wasm32"))]
pub fn find_byte(b: &[u8], from: usize, byte: u8) -> usize {
    b.get(from..)
        .and_then(|rest| memchr::memchr(byte, rest))
        .map_or(b.len(), |p| from + p)
}

/// The index of the first `byte` in `b` at or after `from`, or the length of `b` (see the native
/// version's notes).
#[cfg(target_arch = "wasm32")]
pub fn find_byte(b: &[u8], from: usize, byte: u8) -> usize {
    find_byte_swar(b, from, byte)
}

/// [`find_byte`] eight bytes at a time in a `u64`, with no setup per call (the scanners call it
/// for short gaps as often as for long): the WASM build's, tested natively too.
#[cfg(any(target_arch = "wasm32", test))]
fn find_byte_swar(b: &[u8], from: usize, byte: u8) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let mut i = from;
    // `first_chunk` gives an array: a plain load, where copy_from_slice stayed a call in the
    // size-optimised WASM build.
    while let Some(word) = b.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        // A zero byte where `b` has `byte`; the lowest flagged byte is the first one (a borrow
        // can only flag bytes above a real one).
        let x = u64::from_le_bytes(*word) ^ (ONES * u64::from(byte));
        let found = x.wrapping_sub(ONES) & !x & (ONES << 7);
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    // Fewer than eight bytes left: the slice's last eight, shifted down past those before `i`.
    // The bytes shifted in at the top are zero words' bytes, read as matches: one of them is
    // the first only when no real byte matched, and then the answer is the end.
    if let Some(word) = b
        .len()
        .checked_sub(8)
        .and_then(|s| b.get(s..))
        .and_then(<[u8]>::first_chunk::<8>)
    {
        if i < b.len() {
            let x =
                (u64::from_le_bytes(*word) ^ (ONES * u64::from(byte))) >> (8 * (i + 8 - b.len()));
            let found = x.wrapping_sub(ONES) & !x & (ONES << 7);
            return (i + (found.trailing_zeros() / 8) as usize).min(b.len());
        }
    }
    while i < b.len() && b[i] != byte {
        i += 1;
    }
    i.min(b.len())
}

/// `text` without the line breaks (CR, LF) at its end: byte by byte, cheaper than a pattern of
/// characters on the hot path of record validation.
pub fn trim_line_breaks(text: &str) -> &str {
    let b = text.as_bytes();
    let mut end = b.len();
    while end > 0 && matches!(b[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    // CR and LF are ASCII: `end` is a character boundary.
    &text[..end]
}

/// The first `limit` bytes of `text`, cut on a character boundary.
pub fn cut(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut at = limit;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    &text[..at]
}

/// Cut `text` to `limit` bytes on a character boundary and report what is odd about it.
/// Returns the usable text and the diagnostics; never panics.
pub fn prepare(text: &str, limit: usize) -> (&str, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let usable = cut(text, limit);
    if usable.len() < text.len() {
        diags.push(catalog::input_too_large(text.len(), usable.len()));
    }
    if usable.trim().is_empty() {
        diags.push(catalog::input_empty());
    }
    // Most inputs have no binary byte at all: one branch-free pass says so.
    if !no_binary(usable.as_bytes()) {
        if let Some(at) = usable.bytes().position(is_binary) {
            diags.push(catalog::input_binary(at));
        }
    }
    (usable, diags)
}

/// A control byte that text does not hold: below 0x20 and not tab, line feed, form feed or
/// carriage return (NUL included).
fn is_binary(c: u8) -> bool {
    c < 0x20 && c != b'\t' && c != b'\n' && c != 0x0c && c != b'\r'
}

/// No [`is_binary`] byte (a pass the compiler vectorises: no early exit; in the WASM build,
/// which has no vector instructions, eight bytes at a time).
pub fn no_binary(b: &[u8]) -> bool {
    if cfg!(target_arch = "wasm32") {
        no_binary_words(b)
    } else {
        b.iter().fold(0u8, |acc, &c| acc | u8::from(is_binary(c))) == 0
    }
}

/// [`no_binary`] on 64-bit words: a word with no byte below 0x20 (most of a text's words) is
/// passed at once; one with a line break or tab has its bytes looked at.
fn no_binary_words(b: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Some byte is below 0x20 (exact for whether one is: see printable_ascii_words).
        if x.wrapping_sub(ONES * 0x20) & !x & (ONES << 7) != 0 && c.iter().any(|&v| is_binary(v)) {
            return false;
        }
    }
    !chunks.remainder().iter().any(|&v| is_binary(v))
}

/// Every byte is visible ASCII or a space, 0x20 to 0x7e (vectorised like [`no_binary`]; in the
/// WASM build, which has no vector instructions, eight bytes at a time).
pub fn printable_ascii(b: &[u8]) -> bool {
    if cfg!(target_arch = "wasm32") {
        printable_ascii_words(b)
    } else {
        b.iter()
            .fold(0u8, |acc, &c| acc | u8::from(!(0x20..=0x7e).contains(&c)))
            == 0
    }
}

/// [`printable_ascii`] on 64-bit words.
fn printable_ascii_words(b: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let mut chunks = b.chunks_exact(8);
    let mut bad = 0;
    for c in &mut chunks {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // A byte below 0x20 (a borrow starts only at one, so the test is exact for whether one
        // exists), or above 0x7e (adding 1 reaches the high bit, which bytes from 0x80 have).
        bad |= (x.wrapping_sub(ONES * 0x20) & !x) | x.wrapping_add(ONES) | x;
    }
    bad & (ONES << 7) == 0 && chunks.remainder().iter().all(|c| (0x20..=0x7e).contains(c))
}

/// Decode bytes as UTF-8, replacing invalid sequences; says whether anything was replaced.
pub fn text_from_bytes(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<Diagnostic>) {
    let text = lossy_utf8(bytes);
    let lossy = matches!(text, std::borrow::Cow::Owned(_));
    (text, lossy.then(catalog::input_replacement_chars))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    /// Both searches for `--` give what a plain search does, from every start.
    #[test]
    fn the_dash_searches_agree_with_a_plain_search() {
        let mut seed: u32 = 7;
        for len in 0..24 {
            for _ in 0..200 {
                let b: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        [b'-', b'-', b'a', b'\n', 0xc3][(seed >> 16) as usize % 5]
                    })
                    .collect();
                for from in 0..=len + 1 {
                    let want = b
                        .get(from..)
                        .and_then(|r| r.windows(2).position(|w| w == b"--"))
                        .map(|p| p + from);
                    assert_eq!(find_dashes(&b, from), want, "{b:?} from {from}");
                    assert_eq!(find_dashes_bytes(&b, from), want, "{b:?} from {from}");
                }
            }
        }
    }

    #[test]
    fn byte_class_scans_agree_with_a_plain_loop() {
        let mut seed: u32 = 12345;
        for len in 0..40 {
            for _ in 0..300 {
                let v: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        // Mostly printable, sometimes any byte.
                        let r = (seed >> 16) as u8;
                        if seed % 7 == 0 {
                            r
                        } else {
                            0x20 + r % 0x5f
                        }
                    })
                    .collect();
                let text = v
                    .iter()
                    .all(|&c| c >= 0x20 || matches!(c, b'\t' | b'\n' | 0x0c | b'\r'));
                assert_eq!(no_binary(&v), text, "{v:?}");
                assert_eq!(no_binary_words(&v), text, "{v:?}");
                let want = v.iter().all(|&c| (0x20..=0x7e).contains(&c));
                assert_eq!(printable_ascii(&v), want, "{v:?}");
                assert_eq!(printable_ascii_words(&v), want, "{v:?}");
            }
        }
        for c in 0..=255u8 {
            for at in 0..16 {
                let mut v = vec![b'a'; 16];
                v[at] = c;
                let text = c >= 0x20 || matches!(c, 9 | 10 | 12 | 13);
                assert_eq!(no_binary(&v), text, "{c} at {at}");
                assert_eq!(no_binary_words(&v), text, "{c} at {at}");
                let want = (0x20..=0x7e).contains(&c);
                assert_eq!(printable_ascii(&v), want, "{c} at {at}");
                assert_eq!(printable_ascii_words(&v), want, "{c} at {at}");
                // Two bytes side by side, for borrows and carries between them.
                for d in [0u8, 0x1f, 0x20, 0x7e, 0x7f, 0x80, 0xff] {
                    let mut w = v.clone();
                    w[(at + 1) % 16] = d;
                    let want = want && (0x20..=0x7e).contains(&d);
                    assert_eq!(printable_ascii_words(&w), want, "{c}, {d} at {at}");
                    let text = text && (d >= 0x20 || matches!(d, 9 | 10 | 12 | 13));
                    assert_eq!(no_binary_words(&w), text, "{c}, {d} at {at}");
                }
            }
        }
    }

    #[test]
    fn find_any3_finds_what_a_byte_loop_finds() {
        let mut next = crate::testing::xorshift(0x1f83_d9ab_fb41_bd6b);
        for _ in 0..5_000 {
            let len = (next() % 100) as usize;
            let b: Vec<u8> = (0..len)
                .map(|_| b"=\n\rab \xff"[(next() % 7) as usize])
                .collect();
            for from in 0..=len + 1 {
                let want = b
                    .get(from..)
                    .and_then(|r| r.iter().position(|&c| matches!(c, b'=' | b'\n' | b'\r')))
                    .map_or(len, |p| from + p);
                assert_eq!(
                    find_any3(&b, from, b'=', b'\n', b'\r'),
                    want,
                    "{b:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn find_byte_finds_what_a_byte_loop_finds() {
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let seed = next();
            let len = (seed % 40) as usize;
            let byte = [b' ', b'@', 0, 0xff][(seed >> 8) as usize % 4];
            // The byte, bytes one off it, and others, in every position.
            let b: Vec<u8> = (0..len)
                .map(|i| {
                    let pick = (seed >> (i % 60)) as usize % 6;
                    [
                        byte,
                        byte.wrapping_sub(1),
                        byte.wrapping_add(1),
                        0xa0,
                        b'a',
                        0x80,
                    ][pick]
                })
                .collect();
            for from in 0..=len + 1 {
                let want = b
                    .get(from..)
                    .and_then(|rest| rest.iter().position(|&c| c == byte))
                    .map_or(len, |p| from + p);
                assert_eq!(find_byte(&b, from, byte), want, "{b:?} from {from}");
                assert_eq!(find_byte_swar(&b, from, byte), want, "{b:?} from {from}");
            }
        }
    }

    #[test]
    fn empty_binary_and_huge() {
        assert_eq!(prepare("  \n", 10).1[0].code, Code::InputEmpty);
        assert_eq!(prepare("a\0b", 10).1[0].code, Code::InputBinary);
        let (t, d) = prepare("ééééé", 3);
        assert_eq!(t, "é");
        assert_eq!(d[0].code, Code::InputTooLarge);
        let (_, d) = text_from_bytes(b"ok\xff");
        assert!(d.is_some());
        let (t, d) = prepare_record("v=DMARC1\r\n");
        assert_eq!((t, d.len()), ("v=DMARC1", 0));
        assert_eq!(prepare_record(" ").1[0].code, Code::RecordEmpty);
        let (_, d) = text_from_bytes(b"ok\xff");
        assert!(d.is_some());
    }
}
