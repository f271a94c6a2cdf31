//! MTA-STS (RFC 8461): the `_mta-sts` TXT record (section 3.1) and the policy file served at
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt` (section 3.2).

use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex, Span};
use crate::input;
use crate::syntax::domain;
use crate::syntax::tagvalue::{self, Tag, TagList, TagSyntax};

/// The largest `max_age` RFC 8461 allows: one year, in seconds.
pub const MAX_AGE_LIMIT: u64 = 31_557_600;

/// The result of checking an `_mta-sts` TXT record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MtaStsTxtReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every tag, with spans.
    pub tags: Vec<Tag>,
    /// The policy id (changing it tells senders to fetch the policy again).
    pub id: Option<String>,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl MtaStsTxtReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        crate::record::locate_common(
            &LineIndex::new(input),
            &mut self.tags,
            &mut self.diagnostics,
        );
    }
}

/// Check the version tag of a strict record kind (`%s"v=STSv1"` and the like): it must open the
/// record, with exactly this value. Returns whether it does.
pub(crate) fn strict_version(
    text: &str,
    tags: &TagList,
    expected: &str,
    bad: fn(&str, Option<&'static str>, Span) -> Diagnostic,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if text.starts_with([' ', '\t']) {
        let n = text.len() - text.trim_start_matches([' ', '\t']).len();
        diags.push(catalog::record_leading_whitespace(
            &format!("v={expected}"),
            Span::new(0, n),
        ));
    }
    match tags.tags.first() {
        Some(t) if t.name == "v" && t.value == expected => true,
        Some(t) if t.name == "v" => {
            diags.push(bad(
                &t.value,
                crate::record::other_kind(&t.value, expected),
                t.span,
            ));
            false
        }
        first => {
            let span = tags
                .get("v")
                .or(first)
                .map_or(Span::new(0, text.find(';').unwrap_or(text.len())), |t| {
                    t.span
                });
            diags.push(bad("", None, span));
            false
        }
    }
}

/// Check an `_mta-sts` TXT record: `v=STSv1` first, then an `id` of 1 to 32 letters and digits.
///
/// ```
/// use deliverkit::validate_mta_sts_txt;
///
/// assert!(validate_mta_sts_txt("v=STSv1; id=20160831085700Z;").valid);
/// let r = validate_mta_sts_txt("v=STSv1");
/// assert_eq!(r.diagnostics[0].code.as_str(), "mta-sts/missing-id");
/// ```
pub fn validate_mta_sts_txt(text: &str) -> MtaStsTxtReport {
    let (usable, mut diags) = input::prepare_record(text);
    let tags = tagvalue::parse(usable, 0, TagSyntax::STRICT, &mut diags);
    let is_sts = strict_version(
        usable,
        &tags,
        "STSv1",
        catalog::mta_sts_bad_version,
        &mut diags,
    );
    let mut id = None;
    if is_sts || tags.get("v").is_none() {
        for t in tags.unique().skip(usize::from(is_sts)) {
            match t.name.as_str() {
                "v" => {}
                "id" => {
                    if t.value.is_empty()
                        || t.value.len() > 32
                        || !t.value.bytes().all(|b| b.is_ascii_alphanumeric())
                    {
                        diags.push(catalog::mta_sts_bad_id(&t.value, t.value_span));
                    } else {
                        id = Some(t.value.clone());
                    }
                }
                _ => diags.push(catalog::mta_sts_unknown_tag(t)),
            }
        }
        if tags.get("id").is_none() {
            diags.push(catalog::mta_sts_missing_id());
        }
    }
    MtaStsTxtReport {
        valid: !has_errors(&diags),
        tags: tags.tags,
        id,
        diagnostics: diags,
    }
}

/// The policy mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MtaStsMode {
    /// Senders must not deliver to MX hosts that fail the policy.
    Enforce,
    /// Senders deliver anyway and report failures (TLS-RPT).
    Testing,
    /// The policy is withdrawn.
    None,
}

/// What a policy file says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MtaStsPolicy {
    /// `mode`, when valid.
    pub mode: Option<MtaStsMode>,
    /// The valid `mx` patterns, in order.
    pub mx: Vec<String>,
    /// `max_age` in seconds, when valid.
    pub max_age: Option<u64>,
}

/// The result of checking an MTA-STS policy file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MtaStsPolicyReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every `key: value` line, with spans (as tags: `name` is the key).
    pub fields: Vec<Tag>,
    /// What the policy says.
    pub policy: MtaStsPolicy,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl MtaStsPolicyReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        crate::record::locate_common(
            &LineIndex::new(input),
            &mut self.fields,
            &mut self.diagnostics,
        );
    }
}

/// Read `key: value` lines (LF or CRLF).
fn policy_lines(text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let line_start = start;
        start += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let span = Span::new(line_start, line_start + line.len());
        let Some(colon) = line.find(':') else {
            diags.push(catalog::mta_sts_policy_bad_line(line, span));
            continue;
        };
        let key = &line[..colon];
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        {
            diags.push(catalog::mta_sts_policy_bad_line(line, span));
            continue;
        }
        let raw = &line[colon + 1..];
        let value = raw.trim_matches([' ', '\t']);
        let vstart =
            line_start + colon + 1 + (raw.len() - raw.trim_start_matches([' ', '\t']).len());
        let duplicate = key != "mx" && out.iter().any(|t: &Tag| t.name == key);
        out.push(Tag {
            name: key.to_string(),
            value: value.to_string(),
            span,
            name_span: Span::new(line_start, line_start + colon),
            value_span: Span::new(vstart, vstart + value.len()),
            duplicate,
        });
    }
    out
}

/// Check an MTA-STS policy file: `version: STSv1`, `mode` (enforce, testing or none), `mx`
/// patterns (`*.` only as the whole left-most label) and `max_age` (at most one year; short values
/// weaken the protection).
///
/// ```
/// use deliverkit::{validate_mta_sts_policy, mtasts::MtaStsMode};
///
/// let r = validate_mta_sts_policy("version: STSv1\nmode: enforce\nmx: mail.example.com\nmx: *.example.net\nmax_age: 604800\n");
/// assert!(r.valid);
/// assert_eq!(r.policy.mode, Some(MtaStsMode::Enforce));
/// assert_eq!(r.policy.mx, ["mail.example.com", "*.example.net"]);
///
/// let r = validate_mta_sts_policy("version: STSv1\nmode: enforced\nmx: mail.*.com\nmax_age: 99999999999");
/// let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert_eq!(codes, ["mta-sts/bad-mode", "mta-sts/bad-mx", "mta-sts/bad-max-age"]);
/// ```
pub fn validate_mta_sts_policy(text: &str) -> MtaStsPolicyReport {
    let (usable, mut diags) = input::prepare_record(text);
    let fields = policy_lines(usable, &mut diags);
    let mut policy = MtaStsPolicy {
        mode: None,
        mx: Vec::new(),
        max_age: None,
    };
    for f in &fields {
        if f.duplicate {
            diags.push(catalog::mta_sts_policy_duplicate_field(&f.name, f.span));
            continue;
        }
        match f.name.as_str() {
            "version" => {
                if f.value != "STSv1" {
                    diags.push(catalog::mta_sts_policy_bad_version(&f.value, f.value_span));
                }
            }
            "mode" => {
                policy.mode = match f.value.as_str() {
                    "enforce" => Some(MtaStsMode::Enforce),
                    "testing" => Some(MtaStsMode::Testing),
                    "none" => Some(MtaStsMode::None),
                    _ => {
                        diags.push(catalog::mta_sts_bad_mode(&f.value, f.value_span));
                        None
                    }
                }
            }
            "mx" => {
                let host = f.value.strip_prefix("*.").unwrap_or(&f.value);
                match domain::check(host, 2) {
                    Ok(()) if !host.contains('*') => policy.mx.push(f.value.to_ascii_lowercase()),
                    Ok(()) => diags.push(catalog::mta_sts_bad_mx(
                        &f.value,
                        "has '*' other than as the whole left-most label",
                        f.value_span,
                    )),
                    Err(_) if host.contains('*') => diags.push(catalog::mta_sts_bad_mx(
                        &f.value,
                        "has '*' other than as the whole left-most label",
                        f.value_span,
                    )),
                    Err(why) => diags.push(catalog::mta_sts_bad_mx(&f.value, why, f.value_span)),
                }
            }
            "max_age" => {
                let v = &f.value;
                match v.parse::<u64>() {
                    Ok(n)
                        if v.len() <= 10
                            && v.bytes().all(|b| b.is_ascii_digit())
                            && n <= MAX_AGE_LIMIT =>
                    {
                        policy.max_age = Some(n);
                    }
                    _ => diags.push(catalog::mta_sts_bad_max_age(v, f.value_span)),
                }
            }
            _ => diags.push(catalog::mta_sts_policy_unknown_field(&f.name, f.span)),
        }
    }
    if !fields.iter().any(|f| f.name == "version") && !fields.is_empty() {
        diags.push(catalog::mta_sts_policy_missing_field("version"));
    }
    for name in ["mode", "max_age"] {
        if !fields.iter().any(|f| f.name == name) && !fields.is_empty() {
            diags.push(catalog::mta_sts_policy_missing_field(name));
        }
    }
    if !fields.iter().any(|f| f.name == "mx")
        && matches!(policy.mode, Some(MtaStsMode::Enforce | MtaStsMode::Testing))
    {
        diags.push(catalog::mta_sts_policy_missing_field("mx"));
    }
    lint_policy(&fields, &policy, &mut diags);
    MtaStsPolicyReport {
        valid: !has_errors(&diags),
        fields,
        policy,
        diagnostics: diags,
    }
}

fn lint_policy(fields: &[Tag], policy: &MtaStsPolicy, diags: &mut Vec<Diagnostic>) {
    let span_of = |name: &str| fields.iter().find(|f| f.name == name).map(|f| f.span);
    if let (Some(age), Some(span)) = (policy.max_age, span_of("max_age")) {
        if age < 86_400 && policy.mode != Some(MtaStsMode::None) {
            diags.push(catalog::mta_sts_max_age_short(age, span));
        }
    }
    match (policy.mode, span_of("mode")) {
        (Some(MtaStsMode::Testing), Some(s)) => diags.push(catalog::mta_sts_mode_testing(s)),
        (Some(MtaStsMode::None), Some(s)) => diags.push(catalog::mta_sts_mode_none(s)),
        _ => {}
    }
}
