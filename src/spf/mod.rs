//! SPF (RFC 7208): validate a record with positions (`validate_spf`), and evaluate
//! `check_host()` through a resolver the caller supplies (`check_host`): the core does no I/O.

mod eval;
mod lint;
pub mod macros;
pub mod parse;
pub mod zone;

use serde::Serialize;

pub use eval::{check_host, CheckHostInput, Lookup, Resolver, SpfResult, SpfVerdict, TraceStep};
pub use parse::{Qualifier, Term, TermKind};
pub use zone::{AnswerCache, CachedAnswer, Zone};

use crate::catalog::spf as cat;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex, Span};
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
    // A line break at the end is how a record pasted from a terminal arrives: not part of it.
    let record = input::trim_line_breaks(record);
    if let Some(u) = crate::syntax::unquote_txt(record) {
        let r = validate_text(&u.text, options);
        let mut r = SpfReport {
            valid: r.valid,
            terms: r.terms.into_iter().map(Term::into_owned).collect(),
            lookup_terms: r.lookup_terms,
            diagnostics: r.diagnostics,
        };
        let remap = |s: &mut Span| {
            let (a, b) = (s.start as usize, s.end as usize);
            let mut start = u.input_offset(a).min(record.len());
            let mut end = if b > a {
                u.input_offset(b - 1) + 1
            } else {
                start
            }
            .clamp(start, record.len());
            // A span must not split a character of the pasted text.
            while !record.is_char_boundary(start) {
                start -= 1;
            }
            while !record.is_char_boundary(end) {
                end += 1;
            }
            *s = Span::new(start, end);
        };
        for t in &mut r.terms {
            remap(&mut t.span);
            if let Some(v) = &mut t.value_span {
                remap(v);
            }
        }
        for d in &mut r.diagnostics {
            if let Some(sp) = &mut d.span {
                remap(sp);
            }
        }
        r.diagnostics
            .push(crate::catalog::record::spf_quoted_strings(
                u.strings,
                Span::new(0, record.len()),
            ));
        return r;
    }
    validate_text(record, options)
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

fn validate_text<'a>(record: &'a str, options: &SpfOptions<'_>) -> SpfReport<'a> {
    let (text, mut diags) = read_text(record);
    let (_, terms, doubled_space) = parse::parse_into(text, &mut diags);
    lint::lint(text, &terms, doubled_space, options.domain, &mut diags);
    let lookup_terms = terms.iter().filter(|t| t.dns_lookup).count() as u32;
    if lookup_terms > 10 {
        let eleventh = terms
            .iter()
            .filter(|t| t.dns_lookup)
            .nth(10)
            .map_or(Span::new(0, text.len()), |t| t.span);
        diags.push(cat::too_many_lookups(lookup_terms, eleventh));
    }
    // Errors first, then by position.
    diags.sort_by_key(|d| (d.severity, d.span.map_or(0, |s| s.start)));
    SpfReport {
        valid: !has_errors(&diags),
        terms,
        lookup_terms,
        diagnostics: diags,
    }
}
