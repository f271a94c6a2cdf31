//! SPF (RFC 7208): validate a record with positions (`validate_spf`), and evaluate
//! `check_host()` through a resolver the caller supplies (`check_host`): the core does no I/O.

mod eval;
mod lint;
pub mod macros;
pub mod parse;
pub mod zone;

use std::borrow::Cow;

use serde::Serialize;

pub use eval::{check_host, CheckHostInput, Lookup, Resolver, SpfResult, SpfVerdict, TraceStep};
pub use parse::{Qualifier, Term, TermKind};
pub use zone::{AnswerCache, CachedAnswer, Zone};

use crate::catalog::spf as cat;
use crate::diagnostic::{has_errors, Code, Diagnostic, LineIndex, Severity, Span};
use crate::input;

/// Options for [`validate_spf_with`].
#[derive(Clone, Debug, Default)]
pub struct SpfOptions<'a> {
    /// The domain the record is published at, when known (finds includes of itself).
    pub domain: Option<&'a str>,
}

/// The result of validating an SPF record.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SpfReport<'a> {
    /// No error-severity diagnostic: receivers will not return permerror for the syntax.
    pub valid: bool,
    /// The terms after `v=spf1`, each with its span.
    pub terms: Vec<Term<'a>>,
    /// How many terms of the record itself query DNS (include, a, mx, ptr, exists, redirect).
    /// Includes add their own at evaluation time; the limit for the whole evaluation is 10.
    pub lookup_terms: u32,
    /// Findings, each with a help sentence.
    pub diagnostics: Vec<Diagnostic>,
}

impl SpfReport<'_> {
    /// Fill in UTF-16 offsets and line/column for every span (for JavaScript callers).
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        for t in &mut self.terms {
            index.locate(&mut t.span);
            if let Some(s) = &mut t.value_span {
                index.locate(s);
            }
        }
        for d in &mut self.diagnostics {
            if let Some(s) = &mut d.span {
                index.locate(s);
            }
        }
    }
}

/// Validate an SPF record without any DNS query. Never fails: the report says what is wrong.
///
/// ```
/// let r = deliverkit::spf::validate_spf("v=spf1 ip4:192.0.2.0/24 include:_spf.example.com +all");
/// assert!(r.valid);                       // the syntax is fine...
/// assert_eq!(r.lookup_terms, 1);
/// let d = r.diagnostics.iter().find(|d| d.code.as_str() == "spf/pass-all").unwrap();
/// assert_eq!(d.span.map(|s| (s.start, s.end)), Some((49, 53)));   // ...but +all is flagged in place
///
/// let r = deliverkit::spf::validate_spf("v=spf1 ip4:192.0.2.300 -all");
/// assert!(!r.valid);
/// assert_eq!(r.diagnostics[0].code.as_str(), "spf/invalid-ip");
/// ```
pub fn validate_spf(record: &str) -> SpfReport<'_> {
    validate_spf_with(record, &SpfOptions::default())
}

/// [`validate_spf`] with options.
///
/// A record pasted as DNS prints it (`"v=spf1 ip4:192.0.2.1 " "-all"`) is read as its strings
/// joined, and every span still points into the text as pasted.
pub fn validate_spf_with<'a>(record: &'a str, options: &SpfOptions<'_>) -> SpfReport<'a> {
    check_spf_with(record, options).into_report()
}

/// The SPF check without the prose: [`validate_spf`]'s `valid` and `lookup_terms`, every term as
/// byte ranges and every finding as its code and place, with no message written and no text
/// copied. The messages (and the terms' text) are written when asked for:
/// [`SpfCheck::into_report`] gives exactly [`validate_spf`]'s report, which is made that way.
/// For bulk work, and wherever only some records need their findings spelled out.
///
/// ```
/// use deliverkit::spf::check_spf;
/// let c = check_spf("v=spf1 ip4:192.0.2.1/24 ?all");
/// assert!(c.valid);
/// let mut codes: Vec<_> = c.findings().map(|(code, _, _)| code.as_str()).collect();
/// codes.sort();
/// assert_eq!(codes, ["spf/host-bits-set", "spf/neutral-all"]);
/// let report = c.into_report();             // the messages, written now (sorted by place)
/// assert_eq!(report.diagnostics[0].message, "192.0.2.1/24 has host bits set; it means 192.0.2.0/24");
/// ```
pub fn check_spf(record: &str) -> SpfCheck<'_> {
    check_spf_with(record, &SpfOptions::default())
}

/// [`check_spf`] with options.
pub fn check_spf_with<'a>(record: &'a str, options: &SpfOptions<'_>) -> SpfCheck<'a> {
    // A line break at the end is how a record pasted from a terminal arrives: not part of it.
    let record = input::trim_line_breaks(record);
    if let Some(mut u) = crate::syntax::unquote_txt(record) {
        let c = check_text(&u.text, options);
        let (valid, lookup_terms) = (c.valid, c.lookup_terms);
        let cut = c.text.len();
        let (terms, diagnostics, findings, domain) = (c.terms, c.diagnostics, c.findings, c.domain);
        let mut text = std::mem::take(&mut u.text);
        text.truncate(cut);
        return SpfCheck {
            valid,
            lookup_terms,
            text: Cow::Owned(text),
            quoted: Some(Box::new(u)),
            input: record,
            terms,
            diagnostics,
            findings,
            domain,
        };
    }
    check_text(record, options)
}

/// See [`check_spf`].
#[derive(Debug)]
pub struct SpfCheck<'a> {
    /// No error-severity finding (as [`SpfReport::valid`]).
    pub valid: bool,
    /// How many terms of the record itself query DNS (as [`SpfReport::lookup_terms`]).
    pub lookup_terms: u32,
    /// The record as read: without its final line break, quoted strings joined, within the
    /// input limit.
    text: Cow<'a, str>,
    /// The input (without its final line break), when it was quoted strings.
    input: &'a str,
    /// For quoted strings: where each byte of `text` came from (its own text moved to `text`).
    quoted: Option<Box<crate::syntax::Unquoted>>,
    terms: Vec<parse::Slim>,
    /// The input's and the parser's findings (written: they are rare).
    diagnostics: Vec<Diagnostic>,
    /// The lint's findings, in the order the report lists them before sorting.
    findings: Vec<lint::Finding>,
    /// The record's own domain, when the options gave it.
    domain: Option<Box<str>>,
}

impl<'a> SpfCheck<'a> {
    /// A span of the text as read, as a span of the input (they differ for quoted strings).
    fn place(&self, s: Span) -> Span {
        let Some(q) = &self.quoted else {
            return s;
        };
        let input = self.input;
        let (a, b) = (s.start as usize, s.end as usize);
        let mut start = q.input_offset(a).min(input.len());
        let mut end = if b > a {
            q.input_offset(b - 1) + 1
        } else {
            start
        }
        .clamp(start, input.len());
        // A span must not split a character of the pasted text.
        while !input.is_char_boundary(start) {
            start -= 1;
        }
        while !input.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start, end)
    }

    /// Every finding: its code, severity and place in the input, in the order of the report's
    /// diagnostics before they are sorted (errors first, then by position).
    pub fn findings(&self) -> impl Iterator<Item = (Code, Severity, Option<Span>)> + '_ {
        let text: &str = &self.text;
        let early = self
            .diagnostics
            .iter()
            .map(|d| (d.code, d.severity, d.span.map(|s| self.place(s))));
        let lint = self.findings.iter().map(move |f| {
            let code = f.code();
            (
                code,
                code.default_severity(),
                f.span(text, &self.terms).map(|s| self.place(s)),
            )
        });
        early.chain(lint)
    }

    /// The record as read: the input without its final line break, quoted strings joined,
    /// within the input limit. What the terms' directives point into.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The terms as read, with places in [`SpfCheck::text`].
    pub(crate) fn slims(&self) -> &[parse::Slim] {
        &self.terms
    }

    /// The span of every term in the input.
    pub fn term_spans(&self) -> impl ExactSizeIterator<Item = Span> + '_ {
        self.terms.iter().map(|t| self.place(t.span()))
    }

    /// The report [`validate_spf`] gives: every term with its text, every finding with its
    /// message and help, errors first.
    pub fn into_report(mut self) -> SpfReport<'a> {
        let early = std::mem::take(&mut self.diagnostics);
        match self.text {
            Cow::Borrowed(text) => self.report_over(text, early),
            Cow::Owned(ref text) => {
                let r = self.report_over(text, early);
                SpfReport {
                    valid: r.valid,
                    terms: r.terms.into_iter().map(Term::into_owned).collect(),
                    lookup_terms: r.lookup_terms,
                    diagnostics: r.diagnostics,
                }
            }
        }
    }

    /// The report with the terms' text borrowed from `text` (the check's own), after the
    /// input's and parser's findings `early`.
    fn report_over<'t>(&self, text: &'t str, early: Vec<Diagnostic>) -> SpfReport<'t> {
        let mut diagnostics = early;
        diagnostics.reserve(self.findings.len());
        diagnostics.extend(
            self.findings
                .iter()
                .map(|f| f.render(text, &self.terms, self.domain.as_deref())),
        );
        // Errors first, then by position.
        diagnostics.sort_by_key(|d| (d.severity, d.span.map_or(0, |s| s.start)));
        let mut terms: Vec<Term<'t>> = self.terms.iter().map(|t| t.term(text)).collect();
        if let Some(q) = &self.quoted {
            for t in &mut terms {
                t.span = self.place(t.span);
                if let Some(v) = &mut t.value_span {
                    *v = self.place(*v);
                }
            }
            for d in &mut diagnostics {
                if let Some(sp) = &mut d.span {
                    *sp = self.place(*sp);
                }
            }
            diagnostics.push(crate::catalog::record::spf_quoted_strings(
                q.strings,
                Span::new(0, self.input.len()),
            ));
        }
        SpfReport {
            valid: self.valid,
            terms,
            lookup_terms: self.lookup_terms,
            diagnostics,
        }
    }
}

/// Whether a record is valid and how many DNS-querying terms it has: the `valid` and
/// `lookup_terms` of [`validate_spf`] (with any options: they add warnings only), computed
/// without keeping the terms or writing a warning. For bulk checks, and behind the JavaScript
/// report, whose terms and diagnostics are worked out when first read.
///
/// ```
/// use deliverkit::spf::{validate_spf, validity};
/// assert_eq!(validity("v=spf1 include:_spf.example.com +all"), (true, 1));
/// assert_eq!(validity("v=spf1 redirect=a.example redirect=b.example"), (false, 2));
/// let r = validate_spf("v=spf1 ip4:192.0.2.300 -all");
/// assert_eq!(validity("v=spf1 ip4:192.0.2.300 -all"), (r.valid, r.lookup_terms));
/// ```
pub fn validity(record: &str) -> (bool, u32) {
    let record = input::trim_line_breaks(record);
    if let Some(u) = crate::syntax::unquote_txt(record) {
        // The strings joined; the one finding only quoted records get is information.
        return text_validity(&u.text);
    }
    text_validity(record)
}

/// [`validity`] of the text [`validate_text`] reads. The errors [`lint::lint`] can add are
/// duplicate `redirect`/`exp` modifiers and more than 10 lookups: counted here.
fn text_validity(record: &str) -> (bool, u32) {
    /// Terms counted and forgotten: the usual ones without making a [`Term`] of them.
    #[derive(Default)]
    struct Count {
        lookups: u32,
        redirects: u32,
        exps: u32,
        /// A byte outside visible ASCII and space was seen (when the caller left that to us).
        unprintable: bool,
    }
    impl<'a> parse::TermSink<'a> for Count {
        fn term(&mut self, t: &'a str, base: usize, diags: &mut Vec<Diagnostic>) {
            if let Some(c) = parse::read_common(t, base) {
                // Its bytes are visible ASCII by construction.
                self.lookups += u32::from(c.dns_lookup());
                return;
            }
            self.unprintable |= !input::printable_ascii(t.as_bytes());
            let mut term = Term::blank(Span::new(base, base + t.len()));
            parse::parse_other(t, base, diags, &mut term);
            self.lookups += u32::from(term.dns_lookup);
            if term.kind == TermKind::Modifier {
                match &*term.name {
                    "redirect" => self.redirects += 1,
                    "exp" => self.exps += 1,
                    _ => {}
                }
            }
        }
    }
    // A record that starts with the version and is within the limit is not blank, and every byte
    // of it is a space or in a term: the terms are checked for bytes outside visible ASCII as they
    // are read (any such byte is an error), instead of a pass over the whole record first.
    let mut c = Count::default();
    let mut diags = Vec::new();
    if record.len() <= input::MAX_RECORD_INPUT && parse::has_version(record) {
        parse::parse_each(record, &mut diags, &mut c);
    } else {
        let (text, d) = read_text(record);
        diags = d;
        parse::parse_each(text, &mut diags, &mut c);
    }
    let valid =
        !c.unprintable && !has_errors(&diags) && c.redirects <= 1 && c.exps <= 1 && c.lookups <= 10;
    (valid, c.lookups)
}

/// The record within the input limit, with the input findings and the first character outside
/// visible ASCII and space (one finding, its span on that character).
fn read_text(record: &str) -> (&str, Vec<Diagnostic>) {
    // The usual record: within the limit, visible ASCII and spaces, not blank. One pass over it
    // says so (which also rules out the binary bytes `input::prepare` looks for).
    if record.len() <= input::MAX_RECORD_INPUT
        && input::printable_ascii(record.as_bytes())
        && record.bytes().any(|b| b != b' ')
    {
        return (record, Vec::new());
    }
    let (text, mut diags) = input::prepare(record, input::MAX_RECORD_INPUT);
    if input::printable_ascii(text.as_bytes()) {
        // The usual record: nothing to report here.
    } else if let Some(i) = text
        .bytes()
        .position(|b| !(b == b' ' || b.is_ascii_graphic()))
    {
        let ch = text[i..].chars().next().unwrap_or(' ');
        diags.push(cat::invalid_character(ch, Span::new(i, i + ch.len_utf8())));
    }
    (text, diags)
}

fn check_text<'a>(record: &'a str, options: &SpfOptions<'_>) -> SpfCheck<'a> {
    // As in `text_validity`: a record that starts with the version and is within the limit
    // has its terms checked for bytes outside visible ASCII as they are read, instead of a pass
    // over the whole record first; should one turn up, the record is read again the long way,
    // for the finding that names the first such character.
    let mut quick = record.len() <= input::MAX_RECORD_INPUT && parse::has_version(record);
    loop {
        let mut diags = Vec::new();
        let text = if quick {
            record
        } else {
            let (text, found) = read_text(record);
            diags = found;
            text
        };
        // Usually one allocation: real terms are rarely shorter than 16 bytes with their
        // space, and within the allocator's fast sizes.
        let mut sink = parse::Slims {
            terms: Vec::with_capacity(text.len() / 16 + 2),
            lookups: 0,
            eleventh: u32::MAX,
            unprintable: false,
        };
        let (_, doubled_space) = parse::parse_each(text, &mut diags, &mut sink);
        if quick && sink.unprintable {
            quick = false;
            continue;
        }
        return finish(record, text, diags, sink, doubled_space, options);
    }
}

/// The lint over the terms read, and the check.
fn finish<'a>(
    record: &'a str,
    text: &'a str,
    diags: Vec<Diagnostic>,
    sink: parse::Slims,
    doubled_space: Option<Span>,
    options: &SpfOptions<'_>,
) -> SpfCheck<'a> {
    let (terms, lookup_terms) = (sink.terms, sink.lookups);
    let mut findings = Vec::with_capacity(16);
    lint::lint(text, &terms, doubled_space, options.domain, &mut findings);
    if lookup_terms > 10 {
        findings.push(lint::Finding::TooManyLookups(lookup_terms, sink.eleventh));
    }
    let valid = !has_errors(&diags)
        && !findings
            .iter()
            .any(|f| f.code().default_severity() == Severity::Error);
    SpfCheck {
        valid,
        lookup_terms,
        text: Cow::Borrowed(text),
        input: record,
        quoted: None,
        terms,
        diagnostics: diags,
        findings,
        domain: options.domain.map(Box::from),
    }
}
