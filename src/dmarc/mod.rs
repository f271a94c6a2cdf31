//! DMARC policy records (RFC 9989, "DMARCbis"; RFC 7489 as an option) and DMARC evaluation.
//!
//! [`validate_dmarc`] reads a record in two passes: `parse` (the tag list, the version, each
//! value's syntax, building a [`DmarcRecord`]) and then `lint` (advice: monitoring-only policies,
//! weaker subdomain policies, missing reports, privacy, third-party report destinations).
//! [`evaluate_dmarc`] applies a policy to a message's authentication results, asking a
//! caller-supplied [`DmarcResolver`] for DNS answers (no network access here).

mod eval;
mod lint;
mod parse;

use serde::{Deserialize, Serialize};

pub use eval::{
    evaluate_dmarc, tree_walk_targets, AlignmentCheck, AuthResult, Disposition, DmarcEvaluation,
    DmarcInput, DmarcResolver, DmarcResult, Identifier, MapResolver, PolicySource, TraceStep,
    TxtAnswer, MAX_TREE_WALK_QUERIES,
};
pub use parse::{AlignmentMode, DmarcRecord, Policy, Psd, ReportUri};

use crate::diagnostic::{has_errors, Diagnostic, LineIndex};
use crate::input;
use crate::syntax::tagvalue::Tag;

/// Which DMARC specification to check a record against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DmarcSpec {
    /// RFC 9989 (DMARCbis, 2026): `np`, `psd` and `t` exist; `pct`, `rf` and `ri` are historic.
    #[default]
    Rfc9989,
    /// RFC 7489 (2015): `pct`, `rf` and `ri` are checked; `np`, `psd` and `t` are unknown tags.
    Rfc7489,
}

/// Options of [`validate_dmarc_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DmarcOptions {
    /// The specification (RFC 9989 unless told otherwise).
    pub spec: DmarcSpec,
    /// The domain the record is published for (`example.com` for `_dmarc.example.com`). When
    /// given, report destinations in other domains are pointed out: they must authorise the
    /// reports with a `example.com._report._dmarc.<their domain>` record.
    pub domain: Option<String>,
}

/// The result of checking one DMARC record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DmarcReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// The specification the record was checked against.
    pub spec: DmarcSpec,
    /// Every tag as written, with spans.
    pub tags: Vec<Tag>,
    /// What the record means, when it is a DMARC record (`v=DMARC1` first).
    pub record: Option<DmarcRecord>,
    /// Findings, in input order within each pass.
    pub diagnostics: Vec<Diagnostic>,
}

impl DmarcReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        crate::record::locate_common(&index, &mut self.tags, &mut self.diagnostics);
        if let Some(r) = &mut self.record {
            for u in r.rua.iter_mut().chain(r.ruf.iter_mut()) {
                index.locate(&mut u.span);
            }
        }
    }
}

/// Check a DMARC policy record against RFC 9989.
///
/// Never fails: odd input gives a report with diagnostics.
///
/// ```
/// use deliverkit::{validate_dmarc, dmarc::Policy};
///
/// let r = validate_dmarc("v=DMARC1; p=reject; rua=mailto:dmarc@example.com");
/// assert!(r.valid);
/// assert_eq!(r.record.unwrap().policy, Some(Policy::Reject));
///
/// let r = validate_dmarc("v=DMARC1; p=foo; pct=50");
/// assert!(!r.valid);
/// let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert!(codes.contains(&"dmarc/bad-policy"));
/// assert!(codes.contains(&"dmarc/historic-tag"));
/// assert_eq!(r.diagnostics[0].span.unwrap().start, 12); // "foo"
/// ```
pub fn validate_dmarc(text: &str) -> DmarcReport {
    validate_dmarc_with(text, &DmarcOptions::default())
}

/// [`validate_dmarc`] with options: RFC 7489 instead of RFC 9989, and the domain the record is
/// published for (to point out third-party report destinations).
///
/// ```
/// use deliverkit::dmarc::{validate_dmarc_with, DmarcOptions, DmarcSpec};
///
/// let opts = DmarcOptions { spec: DmarcSpec::Rfc7489, domain: Some("example.com".into()) };
/// let r = validate_dmarc_with("v=DMARC1; p=reject; pct=101; rua=mailto:d@reports.example.net", &opts);
/// let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert!(codes.contains(&"dmarc/bad-value")); // pct is checked under RFC 7489
/// assert!(codes.contains(&"dmarc/external-report-destination"));
/// ```
pub fn validate_dmarc_with(text: &str, opts: &DmarcOptions) -> DmarcReport {
    let (usable, mut diags) = input::prepare_record(text);
    let parsed = parse::parse(usable, opts.spec, &mut diags);
    lint::lint(&parsed, opts, &mut diags);
    DmarcReport {
        valid: !has_errors(&diags),
        spec: opts.spec,
        tags: parsed.tags.tags,
        record: parsed.record,
        diagnostics: diags,
    }
}

/// Parse a record for evaluation: the model when it is a DMARC record, without the advice.
pub(crate) fn parse_for_eval(text: &str) -> Option<DmarcRecord> {
    let mut diags = Vec::new();
    let (usable, _) = input::prepare_record(text);
    parse::parse(usable, DmarcSpec::Rfc9989, &mut diags).record
}

#[cfg(test)]
mod tests;
