//! The plain forms of the header values a bounce reads (Content-Type, From, To, Subject,
//! Message-ID), read natively without mail-parser's field parsers: each function gives what
//! mail-parser's parser gives for the values it accepts, and None for the rest, which mail-parser
//! then reads. Its parsers keep a string and a list or two per token; a bounce has a dozen of
//! these fields, and they were a tenth of its decoding. The tests hold the section reader to
//! mail-parser's `parse_headers` on every file of the bounce corpus and the fuzz corpus. The WASM
//! package, where size counts, leaves every value to mail-parser.

use std::borrow::Cow;

use mail_parser::{Addr, Address, ContentType, HeaderValue};

/// A header section's bytes, and the same as text when they are (a message's are): a token is
/// then sliced from the text, not checked again as UTF-8.
#[derive(Clone, Copy)]
pub(super) struct Src<'x> {
    pub(super) data: &'x [u8],
    pub(super) text: Option<&'x str>,
}

impl<'x> Src<'x> {
    /// `data[s..e]`, ASCII (the callers have read its bytes), as text.
    fn ascii(self, s: usize, e: usize) -> Cow<'x, str> {
        let t = self.text.and_then(|t| t.get(s..e));
        Cow::Borrowed(
            t.unwrap_or_else(|| std::str::from_utf8(&self.data[s..e]).unwrap_or_default()),
        )
    }
}

/// A field value from `from` that is one line of visible ASCII and spaces, ending in a line feed
/// that no folded line follows, without `=?` (an encoded word): where its bytes start and end
/// without the white space around them, and where the field ends. None for any other value
/// (mail-parser reads those).
fn plain_line(data: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    let nl = crate::input::find_byte(data, from, b'\n');
    if nl >= data.len() || matches!(data.get(nl + 1), Some(b' ' | b'\t')) {
        return None;
    }
    let line = &data[from..nl];
    // One pass without an early exit (it vectorises), then a search for the rare '?'.
    let odd = line.iter().fold(false, |odd, &c| {
        odd | !(c.is_ascii_graphic() || c == b' ' || c == b'\t')
    });
    if odd {
        return None;
    }
    let mut q = 0;
    loop {
        q = crate::input::find_byte(line, q, b'?');
        if q >= line.len() {
            break;
        }
        if q > 0 && line[q - 1] == b'=' {
            return None;
        }
        q += 1;
    }
    let start = from + line.len() - line.trim_ascii_start().len();
    let end = from + line.trim_ascii_end().len();
    Some((start, end.max(start), nl + 1))
}

/// What mail-parser's `parse_unstructured` gives for a [`plain_line`] (its text, white space
/// inside kept as written), without its token list; None where it is not one, or is empty.
pub(super) fn plain_text(src: Src<'_>, from: usize) -> Option<(HeaderValue<'_>, usize)> {
    let (s, e, end) = plain_line(src.data, from)?;
    (e > s).then(|| (HeaderValue::Text(src.ascii(s, e)), end))
}

/// What mail-parser's `parse_address` gives for the forms most From and To fields take, on a
/// [`plain_line`]: `user@host`, `<user@host>`, `Some Name <user@host>` (and a lone word, which
/// it reads as a name). None for anything else: quotes, comments, groups, lists, escapes, and
/// the like are left to it. Its parser keeps a few lists and a string per token, and most
/// bounces have three or four addresses to read.
pub(super) fn plain_address(src: Src<'_>, from: usize) -> Option<(HeaderValue<'_>, usize)> {
    let (s, e, end) = plain_line(src.data, from)?;
    let line = &src.data[s..e];
    if line.is_empty()
        || line
            .iter()
            .any(|c| matches!(c, b'"' | b'(' | b')' | b',' | b':' | b';' | b'\\'))
    {
        return None;
    }
    let addr = match line.iter().position(|&c| c == b'<') {
        // One token, white space inside it and all: an address if it has an '@'.
        None if line.contains(&b'>') => return None,
        None if line.contains(&b'@') => Addr {
            name: None,
            address: Some(src.ascii(s, e)),
        },
        None => Addr {
            name: Some(src.ascii(s, e)),
            address: None,
        },
        // A name (or none) and an address in angle brackets that end the line.
        Some(lt) => {
            let inner = line.get(lt + 1..line.len() - 1)?;
            let name = line[..lt].trim_ascii_end();
            if line.last() != Some(&b'>')
                || inner.is_empty()
                || inner
                    .iter()
                    .any(|&c| matches!(c, b'<' | b'>' | b' ' | b'\t'))
                || name.contains(&b'>')
            {
                return None;
            }
            Addr {
                name: (!name.is_empty()).then(|| src.ascii(s, s + name.len())),
                address: Some(src.ascii(s + lt + 1, e - 1)),
            }
        }
    };
    Some((HeaderValue::Address(Address::List(vec![addr])), end))
}

/// What mail-parser's `parse_id` gives for a [`plain_line`] that is one `<id>`.
pub(super) fn plain_id(src: Src<'_>, from: usize) -> Option<(HeaderValue<'_>, usize)> {
    let (s, e, end) = plain_line(src.data, from)?;
    let id = src.data[s..e].strip_prefix(b"<")?.strip_suffix(b">")?;
    if id.is_empty() || id.iter().any(|&c| matches!(c, b'<' | b'>' | b' ' | b'\t')) {
        return None;
    }
    Some((HeaderValue::Text(src.ascii(s + 1, e - 1)), end))
}

/// The state of mail-parser's Content-Type parser (its `ContentState`, without comments).
#[derive(Clone, Copy, PartialEq, Eq)]
enum CtState {
    Type,
    SubType,
    Name,
    Value,
    Quoted,
}

/// The bytes that [`plain_content_type`] reads as part of a token in every state: visible ASCII
/// but for those with a meaning of their own (capitals, which mark a name to lower-case, apart).
const CT_PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0x21;
    while c < 0x7f {
        t[c] = !matches!(
            c as u8,
            b'/' | b';' | b'=' | b'"' | b'(' | b'*' | b'\\' | b'A'..=b'Z'
        );
        c += 1;
    }
    t
};

/// What mail-parser's `parse_content_type` gives, for a value of visible ASCII and spaces, folded
/// or not, without comments, escapes, encoded words or RFC 2231 parameters (`name*=`): its own
/// steps on those bytes, with each token a slice of the text (its parser keeps a string and a
/// list or two per token), and a run of plain bytes read at once. None where the value holds
/// anything else, or a folded quoted string; mail-parser reads those.
pub(super) fn plain_content_type(src: Src<'_>, from: usize) -> Option<(HeaderValue<'_>, usize)> {
    let data = src.data;
    let mut state = CtState::Type;
    // The token being read: where it starts and ends (mail-parser's token_start, token_end).
    let mut token: Option<(usize, usize)> = None;
    let mut lower_case = true;
    let (mut c_type, mut c_subtype, mut attr_name) = (None, None, None);
    let mut attributes = Vec::new();
    // A token as mail-parser keeps it: lower-cased where it had a capital (names only).
    let take = |token: &mut Option<(usize, usize)>, lower_case: &mut bool| {
        let (s, e) = token.take()?;
        let mut t = src.ascii(s, e);
        if !*lower_case {
            t.to_mut().make_ascii_lowercase();
            *lower_case = true;
        }
        Some(t)
    };
    let mut i = from;
    loop {
        let c = *data.get(i)?;
        if CT_PLAIN[usize::from(c)] || c.is_ascii_uppercase() {
            // A run of token bytes.
            let mut j = i + 1;
            while data
                .get(j)
                .is_some_and(|&c| CT_PLAIN[usize::from(c)] || c.is_ascii_uppercase())
            {
                j += 1;
            }
            if matches!(state, CtState::Type | CtState::SubType | CtState::Name)
                && data[i..j].iter().any(u8::is_ascii_uppercase)
            {
                lower_case = false;
            }
            token = Some(token.map_or((i, j), |(s, _)| (s, j)));
            i = j;
            continue;
        }
        i += 1;
        match c {
            b' ' | b'\t' if state != CtState::Quoted => continue,
            b'\n' => {
                let folded = matches!(data.get(i), Some(b' ' | b'\t'));
                match state {
                    CtState::Type => c_type = take(&mut token, &mut lower_case).or(c_type),
                    CtState::SubType => c_subtype = take(&mut token, &mut lower_case).or(c_subtype),
                    CtState::Name => attr_name = take(&mut token, &mut lower_case).or(attr_name),
                    // A fold inside quotes is joined; mail-parser's own steps for that.
                    CtState::Quoted if folded => return None,
                    CtState::Value | CtState::Quoted => {
                        add_value(src, &mut attr_name, &mut token, &mut attributes)
                    }
                }
                if !folded {
                    let ct = c_type.map(|c_type| ContentType {
                        c_type,
                        c_subtype,
                        attributes: (!attributes.is_empty()).then_some(attributes),
                    });
                    return Some((ct.map_or(HeaderValue::Empty, HeaderValue::ContentType), i));
                }
                if state != CtState::Type {
                    state = CtState::Name;
                    i += 1;
                }
                continue;
            }
            b'/' if state == CtState::Type => {
                c_type = take(&mut token, &mut lower_case).or(c_type);
                state = CtState::SubType;
                continue;
            }
            b';' if state != CtState::Quoted => {
                match state {
                    CtState::Type => c_type = take(&mut token, &mut lower_case).or(c_type),
                    CtState::SubType => c_subtype = take(&mut token, &mut lower_case).or(c_subtype),
                    CtState::Name => attr_name = take(&mut token, &mut lower_case).or(attr_name),
                    _ => add_value(src, &mut attr_name, &mut token, &mut attributes),
                }
                state = CtState::Name;
                continue;
            }
            b'=' if data.get(i) == Some(&b'?') => return None,
            b'=' if state == CtState::Name => {
                match take(&mut token, &mut lower_case) {
                    Some(name) => attr_name = Some(name),
                    None => continue,
                }
                state = CtState::Value;
                continue;
            }
            b'"' => {
                match state {
                    CtState::Value => state = CtState::Quoted,
                    CtState::Quoted => {
                        add_value(src, &mut attr_name, &mut token, &mut attributes);
                        state = CtState::Name;
                    }
                    _ => {}
                }
                continue;
            }
            b'(' if state != CtState::Quoted => return None,
            b'*' if state == CtState::Name => return None,
            b'\\' | b'\r' => return None,
            _ if !c.is_ascii_graphic() && c != b' ' && c != b'\t' => return None,
            _ => {}
        }
        let at = i - 1;
        token = Some(token.map_or((at, at + 1), |(s, _)| (s, at + 1)));
    }
}

/// mail-parser's `add_value` for a value read whole (no partial values, no RFC 2231 parts).
fn add_value<'x>(
    src: Src<'x>,
    attr_name: &mut Option<Cow<'x, str>>,
    token: &mut Option<(usize, usize)>,
    attributes: &mut Vec<mail_parser::Attribute<'x>>,
) {
    if let (Some((s, e)), Some(name)) = (*token, attr_name.take_if(|_| token.is_some())) {
        attributes.push(mail_parser::Attribute {
            name,
            value: src.ascii(s, e),
        });
        *token = None;
    }
}

/// What mail-parser's `decode_base64_mime` decodes from `start` (to the `--boundary` that ends
/// the part, or, without one, to the end of `data`), None where it fails: its steps, byte for
/// byte, but four bytes at a time where four letters of the alphabet follow one another (most of
/// a base64 body), where it goes through its table a byte at a time.
pub(super) fn base64_mime(data: &[u8], start: usize, boundary: &[u8]) -> Option<Vec<u8>> {
    use mail_parser::decoders::base64::BASE64_MAP as MAP;
    // A value of the table that is not a letter of the alphabet has this bit (0x01ffffff).
    const NOT_LETTER: u32 = 0x0100_0000;
    let mut buf = Vec::with_capacity(data.len().saturating_sub(start) / 4 * 3);
    let (mut chunk, mut count) = (0u32, 0u8);
    let mut last = b'\n';
    let mut i = start;
    loop {
        if count == 0 {
            while let Some(q) = data.get(i..i + 4) {
                let v = MAP[0][usize::from(q[0])]
                    | MAP[1][usize::from(q[1])]
                    | MAP[2][usize::from(q[2])]
                    | MAP[3][usize::from(q[3])];
                if v & NOT_LETTER != 0 {
                    break;
                }
                buf.extend_from_slice(&v.to_le_bytes()[..3]);
                last = q[3];
                i += 4;
            }
        }
        let Some(&ch) = data.get(i) else {
            // The text ran out: a success only where no boundary was to end it.
            return boundary.is_empty().then_some(buf);
        };
        i += 1;
        let val = MAP[usize::from(count)][usize::from(ch)];
        if val < 0x01ff_ffff {
            count = (count + 1) & 3;
            if count == 1 {
                chunk = val;
            } else {
                chunk |= val;
                if count == 0 {
                    buf.extend_from_slice(&chunk.to_le_bytes()[..3]);
                }
            }
        } else {
            match ch {
                b'=' => match count {
                    1 | 2 => {
                        buf.push(chunk.to_le_bytes()[0]);
                        count = 0;
                    }
                    3 => {
                        buf.extend_from_slice(&chunk.to_le_bytes()[..2]);
                        count = 0;
                    }
                    _ => {}
                },
                b'\n' | b' ' | b'\t' | b'\r' => {}
                b'-' if last == b'-' => {
                    let closes = !boundary.is_empty() && data[i..].starts_with(boundary);
                    return closes.then_some(buf);
                }
                b'-' => {}
                _ => return None,
            }
        }
        last = ch;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_table_tells_letters_by_one_bit() {
        // base64_mime's four-at-a-time test: a letter's value lacks the bit, any other byte's
        // value (0x01ffffff) has it.
        for row in mail_parser::decoders::base64::BASE64_MAP.iter().take(4) {
            for &v in row.iter() {
                assert!(v == 0x01ff_ffff || v < 0x0100_0000, "{v:#x}");
            }
        }
    }

    #[test]
    fn base64_as_mail_parser_decodes_it() {
        use mail_parser::parsers::MessageStream;
        let cases: &[(&[u8], &[u8])] = &[
            (b"SGVsbG8sIHdvcmxkIQ==\n--b--\n", b"b"),
            (b"SGVs bG8s\r\nIHdv\tcmxk\nIQ\n--b\n", b"b"),
            (b"SGVsbG8=\nSGk=\n--b--", b"b"),
            (b"SGVsbG8*\n--b\n", b"b"),
            (b"SGVsbG8\n--c\n", b"b"),
            (b"SGVsbG8-x\n", b""),
            (b"SGVsbG8sIHdvcmxkIQ==", b""),
            (b"SGVsbG8sIHdvcmxkIQ==", b"b"),
            (b"S", b""),
            (b"", b""),
        ];
        for (data, boundary) in cases {
            let mut stream = MessageStream::new(data);
            let (e, want) = stream.decode_base64_mime(boundary);
            let want = (e != usize::MAX).then(|| want.into_owned());
            assert_eq!(
                base64_mime(data, 0, boundary),
                want,
                "{:?}",
                String::from_utf8_lossy(data)
            );
        }
    }
}
