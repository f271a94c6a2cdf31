//! Base64 (RFC 4648 section 4, the standard alphabet) as DKIM writes it: white space (including
//! folding white space) may appear anywhere and is skipped, padding is optional
//! (RFC 6376 section 2.4, `base64string`).

/// Why a base64 string could not be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// A byte outside the alphabet, at this byte offset of the input.
    BadChar(usize),
    /// Data after the `=` padding, at this byte offset.
    AfterPadding(usize),
    /// The number of symbols leaves a single stray symbol (length 1 modulo 4).
    Truncated,
}

/// The value of a base64 symbol (the standard alphabet), or `None`.
pub(crate) fn sym(b: u8) -> Option<u32> {
    Some(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    } as u32)
}

/// Decode `text`, skipping white space.
///
/// ```
/// use deliverkit::syntax::base64::{decode, Base64Error};
/// assert_eq!(decode("aGVs bG8=").unwrap(), b"hello");
/// assert_eq!(decode("aGVsbG8").unwrap(), b"hello");
/// assert_eq!(decode("aG?s"), Err(Base64Error::BadChar(2)));
/// ```
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut n = 0u32;
    let mut padding = 0usize;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            continue;
        }
        if b == b'=' {
            padding += 1;
            if padding > 2 {
                return Err(Base64Error::AfterPadding(i));
            }
            continue;
        }
        let Some(v) = sym(b) else {
            return Err(Base64Error::BadChar(i));
        };
        if padding > 0 {
            return Err(Base64Error::AfterPadding(i));
        }
        acc = (acc << 6) | v;
        n += 1;
        if n == 4 {
            out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]);
            acc = 0;
            n = 0;
        }
    }
    match n {
        0 => {}
        1 => return Err(Base64Error::Truncated),
        2 => out.push((acc >> 4) as u8),
        _ => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases: &[(&str, Result<&[u8], Base64Error>)] = &[
            ("", Ok(b"")),
            ("Zg==", Ok(b"f")),
            ("Zm8=", Ok(b"fo")),
            ("Zm9v", Ok(b"foo")),
            ("Zm9vYg", Ok(b"foob")),
            ("Zm\r\n 9v", Ok(b"foo")),
            ("Z", Err(Base64Error::Truncated)),
            ("Zg==Zg", Err(Base64Error::AfterPadding(4))),
            ("Zg===", Err(Base64Error::AfterPadding(4))),
            ("Zm-v", Err(Base64Error::BadChar(2))),
        ];
        for (input, want) in cases {
            assert_eq!(decode(input).as_deref(), want.as_deref(), "{input:?}");
        }
    }
}
