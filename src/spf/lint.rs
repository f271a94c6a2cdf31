//! Checks over a parsed record: what works but is risky, deprecated or never used.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::parse::{Directive, Qualifier, Term};
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
pub fn lint(text: &str, terms: &[Term], domain: Option<&str>, out: &mut Vec<Diagnostic>) {
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
    if let Some(p) = text
        .trim_matches(' ')
        .as_bytes()
        .windows(2)
        .position(|w| w == b"  ")
    {
        let at = lead + p;
        let n = text[at..].len() - text[at..].trim_start_matches(' ').len();
        out.push(cat::extra_space(
            "doubled spaces between terms",
            Span::new(at, at + n),
        ));
    }

    // Sizes.
    if text.len() > 450 {
        out.push(cat::udp_size(text.len()));
    } else if text.len() > 255 {
        out.push(cat::string_too_long(text.len()));
    }

    // all, redirect, unreachable terms.
    let all_at = terms.iter().position(|t| t.directive == Directive::All);
    let redirects: Vec<&Term> = terms
        .iter()
        .filter(|t| t.kind == "modifier" && t.name == "redirect")
        .collect();
    let exps: Vec<&Term> = terms
        .iter()
        .filter(|t| t.kind == "modifier" && t.name == "exp")
        .collect();
    for dup in redirects.iter().skip(1).chain(exps.iter().skip(1)) {
        out.push(cat::duplicate_modifier(&dup.name, dup.span));
    }
    match all_at {
        Some(i) => {
            let t = &terms[i];
            match t.qualifier {
                Some(Qualifier::Pass) => out.push(cat::pass_all(t.span)),
                Some(Qualifier::Neutral) => out.push(cat::neutral_all(t.span)),
                _ => {}
            }
            for r in &redirects {
                out.push(cat::redirect_ignored(r.span));
            }
            for later in terms[i + 1..].iter().filter(|t| t.kind == "mechanism") {
                out.push(cat::unreachable_term(later.span));
            }
        }
        None if redirects.is_empty() && !terms.iter().any(|t| t.kind == "invalid") => {
            out.push(cat::no_all())
        }
        None => {}
    }
    let has_fail = terms
        .iter()
        .any(|t| t.kind == "mechanism" && t.qualifier == Some(Qualifier::Fail))
        || !redirects.is_empty();
    if !has_fail {
        for e in &exps {
            out.push(cat::exp_without_fail(e.span));
        }
    }

    // Deprecated and unknown.
    for t in terms {
        if t.kind == "mechanism" && t.name == "ptr" {
            out.push(cat::ptr_deprecated(t.span));
        }
        if t.kind == "modifier" && t.name != "redirect" && t.name != "exp" {
            out.push(cat::unknown_modifier(&t.name, t.span));
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
    let mut v4: Vec<(u32, u8, &Term)> = Vec::new();
    let mut v6: Vec<(u128, u8, &Term)> = Vec::new();
    for t in terms {
        match t.directive {
            Directive::Ip4(a, p) => {
                let base = mask4(a, p);
                if base != u32::from(a) {
                    out.push(cat::host_bits_set(
                        &a.to_string(),
                        p,
                        &Ipv4Addr::from(base).to_string(),
                        t.value_span.unwrap_or(t.span),
                    ));
                }
                v4.push((base, p, t));
            }
            Directive::Ip6(a, p) => {
                let base = mask6(a, p);
                if base != u128::from(a) {
                    out.push(cat::host_bits_set(
                        &a.to_string(),
                        p,
                        &Ipv6Addr::from(base).to_string(),
                        t.value_span.unwrap_or(t.span),
                    ));
                }
                v6.push((base, p, t));
            }
            _ => {}
        }
    }
    flag_covered(
        &v4.iter()
            .map(|&(b, p, t)| (u128::from(b), p, t))
            .collect::<Vec<_>>(),
        32,
        out,
    );
    flag_covered(&v6, 128, out);
}

/// Networks listed twice, or inside a wider listed network (of one address family, `width` bits).
/// Bounded: the input limit keeps records to a few thousand terms.
fn flag_covered(nets: &[(u128, u8, &Term)], width: u8, out: &mut Vec<Diagnostic>) {
    let mask = |x: u128, p: u8| {
        if p == 0 {
            0
        } else {
            x & (u128::MAX << (u32::from(width - p))) & (u128::MAX >> (128 - u32::from(width)))
        }
    };
    for (i, &(b, p, t)) in nets.iter().enumerate() {
        let cover = nets
            .iter()
            .enumerate()
            .find(|&(j, &(ob, op, _))| j != i && op <= p && (op < p || j < i) && mask(b, op) == ob);
        if let Some((_, &(_, _, ot))) = cover {
            out.push(cat::duplicate_network(
                t.value.as_deref().unwrap_or(""),
                ot.value.as_deref().unwrap_or(""),
                t.span,
            ));
        }
    }
}
