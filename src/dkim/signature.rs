//! The `DKIM-Signature` header field (RFC 6376 section 3.5).

use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex, Span};
use crate::input;
use crate::syntax::base64;
use crate::syntax::domain;
use crate::syntax::tagvalue::{self, split_list, Tag, TagList, TagSyntax};

/// Options of [`validate_dkim_signature_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DkimSignatureOptions {
    /// The current time in seconds since the Unix epoch, to check `x=` (expiry) and `t=` (not in
    /// the future). Without it only their order is checked. (The crate never reads the clock
    /// itself, so the same input always gives the same report.)
    pub now: Option<u64>,
}

/// Header and body canonicalization (`c=`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Canonicalization {
    /// `simple` or `relaxed`.
    pub header: String,
    /// `simple` or `relaxed`.
    pub body: String,
}

/// What a `DKIM-Signature` says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DkimSignature {
    /// `a=`.
    pub algorithm: Option<String>,
    /// `d=`: the signing domain, the identifier DMARC aligns.
    pub domain: Option<String>,
    /// `s=`: the selector; the key is at `<s>._domainkey.<d>`.
    pub selector: Option<String>,
    /// Where the verifier looks the key up.
    pub key_name: Option<String>,
    /// `c=`.
    pub canonicalization: Canonicalization,
    /// `h=`: the signed header fields, in order, lower case.
    pub signed_headers: Vec<String>,
    /// `i=`: the agent or user identifier.
    pub identity: Option<String>,
    /// `l=`: the number of body bytes signed (capped at 2^53 - 1).
    pub body_length: Option<u64>,
    /// `t=`: signature time (seconds since the epoch).
    pub timestamp: Option<u64>,
    /// `x=`: expiry time (seconds since the epoch).
    pub expiration: Option<u64>,
    /// The size of the decoded `b=` in bytes.
    pub signature_bytes: Option<usize>,
}

/// The result of checking a `DKIM-Signature` header field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DkimSignatureReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every tag, with spans (relative to the whole input, header name included).
    pub tags: Vec<Tag>,
    /// What the signature says.
    pub signature: DkimSignature,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl DkimSignatureReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        crate::record::locate_common(&index, &mut self.tags, &mut self.diagnostics);
    }
}

/// The tags RFC 6376 section 3.5 requires.
const REQUIRED: [&str; 7] = ["v", "a", "b", "bh", "d", "h", "s"];

/// Check a `DKIM-Signature` header field (with or without its `DKIM-Signature:` name, folded or
/// not): required tags, the algorithm (rsa-sha1 is no longer allowed), that `From` is signed,
/// `l=`, `t=`/`x=`, `i=` against `d=`, canonicalization, and the base64 of `b=` and `bh=`.
/// Nothing is verified cryptographically.
///
/// ```
/// use deliverkit::validate_dkim_signature;
///
/// let r = validate_dkim_signature(
///     "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel;\r\n\
///      \th=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==",
/// );
/// assert!(r.valid);
/// assert_eq!(r.signature.key_name.as_deref(), Some("sel._domainkey.example.com"));
///
/// let r = validate_dkim_signature("v=1; a=rsa-sha1; d=example.com; s=sel; h=to; bh=AA==; b=AA==; l=10");
/// let codes: Vec<_> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert!(codes.contains(&"dkim/sig-rsa-sha1"));
/// assert!(codes.contains(&"dkim/sig-from-not-signed"));
/// assert!(codes.contains(&"dkim/sig-body-length"));
/// ```
pub fn validate_dkim_signature(text: &str) -> DkimSignatureReport {
    validate_dkim_signature_with(text, &DkimSignatureOptions::default())
}

/// [`validate_dkim_signature`] with the current time, to check expiry.
///
/// ```
/// use deliverkit::dkim::{validate_dkim_signature_with, DkimSignatureOptions};
///
/// let sig = "v=1; a=rsa-sha256; d=example.com; s=s; h=from; bh=AA==; b=AA==; t=1700000000; x=1700086400";
/// let r = validate_dkim_signature_with(sig, &DkimSignatureOptions { now: Some(1800000000) });
/// assert_eq!(r.diagnostics.last().unwrap().code.as_str(), "dkim/sig-expired");
/// ```
pub fn validate_dkim_signature_with(
    text: &str,
    opts: &DkimSignatureOptions,
) -> DkimSignatureReport {
    let (usable, mut diags) = input::prepare_record(text);
    let base = header_value_start(usable);
    let tags = tagvalue::parse(&usable[base..], base, TagSyntax::DKIM, &mut diags);
    let signature = parse(&tags, &mut diags);
    lint(&tags, &signature, opts, &mut diags);
    DkimSignatureReport {
        valid: !has_errors(&diags),
        tags: tags.tags,
        signature,
        diagnostics: diags,
    }
}

/// Skip a leading `DKIM-Signature:` header name.
fn header_value_start(text: &str) -> usize {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    let name = "dkim-signature";
    if trimmed.len() > name.len()
        && trimmed.is_char_boundary(name.len())
        && trimmed[..name.len()].eq_ignore_ascii_case(name)
    {
        let rest = &trimmed[name.len()..];
        let after = rest.trim_start_matches([' ', '\t']);
        if let Some(value) = after.strip_prefix(':') {
            return text.len() - value.len();
        }
    }
    lead
}

fn digits(t: &Tag, max: usize, diags: &mut Vec<Diagnostic>) -> Option<u64> {
    let v = t.value.as_str();
    if v.is_empty() || v.len() > max || !v.bytes().all(|b| b.is_ascii_digit()) {
        diags.push(catalog::dkim_sig_bad_value(
            t,
            &format!("1 to {max} digits"),
        ));
        return None;
    }
    // Saturate: `l=` may have up to 76 digits, and JavaScript numbers are exact up to 2^53.
    Some(v.parse::<u64>().unwrap_or(u64::MAX).min(MAX_SAFE_INTEGER))
}

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

fn parse(tags: &TagList, diags: &mut Vec<Diagnostic>) -> DkimSignature {
    let mut s = DkimSignature {
        algorithm: None,
        domain: None,
        selector: None,
        key_name: None,
        canonicalization: Canonicalization {
            header: "simple".into(),
            body: "simple".into(),
        },
        signed_headers: Vec::new(),
        identity: None,
        body_length: None,
        timestamp: None,
        expiration: None,
        signature_bytes: None,
    };
    for name in REQUIRED {
        if tags.get(name).is_none() {
            diags.push(catalog::dkim_sig_missing_tag(name));
        }
    }
    for t in tags.unique() {
        match t.name.as_str() {
            "v" => {
                if t.value != "1" {
                    diags.push(catalog::dkim_sig_bad_version(&t.value, t.value_span));
                }
            }
            "a" => {
                let a = t.value.to_ascii_lowercase();
                match a.as_str() {
                    "rsa-sha256" | "ed25519-sha256" => {}
                    "rsa-sha1" => diags.push(catalog::dkim_sig_rsa_sha1(t.value_span)),
                    _ => diags.push(catalog::dkim_sig_unknown_algorithm(&t.value, t.value_span)),
                }
                s.algorithm = Some(a);
            }
            "b" | "bh" => {
                if t.value.trim().is_empty() {
                    diags.push(catalog::dkim_sig_bad_base64(
                        &t.name,
                        "is empty",
                        t.value_span,
                    ));
                    continue;
                }
                match base64::decode(&t.value) {
                    Ok(bytes) if t.name == "b" => s.signature_bytes = Some(bytes.len()),
                    Ok(bytes) => check_body_hash(tags, t, bytes.len(), diags),
                    Err(_) => diags.push(catalog::dkim_sig_bad_base64(
                        &t.name,
                        "is not valid base64",
                        t.value_span,
                    )),
                }
            }
            "c" => {
                let v = t.value.to_ascii_lowercase();
                let (h, b) = v.split_once('/').unwrap_or((v.as_str(), "simple"));
                let ok = |x: &str| matches!(x, "simple" | "relaxed");
                if ok(h) && ok(b) {
                    s.canonicalization = Canonicalization {
                        header: h.into(),
                        body: b.into(),
                    };
                } else {
                    diags.push(catalog::dkim_sig_bad_canonicalization(
                        &t.value,
                        t.value_span,
                    ));
                }
            }
            "d" => {
                let d = t.value.to_ascii_lowercase();
                if let Err(why) = domain::check(&d, 1) {
                    diags.push(catalog::dkim_sig_bad_domain(
                        "d",
                        &t.value,
                        why,
                        t.value_span,
                    ));
                }
                s.domain = Some(d);
            }
            "s" => {
                if let Err(why) = domain::check(&t.value, 1) {
                    diags.push(catalog::dkim_sig_bad_domain(
                        "s",
                        &t.value,
                        why,
                        t.value_span,
                    ));
                }
                s.selector = Some(t.value.to_ascii_lowercase());
            }
            "h" => {
                for (a, b) in split_list(&t.value, b':') {
                    let name = &t.value[a..b];
                    if name.is_empty() || !name.bytes().all(|c| (0x21..=0x7e).contains(&c)) {
                        diags.push(catalog::dkim_sig_bad_header_list(t.value_sub_span(a, b)));
                        continue;
                    }
                    s.signed_headers.push(name.to_ascii_lowercase());
                }
            }
            "i" => s.identity = Some(t.value.clone()),
            "l" => s.body_length = digits(t, 76, diags),
            "t" => s.timestamp = digits(t, 12, diags),
            "x" => s.expiration = digits(t, 12, diags),
            "q" => {
                let methods: Vec<String> = split_list(&t.value, b':')
                    .into_iter()
                    .map(|(a, b)| t.value[a..b].to_ascii_lowercase())
                    .collect();
                if !methods.iter().any(|m| m == "dns/txt") {
                    diags.push(catalog::dkim_sig_bad_query_method(&t.value, t.value_span));
                }
            }
            "z" => {}
            _ => diags.push(catalog::dkim_sig_unknown_tag(t)),
        }
    }
    if let (Some(sel), Some(d)) = (&s.selector, &s.domain) {
        s.key_name = Some(format!("{sel}._domainkey.{d}"));
    }
    s
}

/// `bh=` is the body hash: 32 bytes for SHA-256, 20 for SHA-1.
fn check_body_hash(tags: &TagList, t: &Tag, len: usize, diags: &mut Vec<Diagnostic>) {
    let Some(a) = tags.get("a") else { return };
    let want = match a.value.to_ascii_lowercase().as_str() {
        "rsa-sha256" | "ed25519-sha256" => 32,
        "rsa-sha1" => 20,
        _ => return,
    };
    if len != want {
        diags.push(catalog::dkim_sig_bad_body_hash(len, want, t.value_span));
    }
}

fn lint(
    tags: &TagList,
    s: &DkimSignature,
    opts: &DkimSignatureOptions,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(h) = tags.get("h") {
        if !s.signed_headers.iter().any(|n| n == "from") {
            diags.push(catalog::dkim_sig_from_not_signed(h.value_span));
        }
    }
    if let Some(l) = tags.get("l") {
        if s.body_length.is_some() {
            diags.push(catalog::dkim_sig_body_length(l.span));
        }
    }
    if let (Some(i), Some(d)) = (tags.get("i"), &s.domain) {
        match i.value.rsplit_once('@') {
            None => diags.push(catalog::dkim_sig_bad_identity(&i.value, i.value_span)),
            Some((_, idom)) => {
                let idom = idom.to_ascii_lowercase();
                if !domain::is_within(&idom, d) {
                    diags.push(catalog::dkim_sig_identity_mismatch(&idom, d, i.value_span));
                }
            }
        }
    }
    if let (Some(t), Some(x)) = (s.timestamp, s.expiration) {
        if x <= t {
            let span = tags.get("x").map_or(Span::new(0, 0), |x| x.span);
            diags.push(catalog::dkim_sig_expiry_before_timestamp(t, x, span));
        }
    }
    if let Some(now) = opts.now {
        if let (Some(x), Some(tag)) = (s.expiration, tags.get("x")) {
            if x < now {
                diags.push(catalog::dkim_sig_expired(x, now, tag.span));
            }
        }
        if let (Some(t), Some(tag)) = (s.timestamp, tags.get("t")) {
            // Five minutes of clock skew are tolerated.
            if t > now.saturating_add(300) {
                diags.push(catalog::dkim_sig_future_timestamp(t, now, tag.span));
            }
        }
    }
}
