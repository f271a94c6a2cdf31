//! `validate_record`: any TXT record, recognised by its version tag.

use crate::diagnostic::{Diagnostic, LineIndex};
use crate::syntax::tagvalue::Tag;

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
