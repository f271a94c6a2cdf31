//! The RFC 7208 section 12 grammar, term by term: one bad term gives one diagnostic and parsing
//! goes on, so a record shows every problem at once. Every term and value keeps its span.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Serialize;

use std::borrow::Cow;

use super::macros;
use crate::catalog::spf as cat;
use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::ip;

/// `+`, `-`, `~` or `?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Qualifier {
    /// `+` pass (the default).
    #[serde(rename = "+")]
    Pass,
    /// `-` fail.
    #[serde(rename = "-")]
    Fail,
    /// `~` softfail.
    #[serde(rename = "~")]
    SoftFail,
    /// `?` neutral.
    #[serde(rename = "?")]
    Neutral,
}

/// Where a domain-spec stands in the record (byte range), to be macro-expanded at evaluation.
pub type Spec = (u32, u32);

/// What a term is, with its typed arguments (used by check_host()).
#[derive(Clone, Debug, PartialEq)]
pub enum Directive {
    /// `all`
    All,
    /// `include:domain`
    Include(Spec),
    /// `a[:domain][/cidr4][//cidr6]`
    A(Option<Spec>, u8, u8),
    /// `mx[:domain][/cidr4][//cidr6]`
    Mx(Option<Spec>, u8, u8),
    /// `ptr[:domain]`
    Ptr(Option<Spec>),
    /// `ip4:network[/cidr]`
    Ip4(Ipv4Addr, u8),
    /// `ip6:network[/cidr]`
    Ip6(Ipv6Addr, u8),
    /// `exists:domain`
    Exists(Spec),
    /// `redirect=domain`
    Redirect(Spec),
    /// `exp=domain`
    Exp(Spec),
    /// Any other `name=value` modifier (ignored by check_host()).
    Unknown,
    /// A term that did not parse.
    Invalid,
}

/// What a term is: `mechanism`, `modifier` or `invalid` in JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// `all`, `include`, `a`, `mx`, `ptr`, `ip4`, `ip6` or `exists`, with its qualifier.
    Mechanism,
    /// `name=value`.
    Modifier,
    /// A term that did not parse.
    Invalid,
}

/// One term of a record, as the JSON report shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Term<'a> {
    /// Where the term is.
    pub span: Span,
    /// `mechanism`, `modifier` or `invalid`.
    pub kind: TermKind,
    /// The qualifier of a mechanism (`+` when none is written).
    pub qualifier: Option<Qualifier>,
    /// Whether the qualifier was written.
    pub explicit_qualifier: bool,
    /// The mechanism or modifier name, lower case (`ip4`, `include`, `redirect`, ...).
    pub name: Cow<'a, str>,
    /// The text after `:` or `=`, if any.
    pub value: Option<Cow<'a, str>>,
    /// Where the value is.
    pub value_span: Option<Span>,
    /// The domain-spec (for include, a, mx, ptr, exists, redirect, exp).
    pub domain_spec: Option<Cow<'a, str>>,
    /// The network of ip4/ip6.
    pub network: Option<Cow<'a, str>>,
    /// The IPv4 prefix length, when written (ip4, a, mx).
    pub cidr4: Option<u8>,
    /// The IPv6 prefix length, when written (ip6, a, mx).
    pub cidr6: Option<u8>,
    /// Whether the term makes check_host() query DNS (include, a, mx, ptr, exists, redirect).
    pub dns_lookup: bool,
    /// The typed form.
    #[serde(skip)]
    pub directive: Directive,
}

/// A parsed record: its terms and what the parser found wrong.
pub struct Parsed<'a> {
    /// Whether the record starts with the version section `v=spf1`.
    pub versioned: bool,
    /// The terms after the version.
    pub terms: Vec<Term<'a>>,
    /// Parse diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// The first run of two or more spaces between terms (not at either end).
    pub doubled_space: Option<Span>,
}

fn span(base: usize, start: usize, end: usize) -> Span {
    Span::new(base + start, base + end)
}

fn macro_diag(e: macros::MacroError, base: usize) -> Diagnostic {
    cat::invalid_macro(&e.message, span(base, e.start, e.end))
}

/// The names RFC 7208 defines: the eight mechanisms, then the modifiers.
pub(crate) const NAMES: [&str; 10] = [
    "all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists", "redirect", "exp",
];

/// How many of [`NAMES`] are mechanisms.
const MECHANISMS: usize = 8;

/// A mechanism name in lower case: the static name when it is one RFC 7208 defines (no
/// allocation whatever its case), else the text itself, lowered.
fn mechanism_name(s: &str) -> (Cow<'_, str>, Option<usize>) {
    match NAMES[..MECHANISMS]
        .iter()
        .position(|m| m.eq_ignore_ascii_case(s))
    {
        Some(i) => (Cow::Borrowed(NAMES[i]), Some(i)),
        None => (lower(s), None),
    }
}

/// `s` in lower case, borrowed when it already is.
fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

impl<'a> Term<'a> {
    /// A term over `span` with nothing read yet (an invalid one until the parser says more).
    pub(crate) fn blank(span: Span) -> Term<'a> {
        Term {
            span,
            kind: TermKind::Invalid,
            qualifier: None,
            explicit_qualifier: false,
            name: Cow::Borrowed(""),
            value: None,
            value_span: None,
            domain_spec: None,
            network: None,
            cidr4: None,
            cidr6: None,
            dns_lookup: false,
            directive: Directive::Invalid,
        }
    }
}

impl Term<'_> {
    /// A copy that owns its text.
    pub fn into_owned(self) -> Term<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        Term {
            span: self.span,
            kind: self.kind,
            qualifier: self.qualifier,
            explicit_qualifier: self.explicit_qualifier,
            name: own(self.name),
            value: self.value.map(own),
            value_span: self.value_span,
            domain_spec: self.domain_spec.map(own),
            network: self.network.map(own),
            cidr4: self.cidr4,
            cidr6: self.cidr6,
            dns_lookup: self.dns_lookup,
            directive: self.directive,
        }
    }
}

/// Why a prefix length is wrong. The message is written only when the finding is reported.
enum CidrError<'a> {
    Missing,
    LeadingZero(&'a str),
    TooLarge(&'a str, u8),
}

impl CidrError<'_> {
    fn message(&self) -> String {
        match self {
            CidrError::Missing => "a `/` must be followed by a prefix length".into(),
            CidrError::LeadingZero(d) => format!("the prefix length /{d} has a leading zero"),
            CidrError::TooLarge(d, max) => format!("the prefix length /{d} is larger than {max}"),
        }
    }
}

/// Parse `/n` at the start of `s`; returns the value and the rest.
fn cidr(s: &str, max: u8) -> Result<(Option<u8>, &str), CidrError<'_>> {
    let Some(rest) = s.strip_prefix('/') else {
        return Ok((None, s));
    };
    let b = rest.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return Err(CidrError::Missing);
    }
    // Digits are ASCII: `n` is a character boundary.
    let digits = &rest[..n];
    if n > 1 && b[0] == b'0' {
        return Err(CidrError::LeadingZero(digits));
    }
    // Four digits or more without a leading zero are at least 1000, over any maximum.
    let v = if n <= 3 {
        b[..n]
            .iter()
            .fold(0u32, |v, &c| v * 10 + u32::from(c - b'0'))
    } else {
        u32::MAX
    };
    if v > u32::from(max) {
        return Err(CidrError::TooLarge(digits, max));
    }
    Ok((Some(v as u8), &rest[n..]))
}

/// Split `arg` (after `a` or `mx`) into an optional `:domain` and a dual CIDR suffix.
fn split_dual_cidr(arg: &str) -> (&str, &str) {
    // The CIDR suffix is the trailing `/digits` and/or `//digits`.
    let b = arg.as_bytes();
    let mut cut = b.len();
    loop {
        let mut j = cut;
        while j > 0 && b[j - 1].is_ascii_digit() {
            j -= 1;
        }
        if j == cut || j == 0 || b[j - 1] != b'/' {
            break;
        }
        let mut k = j - 1;
        if k > 0 && b[k - 1] == b'/' {
            k -= 1;
        }
        cut = k;
        if cut == 0 {
            break;
        }
    }
    arg.split_at(cut)
}

fn domain_arg(value: &str, base: usize, diags: &mut Vec<Diagnostic>) -> Option<Spec> {
    match macros::check_domain_spec(value) {
        Ok(()) => Some((base as u32, (base + value.len()) as u32)),
        Err(e) => {
            diags.push(macro_diag(e, base));
            None
        }
    }
}

/// One of the terms nearly every record is made of, as [`read_common`] reads it.
pub(crate) struct Common<'a> {
    qualifier: Qualifier,
    explicit_qualifier: bool,
    /// The name's index in [`NAMES`].
    name: u8,
    /// The text after `name:`, and where it starts in the record.
    value: Option<(&'a str, usize)>,
    /// The length of the network at the start of the value (ip4, ip6).
    network: Option<usize>,
    cidr4: Option<u8>,
    cidr6: Option<u8>,
    directive: Directive,
}

impl Common<'_> {
    /// Whether the term makes check_host() query DNS.
    pub(crate) fn dns_lookup(&self) -> bool {
        matches!(
            self.directive,
            Directive::A(..) | Directive::Mx(..) | Directive::Include(_)
        )
    }
}

/// The terms nearly every record is made of, written in lower case and valid: `all`, `a`, `mx`,
/// `ip4:`/`ip6:` with an optional prefix and `include:` with a plain domain, each with an optional
/// qualifier, the term starting at byte `base`. What it reads becomes exactly the term
/// [`parse_other`] gives for them, with fewer passes over the text; `None` for anything else
/// (including every term with a finding), which `parse_other` reads. The validity check counts
/// these without making a [`Term`] of them.
///
/// Inlined into each reader: returned through memory, the directive was written piecewise and
/// read back whole, and that store-to-load stall was a tenth of the lean check's time.
#[inline(always)]
pub(crate) fn read_common(t: &str, base: usize) -> Option<Common<'_>> {
    let b = t.as_bytes();
    let (qualifier, q) = match b.first()? {
        b'+' => (Qualifier::Pass, 1),
        b'-' => (Qualifier::Fail, 1),
        b'~' => (Qualifier::SoftFail, 1),
        b'?' => (Qualifier::Neutral, 1),
        _ => (Qualifier::Pass, 0),
    };
    let rest = &t[q..];
    let mut c = Common {
        qualifier,
        explicit_qualifier: q == 1,
        name: 0,
        value: None,
        network: None,
        cidr4: None,
        cidr6: None,
        directive: Directive::All,
    };
    (c.name, c.directive) = match rest.as_bytes() {
        [b'a', b'l', b'l'] => (0, Directive::All),
        [b'a'] => (2, Directive::A(None, 32, 128)),
        [b'm', b'x'] => (3, Directive::Mx(None, 32, 128)),
        // Byte patterns rather than strip_prefix: no call to memcmp per name tried.
        [b'i', b'p', b'4', b':', v @ ..] => {
            let (a, len, prefix) = ip4_network(v)?;
            // The name and its ':' are ASCII: `q + 4` is a character boundary.
            c.value = Some((&rest[4..], base + q + 4));
            c.network = Some(len);
            c.cidr4 = prefix;
            (5, Directive::Ip4(Ipv4Addr::from(a), prefix.unwrap_or(32)))
        }
        // A value that starts with ':' (`ip6:::1`) is rare: parse_other reads it.
        [b'i', b'p', b'6', b':', v @ ..] if v.first().is_some_and(|&x| x != b':') => {
            let v = &rest[4..];
            // ip6 values run to 40 bytes and more: the '/' looked for eight bytes at a time.
            let (net, cidrs) = v.split_at(crate::input::find_byte(v.as_bytes(), 0, b'/'));
            let prefix = prefix6(cidrs.as_bytes())?;
            c.value = Some((v, base + q + 4));
            c.network = Some(net.len());
            c.cidr6 = prefix;
            (6, Directive::Ip6(ip::ipv6(net)?, prefix.unwrap_or(128)))
        }
        [b'i', b'n', b'c', b'l', b'u', b'd', b'e', b':', v @ ..]
            if v.first() != Some(&b':') && plain_domain(v) =>
        {
            let vbase = base + q + 8;
            c.value = Some((&rest[8..], vbase));
            (
                1,
                Directive::Include((vbase as u32, (vbase + v.len()) as u32)),
            )
        }
        _ => return None,
    };
    Some(c)
}

impl<'a> Common<'a> {
    /// The term over `span` (the term's text) that [`parse_other`] gives.
    fn into_term(self, span: Span) -> Term<'a> {
        let (mut value, mut network, mut domain_spec, mut value_span) = (None, None, None, None);
        if let Some((v, at)) = self.value {
            value = Some(Cow::Borrowed(v));
            value_span = Some(Span::new(at, at + v.len()));
            match self.network {
                // Up to the '/' of the prefix, or all of it: a character boundary.
                Some(len) => network = Some(Cow::Borrowed(&v[..len])),
                None => domain_spec = Some(Cow::Borrowed(v)),
            }
        }
        Term {
            span,
            kind: TermKind::Mechanism,
            qualifier: Some(self.qualifier),
            explicit_qualifier: self.explicit_qualifier,
            name: Cow::Borrowed(NAMES[usize::from(self.name)]),
            value,
            value_span,
            domain_spec,
            network,
            cidr4: self.cidr4,
            cidr6: self.cidr6,
            dns_lookup: self.dns_lookup(),
            directive: self.directive,
        }
    }
}

/// An IPv6 prefix length as [`cidr`] reads it (`/n`, n at most 128, no leading zero), or
/// nothing: `Some(None)` for no prefix, `None` for anything else.
fn prefix6(c: &[u8]) -> Option<Option<u8>> {
    let n = match c {
        [] => return Some(None),
        [b'/', d @ b'0'..=b'9'] => d - b'0',
        [b'/', d @ b'1'..=b'9', e @ b'0'..=b'9'] => (d - b'0') * 10 + (e - b'0'),
        [b'/', b'1', d @ b'0'..=b'2', e @ b'0'..=b'9'] => 100 + (d - b'0') * 10 + (e - b'0'),
        _ => return None,
    };
    (n <= 128).then_some(Some(n))
}

/// `a.b.c.d` with an optional `/n` (n at most 32) and nothing after, as [`ip::ipv4`] and
/// [`cidr`] read it for ip4: (the address, the length of its text, the prefix length).
fn ip4_network(v: &[u8]) -> Option<(u32, usize, Option<u8>)> {
    let (addr, i) = ip::ipv4_quad(v)?;
    let prefix = match v.get(i..)? {
        [] => return Some((addr, i, None)),
        [b'/', d @ b'0'..=b'9'] => d - b'0',
        [b'/', d @ b'1'..=b'9', e @ b'0'..=b'9'] => (d - b'0') * 10 + (e - b'0'),
        _ => return None,
    };
    (prefix <= 32).then_some((addr, i, Some(prefix)))
}

/// Whether `v` is a domain-spec without macros that [`macros::check_domain_spec`] accepts:
/// visible ASCII without `%`, and a top label (before an optional final dot) of letters, digits
/// and inner hyphens, not all digits, after a dot. One pass instead of four.
fn plain_domain(v: &[u8]) -> bool {
    let (mut last, mut before) = (None, None);
    for (i, &c) in v.iter().enumerate() {
        if c == b'%' || !(0x21..=0x7e).contains(&c) {
            return false;
        }
        if c == b'.' {
            (before, last) = (last, Some(i));
        }
    }
    let (end, dot) = if last == Some(v.len().wrapping_sub(1)) {
        (v.len() - 1, before)
    } else {
        (v.len(), last)
    };
    let Some(dot) = dot else {
        return false;
    };
    let top = &v[dot + 1..end];
    top.first().is_some_and(u8::is_ascii_alphanumeric)
        && top.last().is_some_and(u8::is_ascii_alphanumeric)
        && top.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        && top.iter().any(u8::is_ascii_alphabetic)
}

/// Parse a term [`read_common`] does not read, starting at byte `base` of the record, into
/// `term`, a blank term over its text (filled in place: a term is large).
pub(crate) fn parse_other<'a>(
    t: &'a str,
    base: usize,
    diags: &mut Vec<Diagnostic>,
    term: &mut Term<'a>,
) {
    let before = diags.len();
    // A modifier is `name=value` where name starts with a letter and holds no ':' or '/'.
    let name_end = t
        .bytes()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
        .unwrap_or(t.len());
    if t[name_end..].starts_with('=') && name_end > 0 {
        let name = &t[..name_end];
        let value = &t[name_end + 1..];
        let vbase = base + name_end + 1;
        term.kind = TermKind::Modifier;
        term.name = lower(name);
        term.value = Some(Cow::Borrowed(value));
        term.value_span = Some(span(vbase, 0, value.len()));
        if !name.as_bytes()[0].is_ascii_alphabetic() {
            diags.push(cat::bad_modifier_name(name, span(base, 0, name_end)));
        }
        term.directive = match &*term.name {
            "redirect" | "exp" => {
                term.domain_spec = Some(Cow::Borrowed(value));
                term.dns_lookup = term.name == "redirect";
                match domain_arg(value, vbase, diags) {
                    Some(p) if term.name == "redirect" => Directive::Redirect(p),
                    Some(p) => Directive::Exp(p),
                    None => Directive::Invalid,
                }
            }
            _ => {
                if let Err(e) = macros::parse(value, false) {
                    diags.push(macro_diag(e, vbase));
                }
                Directive::Unknown
            }
        };
        if diags.len() > before {
            term.directive = Directive::Invalid;
        }
        return;
    }
    let (qual, rest, qlen) = match t.as_bytes().first() {
        Some(b'+') => (Qualifier::Pass, &t[1..], 1),
        Some(b'-') => (Qualifier::Fail, &t[1..], 1),
        Some(b'~') => (Qualifier::SoftFail, &t[1..], 1),
        Some(b'?') => (Qualifier::Neutral, &t[1..], 1),
        _ => (Qualifier::Pass, t, 0),
    };
    term.qualifier = Some(qual);
    term.explicit_qualifier = qlen == 1;
    let mname_end = rest
        .bytes()
        .position(|c| c == b':' || c == b'/')
        .unwrap_or(rest.len());
    let mname = &rest[..mname_end];
    let (lname_cow, index) = mechanism_name(mname);
    let lname: &str = &lname_cow;
    term.name = lname_cow.clone();
    let arg = &rest[mname_end..];
    let abase = base + qlen + mname_end;
    if !arg.is_empty() {
        // One ':' separates name and value: `ip6:::1` has the value `::1`.
        term.value = Some(Cow::Borrowed(arg.strip_prefix(':').unwrap_or(arg)));
        term.value_span = Some(span(
            abase + usize::from(arg.starts_with(':')),
            0,
            arg.len() - usize::from(arg.starts_with(':')),
        ));
    }
    let colon_value = arg.strip_prefix(':');
    let Some(index) = index else {
        if mname.is_empty() || !mname.as_bytes()[0].is_ascii_alphabetic() {
            let first = t.chars().next().map_or(0, char::len_utf8);
            diags.push(cat::bad_qualifier(t, span(base, 0, first)));
        } else {
            diags.push(cat::unknown_mechanism(
                mname,
                span(base + qlen, 0, mname.len()),
            ));
        }
        return;
    };
    term.kind = TermKind::Mechanism;
    // NAMES: all include a mx ptr ip4 ip6 exists
    term.dns_lookup = matches!(index, 1..=4 | 7);
    let need_domain = |v: Option<&str>, diags: &mut Vec<Diagnostic>| -> Option<Spec> {
        match v {
            None | Some("") => {
                diags.push(cat::missing_argument(lname, span(base, 0, t.len())));
                None
            }
            Some(v) => domain_arg(v, abase + 1, diags),
        }
    };
    term.directive = match index {
        0 => {
            if !arg.is_empty() {
                diags.push(cat::unexpected_argument("all", span(abase, 0, arg.len())));
            }
            Directive::All
        }
        1 | 7 => {
            term.domain_spec = colon_value.map(Cow::Borrowed);
            if colon_value.is_none() && !arg.is_empty() {
                diags.push(cat::unexpected_argument(lname, span(abase, 0, arg.len())));
                Directive::Invalid
            } else {
                match need_domain(colon_value, diags) {
                    Some(p) if index == 1 => Directive::Include(p),
                    Some(p) => Directive::Exists(p),
                    None => Directive::Invalid,
                }
            }
        }
        4 => match colon_value {
            None if arg.is_empty() => Directive::Ptr(None),
            None => {
                diags.push(cat::unexpected_argument("ptr", span(abase, 0, arg.len())));
                Directive::Invalid
            }
            Some(v) => {
                term.domain_spec = Some(Cow::Borrowed(v));
                match need_domain(Some(v), diags) {
                    Some(p) => Directive::Ptr(Some(p)),
                    None => Directive::Invalid,
                }
            }
        },
        2 | 3 => {
            let (dom, cidrs) = match colon_value {
                Some(v) => {
                    let (d, c) = split_dual_cidr(v);
                    (Some(d), c)
                }
                None => (None, arg),
            };
            let cbase = abase + arg.len() - cidrs.len();
            let mut c4 = None;
            let mut c6 = None;
            let mut ok = true;
            if !cidrs.is_empty() {
                let r = if cidrs.starts_with("//") {
                    cidr(&cidrs[1..], 128).map(|(v, rest)| {
                        c6 = v;
                        rest
                    })
                } else {
                    cidr(cidrs, 32).and_then(|(v, rest)| {
                        c4 = v;
                        if let Some(r6) = rest.strip_prefix('/') {
                            cidr(r6, 128).map(|(v, rest)| {
                                c6 = v;
                                rest
                            })
                        } else {
                            Ok(rest)
                        }
                    })
                };
                match r {
                    Ok("") => {}
                    Ok(extra) => {
                        ok = false;
                        diags.push(cat::bad_cidr(
                            &format!("unexpected `{extra}` after the prefix length"),
                            span(cbase, 0, cidrs.len()),
                        ));
                    }
                    Err(m) => {
                        ok = false;
                        diags.push(cat::bad_cidr(&m.message(), span(cbase, 0, cidrs.len())));
                    }
                }
            }
            if colon_value.is_none() && !arg.is_empty() && !arg.starts_with('/') {
                ok = false;
            }
            term.cidr4 = c4;
            term.cidr6 = c6;
            let pieces = match dom {
                Some(d) => {
                    term.domain_spec = Some(Cow::Borrowed(d));
                    need_domain(Some(d), diags)
                }
                None => None,
            };
            if dom.is_some() && pieces.is_none() {
                ok = false;
            }
            if !ok {
                Directive::Invalid
            } else if index == 2 {
                Directive::A(pieces, c4.unwrap_or(32), c6.unwrap_or(128))
            } else {
                Directive::Mx(pieces, c4.unwrap_or(32), c6.unwrap_or(128))
            }
        }
        _ => {
            // ip4 / ip6
            let v6 = index == 6;
            match colon_value {
                None | Some("") => {
                    diags.push(cat::missing_argument(lname, span(base, 0, t.len())));
                    Directive::Invalid
                }
                Some(v) => {
                    let (net, c) = v.split_at(v.bytes().position(|b| b == b'/').unwrap_or(v.len()));
                    term.network = Some(Cow::Borrowed(net));
                    let nbase = abase + 1;
                    let prefix = cidr(c, if v6 { 128 } else { 32 });
                    let prefix = match prefix {
                        Ok((p, "")) => Some(p),
                        Ok((_, extra)) => {
                            diags.push(cat::bad_cidr(
                                &format!("unexpected `{extra}` after the prefix length"),
                                span(nbase + net.len(), 0, c.len()),
                            ));
                            None
                        }
                        Err(m) => {
                            diags.push(cat::bad_cidr(
                                &m.message(),
                                span(nbase + net.len(), 0, c.len()),
                            ));
                            None
                        }
                    };
                    let parsed = if v6 {
                        ip::ipv6(net).map(|a| Directive::Ip6(a, prefix.flatten().unwrap_or(128)))
                    } else {
                        // RFC 7208 requires the dotted quad: no shorthand, no leading zeros.
                        ip::ipv4(net).map(|a| Directive::Ip4(a, prefix.flatten().unwrap_or(32)))
                    };
                    if v6 {
                        term.cidr6 = prefix.flatten();
                    } else {
                        term.cidr4 = prefix.flatten();
                    }
                    match (parsed, prefix) {
                        (Some(d), Some(_)) => d,
                        (None, _) => {
                            diags.push(cat::invalid_ip(lname, net, span(nbase, 0, net.len())));
                            Directive::Invalid
                        }
                        _ => Directive::Invalid,
                    }
                }
            }
        }
    };
    if diags.len() > before {
        term.directive = Directive::Invalid;
    }
}

/// Whether `text` starts with the version section `v=spf1` (case-insensitive), ended by a space
/// or the end of the record (RFC 7208 section 4.5).
pub fn has_version(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 6 && b[..6].eq_ignore_ascii_case(b"v=spf1") && (b.len() == 6 || b[6] == b' ')
}

/// The index of the first space at or after `from`, or the length (the term ends are most of
/// the bytes a record has to look at: eight at a time).
fn next_space(b: &[u8], from: usize) -> usize {
    crate::input::find_byte(b, from, b' ')
}

/// Parse a record.
pub fn parse(text: &str) -> Parsed<'_> {
    let mut diags = Vec::new();
    let (versioned, terms, doubled_space) = parse_into(text, &mut diags);
    Parsed {
        versioned,
        terms,
        diagnostics: diags,
        doubled_space,
    }
}

/// [`parse`], adding its diagnostics to `diags`: the validator gathers every finding in one
/// vector instead of moving them from one to another.
pub(crate) fn parse_into<'a>(
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
) -> (bool, Vec<Term<'a>>, Option<Span>) {
    // Usually one allocation: real terms are rarely shorter than 8 bytes with their space.
    let mut terms = Vec::with_capacity(text.len() / 8 + 2);
    let (versioned, doubled_space) = parse_each(text, diags, &mut terms);
    (versioned, terms, doubled_space)
}

/// What the parser gives each term to: the report keeps them, the validity check counts them.
pub(crate) trait TermSink<'a> {
    /// The term `t`, starting at byte `base` of the record; its findings go to `diags`.
    fn term(&mut self, t: &'a str, base: usize, diags: &mut Vec<Diagnostic>);
}

impl<'a> TermSink<'a> for Vec<Term<'a>> {
    fn term(&mut self, t: &'a str, base: usize, diags: &mut Vec<Diagnostic>) {
        let sp = span(base, 0, t.len());
        if let Some(c) = read_common(t, base) {
            self.push(c.into_term(sp));
            return;
        }
        // Filled in place: a term is large.
        let at = self.len();
        self.push(Term::blank(sp));
        parse_other(t, base, diags, &mut self[at]);
    }
}

/// A term as byte ranges of the record it was read from: everything a [`Term`] says, with the
/// text left in the record (no borrowed or lowered copies, a quarter of a `Term`'s size). The
/// lean check keeps these; [`Slim::term`] gives the [`Term`] the report shows.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Slim {
    /// The term.
    pub start: u32,
    pub end: u32,
    /// Where the name ends. It starts with the term, or after a mechanism's qualifier.
    name_end: u32,
    /// Where the text after `:` or `=` starts ([`NONE`]: no value); it ends with the term.
    value_start: u32,
    /// The length of the network (ip4, ip6) or domain-spec at the start of the value
    /// ([`NONE`]: neither).
    sub_len: u32,
    /// The small fields, packed: one store instead of nine (see [`Meta`]).
    meta: u32,
    pub directive: Directive,
}

/// The small fields of a [`Slim`]: name index (bits 0-7), kind (8-9), qualifier (10-12: none,
/// then `+ - ~ ?`), qualifier written (13), DNS lookup (14), sub-range is a network (15), and
/// the prefix lengths plus one (16-23 IPv4, 24-31 IPv6; 0 for none).
struct Meta {
    name_id: u8,
    kind: TermKind,
    qualifier: Option<Qualifier>,
    explicit_qualifier: bool,
    dns_lookup: bool,
    sub_network: bool,
    cidr4: Option<u8>,
    cidr6: Option<u8>,
}

impl Meta {
    #[inline(always)]
    fn pack(self) -> u32 {
        let kind = match self.kind {
            TermKind::Mechanism => 0,
            TermKind::Modifier => 1,
            TermKind::Invalid => 2,
        };
        let qualifier = match self.qualifier {
            None => 0,
            Some(Qualifier::Pass) => 1,
            Some(Qualifier::Fail) => 2,
            Some(Qualifier::SoftFail) => 3,
            Some(Qualifier::Neutral) => 4,
        };
        let prefix = |p: Option<u8>| p.map_or(0, |p| u32::from(p) + 1) & 0xff;
        u32::from(self.name_id)
            | kind << 8
            | qualifier << 10
            | u32::from(self.explicit_qualifier) << 13
            | u32::from(self.dns_lookup) << 14
            | u32::from(self.sub_network) << 15
            | prefix(self.cidr4) << 16
            | prefix(self.cidr6) << 24
    }
}

/// No such range in a [`Slim`].
const NONE: u32 = u32::MAX;

impl Slim {
    /// The name's index in [`NAMES`] when it is one of them (any case), else `u8::MAX`.
    pub fn name_id(&self) -> u8 {
        self.meta as u8
    }

    /// Mechanism, modifier or invalid.
    pub fn kind(&self) -> TermKind {
        match self.meta >> 8 & 3 {
            0 => TermKind::Mechanism,
            1 => TermKind::Modifier,
            _ => TermKind::Invalid,
        }
    }

    /// The qualifier of a mechanism.
    pub fn qualifier(&self) -> Option<Qualifier> {
        match self.meta >> 10 & 7 {
            1 => Some(Qualifier::Pass),
            2 => Some(Qualifier::Fail),
            3 => Some(Qualifier::SoftFail),
            4 => Some(Qualifier::Neutral),
            _ => None,
        }
    }

    /// Whether the qualifier was written.
    pub fn explicit_qualifier(&self) -> bool {
        self.meta & 1 << 13 != 0
    }

    /// Whether the term queries DNS.
    pub fn dns_lookup(&self) -> bool {
        self.meta & 1 << 14 != 0
    }

    fn sub_network(&self) -> bool {
        self.meta & 1 << 15 != 0
    }

    fn prefix(&self, at: u32) -> Option<u8> {
        (self.meta >> at & 0xff).checked_sub(1).map(|p| p as u8)
    }

    /// The IPv4 prefix length, when written.
    pub fn cidr4(&self) -> Option<u8> {
        self.prefix(16)
    }

    /// The IPv6 prefix length, when written.
    pub fn cidr6(&self) -> Option<u8> {
        self.prefix(24)
    }

    /// The term's span.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The value's span.
    pub fn value_span(&self) -> Option<Span> {
        (self.value_start != NONE).then(|| Span::new(self.value_start as usize, self.end as usize))
    }

    /// The value's text in `text` (the record the term was read from).
    pub fn value<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.value_start == NONE {
            return None;
        }
        text.get(self.value_start as usize..self.end as usize)
    }

    /// The name in lower case.
    pub fn name<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match NAMES.get(usize::from(self.name_id())) {
            Some(n) => Cow::Borrowed(n),
            None => {
                let q = self.kind() != TermKind::Modifier && self.explicit_qualifier();
                let start = self.start as usize + usize::from(q);
                lower(text.get(start..self.name_end as usize).unwrap_or(""))
            }
        }
    }

    /// Whether the name is `NAMES[id]` (ASCII case ignored): [`PTR`], [`REDIRECT`], [`EXP`].
    pub fn is_named(&self, id: u8) -> bool {
        self.name_id() == id
    }

    /// The network of ip4/ip6, or the domain-spec, in `text`.
    fn sub<'t>(&self, text: &'t str, network: bool) -> Option<&'t str> {
        if self.sub_len == NONE || self.value_start == NONE || self.sub_network() != network {
            return None;
        }
        let a = self.value_start as usize;
        text.get(a..a + self.sub_len as usize)
    }

    /// The network of ip4/ip6 in `text`.
    pub fn network<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.sub(text, true)
    }

    /// The domain-spec in `text`.
    pub fn domain_spec<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.sub(text, false)
    }

    /// The [`Term`] of the report, its text borrowed from `text` (the record it was read from).
    pub fn term<'t>(&self, text: &'t str) -> Term<'t> {
        Term {
            span: self.span(),
            kind: self.kind(),
            qualifier: self.qualifier(),
            explicit_qualifier: self.explicit_qualifier(),
            name: self.name(text),
            value: self.value(text).map(Cow::Borrowed),
            value_span: self.value_span(),
            domain_spec: self.domain_spec(text).map(Cow::Borrowed),
            network: self.network(text).map(Cow::Borrowed),
            cidr4: self.cidr4(),
            cidr6: self.cidr6(),
            dns_lookup: self.dns_lookup(),
            directive: self.directive.clone(),
        }
    }
}

/// [`NAMES`]' index of `ptr`.
pub(crate) const PTR: u8 = 4;
/// [`NAMES`]' index of `redirect`.
pub(crate) const REDIRECT: u8 = 8;
/// [`NAMES`]' index of `exp`.
pub(crate) const EXP: u8 = 9;

/// The index of `name` in [`NAMES`] (ASCII case ignored), or `u8::MAX`.
fn name_id(name: &str) -> u8 {
    NAMES
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))
        .map_or(u8::MAX, |i| i as u8)
}

/// Where the text of `sub` starts within `of` (both slices of one record).
fn offset_in(of: &str, sub: &str) -> usize {
    (sub.as_ptr() as usize).wrapping_sub(of.as_ptr() as usize)
}

/// The lean check's terms, with the DNS-querying ones counted as they come.
pub(crate) struct Slims {
    pub terms: Vec<Slim>,
    /// How many terms query DNS.
    pub lookups: u32,
    /// The eleventh of them (`u32::MAX`: none).
    pub eleventh: u32,
    /// A term [`read_common`] did not read has a byte outside visible ASCII (those it reads
    /// have none).
    pub unprintable: bool,
}

impl Slims {
    fn push(&mut self, s: Slim) {
        if s.dns_lookup() {
            self.lookups += 1;
            if self.lookups == 11 {
                self.eleventh = self.terms.len() as u32;
            }
        }
        self.terms.push(s);
    }
}

impl<'a> TermSink<'a> for Slims {
    // Inlined into the parser's loop, whatever the build's inlining budget: a call per term
    // passed the term through memory.
    #[inline(always)]
    fn term(&mut self, t: &'a str, base: usize, diags: &mut Vec<Diagnostic>) {
        let u = |v: usize| v as u32;
        if let Some(c) = read_common(t, base) {
            let q = usize::from(c.explicit_qualifier);
            let (value_start, sub_len, sub_network) = match (c.value, c.network) {
                (Some((_, at)), Some(len)) => (u(at), u(len), true),
                (Some((v, at)), None) => (u(at), u(v.len()), false),
                (None, _) => (NONE, NONE, false),
            };
            self.push(Slim {
                start: u(base),
                end: u(base + t.len()),
                name_end: u(base + q + NAMES[usize::from(c.name)].len()),
                value_start,
                sub_len,
                meta: Meta {
                    name_id: c.name,
                    kind: TermKind::Mechanism,
                    qualifier: Some(c.qualifier),
                    explicit_qualifier: c.explicit_qualifier,
                    dns_lookup: c.dns_lookup(),
                    sub_network,
                    cidr4: c.cidr4,
                    cidr6: c.cidr6,
                }
                .pack(),
                directive: c.directive,
            });
            return;
        }
        self.unprintable |= !crate::input::printable_ascii(t.as_bytes());
        let mut term = Term::blank(span(base, 0, t.len()));
        parse_other(t, base, diags, &mut term);
        // The name as written: before `=` for a modifier, after the qualifier up to `:` or `/`
        // for anything else (what parse_other lowers into `name`).
        let name = if term.kind == TermKind::Modifier {
            let end = t
                .bytes()
                .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.')))
                .unwrap_or(t.len());
            (u(base), u(base + end))
        } else {
            let q = usize::from(term.explicit_qualifier);
            let rest = &t.as_bytes()[q..];
            let end = rest
                .iter()
                .position(|&c| c == b':' || c == b'/')
                .unwrap_or(rest.len());
            (u(base + q), u(base + q + end))
        };
        let name_id = name_id(
            t.get(name.0 as usize - base..name.1 as usize - base)
                .unwrap_or(""),
        );
        let value_text = term.value.as_deref();
        let (sub_len, sub_network) = match (&term.network, &term.domain_spec, value_text) {
            (Some(n), _, Some(v)) if offset_in(v, n) == 0 => (u(n.len()), true),
            (_, Some(d), Some(v)) if offset_in(v, d) == 0 => (u(d.len()), false),
            _ => (NONE, false),
        };
        // A value runs to the end of its term.
        debug_assert!(term.value_span.is_none_or(|v| v.end == term.span.end));
        self.push(Slim {
            start: term.span.start,
            end: term.span.end,
            name_end: name.1,
            value_start: term.value_span.map_or(NONE, |v| v.start),
            sub_len,
            meta: Meta {
                name_id,
                kind: term.kind,
                qualifier: term.qualifier,
                explicit_qualifier: term.explicit_qualifier,
                dns_lookup: term.dns_lookup,
                sub_network,
                cidr4: term.cidr4,
                cidr6: term.cidr6,
            }
            .pack(),
            directive: term.directive,
        });
    }
}

/// The parser itself, giving each term to `sink` (the validity check looks at them one by one
/// and keeps none). Returns whether the version is there and the first doubled space.
pub(crate) fn parse_each<'a>(
    text: &'a str,
    diags: &mut Vec<Diagnostic>,
    sink: &mut impl TermSink<'a>,
) -> (bool, Option<Span>) {
    let versioned = has_version(text);
    let body_start = if versioned {
        6
    } else {
        let first_end = text.find(' ').unwrap_or(text.len());
        diags.push(cat::missing_version(
            &text[..first_end],
            Span::new(0, first_end),
        ));
        first_end
    };
    let mut pos = body_start;
    let bytes = text.as_bytes();
    let mut doubled_space = None;
    while pos < bytes.len() {
        if bytes[pos] == b' ' {
            let run = bytes[pos..].iter().take_while(|&&b| b == b' ').count();
            if run > 1 && pos > 0 && pos + run < bytes.len() && doubled_space.is_none() {
                doubled_space = Some(Span::new(pos, pos + run));
            }
            pos += run;
            continue;
        }
        let end = next_space(bytes, pos);
        // Spaces are ASCII, so both ends are character boundaries.
        sink.term(&text[pos..end], pos, diags);
        pos = end;
    }
    (versioned, doubled_space)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(t: &str) -> (Term<'static>, Vec<Diagnostic>) {
        let text = format!("v=spf1 {t}");
        let p = parse(&text);
        (
            p.terms.into_iter().next().unwrap().into_owned(),
            p.diagnostics,
        )
    }

    #[test]
    fn mechanisms_and_spans() {
        let p = parse("v=spf1 ip4:192.0.2.0/24 -include:_spf.example.com ~all");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.terms.len(), 3);
        assert_eq!(
            p.terms[0].directive,
            Directive::Ip4("192.0.2.0".parse().unwrap(), 24)
        );
        assert_eq!((p.terms[1].span.start, p.terms[1].span.end), (24, 49));
        assert_eq!(p.terms[1].qualifier, Some(Qualifier::Fail));
        assert_eq!(p.terms[2].name, "all");
    }

    #[test]
    fn prefix6_reads_what_cidr_reads() {
        let mut all = vec![
            String::new(),
            "/".into(),
            "//1".into(),
            "/1/".into(),
            "/ 1".into(),
        ];
        for n in 0..2000 {
            all.push(format!("/{n}"));
            all.push(format!("/0{n}"));
            all.push(format!("/{n}x"));
        }
        for c in all {
            let want = match cidr(&c, 128) {
                Ok((p, "")) => Some(p),
                _ => None,
            };
            assert_eq!(prefix6(c.as_bytes()), want, "{c:?}");
        }
    }

    #[test]
    fn ip4_network_reads_what_ipv4_and_cidr_read() {
        let mut next = crate::testing::xorshift(0x853c_49e6_748f_ea9b);
        let mut accepted = 0;
        for _ in 0..300_000 {
            let len = (next() % 20) as usize;
            // Every other one a quad of numbers up to 300 (some with a leading zero) and a prefix
            // up to 40; the others digits (zeros often), dots, slashes and now and then another byte.
            let quad = next() % 2 == 0;
            let num = |x: u64| match x % 8 {
                0 => format!("0{}", x % 10),
                _ => (x % 301).to_string(),
            };
            let v: String = if quad {
                let mut q = (0..4).map(|_| num(next())).collect::<Vec<_>>().join(".");
                if next() % 2 == 0 {
                    let p = next();
                    q = match p % 8 {
                        0 => format!("{q}/0{}", p % 10),
                        _ => format!("{q}/{}", p % 41),
                    };
                }
                q
            } else {
                (0..len)
                    .map(|_| match next() % 16 {
                        0..=2 => '.',
                        3 => '/',
                        4 | 5 => '0',
                        6 => ['x', ':', ' ', '+'][(next() % 4) as usize],
                        _ => char::from(b'0' + (next() % 10) as u8),
                    })
                    .collect()
            };
            let (net, c) = v.split_at(v.find('/').unwrap_or(v.len()));
            let want = match (ip::ipv4(net), cidr(c, 32)) {
                (Some(a), Ok((p, ""))) => Some((u32::from(a), net.len(), p)),
                _ => None,
            };
            assert_eq!(ip4_network(v.as_bytes()), want, "{v:?}");
            accepted += usize::from(want.is_some());
        }
        for v in ["192.0.2.1", "0.0.0.0/0", "255.255.255.255/32", "10.0.0.1/8"] {
            assert!(ip4_network(v.as_bytes()).is_some(), "{v}");
        }
        for v in [
            "01.2.3.4",
            "1.2.3.4/033",
            "1.2.3.4/",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "1.2.3.4/08",
        ] {
            assert_eq!(ip4_network(v.as_bytes()), None, "{v}");
        }
        assert!(accepted > 1000, "{accepted}");
    }

    #[test]
    fn a_value_that_starts_with_colons_keeps_them() {
        let p = parse("v=spf1 ip6:::1 -ip6:::ffff:192.0.2.1/128 -all");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let t = &p.terms[0];
        assert_eq!(t.value.as_deref(), Some("::1"));
        let v = t.value_span.unwrap();
        assert_eq!((v.start, v.end), (11, 14));
        assert_eq!(t.network.as_deref(), Some("::1"));
        assert_eq!(p.terms[1].value.as_deref(), Some("::ffff:192.0.2.1/128"));
    }

    #[test]
    fn dual_cidr() {
        let (t, d) = one("a:example.com/24//64");
        assert!(d.is_empty());
        assert_eq!((t.cidr4, t.cidr6), (Some(24), Some(64)));
        let (t, d) = one("mx//64");
        assert!(d.is_empty());
        assert_eq!((t.cidr4, t.cidr6), (None, Some(64)));
        assert!(!one("a/33").1.is_empty());
        assert!(!one("ip6:2001:db8::/129").1.is_empty());
        assert!(!one("ip4:1.2.3.4/032").1.is_empty());
    }

    #[test]
    fn errors() {
        assert!(!one("ip4:1.2.3").1.is_empty());
        assert!(!one("foo").1.is_empty());
        assert!(!one("include:").1.is_empty());
        assert!(!one("a:%{x}.example.com").1.is_empty());
        assert!(!one("all:x").1.is_empty());
        assert!(one("moo=bar").1.is_empty());
        assert!(!parse("v=spf10 -all").versioned);
    }
}
