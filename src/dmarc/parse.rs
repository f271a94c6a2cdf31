//! DMARC policy records, first pass: the tag list, the version, and each tag's value syntax
//! (RFC 9989 section 4.8; RFC 7489 section 6.4 when asked). Builds the [`DmarcRecord`] model.

use serde::Serialize;

use super::DmarcSpec;
use crate::catalog;
use crate::diagnostic::{Diagnostic, Span};
use crate::syntax::tagvalue::{self, split_list, Tag, TagList, TagSyntax};
use crate::syntax::uri::{self, UriError};

/// A Domain Owner Assessment Policy (`p`, `sp`, `np`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    /// No expression of preference (monitoring mode).
    None,
    /// Treat failing mail as suspicious.
    Quarantine,
    /// Reject failing mail.
    Reject,
}

impl Policy {
    fn parse(v: &str) -> Option<Policy> {
        match v.to_ascii_lowercase().as_str() {
            "none" => Some(Policy::None),
            "quarantine" => Some(Policy::Quarantine),
            "reject" => Some(Policy::Reject),
            _ => None,
        }
    }

    /// The RFC's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Policy::None => "none",
            Policy::Quarantine => "quarantine",
            Policy::Reject => "reject",
        }
    }
}

/// Identifier alignment mode (`adkim`, `aspf`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlignmentMode {
    /// Same Organizational Domain (`r`, the default).
    #[default]
    Relaxed,
    /// Identical domains (`s`).
    Strict,
}

/// The `psd` flag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Psd {
    /// `psd=y`: the record is published by a Public Suffix Operator.
    Yes,
    /// `psd=n`: the domain is its own Organizational Domain.
    No,
    /// `psd=u` or absent: use the DNS tree walk.
    #[default]
    Unknown,
}

/// One reporting URI of `rua` or `ruf`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportUri {
    /// The URI, without an obsolete `!size` suffix.
    pub uri: String,
    /// The scheme in lower case (`mailto`, `https`, ...), when there is one.
    pub scheme: Option<String>,
    /// The domain that receives the reports (a mailto address's domain, an https host).
    pub domain: Option<String>,
    /// The obsolete size limit (`10m` of `!10m`), when written.
    pub size_limit: Option<String>,
    /// Whether the URI is syntactically valid: a `mailto:` URI with an address, or an `http(s):`
    /// URI with a host. Other schemes are not valid here (receivers ignore them).
    pub valid: bool,
    /// Where the entry is in the input.
    pub span: Span,
}

/// The meaning of a DMARC policy record, after syntax errors were discarded in favour of the
/// defaults (RFC 9989 section 4.8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DmarcRecord {
    /// `p`, when present and valid.
    pub policy: Option<Policy>,
    /// `sp`, when present and valid.
    pub subdomain_policy: Option<Policy>,
    /// `np`, when present and valid (RFC 9989 only).
    pub non_existent_policy: Option<Policy>,
    /// `psd` (RFC 9989 only).
    pub psd: Psd,
    /// `t=y`: the policy is being tested and is applied one level lower.
    pub testing: bool,
    /// `adkim`.
    pub adkim: AlignmentMode,
    /// `aspf`.
    pub aspf: AlignmentMode,
    /// `fo`, as a list of options (`0`, `1`, `d`, `s`); `["0"]` by default.
    pub failure_options: Vec<String>,
    /// `rua`.
    pub rua: Vec<ReportUri>,
    /// `ruf`.
    pub ruf: Vec<ReportUri>,
    /// `pct` (RFC 7489 only; RFC 9989 removed it).
    pub percent: Option<u8>,
    /// Whether `p`, `sp` and `np` were all valid or absent. RFC 9989 section 4.10.1: a record with
    /// an invalid one is read as `p=none` when `rua` holds a valid URI, and otherwise not applied.
    #[serde(skip)]
    pub policy_tags_valid: bool,
}

/// What the first pass produced.
pub struct Parsed {
    /// Every tag.
    pub tags: TagList,
    /// The model; `None` when the text is not a DMARC record (no `v=DMARC1` first).
    pub record: Option<DmarcRecord>,
    /// The index of `p` among the tags (for the "p right after v" check).
    pub policy_index: Option<usize>,
}

/// First pass over a DMARC record.
pub fn parse(text: &str, spec: DmarcSpec, diags: &mut Vec<Diagnostic>) -> Parsed {
    if text.starts_with([' ', '\t']) {
        let n = text.len() - text.trim_start_matches([' ', '\t']).len();
        diags.push(catalog::record_leading_whitespace(
            "v=DMARC1",
            Span::new(0, n),
        ));
    }
    let tags = tagvalue::parse(text, 0, TagSyntax::DMARC, diags);
    let mut version_ok = false;
    match tags.tags.first() {
        Some(first) if first.name.eq_ignore_ascii_case("v") => {
            if first.value == "DMARC1" {
                version_ok = true;
            } else if let Some(kind) = crate::record::other_kind(&first.value, "DMARC1") {
                diags.push(catalog::dmarc_not_dmarc(kind, first.span));
                return Parsed {
                    tags,
                    record: None,
                    policy_index: None,
                };
            } else {
                diags.push(catalog::dmarc_bad_version(&first.value, first.value_span));
            }
        }
        _ => match tags.get("v") {
            Some(v) => diags.push(catalog::dmarc_version_not_first(v.span)),
            None => diags.push(catalog::dmarc_missing_version(Span::new(
                0,
                text.len().min(text.find(';').unwrap_or(text.len())),
            ))),
        },
    }
    let mut r = DmarcRecord {
        policy: None,
        subdomain_policy: None,
        non_existent_policy: None,
        psd: Psd::Unknown,
        testing: false,
        adkim: AlignmentMode::Relaxed,
        aspf: AlignmentMode::Relaxed,
        failure_options: vec!["0".to_string()],
        rua: Vec::new(),
        ruf: Vec::new(),
        percent: None,
        policy_tags_valid: true,
    };
    let mut policy_index = None;
    let bis = spec == DmarcSpec::Rfc9989;
    for (i, t) in tags.tags.iter().enumerate() {
        if t.duplicate {
            continue;
        }
        let name = t.name.to_ascii_lowercase();
        match name.as_str() {
            "v" => {}
            "p" | "sp" => {
                if name == "p" {
                    policy_index = Some(i);
                }
                let p = policy_value(t, &mut r, diags);
                if name == "p" {
                    r.policy = p;
                } else {
                    r.subdomain_policy = p;
                }
            }
            "np" if bis => r.non_existent_policy = policy_value(t, &mut r, diags),
            "psd" if bis => match t.value.to_ascii_lowercase().as_str() {
                "y" => r.psd = Psd::Yes,
                "n" => r.psd = Psd::No,
                "u" => r.psd = Psd::Unknown,
                _ => diags.push(catalog::dmarc_bad_value(t, "y, n or u")),
            },
            "t" if bis => match t.value.to_ascii_lowercase().as_str() {
                "y" => r.testing = true,
                "n" => r.testing = false,
                _ => diags.push(catalog::dmarc_bad_value(t, "y or n")),
            },
            "adkim" | "aspf" => {
                let m = match t.value.to_ascii_lowercase().as_str() {
                    "r" => AlignmentMode::Relaxed,
                    "s" => AlignmentMode::Strict,
                    _ => {
                        diags.push(catalog::dmarc_bad_value(t, "r (relaxed) or s (strict)"));
                        continue;
                    }
                };
                if name == "adkim" {
                    r.adkim = m;
                } else {
                    r.aspf = m;
                }
            }
            "fo" => {
                if let Some(fo) = failure_options(t, diags) {
                    r.failure_options = fo;
                }
            }
            "rua" | "ruf" => {
                let list = uri_list(t, spec, diags);
                if name == "rua" {
                    r.rua = list;
                } else {
                    r.ruf = list;
                }
            }
            "pct" | "rf" | "ri" if bis => diags.push(catalog::dmarc_historic_tag(t)),
            "pct" => match t.value.parse::<u8>() {
                Ok(n) if n <= 100 && t.value.bytes().all(|b| b.is_ascii_digit()) => {
                    r.percent = Some(n)
                }
                _ => diags.push(catalog::dmarc_bad_value(t, "a whole number from 0 to 100")),
            },
            "rf" => {
                let ok = split_list(&t.value, b',').iter().all(|&(a, b)| {
                    matches!(
                        t.value[a..b].to_ascii_lowercase().as_str(),
                        "afrf" | "iodef"
                    )
                });
                if !ok {
                    diags.push(catalog::dmarc_bad_value(
                        t,
                        "afrf or iodef, comma-separated",
                    ));
                }
            }
            "ri" => {
                if t.value.is_empty()
                    || !t.value.bytes().all(|b| b.is_ascii_digit())
                    || t.value.parse::<u32>().is_err()
                {
                    diags.push(catalog::dmarc_bad_value(t, "a number of seconds"));
                }
            }
            _ => diags.push(catalog::dmarc_unknown_tag(t, spec)),
        }
    }
    Parsed {
        tags,
        record: version_ok.then_some(r),
        policy_index,
    }
}

fn policy_value(t: &Tag, r: &mut DmarcRecord, diags: &mut Vec<Diagnostic>) -> Option<Policy> {
    let p = Policy::parse(&t.value);
    if p.is_none() {
        r.policy_tags_valid = false;
        diags.push(catalog::dmarc_bad_policy(t));
    }
    p
}

/// `fo`: RFC 9989's `dmarc-fo`. Options outside 0, 1, d, s make the tag invalid (an error); 0
/// with 1 and a repeated option are warnings (receivers discard the value and use `fo=0`).
fn failure_options(t: &Tag, diags: &mut Vec<Diagnostic>) -> Option<Vec<String>> {
    let mut items: Vec<String> = Vec::new();
    for (a, b) in split_list(&t.value, b':') {
        let item = t.value[a..b].to_ascii_lowercase();
        if !matches!(item.as_str(), "0" | "1" | "d" | "s") {
            diags.push(catalog::dmarc_bad_fo(
                &t.value[a..b],
                t.value_sub_span(a, b),
            ));
            return None;
        }
        if items.contains(&item) {
            diags.push(catalog::dmarc_fo_repeated(&item, t.value_sub_span(a, b)));
            continue;
        }
        items.push(item);
    }
    if items.iter().any(|i| i == "0") && items.iter().any(|i| i == "1") {
        diags.push(catalog::dmarc_fo_conflict(t.value_span));
        return None;
    }
    Some(items)
}

/// `rua`/`ruf`: a comma-separated list of URIs, each perhaps with RFC 7489's `!size` suffix.
fn uri_list(t: &Tag, spec: DmarcSpec, diags: &mut Vec<Diagnostic>) -> Vec<ReportUri> {
    let mut out = Vec::new();
    for (a, b) in split_list(&t.value, b',') {
        let item = &t.value[a..b];
        let span = t.value_sub_span(a, b);
        if item.is_empty() {
            diags.push(catalog::dmarc_bad_uri(&t.name, item, "is empty", span));
            continue;
        }
        // The size suffix is whatever follows the last `!`, when it reads as a size.
        let mut uri_end = item.len();
        let mut size_limit = None;
        if let Some(bang) = item.rfind('!') {
            let suffix = &item[bang + 1..];
            let squeezed: String = suffix
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            if is_size(&squeezed) {
                uri_end = item[..bang].trim_end().len();
                let suffix_span = t.value_sub_span(a + bang, b);
                if squeezed == suffix && uri_end == bang {
                    if spec == DmarcSpec::Rfc9989 {
                        diags.push(catalog::dmarc_uri_size_suffix(suffix_span));
                    }
                } else {
                    diags.push(catalog::dmarc_bad_size_suffix(suffix_span));
                }
                size_limit = Some(squeezed.to_ascii_lowercase());
            }
        }
        let uri_text = &item[..uri_end];
        let uri_span = t.value_sub_span(a, a + uri_end);
        let mut entry = ReportUri {
            uri: uri_text.to_string(),
            scheme: None,
            domain: None,
            size_limit,
            valid: false,
            span,
        };
        match uri::parse(uri_text) {
            Err(UriError::NoScheme) => diags.push(catalog::dmarc_bad_uri(
                &t.name,
                uri_text,
                "has no scheme (reports go to mailto: URIs)",
                uri_span,
            )),
            Err(UriError::BadChar(i, c)) => diags.push(catalog::dmarc_bad_uri(
                &t.name,
                uri_text,
                if c == ' ' {
                    "holds a space (percent-encode it as %20)"
                } else {
                    "holds a character a URI cannot hold (percent-encode it)"
                },
                t.value_sub_span(a + i, a + i + c.len_utf8()),
            )),
            Err(UriError::BadPercent(i)) => diags.push(catalog::dmarc_bad_uri(
                &t.name,
                uri_text,
                "has a '%' that is not followed by two hexadecimal digits",
                t.value_sub_span(a + i, a + i + 1),
            )),
            Ok(u) => {
                let scheme = u.scheme.to_ascii_lowercase();
                if let Some(i) = uri_text.find('!') {
                    diags.push(catalog::dmarc_unencoded_uri_char(
                        t.value_sub_span(a + i, a + i + 1),
                    ));
                }
                match scheme.as_str() {
                    "mailto" => match uri::mailto_domain(u.rest) {
                        Ok(d) => {
                            entry.domain = Some(d.to_ascii_lowercase());
                            entry.valid = true;
                        }
                        Err(why) => {
                            diags.push(catalog::dmarc_bad_uri(&t.name, uri_text, why, uri_span))
                        }
                    },
                    "https" | "http" => {
                        entry.domain = uri::https_host(u.rest).ok().map(|h| h.to_ascii_lowercase());
                        entry.valid = entry.domain.is_some();
                        diags.push(catalog::dmarc_uri_scheme(&t.name, &scheme, true, uri_span));
                    }
                    _ => diags.push(catalog::dmarc_uri_scheme(
                        &t.name, u.scheme, false, uri_span,
                    )),
                }
                entry.scheme = Some(scheme);
            }
        }
        out.push(entry);
    }
    out
}

fn is_size(s: &str) -> bool {
    let digits = s.trim_end_matches(|c: char| "kmgtKMGT".contains(c));
    s.len() - digits.len() <= 1 && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}
