//! Every diagnostic deliverkit emits is built here, one constructor per code, so wording stays
//! consistent and validators never format messages inline.

use crate::diagnostic::{Code, Diagnostic, Span};

/// `input/empty`
pub fn input_empty() -> Diagnostic {
    Diagnostic::new(Code::InputEmpty, "The input is empty")
        .with_help("Paste an SMTP reply, a log line or a DSN Diagnostic-Code field")
}

/// `input/too-large`
pub fn input_too_large(len: usize, limit: usize) -> Diagnostic {
    Diagnostic::new(
        Code::InputTooLarge,
        format!("The input is {len} bytes; only the first {limit} bytes were read"),
    )
    .with_help("Split the input and decode the parts separately")
    .with_span(Span::new(limit, len))
}

/// `input/binary`
pub fn input_binary(at: usize) -> Diagnostic {
    Diagnostic::new(
        Code::InputBinary,
        "The input holds NUL or control bytes, so it may not be text",
    )
    .with_help("Paste the text of the reply, not a binary file")
    .with_span(Span::new(at, at + 1))
}

/// `input/replacement-chars`
pub fn input_replacement_chars() -> Diagnostic {
    Diagnostic::new(
        Code::InputReplacementChars,
        "Bytes that are not valid UTF-8 were replaced with U+FFFD",
    )
    .with_help("Convert the input to UTF-8 first if its wording matters")
}

/// `smtp/no-reply-code`
pub fn no_reply_code() -> Diagnostic {
    Diagnostic::new(Code::SmtpNoReplyCode, "No SMTP reply code (such as 550) was found")
        .with_help("Include the three-digit code the server sent; without it the class is guessed from the wording")
}

/// `smtp/no-status`
pub fn no_status() -> Diagnostic {
    Diagnostic::new(Code::SmtpNoStatus, "No enhanced status code (such as 5.1.1) was found")
        .with_help("Servers that support RFC 3463 send one after the reply code; the reason was read from the wording")
}

/// `smtp/class-mismatch`
pub fn class_mismatch(reply: u16, status: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SmtpClassMismatch,
        format!("The enhanced status {status} contradicts the reply code {reply}"),
    )
    .with_help("RFC 3463 requires the status class to match the reply code's first digit; the reply code was trusted for retry decisions")
    .with_span(span)
}

/// `smtp/unregistered-status`
pub fn unregistered_status(status: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SmtpUnregisteredStatus,
        format!("The enhanced status {status} is not in the IANA registry"),
    )
    .with_help("It is probably a provider's own extension; its class and subject still apply, and its text explains it")
    .with_span(span)
}

/// `smtp/invalid-reply-code`
pub fn invalid_reply_code(code: u16, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SmtpInvalidReplyCode,
        format!("The reply code {code} is outside the ranges RFC 5321 defines"),
    )
    .with_help("Reply codes are 2yz to 5yz with a second digit from 0 to 5")
    .with_span(span)
}

/// `smtp/intermediate-reply`
pub fn intermediate_reply(code: u16, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SmtpIntermediateReply,
        format!("The reply code {code} is an intermediate reply, not a final result"),
    )
    .with_help(
        "A 3xx reply asks the client to continue (for example 354 after DATA); it is not an error",
    )
    .with_span(span)
}

/// `smtp/reason-undetermined`
pub fn reason_undetermined() -> Diagnostic {
    Diagnostic::new(
        Code::SmtpReasonUndetermined,
        "The text gives no recognisable reason for the failure",
    )
    .with_help("Look at the full bounce or the server's log for more detail")
}

/// `smtp/internal-status`
pub fn internal_status(status: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::SmtpInternalStatus,
        format!("The status {status} is a pseudo code written by a bounce decoder"),
    )
    .with_help("No server sent it; the decoder that wrote it used it to name a reason")
    .with_span(span)
}

// ==================================================================================================
// Records: DMARC, DKIM, MTA-STS, TLS-RPT, BIMI (issue 5). Shared tag-list codes first (`record/`),
// then one group per record kind, in the order of data/diagnostics.tsv.
// ==================================================================================================

use crate::diagnostic::Severity;
use crate::dmarc::{DmarcSpec, Policy};
use crate::syntax::tagvalue::Tag;

/// `record/empty`
pub fn record_empty() -> Diagnostic {
    Diagnostic::new(Code::RecordEmpty, "The record is empty").with_help(
        "Paste the TXT record's text, such as v=DMARC1; p=reject; rua=mailto:dmarc@example.com",
    )
}

/// `record/quoted`
pub fn record_quoted(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordQuoted,
        "The record is wrapped in quotes, as a zone file writes it",
    )
    .with_help("Paste the record's text without the quotes; a record split into several quoted strings is read as the strings joined with nothing between them")
    .with_span(span)
}

/// `record/empty-term`
pub fn record_empty_term(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordEmptyTerm,
        "There is an empty term (a stray ';')",
    )
    .with_help("Remove the extra ';'; strict parsers reject a tag list with an empty term")
    .with_span(span)
}

/// `record/missing-equals`
pub fn record_missing_equals(term: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordMissingEquals,
        format!(
            "The term {:?} has no '=' between a tag name and a value",
            clip(term)
        ),
    )
    .with_help("Write each tag as name=value, with ';' between tags")
    .with_span(span)
}

/// `record/bad-tag-name`
pub fn record_bad_tag_name(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordBadTagName,
        format!("{:?} is not a valid tag name", clip(name)),
    )
    .with_help("A tag name starts with a letter and holds only letters, digits and '_'")
    .with_span(span)
}

/// `record/duplicate-tag`
pub fn record_duplicate_tag(name: &str, first_at: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordDuplicateTag,
        format!("The tag {name} appears more than once (first at byte {first_at})"),
    )
    .with_help("Keep one; RFC 6376 section 3.2 makes a tag list with a repeated tag invalid, and readers disagree on which copy wins")
    .with_span(span)
}

/// `record/bad-char`
pub fn record_bad_char(tag: &str, c: char, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordBadChar,
        format!("The value of {tag} holds the character {c:?} (U+{:04X}), which a tag value cannot hold", c as u32),
    )
    .with_help("Tag values are printable US-ASCII; retype the value (a copy from a word processor often brings curly quotes or non-breaking spaces)")
    .with_span(span)
}

/// `record/bad-folding`
pub fn record_bad_folding(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordBadFolding,
        "A line break is not followed by white space, so it is not folding white space",
    )
    .with_help("Join the lines, or start each continuation line with a space (RFC 5322 folding)")
    .with_span(span)
}

/// `record/space-around-equals`
pub fn record_space_around_equals(tag: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordSpaceAroundEquals,
        format!("There is white space around the '=' of {tag}"),
    )
    .with_help("This record's grammar has no white space around '='; write name=value")
    .with_span(span)
}

/// `record/leading-whitespace`
pub fn record_leading_whitespace(version: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::RecordLeadingWhitespace,
        "The record starts with white space",
    )
    .with_help(format!(
        "The record must start with {version}; remove the white space before it"
    ))
    .with_span(span)
}

/// `record/unknown-kind`
pub fn record_unknown_kind() -> Diagnostic {
    Diagnostic::new(
        Code::RecordUnknownKind,
        "The record's kind is not recognised",
    )
    .with_help("Start the record with its version tag: v=spf1, v=DMARC1, v=DKIM1, v=STSv1, v=TLSRPTv1 or v=BIMI1")
}

/// `record/spf-not-validated`
pub fn record_spf_not_validated() -> Diagnostic {
    Diagnostic::new(
        Code::RecordSpfNotValidated,
        "This is an SPF record; SPF validation lives in validate_spf",
    )
    .with_help("Check it with validate_spf (deliverkit spf) for mechanisms, lookups and limits")
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push_str("...");
    }
    out
}

fn policy_strength(p: Policy) -> &'static str {
    match p {
        Policy::None => "none (no action)",
        Policy::Quarantine => "quarantine",
        Policy::Reject => "reject",
    }
}

/// `dmarc/not-dmarc`
pub fn dmarc_not_dmarc(kind: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcNotDmarc,
        format!("This is {kind}, not a DMARC record"),
    )
    .with_help("A DMARC record is published at _dmarc.<domain> and starts with v=DMARC1; check that the right record was pasted or published at this name")
    .with_span(span)
}

/// `dmarc/missing-version`
pub fn dmarc_missing_version(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcMissingVersion,
        "The record does not start with v=DMARC1",
    )
    .with_help("Add v=DMARC1 as the first tag; receivers ignore a record without it")
    .with_span(span)
}

/// `dmarc/version-not-first`
pub fn dmarc_version_not_first(span: Span) -> Diagnostic {
    Diagnostic::new(Code::DmarcVersionNotFirst, "The v tag is not the first tag")
        .with_help("Move v=DMARC1 to the start of the record; receivers ignore a record whose first tag is not v")
        .with_span(span)
}

/// `dmarc/bad-version`
pub fn dmarc_bad_version(value: &str, span: Span) -> Diagnostic {
    let help = if value.eq_ignore_ascii_case("DMARC1") {
        "The version is case-sensitive: write exactly v=DMARC1"
    } else {
        "The only DMARC version is DMARC1: write v=DMARC1"
    };
    Diagnostic::new(
        Code::DmarcBadVersion,
        format!("The version {:?} is not DMARC1", clip(value)),
    )
    .with_help(help)
    .with_span(span)
}

/// `dmarc/unknown-tag`
pub fn dmarc_unknown_tag(t: &Tag, spec: DmarcSpec) -> Diagnostic {
    let from_bis = matches!(t.name.to_ascii_lowercase().as_str(), "np" | "psd" | "t");
    let help = if from_bis && spec == DmarcSpec::Rfc7489 {
        "This tag comes from RFC 9989; receivers that implement only RFC 7489 ignore it"
    } else {
        "Receivers ignore unknown tags; check its spelling against RFC 9989 section 4.7 (v, p, sp, np, psd, t, adkim, aspf, fo, rua, ruf) or remove it"
    };
    Diagnostic::new(
        Code::DmarcUnknownTag,
        format!("{} is not a DMARC tag and is ignored", clip(&t.name)),
    )
    .with_help(help)
    .with_span(t.span)
}

/// `dmarc/historic-tag`
pub fn dmarc_historic_tag(t: &Tag) -> Diagnostic {
    let help = match t.name.to_ascii_lowercase().as_str() {
        "pct" => "RFC 9989 removed pct; to test a policy, use t=y (applied one level lower) instead, and remove pct",
        "rf" => "RFC 9989 removed rf (failure reports use one format); remove it",
        _ => "RFC 9989 removed ri (aggregate reports are sent daily); remove it",
    };
    Diagnostic::new(
        Code::DmarcHistoricTag,
        format!("The {} tag was removed by RFC 9989 and is ignored", t.name),
    )
    .with_help(help)
    .with_span(t.span)
}

/// `dmarc/bad-policy`
pub fn dmarc_bad_policy(t: &Tag) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcBadPolicy,
        format!("{:?} is not a policy; {} must be none, quarantine or reject", clip(&t.value), t.name),
    )
    .with_help("Fix the value: receivers that find an invalid p, sp or np read the record as p=none when rua holds a valid URI, and otherwise ignore it")
    .with_span(t.value_span)
}

/// `dmarc/bad-value`
pub fn dmarc_bad_value(t: &Tag, expected: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcBadValue,
        format!("{:?} is not a valid value for {}; expected {expected}", clip(&t.value), t.name),
    )
    .with_help("Receivers discard an invalid value and use the tag's default; write one of the expected values")
    .with_span(t.value_span)
}

/// `dmarc/bad-fo`
pub fn dmarc_bad_fo(item: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcBadFo,
        format!("{:?} is not a failure-reporting option", clip(item)),
    )
    .with_help("fo takes 0, 1, d or s, separated by ':' (for example fo=1:d); receivers discard an invalid fo and use fo=0")
    .with_span(span)
}

/// `dmarc/fo-conflict`
pub fn dmarc_fo_conflict(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcFoConflict,
        "fo holds both 0 and 1, which are mutually exclusive",
    )
    .with_help("Keep one: 0 reports when all mechanisms fail, 1 when any fails; receivers discard the value and use fo=0")
    .with_span(span)
}

/// `dmarc/fo-repeated`
pub fn dmarc_fo_repeated(item: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcFoRepeated,
        format!("The fo option {item} appears more than once"),
    )
    .with_help("List each option once")
    .with_span(span)
}

/// `dmarc/fo-without-ruf`
pub fn dmarc_fo_without_ruf(span: Span) -> Diagnostic {
    Diagnostic::new(Code::DmarcFoWithoutRuf, "fo has no effect without ruf")
        .with_help("fo chooses when failure reports are sent; add ruf, or remove fo")
        .with_span(span)
}

/// `dmarc/bad-uri`
pub fn dmarc_bad_uri(tag: &str, uri: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcBadUri,
        format!("The {tag} entry {:?} {why}", clip(uri)),
    )
    .with_help(
        "Write each report address as a URI, such as mailto:dmarc@example.com, separated by commas",
    )
    .with_span(span)
}

/// `dmarc/uri-scheme`: an error for schemes receivers do not support, a warning for http(s).
pub fn dmarc_uri_scheme(tag: &str, scheme: &str, web: bool, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        Code::DmarcUriScheme,
        format!(
            "The {tag} entry uses the {:?} scheme, which receivers do not send reports to",
            clip(scheme)
        ),
    )
    .with_span(span);
    if web {
        let mut d = d.with_help("Receivers must support mailto: and ignore schemes they do not support; few send reports over HTTP, so add a mailto: address");
        d.severity = Severity::Warning;
        d
    } else {
        d.with_help(
            "Receivers ignore it; write mailto:address@domain (check the spelling of the scheme)",
        )
    }
}

/// `dmarc/uri-size-suffix`
pub fn dmarc_uri_size_suffix(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcUriSizeSuffix,
        "The !size limit after a report URI is obsolete and ignored",
    )
    .with_help("RFC 9989 keeps the !size syntax only for compatibility; reporters ignore it, so it can be removed")
    .with_span(span)
}

/// `dmarc/bad-size-suffix`
pub fn dmarc_bad_size_suffix(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcBadSizeSuffix,
        "The !size limit after a report URI is malformed",
    )
    .with_help("The obsolete form is !<digits> with an optional k, m, g or t, with no spaces (as in !10m); reporters ignore it, so remove it")
    .with_span(span)
}

/// `dmarc/unencoded-uri-char`
pub fn dmarc_unencoded_uri_char(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcUnencodedUriChar,
        "A report URI holds a '!' that is not percent-encoded",
    )
    .with_help("RFC 9989 requires '!' and ',' inside report URIs to be written %21 and %2C, so they are not mistaken for a size limit or a separator")
    .with_span(span)
}

/// `dmarc/policy-none`
pub fn dmarc_policy_none(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcPolicyNone,
        "p=none is monitoring only: failing mail is delivered as usual",
    )
    .with_help("Once the aggregate reports show that your own mail passes, move to p=quarantine and then p=reject")
    .with_span(span)
}

/// `dmarc/missing-policy`
pub fn dmarc_missing_policy(has_rua: bool) -> Diagnostic {
    let help = if has_rua {
        "Receivers read a record without p as p=none because rua is valid; add p=none, p=quarantine or p=reject right after v=DMARC1"
    } else {
        "Without p and without a valid rua, receivers apply no DMARC processing (this form is only right for a third-party report authorisation record); add p=none, p=quarantine or p=reject"
    };
    Diagnostic::new(Code::DmarcMissingPolicy, "The record has no p tag").with_help(help)
}

/// `dmarc/policy-not-second`
pub fn dmarc_policy_not_second(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcPolicyNotSecond,
        "The p tag does not follow the v tag immediately",
    )
    .with_help("RFC 9989 allows any order after v, but RFC 7489's grammar put p second and some older receivers expect it there: move p right after v=DMARC1")
    .with_span(span)
}

/// `dmarc/weak-subdomain-policy`
pub fn dmarc_weak_subdomain_policy(tag: &str, sub: Policy, p: Policy, span: Span) -> Diagnostic {
    let what = if tag == "np" {
        "non-existent subdomains"
    } else {
        "subdomains"
    };
    Diagnostic::new(
        Code::DmarcWeakSubdomainPolicy,
        format!("{tag}={} is weaker than p={}, so {what} are less protected than the domain", sub.as_str(), p.as_str()),
    )
    .with_help(format!("Attackers can use {what} to avoid the policy; unless a subdomain still sends unauthenticated mail, set {tag} to {} or remove it", policy_strength(p)))
    .with_span(span)
}

/// `dmarc/testing-mode`
pub fn dmarc_testing_mode(p: Option<Policy>, span: Span) -> Diagnostic {
    let effect = match p {
        Some(Policy::Reject) => "failing mail is quarantined instead of rejected",
        Some(Policy::Quarantine) => "failing mail is delivered as if p=none",
        _ => "it has no effect with p=none",
    };
    Diagnostic::new(
        Code::DmarcTestingMode,
        format!("t=y asks receivers to apply the policy one level lower: {effect}"),
    )
    .with_help("Remove t=y (or set t=n) once the reports show your mail passes")
    .with_span(span)
}

/// `dmarc/psd-yes`
pub fn dmarc_psd_yes(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcPsdYes,
        "psd=y declares this domain a public suffix (such as a TLD)",
    )
    .with_help("Only Public Suffix Operators publish psd=y; for an ordinary domain remove it or use psd=n, or alignment with its subdomains breaks")
    .with_span(span)
}

/// `dmarc/no-rua`
pub fn dmarc_no_rua() -> Diagnostic {
    Diagnostic::new(
        Code::DmarcNoRua,
        "The record has no rua tag, so no aggregate reports are sent",
    )
    .with_help("Add rua=mailto:dmarc-reports@<your domain>: the reports show who sends mail as your domain and whether it passes")
}

/// `dmarc/ruf-privacy`
pub fn dmarc_ruf_privacy(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcRufPrivacy,
        "Failure reports (ruf) may carry message content and personal data",
    )
    .with_help("Make sure the mailbox is protected and that collecting these reports is lawful for you; many receivers do not send them at all")
    .with_span(span)
}

/// `dmarc/external-report-destination`
pub fn dmarc_external_report_destination(own: &str, dest: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcExternalReportDestination,
        format!("Reports for {own} go to another domain, {dest}"),
    )
    .with_help(format!("Receivers send them only if {dest} authorises it with a TXT record \"v=DMARC1;\" at {own}._report._dmarc.{dest}; ignore this if both domains share an Organizational Domain"))
    .with_span(span)
}

/// `dmarc/eval-bad-domain`
pub fn dmarc_eval_bad_domain(domain: &str, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcEvalBadDomain,
        format!("The From domain {:?} {why}", clip(domain)),
    )
    .with_help("Give the domain of the RFC5322.From address, such as example.com")
}

/// `dmarc/multiple-records`
pub fn dmarc_multiple_records(name: &str, n: usize) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcMultipleRecords,
        format!("{name} holds {n} DMARC records, so all of them are discarded"),
    )
    .with_help("Publish exactly one v=DMARC1 record at the name")
}

/// `dmarc/dns-temp-error`
pub fn dmarc_dns_temp_error(name: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcDnsTempError,
        format!("The TXT query for {name} failed temporarily"),
    )
    .with_help("Receivers either deliver (fail open) or defer with a 4xx reply (fail closed); check the domain's name servers")
}

/// `dmarc/no-policy-record`
pub fn dmarc_no_policy_record(domain: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DmarcNoPolicyRecord,
        format!("No DMARC policy record applies to {domain}, so DMARC does not apply"),
    )
    .with_help(format!("Publish a TXT record at _dmarc.{domain} (or at its Organizational Domain), such as v=DMARC1; p=none; rua=mailto:dmarc@{domain}"))
}

/// `dmarc/policy-fallback`
pub fn dmarc_policy_fallback(as_none: bool) -> Diagnostic {
    let msg = if as_none {
        "The policy record has no valid p (or an invalid sp or np), so it is read as p=none"
    } else {
        "The policy record has no valid p and no valid rua, so receivers apply no DMARC processing"
    };
    Diagnostic::new(Code::DmarcPolicyFallback, msg)
        .with_help("Fix p, sp and np in the policy record (validate it on its own for details)")
}
