//! Checks over a parsed record: what works but is risky, deprecated or never used.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::parse::{Directive, Qualifier, Slim, TermKind, EXP, PTR, REDIRECT};
use crate::catalog::spf as cat;
use crate::diagnostic::{Code, Diagnostic, Span};

/// The network mask of an IPv4 prefix length (at most 32), without a branch for 0.
fn prefix_mask4(p: u8) -> u32 {
    (u64::from(u32::MAX) << (32 - u32::from(p))) as u32
}

/// The network mask of an IPv6 prefix length (at most 128).
fn prefix_mask6(p: u8) -> u128 {
    if p == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(p))
    }
}

fn mask4(a: Ipv4Addr, p: u8) -> u32 {
    u32::from(a) & prefix_mask4(p)
}

fn mask6(a: Ipv6Addr, p: u8) -> u128 {
    u128::from(a) & prefix_mask6(p)
}

/// Which extra space a [`Finding::ExtraSpace`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Space {
    Leading,
    Trailing,
    Doubled,
}

/// A finding of the lint, kept as what it is about (terms by index into the record's terms):
/// its message is written when the report is, by [`Finding::render`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Finding {
    ExtraSpace(Space, u32, u32),
    UdpSize(u32),
    StringTooLong(u32),
    PtrDeprecated(u32),
    DuplicateModifier(u32),
    UnknownModifier(u32),
    PassAll(u32),
    NeutralAll(u32),
    RedirectIgnored(u32),
    Unreachable(u32),
    NoAll,
    ExpWithoutFail(u32),
    IncludeSelf(u32),
    HostBitsSet(u32),
    /// The network of the first term is covered by (or the same as) that of the second.
    Covered(u32, u32),
    /// The count, and the eleventh querying term (`u32::MAX`: none, the whole record).
    TooManyLookups(u32, u32),
}

impl Finding {
    /// The code of the diagnostic this finding becomes.
    pub fn code(self) -> Code {
        match self {
            Finding::ExtraSpace(..) => Code::SpfExtraSpace,
            Finding::UdpSize(_) => Code::SpfUdpSize,
            Finding::StringTooLong(_) => Code::SpfStringTooLong,
            Finding::PtrDeprecated(_) => Code::SpfPtrDeprecated,
            Finding::DuplicateModifier(_) => Code::SpfDuplicateModifier,
            Finding::UnknownModifier(_) => Code::SpfUnknownModifier,
            Finding::PassAll(_) => Code::SpfPassAll,
            Finding::NeutralAll(_) => Code::SpfNeutralAll,
            Finding::RedirectIgnored(_) => Code::SpfRedirectIgnored,
            Finding::Unreachable(_) => Code::SpfUnreachableTerm,
            Finding::NoAll => Code::SpfNoAll,
            Finding::ExpWithoutFail(_) => Code::SpfExpWithoutFail,
            Finding::IncludeSelf(_) => Code::SpfIncludeSelf,
            Finding::HostBitsSet(_) => Code::SpfHostBitsSet,
            Finding::Covered(..) => Code::SpfDuplicateNetwork,
            Finding::TooManyLookups(..) => Code::SpfTooManyLookups,
        }
    }

    /// Where the finding is in `text`, when it has a place.
    pub fn span(self, text: &str, terms: &[Slim]) -> Option<Span> {
        let term = |i: u32| terms.get(i as usize).map(Slim::span);
        match self {
            Finding::ExtraSpace(_, a, b) => Some(Span::new(a as usize, b as usize)),
            Finding::UdpSize(_) | Finding::StringTooLong(_) | Finding::NoAll => None,
            Finding::HostBitsSet(i) => terms
                .get(i as usize)
                .map(|t| t.value_span().unwrap_or(t.span())),
            Finding::TooManyLookups(_, i) => Some(term(i).unwrap_or(Span::new(0, text.len()))),
            Finding::PtrDeprecated(i)
            | Finding::DuplicateModifier(i)
            | Finding::UnknownModifier(i)
            | Finding::PassAll(i)
            | Finding::NeutralAll(i)
            | Finding::RedirectIgnored(i)
            | Finding::Unreachable(i)
            | Finding::ExpWithoutFail(i)
            | Finding::IncludeSelf(i)
            | Finding::Covered(i, _) => term(i),
        }
    }

    /// The diagnostic, its message written from `text` (the record the `terms` were read
    /// from); `domain` is the record's own domain, as [`lint`] had it.
    pub fn render(self, text: &str, terms: &[Slim], domain: Option<&str>) -> Diagnostic {
        let at = |i: u32| terms.get(i as usize);
        let span = self.span(text, terms).unwrap_or(Span::new(0, 0));
        let name = |i: u32| at(i).map(|t| t.name(text)).unwrap_or_default();
        let value = |i: u32| at(i).and_then(|t| t.value(text)).unwrap_or("");
        match self {
            Finding::ExtraSpace(what, ..) => cat::extra_space(
                match what {
                    Space::Leading => "leading spaces",
                    Space::Trailing => "trailing spaces",
                    Space::Doubled => "doubled spaces between terms",
                },
                span,
            ),
            Finding::UdpSize(len) => cat::udp_size(len as usize),
            Finding::StringTooLong(len) => cat::string_too_long(len as usize),
            Finding::PtrDeprecated(_) => cat::ptr_deprecated(span),
            Finding::DuplicateModifier(i) => cat::duplicate_modifier(&name(i), span),
            Finding::UnknownModifier(i) => cat::unknown_modifier(&name(i), span),
            Finding::PassAll(_) => cat::pass_all(span),
            Finding::NeutralAll(_) => cat::neutral_all(span),
            Finding::RedirectIgnored(_) => cat::redirect_ignored(span),
            Finding::Unreachable(_) => cat::unreachable_term(span),
            Finding::NoAll => cat::no_all(),
            Finding::ExpWithoutFail(_) => cat::exp_without_fail(span),
            Finding::IncludeSelf(_) => cat::include_self(&own_domain(domain.unwrap_or("")), span),
            Finding::HostBitsSet(i) => {
                let (base, v6, prefix) = match at(i).map(|t| &t.directive) {
                    Some(Directive::Ip4(a, p)) => (u128::from(mask4(*a, *p)), false, *p),
                    Some(Directive::Ip6(a, p)) => (mask6(*a, *p), true, *p),
                    _ => (0, false, 0),
                };
                let mut buf = [0u8; 48];
                cat::host_bits_set(
                    at(i).and_then(|t| t.network(text)).unwrap_or(""),
                    prefix,
                    show_ip(base, v6, &mut buf),
                    span,
                )
            }
            Finding::Covered(i, j) => cat::duplicate_network(value(i), value(j), span),
            Finding::TooManyLookups(count, _) => cat::too_many_lookups(count, span),
        }
    }
}

/// The record's own domain as the lint compares it: without a final dot, in lower case.
fn own_domain(d: &str) -> String {
    d.trim_end_matches('.').to_ascii_lowercase()
}

/// Run every lint over the `terms` read from `text`; `domain` is the record's own domain when
/// the caller knows it.
pub(crate) fn lint(
    text: &str,
    terms: &[Slim],
    doubled_space: Option<Span>,
    domain: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let u = |v: usize| v as u32;
    // Spaces.
    let lead = text.len() - text.trim_start_matches(' ').len();
    if lead > 0 {
        out.push(Finding::ExtraSpace(Space::Leading, 0, u(lead)));
    }
    let trail = text.len() - text.trim_end_matches(' ').len();
    if trail > 0 && trail < text.len() {
        out.push(Finding::ExtraSpace(
            Space::Trailing,
            u(text.len() - trail),
            u(text.len()),
        ));
    }
    if let Some(at) = doubled_space {
        out.push(Finding::ExtraSpace(Space::Doubled, at.start, at.end));
    }

    // Sizes.
    if text.len() > 450 {
        out.push(Finding::UdpSize(u(text.len())));
    } else if text.len() > 255 {
        out.push(Finding::StringTooLong(u(text.len())));
    }

    // One pass over the terms for what the checks below need.
    let mut all_at = None;
    let (mut redirects, mut exps) = (0usize, 0usize);
    let (mut any_invalid, mut any_fail) = (false, false);
    // The networks, gathered in the same pass (one match on the directive for both).
    let mut nets = Lanes::new();
    for (i, t) in terms.iter().enumerate() {
        match t.kind() {
            TermKind::Invalid => any_invalid = true,
            TermKind::Mechanism => {
                match t.directive {
                    Directive::All if all_at.is_none() => all_at = Some(i),
                    Directive::Ip4(a, p) => nets.add4(u(i), a, p, out),
                    Directive::Ip6(a, p) => nets.add6(u(i), a, p, out),
                    _ => {}
                }
                any_fail |= t.qualifier() == Some(Qualifier::Fail);
                if t.is_named(PTR) {
                    out.push(Finding::PtrDeprecated(u(i)));
                }
            }
            TermKind::Modifier => {
                if t.is_named(REDIRECT) {
                    redirects += 1;
                    if redirects > 1 {
                        out.push(Finding::DuplicateModifier(u(i)));
                    }
                } else if t.is_named(EXP) {
                    exps += 1;
                    if exps > 1 {
                        out.push(Finding::DuplicateModifier(u(i)));
                    }
                } else {
                    out.push(Finding::UnknownModifier(u(i)));
                }
            }
        }
    }
    let modifiers = |name: u8| {
        terms
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.kind() == TermKind::Modifier && t.is_named(name))
            .map(|(i, _)| u(i))
    };
    match all_at {
        Some(i) => {
            match terms[i].qualifier() {
                Some(Qualifier::Pass) => out.push(Finding::PassAll(u(i))),
                Some(Qualifier::Neutral) => out.push(Finding::NeutralAll(u(i))),
                _ => {}
            }
            if redirects > 0 {
                out.extend(modifiers(REDIRECT).map(Finding::RedirectIgnored));
            }
            for (k, later) in terms.iter().enumerate().skip(i + 1) {
                if later.kind() == TermKind::Mechanism {
                    out.push(Finding::Unreachable(u(k)));
                }
            }
        }
        None if redirects == 0 && !any_invalid => out.push(Finding::NoAll),
        None => {}
    }
    if exps > 0 && !any_fail && redirects == 0 {
        out.extend(modifiers(EXP).map(Finding::ExpWithoutFail));
    }

    // Own domain.
    if let Some(d) = domain {
        let d = own_domain(d);
        for (i, t) in terms.iter().enumerate() {
            if matches!(t.directive, Directive::Include(_) | Directive::Redirect(_)) {
                if let Some(ds) = t.domain_spec(text) {
                    if ds.trim_end_matches('.').eq_ignore_ascii_case(&d) {
                        out.push(Finding::IncludeSelf(u(i)));
                    }
                }
            }
        }
    }

    // Networks: host bits, duplicates and covered ranges.
    nets.flag_covered(terms, out);
}

/// The address as `Ipv4Addr`/`Ipv6Addr` display it (RFC 5952 for IPv6: lower-case hex, the first
/// longest run of two or more zero groups as `::`, an IPv4-mapped address as `::ffff:a.b.c.d`),
/// written into `buf` instead of a growing String: host-bits findings are common.
fn show_ip(a: u128, v6: bool, buf: &mut [u8; 48]) -> &str {
    let mut n = 0;
    let mut put = |buf: &mut [u8; 48], c: u8| {
        buf[n] = c;
        n += 1;
    };
    let quad = |buf: &mut [u8; 48], put: &mut dyn FnMut(&mut [u8; 48], u8), q: u32| {
        for (i, o) in q.to_be_bytes().into_iter().enumerate() {
            if i > 0 {
                put(buf, b'.');
            }
            if o >= 100 {
                put(buf, b'0' + o / 100);
            }
            if o >= 10 {
                put(buf, b'0' + o / 10 % 10);
            }
            put(buf, b'0' + o % 10);
        }
    };
    if !v6 {
        quad(buf, &mut put, a as u32);
    } else if a >> 32 == 0xffff {
        for &c in b"::ffff:" {
            put(buf, c);
        }
        quad(buf, &mut put, a as u32);
    } else {
        let g: [u16; 8] = std::array::from_fn(|i| (a >> (112 - 16 * i)) as u16);
        // The first longest run of zero groups.
        let (mut at, mut len, mut run) = (0, 0, 0);
        for (i, &x) in g.iter().enumerate() {
            run = if x == 0 { run + 1 } else { 0 };
            if run > len {
                (at, len) = (i + 1 - run, run);
            }
        }
        let mut i = 0;
        while i < 8 {
            if len > 1 && i == at {
                put(buf, b':');
                put(buf, b':');
                i += len;
                continue;
            }
            if i > 0 && !(len > 1 && i == at + len) {
                put(buf, b':');
            }
            let x = g[i];
            let digits = (16 - x.leading_zeros()).div_ceil(4).max(1);
            for d in (0..digits).rev() {
                put(
                    buf,
                    b"0123456789abcdef"[usize::from((x >> (4 * d)) as u8 & 15)],
                );
            }
            i += 1;
        }
    }
    std::str::from_utf8(&buf[..n]).unwrap_or("")
}

/// Lanes for the usual record's IPv4 networks.
const LANES: usize = 16;
/// Lanes for its IPv6 networks.
const LANES6: usize = 8;

/// The networks of a record's ip4 and ip6 terms in lanes (network, mask, prefix length, term),
/// IPv6 as two 64-bit halves, for the covered-network check. A free lane has prefix length 255:
/// it holds nothing with a shorter or equal prefix.
struct Lanes {
    base4: [u32; LANES],
    mask4l: [u32; LANES],
    pre4: [u32; LANES],
    term4: [u32; LANES],
    hi6: [u64; LANES6],
    lo6: [u64; LANES6],
    mhi6: [u64; LANES6],
    mlo6: [u64; LANES6],
    pre6: [u32; LANES6],
    term6: [u32; LANES6],
    n4: usize,
    n6: usize,
    /// More networks than lanes: the check reads the terms instead.
    more: bool,
}

impl Lanes {
    fn new() -> Lanes {
        Lanes {
            base4: [0; LANES],
            mask4l: [0; LANES],
            pre4: [255; LANES],
            term4: [0; LANES],
            hi6: [0; LANES6],
            lo6: [0; LANES6],
            mhi6: [0; LANES6],
            mlo6: [0; LANES6],
            pre6: [255; LANES6],
            term6: [0; LANES6],
            n4: 0,
            n6: 0,
            more: false,
        }
    }

    /// The ip4 network of term `i`; its host-bits finding, if any, goes to `out`.
    #[inline(always)]
    fn add4(&mut self, i: u32, a: Ipv4Addr, p: u8, out: &mut Vec<Finding>) {
        let mask = prefix_mask4(p);
        let base = u32::from(a) & mask;
        if base != u32::from(a) {
            out.push(Finding::HostBitsSet(i));
        }
        if self.n4 < LANES {
            let n = self.n4;
            (self.base4[n], self.mask4l[n]) = (base, mask);
            (self.pre4[n], self.term4[n]) = (u32::from(p), i);
        } else {
            self.more = true;
        }
        self.n4 += 1;
    }

    /// The ip6 network of term `i`; its host-bits finding, if any, goes to `out`.
    #[inline(always)]
    fn add6(&mut self, i: u32, a: Ipv6Addr, p: u8, out: &mut Vec<Finding>) {
        let mask = prefix_mask6(p);
        let base = u128::from(a) & mask;
        if base != u128::from(a) {
            out.push(Finding::HostBitsSet(i));
        }
        if self.n6 < LANES6 {
            let n = self.n6;
            (self.hi6[n], self.lo6[n]) = ((base >> 64) as u64, base as u64);
            (self.mhi6[n], self.mlo6[n]) = ((mask >> 64) as u64, mask as u64);
            (self.pre6[n], self.term6[n]) = (u32::from(p), i);
        } else {
            self.more = true;
        }
        self.n6 += 1;
    }

    /// Networks listed twice, or inside a wider listed network of the same address family.
    fn flag_covered(&self, terms: &[Slim], out: &mut Vec<Finding>) {
        if !self.more {
            // Every pair, family by family. Free lanes have prefix length 255: they hold nothing.
            covered(self.n4, &self.pre4, &self.term4, out, |k, m| {
                (self.base4[k] ^ self.base4[m]) & self.mask4l[m] == 0
            });
            covered(self.n6, &self.pre6, &self.term6, out, |k, m| {
                ((self.hi6[k] ^ self.hi6[m]) & self.mhi6[m])
                    | ((self.lo6[k] ^ self.lo6[m]) & self.mlo6[m])
                    == 0
            });
            return;
        }
        // A long list: every network, in record order, through the index.
        let nets = nets_of(terms);
        covers_by_index(&nets, &mut |k, m| {
            out.push(Finding::Covered(nets[k].0 as u32, nets[m].0 as u32))
        });
    }
}

/// For each of the first `n` networks of one family's lanes (prefix lengths `pre`, terms
/// `term`), the first lane that holds it (`holds(k, m)`: lane `m`'s network contains lane `k`'s)
/// with a shorter prefix, or with the same one listed earlier, as a finding. Every lane at once,
/// as bits, without a branch per pair (the compiler turns the lanes into vector operations).
/// One network alone is covered by none.
#[inline(always)]
fn covered<const N: usize>(
    n: usize,
    pre: &[u32; N],
    term: &[u32; N],
    out: &mut Vec<Finding>,
    holds: impl Fn(usize, usize) -> bool,
) {
    for k in 0..if n > 1 { n.min(N) } else { 0 } {
        let p = pre[k];
        let (mut wider, mut same) = ([0u32; N], [0u32; N]);
        for m in 0..N {
            let h = u32::from(holds(k, m));
            wider[m] = (h & u32::from(pre[m] < p)) << m;
            same[m] = (h & u32::from(pre[m] == p)) << m;
        }
        let wider = wider.iter().fold(0, |a, &x| a | x);
        let same = same.iter().fold(0, |a, &x| a | x);
        let covers = wider | (same & ((1u32 << k) - 1));
        if covers != 0 {
            out.push(Finding::Covered(
                term[k],
                term[covers.trailing_zeros() as usize % N],
            ));
        }
    }
}

/// The networks of the ip4 and ip6 terms, in record order.
fn nets_of(terms: &[Slim]) -> Vec<Net> {
    terms
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t.directive {
            Directive::Ip4(a, p) => Some((i, false, u128::from(mask4(a, p)), p)),
            Directive::Ip6(a, p) => Some((i, true, mask6(a, p), p)),
            _ => None,
        })
        .collect()
}

/// A listed network: (term index, IPv6?, network with host bits cleared, prefix length).
type Net = (usize, bool, u128, u8);

fn width(v6: bool) -> u8 {
    if v6 {
        128
    } else {
        32
    }
}

/// For each network `k` covered by another, `found(k, m)` with `m` the first network (in record
/// order) that covers it: one of the same family with a shorter prefix holding it, or the same
/// network listed earlier. Every pair: for the short lists of real records.
#[cfg(test)]
fn covers_by_pairs(nets: &[Net], found: &mut impl FnMut(usize, usize)) {
    for (k, &(_, v6, b, p)) in nets.iter().enumerate() {
        let cover = nets.iter().enumerate().position(|(m, &(_, ov6, ob, op))| {
            m != k && ov6 == v6 && op <= p && (op < p || m < k) && prefix_of(b, op, width(v6)) == ob
        });
        if let Some(m) = cover {
            found(k, m);
        }
    }
}

/// The same answers as [`covers_by_pairs`] in O(n log n) for long records: the networks sorted
/// by (family, prefix, network, position), and for each network one binary search per prefix
/// length the record uses.
fn covers_by_index(nets: &[Net], found: &mut impl FnMut(usize, usize)) {
    let mut sorted: Vec<(bool, u8, u128, usize)> = nets
        .iter()
        .enumerate()
        .map(|(k, &(_, v6, b, p))| (v6, p, b, k))
        .collect();
    sorted.sort_unstable();
    // The prefix lengths in use, per family.
    let mut used = [[false; 129]; 2];
    for &(v6, p, ..) in &sorted {
        used[usize::from(v6)][usize::from(p)] = true;
    }
    for (k, &(_, v6, b, p)) in nets.iter().enumerate() {
        let mut first: Option<usize> = None;
        for op in (0..=p).filter(|&op| used[usize::from(v6)][usize::from(op)]) {
            let key = (v6, op, prefix_of(b, op, width(v6)));
            let at = sorted.partition_point(|&(a, q, c, _)| (a, q, c) < key);
            let Some(&(a, q, c, m)) = sorted.get(at) else {
                continue;
            };
            // The first entry of the key is its earliest listing; for the same prefix it must
            // come before this network (itself is not a cover).
            if (a, q, c) == key && (op < p || m < k) {
                first = Some(first.map_or(m, |f| f.min(m)));
            }
        }
        if let Some(m) = first {
            found(k, m);
        }
    }
}

/// `x` (a `width`-bit address as a number) cut to its first `p` bits.
fn prefix_of(x: u128, p: u8, width: u8) -> u128 {
    if p == 0 {
        0
    } else {
        x & (u128::MAX << u32::from(width - p)) & (u128::MAX >> (128 - u32::from(width)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_ip_writes_what_std_displays() {
        let mut next = crate::testing::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut buf = [0u8; 48];
        for _ in 0..200_000 {
            // Groups of every width, many zero runs, and IPv4-mapped or -compatible forms.
            let mut a = 0u128;
            for _ in 0..8 {
                let g = match next() % 6 {
                    0..=2 => 0,
                    3 => next() % 16,
                    4 => next() % 0x1000,
                    _ => next() % 0x10000,
                };
                a = a << 16 | u128::from(g);
            }
            match next() % 8 {
                0 => a = 0xffff_0000_0000 | (a & 0xffff_ffff),
                1 => a &= 0xffff_ffff,
                _ => {}
            }
            assert_eq!(show_ip(a, true, &mut buf), Ipv6Addr::from(a).to_string());
            let q = next() as u32 >> (next() % 32);
            assert_eq!(
                show_ip(u128::from(q), false, &mut buf),
                Ipv4Addr::from(q).to_string()
            );
        }
        for a in [0, 1, u128::MAX, 0xffff_0000_0000, 1 << 127] {
            assert_eq!(show_ip(a, true, &mut buf), Ipv6Addr::from(a).to_string());
        }
    }

    #[test]
    fn the_lane_cover_check_agrees_with_the_pairwise_one() {
        // Records of up to 30 networks of both families (past the lanes, to the index too),
        // from few distinct values so that covers and duplicates are common.
        let mut next = crate::testing::xorshift(0x5851_f42d_4c95_7f2d);
        let mut covered = 0;
        for round in 0..3000 {
            let mut text = String::from("v=spf1");
            for _ in 0..(next() % 30) {
                if next() % 3 == 0 {
                    let p = [0, 16, 32, 48, 64, 128][(next() % 6) as usize];
                    text += &format!(" ip6:2001:db8:{:x}::{:x}/{p}", next() % 3, next() % 2);
                } else {
                    let p = [0, 8, 16, 24, 31, 32][(next() % 6) as usize];
                    text += &format!(" ip4:10.{}.0.{}/{p}", next() % 3, next() % 3);
                }
            }
            let mut sink = super::super::parse::Slims {
                terms: Vec::new(),
                lookups: 0,
                eleventh: u32::MAX,
                unprintable: false,
            };
            let mut diags = Vec::new();
            super::super::parse::parse_each(&text, &mut diags, &mut sink);
            let terms = sink.terms;
            let mut out = Vec::new();
            let mut lanes = Lanes::new();
            for (i, t) in terms.iter().enumerate() {
                match t.directive {
                    Directive::Ip4(a, p) => lanes.add4(i as u32, a, p, &mut out),
                    Directive::Ip6(a, p) => lanes.add6(i as u32, a, p, &mut out),
                    _ => {}
                }
            }
            lanes.flag_covered(&terms, &mut out);
            let mut got: Vec<(u32, u32)> = out
                .iter()
                .filter_map(|f| match *f {
                    Finding::Covered(k, m) => Some((k, m)),
                    _ => None,
                })
                .collect();
            got.sort_unstable();
            let nets = nets_of(&terms);
            let mut want = Vec::new();
            covers_by_pairs(&nets, &mut |k, m| {
                want.push((nets[k].0 as u32, nets[m].0 as u32))
            });
            want.sort_unstable();
            assert_eq!(got, want, "round {round}: {text}");
            covered += want.len();
        }
        assert!(covered > 5000, "{covered}");
    }

    #[test]
    fn the_indexed_cover_check_agrees_with_the_pairwise_one() {
        let mut next = crate::testing::xorshift(0x2545_f491_4f6c_dd1d);
        let mut covered = 0;
        for round in 0..300 {
            let n = 1 + (next() % 80) as usize;
            let nets: Vec<Net> = (0..n)
                .map(|i| {
                    let v6 = next() % 3 == 0;
                    // Few distinct networks and prefixes, so that covers and duplicates happen.
                    let p = if v6 {
                        [0, 32, 48, 64, 128][(next() % 5) as usize]
                    } else {
                        [0, 8, 16, 24, 32][(next() % 5) as usize]
                    };
                    let raw =
                        u128::from(next() % 4) << if v6 { 96 } else { 24 } | u128::from(next() % 3);
                    (i, v6, prefix_of(raw, p, width(v6)), p)
                })
                .collect();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            covers_by_pairs(&nets, &mut |k, m| a.push((k, m)));
            covers_by_index(&nets, &mut |k, m| b.push((k, m)));
            assert_eq!(a, b, "round {round}: {nets:?}");
            covered += a.len();
        }
        // The generator must produce covers, or the comparison says nothing.
        assert!(covered > 1000, "{covered}");
    }
}
