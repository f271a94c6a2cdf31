//! `validate_record`: any TXT record (or a `DKIM-Signature` header field, or an MTA-STS policy
//! file), recognised by its version tag and checked by the validator of its kind.

use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex};
use crate::dkim::DkimSignatureOptions;
use crate::dmarc::DmarcOptions;
use crate::input;
use crate::syntax::tagvalue::{self, Tag, TagSyntax};

/// What kind of record a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordKind {
    /// `v=spf1` (RFC 7208).
    Spf,
    /// `v=DMARC1` (RFC 9989).
    Dmarc,
    /// A DKIM key record (`v=DKIM1`, or `p=` without a version) or a `DKIM-Signature` header field.
    Dkim,
    /// `v=STSv1`, or an MTA-STS policy file (`version: STSv1`).
    MtaSts,
    /// `v=TLSRPTv1`.
    TlsRpt,
    /// `v=BIMI1`.
    Bimi,
    /// Not recognised.
    Unknown,
}

/// Which text of its kind it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordForm {
    /// A DNS TXT record.
    Txt,
    /// A `DKIM-Signature` header field.
    DkimSignature,
    /// An MTA-STS policy file.
    MtaStsPolicy,
}

/// The result of [`validate_record`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordReport {
    /// What the text is.
    pub kind: RecordKind,
    /// Which text of its kind.
    pub form: RecordForm,
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every tag (for a policy file: every `key: value` line), with spans.
    pub tags: Vec<Tag>,
    /// For an SPF record: its terms (SPF is not a tag list), with spans.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<crate::spf::Term<'static>>>,
    /// For an SPF record: the DNS-querying terms in the record itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookup_terms: Option<u32>,
    /// Findings of the kind's validator.
    pub diagnostics: Vec<Diagnostic>,
}

impl RecordReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        locate_common(&index, &mut self.tags, &mut self.diagnostics);
        for t in self.terms.iter_mut().flatten() {
            index.locate(&mut t.span);
            if let Some(s) = &mut t.value_span {
                index.locate(s);
            }
        }
    }
}

/// Options of [`validate_record_with`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordOptions {
    /// For DMARC records.
    pub dmarc: DmarcOptions,
    /// The current time (seconds since the Unix epoch), for `DKIM-Signature` expiry.
    pub now: Option<u64>,
}

fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Recognise a text by its version tag (`v=spf1`, `v=DMARC1`, `v=DKIM1`, `v=STSv1`, `v=TLSRPTv1`,
/// `v=BIMI1`; the version is matched without regard to case here, so that the kind's validator
/// can report a wrongly cased one), by `DKIM-Signature:` or `version:` at its start, or, for a DKIM
/// key without `v=`, by its `p=` tag.
///
/// ```
/// use deliverkit::record::{detect, RecordForm, RecordKind};
/// assert_eq!(detect("v=DMARC1; p=none"), (RecordKind::Dmarc, RecordForm::Txt));
/// assert_eq!(detect("version: STSv1\nmode: enforce"), (RecordKind::MtaSts, RecordForm::MtaStsPolicy));
/// assert_eq!(detect("p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ"), (RecordKind::Dkim, RecordForm::Txt));
/// assert_eq!(detect("hello"), (RecordKind::Unknown, RecordForm::Txt));
/// ```
pub fn detect(text: &str) -> (RecordKind, RecordForm) {
    let t = text.trim_start().trim_start_matches('"').trim_start();
    if starts_with_ci(t, "dkim-signature")
        && t["dkim-signature".len()..].trim_start().starts_with(':')
    {
        return (RecordKind::Dkim, RecordForm::DkimSignature);
    }
    if starts_with_ci(t, "version") && t["version".len()..].trim_start().starts_with(':') {
        return (RecordKind::MtaSts, RecordForm::MtaStsPolicy);
    }
    let first = t.split(';').next().unwrap_or("");
    if let Some((name, value)) = first.split_once('=') {
        if name.trim().eq_ignore_ascii_case("v") {
            let version = value
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('"');
            let kind = match version.to_ascii_lowercase().as_str() {
                "spf1" => RecordKind::Spf,
                "dmarc1" => RecordKind::Dmarc,
                "dkim1" => RecordKind::Dkim,
                "stsv1" => RecordKind::MtaSts,
                "tlsrptv1" => RecordKind::TlsRpt,
                "bimi1" => RecordKind::Bimi,
                "1" => return (RecordKind::Dkim, RecordForm::DkimSignature),
                _ => RecordKind::Unknown,
            };
            return (kind, RecordForm::Txt);
        }
    }
    // No version first: a DKIM key (v= is optional there) or a signature without its name.
    let mut diags = Vec::new();
    let tags = tagvalue::parse(t, 0, TagSyntax::DKIM, &mut diags);
    if tags.get("bh").is_some() || (tags.get("b").is_some() && tags.get("d").is_some()) {
        return (RecordKind::Dkim, RecordForm::DkimSignature);
    }
    if tags.get("p").is_some()
        && (tags.get("k").is_some()
            || tags.get("p").is_some_and(|p| {
                p.value.is_empty()
                    || (p.value.len() >= 16
                        && p.value
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"+/= \t\r\n".contains(&b)))
            }))
    {
        return (RecordKind::Dkim, RecordForm::Txt);
    }
    (RecordKind::Unknown, RecordForm::Txt)
}

/// Validate any record: recognise its kind ([`detect`]) and run that kind's validator.
///
/// For SPF (`v=spf1`) the report holds the SPF validator's terms (SPF is not a tag list) and its
/// findings, as [`crate::spf::validate_spf`] gives them.
///
/// ```
/// use deliverkit::{validate_record, record::RecordKind};
///
/// let r = validate_record("v=DMARC1; p=reject; rua=mailto:d@example.com");
/// assert_eq!((r.kind, r.valid), (RecordKind::Dmarc, true));
/// assert_eq!(r.tags[1].name, "p");
///
/// let r = validate_record("v=TLSRPTv1; rua=mailto:tls@example.com");
/// assert_eq!(r.kind, RecordKind::TlsRpt);
///
/// let r = validate_record("v=spf1 ip4:192.0.2.0/24 +all");
/// assert_eq!((r.kind, r.valid), (RecordKind::Spf, true));
/// assert_eq!(r.terms.as_ref().unwrap()[0].name, "ip4");
/// assert_eq!(r.diagnostics[0].code.as_str(), "spf/pass-all");
///
/// let r = validate_record("hello world");
/// assert_eq!((r.kind, r.valid), (RecordKind::Unknown, false));
/// ```
pub fn validate_record(text: &str) -> RecordReport {
    validate_record_with(text, &RecordOptions::default())
}

/// [`validate_record`] with options for DMARC (the RFC, the domain) and the time for
/// `DKIM-Signature` expiry.
///
/// ```
/// use deliverkit::dmarc::{DmarcOptions, DmarcSpec};
/// use deliverkit::record::{validate_record_with, RecordOptions};
///
/// let opts = RecordOptions {
///     dmarc: DmarcOptions { spec: DmarcSpec::Rfc7489, domain: None },
///     now: Some(1_700_000_000),
/// };
/// assert!(!validate_record_with("v=DMARC1; p=reject; pct=200", &opts).valid);
/// assert!(validate_record_with("v=DMARC1; p=reject; pct=200", &RecordOptions::default()).valid);
/// ```
pub fn validate_record_with(text: &str, opts: &RecordOptions) -> RecordReport {
    // Recognise the kind from what the validators will read: the input cut at the record limit
    // (a huge paste must not cost more than its first 64 KiB).
    let (kind, form) = detect(input::cut(text, input::MAX_RECORD_INPUT));
    let mut terms = None;
    let mut lookup_terms = None;
    let (tags, diagnostics) = match (kind, form) {
        (RecordKind::Dmarc, _) => {
            let r = crate::dmarc::validate_dmarc_with(text, &opts.dmarc);
            (r.tags, r.diagnostics)
        }
        (RecordKind::Dkim, RecordForm::DkimSignature) => {
            let r = crate::dkim::validate_dkim_signature_with(
                text,
                &DkimSignatureOptions { now: opts.now },
            );
            (r.tags, r.diagnostics)
        }
        (RecordKind::Dkim, _) => {
            let r = crate::dkim::validate_dkim_key(text);
            (r.tags, r.diagnostics)
        }
        (RecordKind::MtaSts, RecordForm::MtaStsPolicy) => {
            let r = crate::mtasts::validate_mta_sts_policy(text);
            (r.fields, r.diagnostics)
        }
        (RecordKind::MtaSts, _) => {
            let r = crate::mtasts::validate_mta_sts_txt(text);
            (r.tags, r.diagnostics)
        }
        (RecordKind::TlsRpt, _) => {
            let r = crate::tlsrpt::validate_tls_rpt(text);
            (r.tags, r.diagnostics)
        }
        (RecordKind::Bimi, _) => {
            let r = crate::bimi::validate_bimi(text);
            (r.tags, r.diagnostics)
        }
        (RecordKind::Spf, _) => {
            let options = crate::spf::SpfOptions {
                domain: opts.dmarc.domain.as_deref(),
            };
            let r = crate::spf::validate_spf_with(text, &options);
            terms = Some(
                r.terms
                    .into_iter()
                    .map(crate::spf::Term::into_owned)
                    .collect(),
            );
            lookup_terms = Some(r.lookup_terms);
            (Vec::new(), r.diagnostics)
        }
        (RecordKind::Unknown, _) => {
            let (usable, mut diags) = input::prepare_record(text);
            let mut ignored = Vec::new();
            let tags = tagvalue::parse(usable, 0, TagSyntax::DKIM, &mut ignored).tags;
            if !usable.trim().is_empty() {
                diags.push(catalog::record_unknown_kind());
            }
            (tags, diags)
        }
    };
    RecordReport {
        kind,
        form,
        valid: !has_errors(&diagnostics),
        tags,
        terms,
        lookup_terms,
        diagnostics,
    }
}

/// Locate the spans of tags and diagnostics (shared by every record report's `locate`).
pub(crate) fn locate_common(index: &LineIndex<'_>, tags: &mut [Tag], diags: &mut [Diagnostic]) {
    for t in tags {
        index.locate(&mut t.span);
        index.locate(&mut t.name_span);
        index.locate(&mut t.value_span);
    }
    for d in diags {
        if let Some(s) = &mut d.span {
            index.locate(s);
        }
    }
}

/// Another record kind's version tag, to name it when it is pasted where `own` was expected.
pub(crate) fn other_kind(version: &str, own: &str) -> Option<&'static str> {
    let v = version.split_whitespace().next().unwrap_or("");
    if v.eq_ignore_ascii_case(own) {
        return None;
    }
    Some(match v.to_ascii_lowercase().as_str() {
        "spf1" => "an SPF record",
        "dmarc1" => "a DMARC record",
        "dkim1" => "a DKIM key record",
        "stsv1" => "an MTA-STS record",
        "tlsrptv1" => "a TLS-RPT record",
        "bimi1" => "a BIMI record",
        _ => return None,
    })
}
