//! SMTP TLS Reporting (RFC 8460): the `_smtp._tls` TXT record (section 3).

use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex};
use crate::dmarc::ReportUri;
use crate::input;
use crate::mtasts::strict_version;
use crate::syntax::tagvalue::{self, split_list, Tag, TagSyntax};
use crate::syntax::uri::{self, UriError};

/// The result of checking a TLS-RPT record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsRptReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every tag, with spans.
    pub tags: Vec<Tag>,
    /// The report destinations of `rua`.
    pub rua: Vec<ReportUri>,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl TlsRptReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        crate::record::locate_common(&index, &mut self.tags, &mut self.diagnostics);
        for u in &mut self.rua {
            index.locate(&mut u.span);
        }
    }
}

/// Check a TLS-RPT record: `v=TLSRPTv1` first, then `rua` with `mailto:` or `https:` URIs.
///
/// ```
/// use deliverkit::validate_tls_rpt;
///
/// let r = validate_tls_rpt("v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://tlsrpt.example.com/v1");
/// assert!(r.valid);
/// assert_eq!(r.rua.len(), 2);
/// let r = validate_tls_rpt("v=TLSRPTv1; rua=ftp://example.com/");
/// assert_eq!(r.diagnostics[0].code.as_str(), "tls-rpt/uri-scheme");
/// ```
pub fn validate_tls_rpt(text: &str) -> TlsRptReport {
    let (usable, mut diags) = input::prepare_record(text);
    let tags = tagvalue::parse(usable, 0, TagSyntax::STRICT, &mut diags);
    let ok = strict_version(
        usable,
        &tags,
        "TLSRPTv1",
        catalog::tls_rpt_bad_version,
        &mut diags,
    );
    let mut rua = Vec::new();
    if ok || tags.get("v").is_none() {
        for t in tags.unique() {
            match t.name.as_str() {
                "v" => {}
                "rua" => rua = uris(t, &mut diags),
                _ => diags.push(catalog::tls_rpt_unknown_tag(t)),
            }
        }
        if tags.get("rua").is_none() {
            diags.push(catalog::tls_rpt_missing_rua());
        }
    }
    TlsRptReport {
        valid: !has_errors(&diags),
        tags: tags.tags,
        rua,
        diagnostics: diags,
    }
}

fn uris(t: &Tag, diags: &mut Vec<Diagnostic>) -> Vec<ReportUri> {
    let mut out = Vec::new();
    for (a, b) in split_list(&t.value, b',') {
        let text = &t.value[a..b];
        let span = t.value_sub_span(a, b);
        let mut entry = ReportUri {
            uri: text.to_string(),
            scheme: None,
            domain: None,
            size_limit: None,
            valid: false,
            span,
        };
        match uri::parse(text) {
            Err(UriError::NoScheme) => diags.push(catalog::tls_rpt_bad_uri(
                text,
                "has no scheme (mailto: or https:)",
                span,
            )),
            Err(_) => diags.push(catalog::tls_rpt_bad_uri(
                text,
                "holds a character a URI cannot hold (percent-encode it)",
                span,
            )),
            Ok(u) => {
                let scheme = u.scheme.to_ascii_lowercase();
                let host = match scheme.as_str() {
                    "mailto" => uri::mailto_domain(u.rest),
                    "https" => uri::https_host(u.rest),
                    _ => {
                        diags.push(catalog::tls_rpt_uri_scheme(u.scheme, span));
                        Err("")
                    }
                };
                match host {
                    Ok(h) => {
                        entry.domain = Some(h.to_ascii_lowercase());
                        entry.valid = true;
                    }
                    Err("") => {}
                    Err(why) => diags.push(catalog::tls_rpt_bad_uri(text, why, span)),
                }
                entry.scheme = Some(scheme);
            }
        }
        out.push(entry);
    }
    out
}
