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
    flag_covered(terms, out);
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

/// Networks written with host bits set; then networks listed twice, or inside a wider listed
/// network of the same address family. One pass over the terms finds the networks for both.
fn flag_covered(terms: &[Term], out: &mut Vec<Diagnostic>) {
    // On the stack for the usual record, in a Vec for long ones.
    let mut stack = [(0, false, 0, 0); 32];
    let mut heap = Vec::new();
    let mut n = 0;
    for (i, t) in terms.iter().enumerate() {
        let (written, net) = match t.directive {
            Directive::Ip4(a, p) => (
                u128::from(u32::from(a)),
                (i, false, u128::from(mask4(a, p)), p),
            ),
            Directive::Ip6(a, p) => (u128::from(a), (i, true, mask6(a, p), p)),
            _ => continue,
        };
        let (_, v6, base, prefix) = net;
        if base != written {
            let mut buf = [0u8; 48];
            out.push(cat::host_bits_set(
                t.network.as_deref().unwrap_or(""),
                prefix,
                show_ip(base, v6, &mut buf),
                t.value_span.unwrap_or(t.span),
            ));
        }
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
    let mut report = |k: usize, m: usize| {
        let (i, j) = (nets[k].0, nets[m].0);
        out.push(cat::duplicate_network(
            terms[i].value.as_deref().unwrap_or(""),
            terms[j].value.as_deref().unwrap_or(""),
            terms[i].span,
        ));
    };
    if nets.len() <= 32 {
        covers_by_pairs(nets, &mut report);
    } else {
        covers_by_index(nets, &mut report);
    }
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
