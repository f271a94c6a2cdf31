//! DMARC policy records, second pass: advice on a record whose syntax is known. Nothing here
//! makes a record invalid; these are the choices a Domain Owner should know the cost of.

use super::parse::{DmarcRecord, Parsed, Policy, Psd};
use super::DmarcOptions;
use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::syntax::domain;

/// Second pass: push warnings and notes about `parsed` into `diags`.
pub fn lint(parsed: &Parsed, opts: &DmarcOptions, diags: &mut Vec<Diagnostic>) {
    let Some(r) = &parsed.record else {
        return;
    };
    let tags = &parsed.tags;
    let span_of = |name: &str| tags.get(name).map(|t| t.span);
    match (r.policy, span_of("p")) {
        (Some(Policy::None), Some(s)) => diags.push(catalog::dmarc_policy_none(s)),
        (None, None) => diags.push(catalog::dmarc_missing_policy(has_valid_rua(r))),
        _ => {}
    }
    if let Some(i) = parsed.policy_index.filter(|&i| i != 1) {
        diags.push(catalog::dmarc_policy_not_second(tags.tags[i].span));
    }
    if let Some(p) = r.policy {
        for (name, sub) in [("sp", r.subdomain_policy), ("np", r.non_existent_policy)] {
            if let (Some(sub), Some(span)) = (sub, span_of(name)) {
                if sub < p {
                    diags.push(catalog::dmarc_weak_subdomain_policy(name, sub, p, span));
                }
            }
        }
    }
    if r.testing {
        if let Some(s) = span_of("t") {
            diags.push(catalog::dmarc_testing_mode(r.policy, s));
        }
    }
    if r.psd == Psd::Yes {
        if let Some(s) = span_of("psd") {
            diags.push(catalog::dmarc_psd_yes(s));
        }
    }
    if tags.get("rua").is_none() {
        diags.push(catalog::dmarc_no_rua());
    }
    if let Some(s) = span_of("ruf") {
        if r.ruf.iter().any(|u| u.valid) {
            diags.push(catalog::dmarc_ruf_privacy(s));
        }
    }
    if tags.get("ruf").is_none() {
        if let Some(s) = span_of("fo") {
            diags.push(catalog::dmarc_fo_without_ruf(s));
        }
    }
    if let Some(own) = opts.domain.as_deref().map(domain::normalize) {
        if !own.is_empty() {
            for u in r.rua.iter().chain(&r.ruf) {
                if let Some(dest) = &u.domain {
                    if !domain::is_within(dest, &own) && !domain::is_within(&own, dest) {
                        diags.push(catalog::dmarc_external_report_destination(
                            &own, dest, u.span,
                        ));
                    }
                }
            }
        }
    }
}

/// At least one syntactically valid `rua` URI (RFC 9989 section 4.10.1).
pub fn has_valid_rua(r: &DmarcRecord) -> bool {
    r.rua.iter().any(|u| u.valid)
}
