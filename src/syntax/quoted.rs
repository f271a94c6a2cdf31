//! Small pieces of syntax shared by the record validators.

/// A TXT record as DNS zone files and `dig` print it: one or more quoted character-strings,
/// joined without separators (RFC 7208 section 3.3), with a map from each byte of the joined
/// text back to its offset in the input, so that spans point into what the user pasted.
#[derive(Debug)]
pub struct Unquoted {
    /// The joined text.
    pub text: String,
    /// `map[i]` is the input offset of byte `i` of `text`; `map[text.len()]` is the end.
    pub map: Vec<usize>,
    /// How many strings were joined.
    pub strings: usize,
}

impl Unquoted {
    /// The input offset of joined offset `at` (clamped).
    pub fn input_offset(&self, at: usize) -> usize {
        self.map[at.min(self.map.len() - 1)]
    }
}

/// If `input` (after leading white space) starts with `"`, read it as quoted strings: `\"`, `\\`
/// and `\DDD` escapes are decoded, white space between strings is dropped, an unterminated last
/// string ends at the end of the input. Otherwise `None`.
pub fn unquote_txt(input: &str) -> Option<Unquoted> {
    let start = input.len() - input.trim_start().len();
    if !input[start..].starts_with('"') {
        return None;
    }
    let b = input.as_bytes();
    let mut text = Vec::with_capacity(input.len());
    let mut map = Vec::with_capacity(input.len() + 1);
    let mut strings = 0;
    let mut i = start;
    while i < b.len() {
        match b[i] {
            b'"' => {
                strings += 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        if i + 3 < b.len() && b[i + 1..i + 4].iter().all(u8::is_ascii_digit) {
                            let v = (b[i + 1] - b'0') as u32 * 100
                                + (b[i + 2] - b'0') as u32 * 10
                                + (b[i + 3] - b'0') as u32;
                            map.push(i);
                            text.push(u8::try_from(v).unwrap_or(b'?'));
                            i += 4;
                        } else {
                            map.push(i);
                            text.push(b[i + 1]);
                            i += 2;
                        }
                    } else {
                        map.push(i);
                        text.push(b[i]);
                        i += 1;
                    }
                }
                i += 1; // the closing quote
            }
            c if c.is_ascii_whitespace() => i += 1,
            _ => {
                // Text outside quotes: keep it, so the validator reports it.
                map.push(i);
                text.push(b[i]);
                i += 1;
            }
        }
    }
    map.push(input.len());
    // Escapes may have produced bytes that are not UTF-8: replace each invalid byte with U+FFFD,
    // keeping the map aligned (every byte of a replacement maps to the invalid byte's place).
    let text = match String::from_utf8(text) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.into_bytes();
            let mut out = String::with_capacity(bytes.len() + 8);
            let mut new_map = Vec::with_capacity(map.len() + 8);
            let mut k = 0;
            for chunk in bytes.utf8_chunks() {
                out.push_str(chunk.valid());
                new_map.extend_from_slice(&map[k..k + chunk.valid().len()]);
                k += chunk.valid().len();
                for _ in chunk.invalid() {
                    out.push('\u{fffd}');
                    new_map.extend_from_slice(&[map[k]; 3]);
                    k += 1;
                }
            }
            new_map.push(input.len());
            map = new_map;
            out
        }
    };
    Some(Unquoted { text, map, strings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_strings_and_maps_offsets() {
        let u = unquote_txt(r#""v=spf1 ip4:192.0.2.1 " "-all""#).unwrap();
        assert_eq!(u.text, "v=spf1 ip4:192.0.2.1 -all");
        assert_eq!(u.strings, 2);
        let at = u.text.find("-all").unwrap();
        assert_eq!(u.input_offset(at), r#""v=spf1 ip4:192.0.2.1 " ""#.len());
        assert!(unquote_txt("v=spf1 -all").is_none());
        let u = unquote_txt(r#""a\"b\\c\065""#).unwrap();
        assert_eq!(u.text, "a\"b\\cA");
        let u = unquote_txt("\"v=spf1 ").unwrap();
        assert_eq!(u.text, "v=spf1 ");
        let u = unquote_txt("\"\\255\"").unwrap();
        assert_eq!(u.text, "\u{fffd}");
        // A valid multi-byte character next to an invalid escape stays whole.
        let u = unquote_txt("\"é\\255\"").unwrap();
        assert_eq!(u.text, "é\u{fffd}");
        assert_eq!(u.map[..2], [1, 2]);
    }
}
