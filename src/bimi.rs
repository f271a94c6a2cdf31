//! BIMI, Brand Indicators for Message Identification (draft-brand-indicators-for-message-identification):
//! the `default._bimi` TXT record with the logo's location (`l=`, an HTTPS URL of an SVG) and the
//! evidence document (`a=`, an HTTPS URL of a Verified Mark Certificate in PEM).

use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex};
use crate::input;
use crate::mtasts::strict_version;
use crate::syntax::tagvalue::{self, Tag, TagSyntax};
use crate::syntax::uri;

/// The result of checking a BIMI record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BimiReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every tag, with spans.
    pub tags: Vec<Tag>,
    /// `l=`: where the SVG logo is.
    pub location: Option<String>,
    /// `a=`: where the mark certificate is.
    pub authority: Option<String>,
    /// `l=` and `a=` empty: the domain declines to publish an indicator.
    pub declined: bool,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl BimiReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        crate::record::locate_common(
            &LineIndex::new(input),
            &mut self.tags,
            &mut self.diagnostics,
        );
    }
}

fn https_url(t: &Tag, diags: &mut Vec<Diagnostic>) -> bool {
    match uri::parse(&t.value) {
        Err(_) => {
            diags.push(catalog::bimi_bad_uri(&t.name, &t.value, t.value_span));
            false
        }
        Ok(u) if !u.scheme.eq_ignore_ascii_case("https") => {
            diags.push(catalog::bimi_not_https(&t.name, t.value_span));
            false
        }
        Ok(u) => match uri::https_host(u.rest) {
            Ok(_) => true,
            Err(_) => {
                diags.push(catalog::bimi_bad_uri(&t.name, &t.value, t.value_span));
                false
            }
        },
    }
}

/// Check a BIMI record: `v=BIMI1` first, `l=` an HTTPS URL of an SVG file, `a=` an HTTPS URL of
/// the mark certificate (PEM); both empty is a declination record.
///
/// ```
/// use deliverkit::validate_bimi;
///
/// let r = validate_bimi("v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem");
/// assert!(r.valid && r.diagnostics.is_empty());
/// let r = validate_bimi("v=BIMI1; l=http://example.com/logo.png");
/// let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["bimi/not-https", "bimi/no-authority"]);
/// ```
pub fn validate_bimi(text: &str) -> BimiReport {
    let (usable, mut diags) = input::prepare_record(text);
    let tags = tagvalue::parse(usable, 0, TagSyntax::STRICT, &mut diags);
    let ok = strict_version(
        usable,
        &tags,
        "BIMI1",
        catalog::bimi_bad_version,
        &mut diags,
    );
    let mut report = BimiReport {
        valid: false,
        tags: Vec::new(),
        location: None,
        authority: None,
        declined: false,
        diagnostics: Vec::new(),
    };
    if ok || tags.get("v").is_none() {
        for t in tags.unique() {
            match t.name.as_str() {
                "v" => {}
                "l" if t.value.is_empty() => {}
                "l" => {
                    if https_url(t, &mut diags) {
                        let path = t.value.split(['?', '#']).next().unwrap_or("");
                        if !path.to_ascii_lowercase().ends_with(".svg") {
                            diags.push(catalog::bimi_location_not_svg(t.value_span));
                        }
                    }
                    report.location = Some(t.value.clone());
                }
                "a" if t.value.is_empty() => {}
                "a" => {
                    https_url(t, &mut diags);
                    report.authority = Some(t.value.clone());
                }
                "avp" => {
                    if !matches!(t.value.to_ascii_lowercase().as_str(), "brand" | "personal") {
                        diags.push(catalog::bimi_bad_avp(&t.value, t.value_span));
                    }
                }
                _ => diags.push(catalog::bimi_unknown_tag(t)),
            }
        }
        let l = tags.get("l");
        report.declined = l.is_some_and(|t| t.value.is_empty())
            && tags.get("a").is_none_or(|t| t.value.is_empty());
        match l {
            None => diags.push(catalog::bimi_missing_location()),
            Some(_) if report.declined => diags.push(catalog::bimi_declined()),
            Some(_) if report.authority.is_none() => diags.push(catalog::bimi_no_authority()),
            _ => {}
        }
    }
    report.valid = !has_errors(&diags);
    report.tags = tags.tags;
    report.diagnostics = diags;
    report
}
