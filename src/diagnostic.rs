//! The one diagnostic type every validator in deliverkit reports with.

use std::borrow::Cow;

use serde::Serialize;

pub use crate::tables::Code;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong: a record would be rejected, a reply cannot be read.
    Error,
    /// Works, but is risky, deprecated or suspicious.
    Warning,
    /// Worth knowing.
    Info,
}

/// A half-open range of UTF-8 **byte** offsets into the exact input string.
///
/// The JavaScript bindings add [`Location`] (UTF-16 offsets, 1-based line and column), because JS
/// strings and text-area selections count UTF-16 units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
    /// Filled in by [`Span::locate`]; absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub loc: Option<Location>,
}

/// Where a span lies for a JavaScript caller or a person reading a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Start offset in UTF-16 code units.
    pub utf16_start: u32,
    /// End offset in UTF-16 code units.
    pub utf16_end: u32,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, in UTF-16 code units.
    pub column: u32,
}

impl Span {
    /// A span from byte offsets (saturating at `u32::MAX`).
    pub fn new(start: usize, end: usize) -> Span {
        let c = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Span {
            start: c(start),
            end: c(end.max(start)),
            loc: None,
        }
    }

    /// The same span shifted right by `by` bytes.
    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    /// Fill in [`Location`] for this span of `input`. For many spans of one input, build a
    /// [`LineIndex`] once and call [`LineIndex::locate`] instead.
    pub fn locate(&mut self, input: &str) {
        LineIndex::new(input).locate(self);
    }
}

/// The line starts of an input (byte offset and UTF-16 offset of each), computed once so that any
/// number of spans can be located without rescanning the input from its start.
pub struct LineIndex<'a> {
    input: &'a str,
    lines: Vec<(usize, usize)>,
    /// Per line: all its bytes are ASCII, so its UTF-16 columns are its byte columns.
    ascii: Vec<bool>,
}

impl<'a> LineIndex<'a> {
    /// Index `input` in one pass.
    pub fn new(input: &'a str) -> LineIndex<'a> {
        // Most inputs are ASCII (checked a word at a time): their UTF-16 offsets are their byte
        // offsets, and only the line ends need finding (a tenth of decodeBounce's time in WASM
        // went to the byte loop below).
        if input.is_ascii() {
            let b = input.as_bytes();
            let mut lines = vec![(0, 0)];
            let mut i = 0;
            loop {
                let nl = crate::input::find_byte(b, i, b'\n');
                if nl >= b.len() {
                    break;
                }
                lines.push((nl + 1, nl + 1));
                i = nl + 1;
            }
            let ascii = vec![true; lines.len()];
            return LineIndex {
                input,
                lines,
                ascii,
            };
        }
        Self::counted(input)
    }

    /// [`LineIndex::new`] counting every byte, for text that is not all ASCII.
    fn counted(input: &'a str) -> LineIndex<'a> {
        let mut lines = vec![(0, 0)];
        let mut ascii = Vec::new();
        // UTF-16 units counted on the bytes: one per character (every byte that does not
        // continue a UTF-8 sequence), two for a character of four bytes (a lead byte from 0xF0).
        let mut utf16 = 0;
        let mut high = 0u8;
        for (i, &b) in input.as_bytes().iter().enumerate() {
            utf16 += usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0);
            high |= b;
            if b == b'\n' {
                lines.push((i + 1, utf16));
                ascii.push(high < 0x80);
                high = 0;
            }
        }
        ascii.push(high < 0x80);
        LineIndex {
            input,
            lines,
            ascii,
        }
    }

    fn clamp(&self, at: usize) -> usize {
        let mut at = at.min(self.input.len());
        while !self.input.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The line of byte `at` (a character boundary) and its UTF-16 column there, from 0.
    fn line_column(&self, at: usize) -> (usize, usize) {
        let line = self.lines.partition_point(|&(b, _)| b <= at) - 1;
        let start = self.lines[line].0;
        let column = if self.ascii[line] {
            at - start
        } else {
            self.input[start..at].encode_utf16().count()
        };
        (line, column)
    }

    /// Fill in `span.loc`. Offsets past the end or inside a character are clamped to the previous
    /// character boundary, so this never panics.
    pub fn locate(&self, span: &mut Span) {
        let start = self.clamp(span.start as usize);
        let end = self.clamp((span.end as usize).max(start));
        let (line, column) = self.line_column(start);
        let (end_line, end_column) = self.line_column(end);
        let c = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        span.loc = Some(Location {
            utf16_start: c(self.lines[line].1 + column),
            utf16_end: c(self.lines[end_line].1 + end_column),
            line: c(line + 1),
            column: c(column + 1),
        });
    }
}

/// One finding about an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, registered in `data/diagnostics.tsv`.
    #[serde(serialize_with = "ser_code")]
    pub code: Code,
    /// How bad it is.
    pub severity: Severity,
    /// One sentence, no trailing period.
    pub message: Cow<'static, str>,
    /// How to fix it.
    pub help: Option<Cow<'static, str>>,
    /// The RFC or registry that backs the finding.
    pub reference: Option<&'static str>,
    /// Where in the input, when the finding has a place.
    pub span: Option<Span>,
}

fn ser_code<S: serde::Serializer>(c: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.as_str())
}

impl Diagnostic {
    /// A diagnostic with the code's default severity and reference. Use the constructors in
    /// [`crate::catalog`] rather than calling this directly.
    pub fn new(code: Code, message: impl Into<Cow<'static, str>>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            help: None,
            reference: code.reference(),
            span: None,
        }
    }

    /// Attach a fix.
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Attach a place.
    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }
}

/// True if any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_utf16_and_lines() {
        let input = "é\n😀 550";
        // "550" starts at byte 2 (é) + 1 (\n) + 4 (emoji) + 1 (space) = 8
        let mut s = Span::new(8, 11);
        s.locate(input);
        let loc = s.loc.unwrap();
        assert_eq!(
            (loc.utf16_start, loc.utf16_end),
            (1 + 1 + 2 + 1, 1 + 1 + 2 + 1 + 3)
        );
        assert_eq!((loc.line, loc.column), (2, 4));
    }

    /// The ASCII fast path indexes exactly as counting every byte does.
    #[test]
    fn ascii_line_index_is_the_counted_one() {
        let pieces = ["a", "\n", "\r\n", " ", "550", "\n\n"];
        let mut seed: u32 = 11;
        for len in 0..200 {
            let mut text = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let (fast, counted) = (LineIndex::new(&text), LineIndex::counted(&text));
            assert_eq!(fast.lines, counted.lines, "{text:?}");
            assert_eq!(fast.ascii, counted.ascii, "{text:?}");
        }
    }

    #[test]
    fn line_index_agrees_with_std_on_every_kind_of_character() {
        // Texts of 1-, 2-, 3- and 4-byte characters and line breaks in every order.
        let pieces = ["a", "\n", "é", "€", "😀", "\r\n", " ", "日"];
        let mut seed: u32 = 7;
        for len in 0..60 {
            let mut text = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let index = LineIndex::new(&text);
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for (k, &at) in bounds.iter().enumerate() {
                // Every end from the start on (a span may run over several lines).
                for &end in &bounds[k..] {
                    let mut span = Span::new(at, end);
                    index.locate(&mut span);
                    let loc = span.loc.unwrap();
                    assert_eq!(
                        (loc.utf16_start as usize, loc.utf16_end as usize),
                        (
                            text[..at].encode_utf16().count(),
                            text[..end].encode_utf16().count()
                        ),
                        "{text:?} from {at} to {end}"
                    );
                }
                let mut span = Span::new(at, text.len());
                index.locate(&mut span);
                let loc = span.loc.unwrap();
                let before = &text[..at];
                let line_start = before.rfind('\n').map_or(0, |p| p + 1);
                assert_eq!(loc.line as usize, before.matches('\n').count() + 1);
                assert_eq!(
                    loc.column as usize,
                    before[line_start..].encode_utf16().count() + 1
                );
            }
        }
    }

    #[test]
    fn locate_clamps_bad_offsets() {
        let mut s = Span::new(1, 99);
        s.locate("é");
        let loc = s.loc.unwrap();
        assert_eq!((loc.utf16_start, loc.utf16_end), (0, 1));
    }
}
