//! Checks over a parsed record: what works but is risky, deprecated or never used.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::parse::{Directive, Qualifier, Term, TermKind};
use crate::catalog::spf as cat;
use crate::diagnostic::{Diagnostic, Span};

fn mask4(a: Ipv4Addr, p: u8) -> u32 {
    let m = if p == 0 {
        0
    } else {
        u32::MAX << (32 - u32::from(p))
    };
    u32::from(a) & m
}

fn mask6(a: Ipv6Addr, p: u8) -> u128 {
    let m = if p == 0 {
        0
    } else {
        u128::MAX << (128 - u32::from(p))
    };
    u128::from(a) & m
}

/// Run every lint; `domain` is the record's own domain when the caller knows it.
pub fn lint(
    text: &str,
    terms: &[Term],
    doubled_space: Option<Span>,
    domain: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    // Spaces.
    let lead = text.len() - text.trim_start_matches(' ').len();
    if lead > 0 {
        out.push(cat::extra_space("leading spaces", Span::new(0, lead)));
    }
    let trail = text.len() - text.trim_end_matches(' ').len();
    if trail > 0 && trail < text.len() {
        out.push(cat::extra_space(
            "trailing spaces",
            Span::new(text.len() - trail, text.len()),
        ));
    }
    if let Some(at) = doubled_space {
        out.push(cat::extra_space("doubled spaces between terms", at));
    }

    // Sizes.
    if text.len() > 450 {
        out.push(cat::udp_size(text.len()));
    } else if text.len() > 255 {
        out.push(cat::string_too_long(text.len()));
    }

    // One pass over the terms for what the checks below need.
    let mut all_at = None;
    let (mut redirects, mut exps) = (0usize, 0usize);
    let (mut any_invalid, mut any_fail) = (false, false);
    for (i, t) in terms.iter().enumerate() {
        match (t.kind, &t.directive) {
            (TermKind::Invalid, _) => any_invalid = true,
            (TermKind::Mechanism, d) => {
                if *d == Directive::All && all_at.is_none() {
                    all_at = Some(i);
                }
                any_fail |= t.qualifier == Some(Qualifier::Fail);
                if t.name == "ptr" {
                    out.push(cat::ptr_deprecated(t.span));
                }
            }
            (TermKind::Modifier, _) => match &*t.name {
                "redirect" => {
                    redirects += 1;
                    if redirects > 1 {
                        out.push(cat::duplicate_modifier(&t.name, t.span));
                    }
                }
                "exp" => {
                    exps += 1;
                    if exps > 1 {
                        out.push(cat::duplicate_modifier(&t.name, t.span));
                    }
                }
                name => out.push(cat::unknown_modifier(name, t.span)),
            },
        }
    }
    let modifiers = |name: &'static str| {
        terms
            .iter()
            .filter(move |t| t.kind == TermKind::Modifier && t.name == name)
    };
    match all_at {
        Some(i) => {
            let t = &terms[i];
            match t.qualifier {
                Some(Qualifier::Pass) => out.push(cat::pass_all(t.span)),
                Some(Qualifier::Neutral) => out.push(cat::neutral_all(t.span)),
                _ => {}
            }
            if redirects > 0 {
                for r in modifiers("redirect") {
                    out.push(cat::redirect_ignored(r.span));
                }
            }
            for later in terms[i + 1..]
                .iter()
                .filter(|t| t.kind == TermKind::Mechanism)
            {
                out.push(cat::unreachable_term(later.span));
            }
        }
        None if redirects == 0 && !any_invalid => out.push(cat::no_all()),
        None => {}
    }
    if exps > 0 && !any_fail && redirects == 0 {
        for e in modifiers("exp") {
            out.push(cat::exp_without_fail(e.span));
        }
    }

    // Own domain.
    if let Some(d) = domain {
        let d = d.trim_end_matches('.').to_ascii_lowercase();
        for t in terms {
            if matches!(t.directive, Directive::Include(_) | Directive::Redirect(_)) {
                if let Some(ds) = &t.domain_spec {
                    if ds.trim_end_matches('.').eq_ignore_ascii_case(&d) {
                        out.push(cat::include_self(&d, t.span));
                    }
                }
            }
        }
    }

    // Networks: host bits, duplicates and covered ranges.
    for t in terms {
        let (written, base, width, prefix) = match t.directive {
            Directive::Ip4(a, p) => (u128::from(u32::from(a)), u128::from(mask4(a, p)), 32, p),
            Directive::Ip6(a, p) => (u128::from(a), mask6(a, p), 128, p),
            _ => continue,
        };
        if base != written {
            let net = t.network.as_deref().unwrap_or("");
            let shown = if width == 32 {
                Ipv4Addr::from(base as u32).to_string()
            } else {
                Ipv6Addr::from(base).to_string()
            };
            out.push(cat::host_bits_set(
                net,
                prefix,
                &shown,
                t.value_span.unwrap_or(t.span),
            ));
        }
    }
    flag_covered(terms, out);
}

/// Networks listed twice, or inside a wider listed network of the same address family.
/// Quadratic in the ip4/ip6 terms; the input limit keeps records to a few thousand terms.
fn flag_covered(terms: &[Term], out: &mut Vec<Diagnostic>) {
    // (term index, IPv6?, network with host bits cleared, prefix length): on the stack for the
    // usual record, in a Vec for long ones.
    type Net = (usize, bool, u128, u8);
    let mut stack = [(0, false, 0, 0); 32];
    let mut heap = Vec::new();
    let mut n = 0;
    for (i, t) in terms.iter().enumerate() {
        let net = match t.directive {
            Directive::Ip4(a, p) => (i, false, u128::from(mask4(a, p)), p),
            Directive::Ip6(a, p) => (i, true, mask6(a, p), p),
            _ => continue,
        };
        if n < stack.len() {
            stack[n] = net;
        } else {
            if heap.is_empty() {
                heap.extend_from_slice(&stack);
            }
            heap.push(net);
        }
        n += 1;
    }
    let nets: &[Net] = if heap.is_empty() { &stack[..n] } else { &heap };
    for (k, &(i, v6, b, p)) in nets.iter().enumerate() {
        let width = if v6 { 128 } else { 32 };
        let cover = nets.iter().enumerate().find(|&(m, &(_, ov6, ob, op))| {
            m != k && ov6 == v6 && op <= p && (op < p || m < k) && prefix_of(b, op, width) == ob
        });
        if let Some((_, &(j, ..))) = cover {
            out.push(cat::duplicate_network(
                terms[i].value.as_deref().unwrap_or(""),
                terms[j].value.as_deref().unwrap_or(""),
                terms[i].span,
            ));
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
