//! The DKIM key record (RFC 6376 section 3.6.1).

use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{has_errors, Diagnostic, LineIndex, Span};
use crate::input;
use crate::syntax::base64::{self, Base64Error};
use crate::syntax::der::{key_shape, KeyShape};
use crate::syntax::tagvalue::{self, split_list, Tag, TagList, TagSyntax};

/// The key algorithm (`k=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyType {
    /// RSA (the default).
    Rsa,
    /// Ed25519 (RFC 8463).
    Ed25519,
    /// Something else, which verifiers cannot use.
    Unknown,
}

/// How the public key in `p=` is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyFormat {
    /// An RSA SubjectPublicKeyInfo (what OpenSSL and every DKIM tool write).
    Spki,
    /// A bare RSAPublicKey (PKCS #1).
    Pkcs1,
    /// The 32 bytes of an Ed25519 key, as RFC 8463 asks.
    Raw,
    /// Not a layout verifiers can use with this key type.
    Unusable,
    /// `p=` is empty: the key is revoked.
    Revoked,
}

/// What a DKIM key record says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DkimKey {
    /// `k=` (RSA when absent).
    pub key_type: KeyType,
    /// The layout of `p=`.
    pub format: KeyFormat,
    /// The key size in bits: the RSA modulus size, or 256 for Ed25519.
    pub bits: Option<u32>,
    /// `h=`: the hash algorithms the key may be used with (empty: all).
    pub hash_algorithms: Vec<String>,
    /// `s=`: service types (`*` when absent).
    pub service_types: Vec<String>,
    /// `t=y`: the domain is testing DKIM.
    pub testing: bool,
    /// `t=s`: the `i=` domain of signatures must be exactly `d=`.
    pub strict_identity: bool,
    /// `n=`: notes for people.
    pub notes: Option<String>,
}

/// The result of checking a DKIM key record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DkimKeyReport {
    /// No diagnostic of error severity.
    pub valid: bool,
    /// Every tag, with spans.
    pub tags: Vec<Tag>,
    /// What the record says, when it is a DKIM key record.
    pub key: Option<DkimKey>,
    /// Findings.
    pub diagnostics: Vec<Diagnostic>,
}

impl DkimKeyReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to the input string.
    pub fn locate(&mut self, input: &str) {
        let index = LineIndex::new(input);
        crate::record::locate_common(&index, &mut self.tags, &mut self.diagnostics);
    }
}

/// Check a DKIM key record (the TXT record at `<selector>._domainkey.<domain>`): its tags, and
/// the public key's algorithm and size read from its DER (RSA under 1024 bits is an error, under
/// 2048 a warning; Ed25519 must be 32 bytes); an empty `p=` means the key is revoked.
///
/// ```
/// use deliverkit::validate_dkim_key;
///
/// let r = validate_dkim_key("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
/// assert!(r.valid);
/// assert_eq!(r.key.unwrap().bits, Some(256));
///
/// let r = validate_dkim_key("v=DKIM1; p=");
/// assert!(!r.valid);
/// assert_eq!(r.diagnostics[0].code.as_str(), "dkim/key-revoked");
/// ```
pub fn validate_dkim_key(text: &str) -> DkimKeyReport {
    let (usable, mut diags) = input::prepare_record(text);
    let tags = tagvalue::parse(usable, 0, TagSyntax::DKIM, &mut diags);
    let key = parse(&tags, &mut diags);
    if let Some(k) = &key {
        lint(&tags, k, &mut diags);
    }
    DkimKeyReport {
        valid: !has_errors(&diags),
        tags: tags.tags,
        key,
        diagnostics: diags,
    }
}

fn parse(tags: &TagList, diags: &mut Vec<Diagnostic>) -> Option<DkimKey> {
    if let Some(v) = tags.get("v") {
        if v.value != "DKIM1" {
            let kind = crate::record::other_kind(&v.value, "DKIM1");
            diags.push(catalog::dkim_key_bad_version(&v.value, kind, v.value_span));
            if kind.is_some() {
                return None;
            }
        }
        if !std::ptr::eq(v, &tags.tags[0]) {
            diags.push(catalog::dkim_key_version_not_first(v.span));
        }
    }
    let mut key = DkimKey {
        key_type: KeyType::Rsa,
        format: KeyFormat::Unusable,
        bits: None,
        hash_algorithms: Vec::new(),
        service_types: vec!["*".to_string()],
        testing: false,
        strict_identity: false,
        notes: None,
    };
    for t in tags.unique() {
        match t.name.as_str() {
            "v" | "p" => {}
            "k" => {
                key.key_type = match t.value.to_ascii_lowercase().as_str() {
                    "rsa" => KeyType::Rsa,
                    "ed25519" => KeyType::Ed25519,
                    _ => {
                        diags.push(catalog::dkim_key_unknown_type(&t.value, t.value_span));
                        KeyType::Unknown
                    }
                }
            }
            "h" => {
                for (a, b) in split_list(&t.value, b':') {
                    let alg = t.value[a..b].to_ascii_lowercase();
                    if !matches!(alg.as_str(), "sha1" | "sha256") {
                        diags.push(catalog::dkim_key_unknown_hash(
                            &t.value[a..b],
                            t.value_sub_span(a, b),
                        ));
                    }
                    key.hash_algorithms.push(alg);
                }
            }
            "s" => {
                key.service_types.clear();
                for (a, b) in split_list(&t.value, b':') {
                    let s = t.value[a..b].to_ascii_lowercase();
                    if !matches!(s.as_str(), "*" | "email") {
                        diags.push(catalog::dkim_key_unknown_service(
                            &t.value[a..b],
                            t.value_sub_span(a, b),
                        ));
                    }
                    key.service_types.push(s);
                }
            }
            "t" => {
                for (a, b) in split_list(&t.value, b':') {
                    match &t.value[a..b] {
                        "y" => key.testing = true,
                        "s" => key.strict_identity = true,
                        other => diags.push(catalog::dkim_key_unknown_flag(
                            other,
                            t.value_sub_span(a, b),
                        )),
                    }
                }
            }
            "n" => key.notes = Some(t.value.clone()),
            _ => diags.push(catalog::dkim_key_unknown_tag(t)),
        }
    }
    match tags.get("p") {
        None => diags.push(catalog::dkim_key_missing_p()),
        Some(p) => read_public_key(p, &mut key, diags),
    }
    Some(key)
}

fn read_public_key(p: &Tag, key: &mut DkimKey, diags: &mut Vec<Diagnostic>) {
    if p.value.trim().is_empty() {
        key.format = KeyFormat::Revoked;
        diags.push(catalog::dkim_key_revoked(p.span));
        return;
    }
    let bytes = match base64::decode(&p.value) {
        Ok(b) => b,
        Err(e) => {
            let span = match e {
                Base64Error::BadChar(i) | Base64Error::AfterPadding(i) => {
                    let c = p.value[i..].chars().next().map_or(1, char::len_utf8);
                    p.value_sub_span(i, i + c)
                }
                Base64Error::Truncated => p.value_span,
            };
            diags.push(catalog::dkim_key_bad_base64(e, span));
            return;
        }
    };
    let shape = key_shape(&bytes);
    let span = p.value_span;
    match key.key_type {
        KeyType::Unknown => {}
        KeyType::Rsa => match shape {
            KeyShape::RsaSpki { bits } | KeyShape::RsaPkcs1 { bits } => {
                key.format = if matches!(shape, KeyShape::RsaSpki { .. }) {
                    KeyFormat::Spki
                } else {
                    diags.push(catalog::dkim_key_pkcs1(span));
                    KeyFormat::Pkcs1
                };
                key.bits = Some(bits as u32);
                if bits < 1024 {
                    diags.push(catalog::dkim_key_too_short(bits, span));
                } else if bits < 2048 {
                    diags.push(catalog::dkim_key_weak(bits, span));
                }
            }
            KeyShape::Ed25519Spki => diags.push(catalog::dkim_key_type_mismatch(
                "rsa",
                "an Ed25519 key",
                span,
            )),
            KeyShape::OtherSpki => diags.push(catalog::dkim_key_type_mismatch(
                "rsa",
                "a key of another algorithm",
                span,
            )),
            KeyShape::Unknown if bytes.len() == 32 => diags.push(catalog::dkim_key_type_mismatch(
                "rsa",
                "32 bytes, the size of an Ed25519 key",
                span,
            )),
            KeyShape::Unknown => diags.push(catalog::dkim_key_bad_der(bytes.len(), span)),
        },
        KeyType::Ed25519 => match shape {
            _ if bytes.len() == 32 => {
                key.format = KeyFormat::Raw;
                key.bits = Some(256);
            }
            KeyShape::Ed25519Spki => diags.push(catalog::dkim_key_bad_ed25519(
                "is wrapped in a SubjectPublicKeyInfo",
                span,
            )),
            KeyShape::RsaSpki { .. } | KeyShape::RsaPkcs1 { .. } => diags.push(
                catalog::dkim_key_type_mismatch("ed25519", "an RSA key", span),
            ),
            _ => diags.push(catalog::dkim_key_bad_ed25519(
                &format!("is {} bytes long, not 32", bytes.len()),
                span,
            )),
        },
    }
}

fn lint(tags: &TagList, key: &DkimKey, diags: &mut Vec<Diagnostic>) {
    if !key.hash_algorithms.is_empty() && !key.hash_algorithms.iter().any(|h| h == "sha256") {
        let span = tags.get("h").map_or(Span::new(0, 0), |t| t.span);
        diags.push(catalog::dkim_key_no_sha256(span));
    }
    if !key.service_types.iter().any(|s| s == "*" || s == "email") {
        let span = tags.get("s").map_or(Span::new(0, 0), |t| t.span);
        diags.push(catalog::dkim_key_not_for_email(span));
    }
    if key.testing {
        if let Some(t) = tags.get("t") {
            diags.push(catalog::dkim_key_testing(t.span));
        }
    }
}
