//! Content scoring (issue #6): `score_message` parses a raw message (headers, MIME, transfer
//! encodings, charsets) and reports what will hurt its delivery as named findings from
//! `data/content-rules.tsv`, plus the parsed summary (headers, MIME parts, links, images,
//! attachments) and the header analysis of a received copy (`Received` hops and delays, the
//! receivers' authentication verdicts).
//!
//! The score is on SpamAssassin's scale: points add up, higher means more likely to be filtered,
//! and [`SPAM_THRESHOLD`] (5.0) is the verdict threshold. Rules carry hand-set points; the
//! learned model ([`model`]) adds between -3 and +5 points for the wording as a whole.
//!
//! MIME is parsed by `mail-parser` (shared with the bounce decoder); HTML by [`html`], a small
//! tolerant scanner.

pub mod html;
pub mod model;
mod rules;
pub mod trace;

use std::borrow::Cow;

use mail_parser::MessageParser;
use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{Diagnostic, LineIndex, Span};
pub use crate::tables::Rule;
pub use model::Model;
pub use trace::{AuthVerdict, Hop, Trace};

/// Largest message read; longer input is cut with an `input/too-large` diagnostic.
pub const MAX_MESSAGE_INPUT: usize = 16 << 20;

/// MIME parts examined; parts past this are counted but not read.
pub const MAX_PARTS: usize = 1000;

/// MIME nesting deeper than this is reported (`structure/deep-mime`) and not followed.
pub const MAX_MIME_DEPTH: usize = 10;

/// Header fields listed in the summary (all are read).
pub const MAX_SUMMARY_HEADERS: usize = 500;

/// Links and images listed in the summary (all are checked).
pub const MAX_SUMMARY_LINKS: usize = 500;

/// The verdict threshold: a score at or above it is `spam`.
pub const SPAM_THRESHOLD: f64 = 5.0;

/// The verdict at [`SPAM_THRESHOLD`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Below the threshold.
    Ham,
    /// At or above the threshold.
    Spam,
}

/// Where a finding was seen.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// The MIME part (`1`, `1.2`, ...), when the finding is in a body part.
    pub part: Option<String>,
    /// The bytes of the input (a header field, or the part's raw body).
    pub span: Option<Span>,
    /// What was found (the header value, the link, the phrase), shortened.
    pub text: Option<String>,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The stable rule id, e.g. `links/shortener`.
    #[serde(serialize_with = "ser_rule")]
    pub rule: Rule,
    /// bulk, auth, headers, structure, links, hidden, wording or model.
    pub category: &'static str,
    /// Points added to the score (negative for the model when it finds the wording clean).
    pub points: f64,
    /// What was found in this message.
    pub message: String,
    /// Why it matters and what to do.
    pub help: &'static str,
    /// Where (at most 10 places).
    pub evidence: Vec<Evidence>,
}

fn ser_rule<S: serde::Serializer>(r: &Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.id())
}

/// A top-level header field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HeaderField {
    /// The name as written.
    pub name: String,
    /// The value as written, unfolded (encoded words left as they are).
    pub value: String,
    /// The whole field in the input.
    pub span: Span,
}

/// One MIME part, in document order (`depth` gives the tree).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MimePart {
    /// `1` for the root, `1.2` for its second child, ...
    pub path: String,
    /// Nesting depth (0 for the root).
    pub depth: usize,
    /// `type/subtype`, lower case (`text/plain` when absent).
    pub content_type: String,
    /// The charset parameter.
    pub charset: Option<String>,
    /// Content-Transfer-Encoding as written, lower case.
    pub transfer_encoding: Option<String>,
    /// Content-Disposition type (inline, attachment).
    pub disposition: Option<String>,
    /// The file name, if any.
    pub filename: Option<String>,
    /// Decoded size in bytes (0 for multiparts).
    pub size: usize,
    /// The part's raw body in the input.
    pub span: Span,
}

/// A link in the message.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// The visible text (empty for a bare URL in plain text).
    pub text: String,
    /// The target as written.
    pub href: String,
    /// The target's host, lower case.
    pub domain: Option<String>,
    /// The MIME part it is in.
    pub part: String,
}

/// An image in the HTML.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Image {
    /// The `src`.
    pub src: String,
    /// The `alt` text.
    pub alt: Option<String>,
    /// Width in pixels, when given.
    pub width: Option<u32>,
    /// Height in pixels, when given.
    pub height: Option<u32>,
    /// Inside a hidden block (display:none, ...).
    pub hidden: bool,
    /// The MIME part it is in.
    pub part: String,
}

/// An attachment.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    /// The file name, if any.
    pub filename: Option<String>,
    /// `type/subtype`.
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: usize,
    /// The MIME part.
    pub part: String,
}

/// The parsed message, as the page shows it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// The decoded Subject.
    pub subject: Option<String>,
    /// The From address.
    pub from: Option<String>,
    /// The From display name.
    pub from_name: Option<String>,
    /// The size of the input in bytes.
    pub size: usize,
    /// Top-level header fields in order (at most [`MAX_SUMMARY_HEADERS`]).
    pub headers: Vec<HeaderField>,
    /// The MIME parts in document order.
    pub parts: Vec<MimePart>,
    /// Decoded size of the text/plain body parts.
    pub text_size: usize,
    /// Decoded size of the text/html body parts (line ends counted as CRLF).
    pub html_size: usize,
    /// The visible text (text part, else the HTML's text), first 2000 characters.
    pub text_preview: String,
    /// Links (at most [`MAX_SUMMARY_LINKS`]).
    pub links: Vec<Link>,
    /// Images (at most [`MAX_SUMMARY_LINKS`]).
    pub images: Vec<Image>,
    /// Attachments.
    pub attachments: Vec<Attachment>,
}

/// The result of [`score_message`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreReport {
    /// The sum of the findings' points, rounded to 0.01.
    pub score: f64,
    /// The verdict threshold ([`SPAM_THRESHOLD`]).
    pub threshold: f64,
    /// `spam` when `score >= threshold`, else `ham`.
    pub verdict: Verdict,
    /// What was found, most points first.
    pub findings: Vec<Finding>,
    /// The parsed message.
    pub summary: Summary,
    /// The header analysis of a received message.
    pub trace: Trace,
    /// What is odd about the input itself.
    pub diagnostics: Vec<Diagnostic>,
}

impl ScoreReport {
    /// Fill in UTF-16 offsets and line/column for every span (for JavaScript callers). `input`
    /// must be the string that was scored.
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        self.each_span(|s| {
            if s.end as usize <= input.len() {
                index.locate(s);
            }
        });
    }

    /// Call `f` on every span of the report.
    fn each_span(&mut self, mut f: impl FnMut(&mut Span)) {
        for s in self.diagnostics.iter_mut().filter_map(|d| d.span.as_mut()) {
            f(s);
        }
        for f2 in &mut self.findings {
            for s in f2.evidence.iter_mut().filter_map(|e| e.span.as_mut()) {
                f(s);
            }
        }
        for h in &mut self.summary.headers {
            f(&mut h.span);
        }
        for p in &mut self.summary.parts {
            f(&mut p.span);
        }
        for h in &mut self.trace.hops {
            f(&mut h.span);
        }
        for a in &mut self.trace.auth {
            f(&mut a.span);
        }
    }
}

/// Options for [`score_message_with`].
#[derive(Clone, Debug, Default)]
pub struct ScoreOptions<'m> {
    /// Use this model instead of the shipped one (cross-validation uses it).
    pub model: Option<&'m Model>,
    /// Leave the learned model out (rules only).
    pub no_model: bool,
}

/// Score a message given as text (what a paste box or a JavaScript caller has).
///
/// ```
/// use deliverkit::content::{score_message, Verdict};
///
/// let r = score_message(
///     "From: Shop <news@shop.example>\r\nTo: you@example.org\r\nSubject: FREE CASH PRIZE!!!\r\n\
///      Date: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@shop.example>\r\n\
///      Content-Type: text/html\r\n\r\n\
///      <p>Click <a href=\"http://bit.ly/x\">https://www.paypal.com/</a> to claim!</p>\r\n",
/// );
/// let ids: Vec<_> = r.findings.iter().map(|f| f.rule.id()).collect();
/// assert!(ids.contains(&"links/text-domain-mismatch"));
/// assert!(ids.contains(&"links/shortener"));
/// assert!(ids.contains(&"wording/subject-caps"));
/// assert!(ids.contains(&"structure/html-only"));
/// assert_eq!(r.verdict, Verdict::Spam);
/// ```
pub fn score_message(raw: &str) -> ScoreReport {
    score_message_with(raw.as_bytes(), &ScoreOptions::default())
}

/// Score a message given as bytes (a file: 8-bit bytes in legacy charsets stay intact).
pub fn score_message_bytes(raw: &[u8]) -> ScoreReport {
    score_message_with(raw, &ScoreOptions::default())
}

/// [`score_message_bytes`] with options.
pub fn score_message_with(raw: &[u8], opts: &ScoreOptions<'_>) -> ScoreReport {
    let mut diags = Vec::new();
    let mut input = raw;
    if raw.len() > MAX_MESSAGE_INPUT {
        let mut cut = MAX_MESSAGE_INPUT;
        // Stay on a UTF-8 boundary when the input is text.
        // (At most 3 steps back: a UTF-8 character is at most 4 bytes; binary input may have
        // long runs of continuation-like bytes.)
        while cut > MAX_MESSAGE_INPUT - 3 && (raw[cut] & 0xc0) == 0x80 {
            cut -= 1;
        }
        input = &raw[..cut];
        diags.push(catalog::input_too_large(raw.len(), cut));
    }
    let mut report = ScoreReport {
        score: 0.0,
        threshold: SPAM_THRESHOLD,
        verdict: Verdict::Ham,
        findings: Vec::new(),
        summary: Summary {
            size: raw.len(),
            ..Summary::default()
        },
        trace: Trace::default(),
        diagnostics: Vec::new(),
    };
    if input.iter().all(u8::is_ascii_whitespace) {
        diags.push(catalog::input_empty());
        report.diagnostics = diags;
        return report;
    }
    if let Some(at) = input.iter().position(|&b| b == 0) {
        diags.push(catalog::input_binary(at));
    }
    // CR-only files (old Macs) parse like LF ones.
    let normalized;
    let input = if input.contains(&b'\r') && !input.contains(&b'\n') {
        normalized = input
            .iter()
            .map(|&b| if b == b'\r' { b'\n' } else { b })
            .collect::<Vec<u8>>();
        normalized.as_slice()
    } else {
        input
    };
    // An mbox "From " separator line (files saved from mbox folders start with one) is not a
    // header: parse after it and shift the spans back at the end.
    let skip = mbox_separator_len(input);
    let input = &input[skip..];
    let defused;
    let input = match defuse_multiparts(input) {
        Some((text, at)) => {
            diags.push(catalog::content::multiparts_unread(at + skip));
            defused = text;
            defused.as_slice()
        }
        None => input,
    };
    let Some(msg) = parser().parse(input).filter(|m| {
        // A field name is printable ASCII without spaces (RFC 5322 section 2.2); "hello world"
        // on one line is text, not a header.
        m.headers().first().is_some_and(|h| {
            let n = h.name.as_str();
            !n.is_empty() && n.bytes().all(|b| (33..=126).contains(&b) && b != b':')
        })
    }) else {
        diags.push(catalog::content::not_a_message());
        report.diagnostics = diags;
        return report;
    };
    let model = match (opts.no_model, opts.model) {
        (true, _) => None,
        (false, Some(m)) => Some(std::borrow::Cow::Borrowed(m)),
        (false, None) => match shipped_model() {
            Some(m) => Some(std::borrow::Cow::Borrowed(m)),
            None => {
                diags.push(catalog::content::no_model());
                None
            }
        },
    };
    let ctx = rules::Context::new(&msg, input);
    report.trace = trace::analyse(&msg);
    report.findings = rules::run(&ctx, &report.trace, model.as_deref());
    report.summary = ctx.summary(raw.len());
    // Most points first, then table order. An insertion sort: a few dozen findings at most, and
    // the standard sorts would add kilobytes of WASM for each element type.
    let f = &mut report.findings;
    for i in 1..f.len() {
        let mut j = i;
        while j > 0
            && (f[j].points > f[j - 1].points
                || f[j].points == f[j - 1].points && f[j].rule < f[j - 1].rule)
        {
            f.swap(j, j - 1);
            j -= 1;
        }
    }
    let total: f64 = report.findings.iter().map(|f| f.points).sum();
    report.score = (total * 100.0).round() / 100.0;
    report.verdict = if report.score >= SPAM_THRESHOLD {
        Verdict::Spam
    } else {
        Verdict::Ham
    };
    if skip > 0 {
        let by = skip as u32;
        report.each_span(|s| {
            s.start += by;
            s.end += by;
        });
    }
    report.diagnostics.splice(0..0, diags);
    report
}

/// The message parser. `Date` is kept raw and parsed by the rules: mail-parser 0.11's date parser,
/// on LF-only input, reads past the end of a date ending in "PM" and swallows the next header
/// (found by the score_message fuzz target: CRLF and LF gave different findings).
fn parser() -> &'static MessageParser {
    use mail_parser::HeaderName;
    // An explicit header map: only these are parsed (others are kept raw, which the rules read
    // by offset). Built once: the map is a hash map.
    static PARSER: std::sync::OnceLock<MessageParser> = std::sync::OnceLock::new();
    PARSER.get_or_init(|| {
        MessageParser::new()
            .with_mime_headers()
            .with_address_headers()
            .with_message_ids()
            .header_text(HeaderName::Subject)
            .header_received(HeaderName::Received)
            .header_raw(HeaderName::Date)
    })
}

/// How many bytes the searches for declared multipart boundaries may read, per byte of message.
const BOUNDARY_SEARCH_BUDGET: usize = 16;

/// mail-parser looks for a multipart's first boundary in all the rest of the message, so each
/// part that declares a boundary that never comes costs a read to the end: a message of many
/// such parts took time quadratic in its length (900 KB of them, 4.3 s). The same searches are
/// made here first, faster and within a budget proportional to the length; should it run out,
/// every later `multipart` is renamed in place to `text/mult` (same length, so every offset
/// holds): those parts are read as text, as mail-parser reads a multipart whose boundary it
/// cannot find. None when the message is left as it is (real mail spends a sliver of the
/// budget); else the renamed copy and where the first renamed declaration stands.
///
/// The budget and the searches are measured on the message with LF line endings: a CRLF copy
/// is longer by a byte a line, and measured as it was, a message near the budget had its
/// declarations renamed with one ending and not with the other (fuzzing found one, whose
/// learned-model score then differed).
fn defuse_multiparts(input: &[u8]) -> Option<(Vec<u8>, usize)> {
    const WORD: &[u8] = b"multipart";
    let lf = lf_endings(input);
    // The declarations match one for one in the two copies (neither a CR nor an LF is part of
    // the word): the first one over budget is found by its rank.
    let rank = first_over_budget(&lf, WORD)?;
    let mut at = find_word(input, 0, WORD);
    for _ in 0..rank {
        at = at.and_then(|q| find_word(input, q + WORD.len(), WORD));
    }
    let first = at?;
    let mut out = input.to_vec();
    while let Some(q) = at {
        out[q..q + WORD.len()].copy_from_slice(b"text/mult");
        at = find_word(input, q + WORD.len(), WORD);
    }
    Some((out, first))
}

/// The rank (from 0) of the first declaration of `word` whose boundary search runs over the
/// budget, if one does.
fn first_over_budget(input: &[u8], word: &[u8]) -> Option<usize> {
    let budget = BOUNDARY_SEARCH_BUDGET.saturating_mul(input.len());
    let mut spent = 0usize;
    let mut from = 0;
    let mut rank = 0;
    while let Some(p) = find_word(input, from, word) {
        from = p + word.len();
        spent = spent.saturating_add(boundary_search_cost(input, from));
        if spent > budget {
            return Some(rank);
        }
        rank += 1;
    }
    None
}

/// `input` with each CRLF made LF (borrowed when it has none).
fn lf_endings(input: &[u8]) -> Cow<'_, [u8]> {
    let mut cr = crate::input::find_byte(input, 0, b'\r');
    while cr < input.len() && input.get(cr + 1) != Some(&b'\n') {
        cr = crate::input::find_byte(input, cr + 1, b'\r');
    }
    if cr >= input.len() {
        return Cow::Borrowed(input);
    }
    let mut out = Vec::with_capacity(input.len());
    let mut from = 0;
    while cr < input.len() {
        if input.get(cr + 1) == Some(&b'\n') {
            out.extend_from_slice(&input[from..cr]);
            from = cr + 1;
        }
        cr = crate::input::find_byte(input, cr + 1, b'\r');
    }
    out.extend_from_slice(&input[from..]);
    Cow::Owned(out)
}

/// The next `word` (lower case) in `input` at or after `from`, ignoring ASCII case.
fn find_word(input: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    // `word` starts with a letter: `| 0x20` folds its upper case onto its lower.
    let mut i = from;
    while i + word.len() <= input.len() {
        let at = i + input[i..].iter().position(|&c| c | 0x20 == word[0])?;
        if at + word.len() > input.len() {
            return None;
        }
        if input[at..at + word.len()].eq_ignore_ascii_case(word) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// What mail-parser reads looking for the first boundary of the multipart declared just before
/// `at` (an upper bound): nothing when the field names no boundary; else from the end of the
/// header section to the boundary, or to the end of the message. The reading done here to find
/// those places is counted too.
fn boundary_search_cost(input: &[u8], at: usize) -> usize {
    let rest = input.len() - at;
    // The field: to a line ending that no white space follows (at most 8 KiB).
    let mut end = at;
    loop {
        let nl = crate::input::find_byte(input, end, b'\n');
        end = nl;
        if nl >= input.len() || nl - at > 8192 || !matches!(input.get(nl + 1), Some(b' ' | b'\t')) {
            break;
        }
        end = nl + 1;
    }
    let field = &input[at..end.min(input.len())];
    let Some(k) = find_word(field, 0, b"boundary") else {
        return end - at;
    };
    // The value, quoted or not; a parameter written otherwise (RFC 2231's `boundary*0`) counts
    // as a search to the end.
    let v = &field[k + 8..];
    let v = v.strip_prefix(b"=").map(|v| v.trim_ascii_start());
    let boundary = match v {
        Some([b'"', q @ ..]) => q.split(|&c| c == b'"').next().filter(|b| b.len() < q.len()),
        Some(t) => t.split(|&c| c == b';' || c.is_ascii_whitespace()).next(),
        None => None,
    };
    let Some(boundary) = boundary.filter(|b| !b.is_empty()) else {
        return rest;
    };
    // The body starts after the blank line that ends the header section (a later start than
    // mail-parser's can only find less, so the cost is not underestimated).
    let Some(blank) = (end..input.len().saturating_sub(1)).find(|&i| {
        input[i] == b'\n' && (input[i + 1] == b'\n' || input.get(i + 1..i + 3) == Some(b"\r\n"))
    }) else {
        return rest;
    };
    match crate::input::find_delimiter(input, blank, boundary) {
        Some(dash) => dash - at,
        None => rest,
    }
}

/// The length of a leading mbox `From ` separator line (0 when there is none).
fn mbox_separator_len(input: &[u8]) -> usize {
    if !input.starts_with(b"From ") {
        return 0;
    }
    input
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |p| {
            p + if input[p..].starts_with(b"\r\n") {
                2
            } else {
                1
            }
        })
}

/// The shipped model, loaded once.
fn shipped_model() -> Option<&'static Model> {
    static MODEL: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
    MODEL.get_or_init(Model::shipped).as_ref()
}

/// The features the learned model reads from a message (for training and cross-validation).
pub fn model_features(raw: &[u8]) -> Vec<u32> {
    let raw = &raw[mbox_separator_len(raw)..];
    let defused = defuse_multiparts(raw);
    let raw = defused.as_ref().map_or(raw, |(text, _)| text.as_slice());
    let Some(msg) = parser().parse(raw) else {
        return Vec::new();
    };
    let ctx = rules::Context::new(&msg, raw);
    ctx.model_features()
}

/// The names (lower case) of the header fields a receiver adds in transit: what
/// [`strip_trace_headers`] removes.
pub const TRACE_HEADERS: &[&str] = &[
    "received",
    "return-path",
    "delivered-to",
    "x-original-to",
    "envelope-to",
    "x-received",
    "received-spf",
    "authentication-results",
    "arc-seal",
    "arc-message-signature",
    "arc-authentication-results",
];

/// Prefixes (lower case) of receiver-added header names that [`strip_trace_headers`] removes.
pub const TRACE_HEADER_PREFIXES: &[&str] = &["x-spam-", "x-virus-", "x-envelope-"];

/// The message without the receiver's trace header fields (top-level header section only), to
/// score a message as its sender wrote it.
///
/// ```
/// let m = b"Received: from a\r\n by b; Mon, 1 Jan 2024 10:00:00 +0000\r\nX-Spam-Status: No\r\nSubject: hi\r\n\r\nReceived: body\r\n";
/// assert_eq!(deliverkit::content::strip_trace_headers(m), b"Subject: hi\r\n\r\nReceived: body\r\n");
/// ```
pub fn strip_trace_headers(raw: &[u8]) -> Vec<u8> {
    // CR-only files (old Macs) end lines with CR.
    let eol = if raw.contains(&b'\n') { b'\n' } else { b'\r' };
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    let mut dropping = false;
    while i < raw.len() {
        let end = raw[i..]
            .iter()
            .position(|&b| b == eol)
            .map_or(raw.len(), |p| i + p + 1);
        let line = &raw[i..end];
        if line == b"\n" || line == b"\r\n" || line == b"\r" {
            out.extend_from_slice(&raw[i..]);
            return out;
        }
        if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
            if !dropping {
                out.extend_from_slice(line);
            }
        } else {
            let name = line
                .iter()
                .position(|&b| b == b':')
                .map(|p| {
                    String::from_utf8_lossy(&line[..p])
                        .trim()
                        .to_ascii_lowercase()
                })
                .unwrap_or_default();
            dropping = TRACE_HEADERS.contains(&name.as_str())
                || TRACE_HEADER_PREFIXES.iter().any(|p| name.starts_with(p));
            if !dropping {
                out.extend_from_slice(line);
            }
        }
        i = end;
    }
    out
}
