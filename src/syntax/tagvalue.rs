//! The `tag=value` list shared by DKIM (RFC 6376 section 3.2), DMARC (RFC 9989 section 4.8),
//! MTA-STS (RFC 8461 section 3.1), TLS-RPT (RFC 8460 section 3) and BIMI records.
//!
//! The list is read term by term: it is split on `;`, and each term is read on its own, so one bad
//! term gives one diagnostic and the terms after it are still read. Every tag keeps the byte spans
//! of its name, its value and the whole term in the caller's string.
//!
//! What differs between the record kinds is a [`TagSyntax`]:
//! - tag names are case-sensitive in DKIM ("Tags MUST be interpreted in a case-sensitive manner",
//!   RFC 6376 section 3.2) and compared without regard to case in DMARC, whose ABNF literals
//!   (RFC 5234 section 2.3) are case-insensitive;
//! - DKIM allows folding white space (a line break followed by SP or HTAB) around names, around
//!   `=` and inside values; the DNS-only records allow SP and HTAB only;
//! - DKIM and DMARC allow white space around `=` (`[FWS] "=" [FWS]`, `equals = *WSP "=" *WSP`);
//!   MTA-STS, TLS-RPT and BIMI spell `v=STSv1`, `rua=` and `l=` without it, so white space there is
//!   reported (as a warning: most readers trim it).

use std::collections::HashSet;

use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{Diagnostic, Span};

/// The white-space and case rules of one record kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagSyntax {
    /// Compare tag names without regard to ASCII case (DMARC).
    pub case_insensitive: bool,
    /// Allow folding white space: CR and LF count as white space when a SP or HTAB follows (DKIM).
    pub folding: bool,
    /// Allow white space around `=` without a diagnostic (DKIM, DMARC).
    pub space_around_equals: bool,
}

impl TagSyntax {
    /// RFC 6376 section 3.2: case-sensitive names, folding white space.
    pub const DKIM: TagSyntax = TagSyntax {
        case_insensitive: false,
        folding: true,
        space_around_equals: true,
    };
    /// RFC 9989 section 4.8: case-insensitive names, `*WSP` around `;` and `=`.
    pub const DMARC: TagSyntax = TagSyntax {
        case_insensitive: true,
        folding: false,
        space_around_equals: true,
    };
    /// MTA-STS, TLS-RPT and BIMI: case-sensitive names, `*WSP` around `;` only.
    pub const STRICT: TagSyntax = TagSyntax {
        case_insensitive: false,
        folding: false,
        space_around_equals: false,
    };
}

/// One `name=value` term.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    /// The name as written.
    pub name: String,
    /// The value as written, without the white space around it.
    pub value: String,
    /// The whole term, from the first byte of the name to the last byte of the value.
    pub span: Span,
    /// The name.
    pub name_span: Span,
    /// The value (empty span right after `=` when the value is empty).
    pub value_span: Span,
    /// True when an earlier tag has the same name; lookups return the first one.
    #[serde(skip)]
    pub duplicate: bool,
}

impl Tag {
    /// The byte offset of `value[at..]` in the input.
    pub fn value_offset(&self, at: usize) -> usize {
        self.value_span.start as usize + at
    }

    /// A span of `value[start..end]` in the input.
    pub fn value_sub_span(&self, start: usize, end: usize) -> Span {
        Span::new(self.value_offset(start), self.value_offset(end))
    }
}

/// The tags of a record, in input order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagList {
    /// Every well-formed term, duplicates included.
    pub tags: Vec<Tag>,
    case_insensitive: bool,
}

impl TagList {
    /// The first tag with this name (ASCII case ignored when the syntax says so).
    pub fn get(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| self.same(&t.name, name))
    }

    /// Whether two names are the same tag under this list's case rule.
    pub fn same(&self, a: &str, b: &str) -> bool {
        if self.case_insensitive {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    }

    /// The tags that are not repetitions of an earlier tag.
    pub fn unique(&self) -> impl Iterator<Item = &Tag> {
        self.tags.iter().filter(|t| !t.duplicate)
    }
}

fn is_wsp(b: u8, folding: bool) -> bool {
    b == b' ' || b == b'\t' || (folding && (b == b'\r' || b == b'\n'))
}

fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b[0].is_ascii_alphabetic()
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// Read a tag list. `base` is the offset of `text` in the caller's input, added to every span.
///
/// Never fails: malformed terms become diagnostics in `diags` and are left out of the list.
///
/// ```
/// use deliverkit::syntax::tagvalue::{parse, TagSyntax};
///
/// let mut diags = Vec::new();
/// let list = parse("v=DMARC1; P = reject;;", 0, TagSyntax::DMARC, &mut diags);
/// assert_eq!(list.tags.len(), 2);
/// assert_eq!(list.get("p").unwrap().value, "reject");
/// assert_eq!(list.tags[1].value_span.start, 14);
/// assert_eq!(diags[0].code.as_str(), "record/empty-term");
/// ```
pub fn parse(text: &str, base: usize, syntax: TagSyntax, diags: &mut Vec<Diagnostic>) -> TagList {
    let folding = syntax.folding;
    let bytes = text.as_bytes();
    let mut list = TagList {
        tags: Vec::new(),
        case_insensitive: syntax.case_insensitive,
    };
    let mut seen: HashSet<String> = HashSet::new();
    if folding {
        check_folding(bytes, base, diags);
    }
    let mut start = 0;
    let mut index = 0;
    while start <= bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b';')
            .map_or(bytes.len(), |p| start + p);
        let mut a = start;
        let mut b = end;
        while a < b && is_wsp(bytes[a], folding) {
            a += 1;
        }
        while b > a && is_wsp(bytes[b - 1], folding) {
            b -= 1;
        }
        if a == b {
            // A separator at the very end is allowed (`[";"]`, `[dmarc-sep]`); elsewhere an empty
            // term is a stray `;`.
            let last = end == bytes.len();
            let allowed = last && (index > 0 || text.trim().is_empty());
            if !allowed {
                let at = if end < bytes.len() { end } else { start };
                diags.push(catalog::record_empty_term(Span::new(
                    base + at,
                    base + (at + 1).min(bytes.len()),
                )));
            }
        } else {
            read_term(text, a, b, base, syntax, &mut list, &mut seen, diags);
        }
        index += 1;
        start = end + 1;
    }
    list
}

/// Warn about line breaks that are not folding white space (a CR LF or LF must be followed by SP
/// or HTAB inside a header field or a DKIM record).
fn check_folding(bytes: &[u8], base: usize, diags: &mut Vec<Diagnostic>) {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\r' | b'\n') {
        end -= 1;
    }
    let mut i = 0;
    while i < end {
        if bytes[i] == b'\r' || bytes[i] == b'\n' {
            let mut j = i;
            while j < end && matches!(bytes[j], b'\r' | b'\n') {
                j += 1;
            }
            if j < end && !matches!(bytes[j], b' ' | b'\t') {
                diags.push(catalog::record_bad_folding(Span::new(base + i, base + j)));
            }
            i = j;
        } else {
            i += 1;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn read_term(
    text: &str,
    a: usize,
    b: usize,
    base: usize,
    syntax: TagSyntax,
    list: &mut TagList,
    seen: &mut HashSet<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let bytes = text.as_bytes();
    let folding = syntax.folding;
    let term_span = Span::new(base + a, base + b);
    let Some(eq) = bytes[a..b].iter().position(|&c| c == b'=').map(|p| a + p) else {
        diags.push(catalog::record_missing_equals(&text[a..b], term_span));
        return;
    };
    let mut name_end = eq;
    while name_end > a && is_wsp(bytes[name_end - 1], folding) {
        name_end -= 1;
    }
    let mut value_start = eq + 1;
    while value_start < b && is_wsp(bytes[value_start], folding) {
        value_start += 1;
    }
    let name = &text[a..name_end];
    let value = &text[value_start..b];
    let name_span = Span::new(base + a, base + name_end);
    if !valid_name(name) {
        diags.push(catalog::record_bad_tag_name(name, name_span));
        return;
    }
    if !syntax.space_around_equals && (name_end < eq || value_start > eq + 1) {
        diags.push(catalog::record_space_around_equals(
            name,
            Span::new(base + name_end, base + value_start),
        ));
    }
    // Value characters: printable US-ASCII except `;`, plus white space between words.
    if let Some((i, c)) = value.char_indices().find(|&(_, c)| {
        !(c == ' '
            || c == '\t'
            || (folding && (c == '\r' || c == '\n'))
            || ('!'..='~').contains(&c))
    }) {
        let at = value_start + i;
        diags.push(catalog::record_bad_char(
            name,
            c,
            Span::new(base + at, base + at + c.len_utf8()),
        ));
    }
    // The tags read so far are searched one by one up to this many (a record has a handful:
    // an allocated key and a hash each cost more); a longer list (hostile input, up to the
    // 64 KiB cut) keeps their keys in `seen`, so that reading stays linear.
    const SCAN: usize = 32;
    let duplicate = if list.tags.len() < SCAN {
        list.get(name).is_some()
    } else {
        let key = |n: &str| {
            if syntax.case_insensitive {
                n.to_ascii_lowercase()
            } else {
                n.to_string()
            }
        };
        if seen.is_empty() {
            seen.extend(list.tags.iter().map(|t| key(&t.name)));
        }
        !seen.insert(key(name))
    };
    if duplicate {
        let first = list.get(name).map(|t| t.span.start).unwrap_or(0);
        diags.push(catalog::record_duplicate_tag(
            name,
            first as usize,
            name_span,
        ));
    }
    list.tags.push(Tag {
        name: name.to_string(),
        value: value.to_string(),
        span: term_span,
        name_span,
        value_span: Span::new(base + value_start, base + b),
        duplicate,
    });
}

/// Split a list value on `sep` (`,` for URI lists, `:` for DKIM and DMARC flag lists), trimming
/// white space (and folding white space) around each item. Returns each item with its offsets in
/// `value`. Empty items are returned too, so that the caller can report them.
pub fn split_list(value: &str, sep: u8) -> Vec<(usize, usize)> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == sep)
            .map_or(bytes.len(), |p| start + p);
        let mut a = start;
        let mut b = end;
        while a < b && is_wsp(bytes[a], true) {
            a += 1;
        }
        while b > a && is_wsp(bytes[b - 1], true) {
            b -= 1;
        }
        out.push((a, b));
        if end == bytes.len() {
            break;
        }
        start = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, syntax: TagSyntax) -> (Vec<(String, String)>, Vec<&'static str>) {
        let mut d = Vec::new();
        let l = parse(text, 0, syntax, &mut d);
        for t in &l.tags {
            assert_eq!(
                &text[t.name_span.start as usize..t.name_span.end as usize],
                t.name
            );
            assert_eq!(
                &text[t.value_span.start as usize..t.value_span.end as usize],
                t.value
            );
        }
        (
            l.tags.into_iter().map(|t| (t.name, t.value)).collect(),
            d.iter().map(|d| d.code.as_str()).collect(),
        )
    }

    type Case<'a> = (&'a str, TagSyntax, &'a [(String, String)], &'a [&'a str]);

    #[test]
    fn a_tag_seen_again_is_a_duplicate_before_and_past_the_tags_searched_one_by_one() {
        for (count, syntax, again, dup) in [
            (3, TagSyntax::DMARC, "T1", true),
            (40, TagSyntax::DMARC, "T7", true),
            (40, TagSyntax::DMARC, "t7", true),
            (40, TagSyntax::DKIM, "T7", false),
            (40, TagSyntax::DKIM, "t7", true),
            (40, TagSyntax::DKIM, "t40", false),
        ] {
            let mut text: String = (0..count).map(|i| format!("t{i}=v;")).collect();
            text.push_str(&format!("{again}=w"));
            let mut d = Vec::new();
            let l = parse(&text, 0, syntax, &mut d);
            assert_eq!(l.tags.len(), count + 1);
            assert_eq!(l.tags[count].duplicate, dup, "{count} tags, then {again}");
            let dups: Vec<_> = d
                .iter()
                .filter(|d| d.code.as_str() == "record/duplicate-tag")
                .collect();
            assert_eq!(dups.len(), usize::from(dup));
            if dup {
                // The diagnostic names the first one's place in its message.
                let first = l.get(again).unwrap().span.start;
                assert!(
                    dups[0].message.contains(&first.to_string()),
                    "{}",
                    dups[0].message
                );
            }
        }
        // 10,000 distinct tags read in linear time: one duplicate, at the end.
        let mut text: String = (0..10_000).map(|i| format!("t{i}=v;")).collect();
        text.push_str("t9999=x");
        let mut d = Vec::new();
        let l = parse(&text, 0, TagSyntax::DKIM, &mut d);
        assert_eq!(l.tags.iter().filter(|t| t.duplicate).count(), 1);
    }

    #[test]
    fn table() {
        let p = |n: &str, v: &str| (n.to_string(), v.to_string());
        let cases: &[Case] = &[
            (
                "v=DMARC1;p=reject",
                TagSyntax::DMARC,
                &[p("v", "DMARC1"), p("p", "reject")],
                &[],
            ),
            (
                "v = DMARC1\t;\tp\t\t=\treject\t;",
                TagSyntax::DMARC,
                &[p("v", "DMARC1"), p("p", "reject")],
                &[],
            ),
            (
                "a=1;;b=2",
                TagSyntax::DKIM,
                &[p("a", "1"), p("b", "2")],
                &["record/empty-term"],
            ),
            (
                ";a=1",
                TagSyntax::DKIM,
                &[p("a", "1")],
                &["record/empty-term"],
            ),
            ("a=1;", TagSyntax::DKIM, &[p("a", "1")], &[]),
            (
                "a=1; b",
                TagSyntax::DKIM,
                &[p("a", "1")],
                &["record/missing-equals"],
            ),
            (
                "a=1; 9x=2; c=3",
                TagSyntax::DKIM,
                &[p("a", "1"), p("c", "3")],
                &["record/bad-tag-name"],
            ),
            (
                "a=1; a=2",
                TagSyntax::DKIM,
                &[p("a", "1"), p("a", "2")],
                &["record/duplicate-tag"],
            ),
            (
                "a=1; A=2",
                TagSyntax::DKIM,
                &[p("a", "1"), p("A", "2")],
                &[],
            ),
            (
                "a=1; A=2",
                TagSyntax::DMARC,
                &[p("a", "1"), p("A", "2")],
                &["record/duplicate-tag"],
            ),
            ("p=ab\r\n cd", TagSyntax::DKIM, &[p("p", "ab\r\n cd")], &[]),
            (
                "p=ab\r\ncd",
                TagSyntax::DKIM,
                &[p("p", "ab\r\ncd")],
                &["record/bad-folding"],
            ),
            (
                "p=a\u{e9}",
                TagSyntax::DKIM,
                &[p("p", "a\u{e9}")],
                &["record/bad-char"],
            ),
            (
                "v=STSv1; id = 1",
                TagSyntax::STRICT,
                &[p("v", "STSv1"), p("id", "1")],
                &["record/space-around-equals"],
            ),
            ("x=", TagSyntax::DKIM, &[p("x", "")], &[]),
            (
                "ignore_me= true",
                TagSyntax::DMARC,
                &[p("ignore_me", "true")],
                &[],
            ),
        ];
        for (text, syntax, tags, codes) in cases {
            let (t, c) = names(text, *syntax);
            assert_eq!(&t, tags, "{text:?}");
            assert_eq!(&c, codes, "{text:?}");
        }
    }

    #[test]
    fn spans_carry_the_base_offset() {
        let mut d = Vec::new();
        let l = parse("a=1", 10, TagSyntax::DKIM, &mut d);
        assert_eq!(l.tags[0].span, Span::new(10, 13));
    }

    #[test]
    fn split_list_keeps_offsets() {
        assert_eq!(split_list(" a , b,", b','), vec![(1, 2), (5, 6), (7, 7)]);
        assert_eq!(split_list("", b':'), vec![(0, 0)]);
    }
}
