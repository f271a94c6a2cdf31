//! SMTP reply decoding: `decode_smtp` for one reply, `decode_smtp_lines` for a paste of many.
//!
//! The reason is decided by one fixed cascade, first answer wins:
//! 1. the rules of the provider that answered (`data/provider-rules.tsv`), when one is recognised;
//! 2. a pseudo status written by a bounce decoder (sisimai's `5.0.9xx`), which names its reason;
//! 3. the text patterns of `data/reason-patterns.tsv`: first its strong patterns (explicit statements
//!    such as "this IP has been blocked", written `!pattern`), then all others, each pass tried
//!    reason by reason in the order of `data/reasons.tsv` (narrow reasons such as `authfailure`
//!    before broad ones such as `blocked`);
//!    a "no such user" answer given to the sender becomes `rejected`, and one given after DATA or
//!    with a filtering status becomes `filtered` (see `refine`);
//! 4. the IANA registry's default reason for the enhanced status (`data/smtp-enhanced-status.tsv`);
//! 5. a fallback on the status subject (x.1 addressing → `userunknown`, x.7 policy → `securityerror`, ...);
//! 6. a permanent refusal at the greeting or at HELO/EHLO that none of these explains: `blocked`
//!    (the sending host was turned away before any address was given);
//! 7. `undefined`.
//!
//! Stages 1 and 3 read the words that say why first: the remote server's reply where a bounce
//! writer quotes it (Gmail's "The response from the remote server was: ..."), and the text without
//! the replies that only report a consequence (`554 5.5.1 Error: no valid recipients`, `503 5.5.1
//! RCPT first`: DATA meeting a transaction whose recipients were all refused). When that finds no
//! rule or pattern, the whole text goes through the cascade.

pub(crate) mod scan;

use serde::Serialize;

use crate::catalog;
use crate::diagnostic::{Diagnostic, LineIndex, Span};
use crate::input;
use crate::tables::{
    HardRule, Reason, Schedule, StatusEntry, INTERNAL_STATUS, PROVIDERS, PROVIDER_RULES,
    STATUS_REGISTRY, STATUS_SUBJECTS,
};

use scan::Haystack;
use std::ops::Range;

/// Whether a reply reports success or a transient or permanent failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplyClass {
    /// 2xx (or a 2.x.x status).
    Success,
    /// 4xx: try again later.
    Transient,
    /// 5xx: do not resend unchanged.
    Permanent,
    /// Neither a code nor a clear word said which.
    Unknown,
}

impl ReplyClass {
    fn from_digit(d: u8) -> ReplyClass {
        match d {
            b'2' => ReplyClass::Success,
            b'4' => ReplyClass::Transient,
            b'5' => ReplyClass::Permanent,
            _ => ReplyClass::Unknown,
        }
    }
}

/// What the sender should do about a reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Advice {
    /// Stable slug: `retry-later`, `remove-address`, `fix-authentication`, `slow-down`,
    /// `check-reputation`, `fix-dns`, `enable-tls`, `fix-content`, `reduce-size`, `fix-sender`,
    /// `fix-configuration`, `contact-postmaster`, `stop-sending`, `none`.
    pub action: &'static str,
    /// Whether sending the same message again later can succeed.
    pub retry: bool,
    /// Minutes to wait before each further attempt (empty when `retry` is false).
    pub retry_after_minutes: Vec<u32>,
    /// When to give up retrying, in hours after the first attempt.
    pub give_up_after_hours: Option<u32>,
    /// One or two sentences for a person.
    pub summary: String,
    /// The provider's documentation for this reply, when known.
    pub doc_url: Option<String>,
}

/// Which step of the reason cascade (see the module documentation) decided the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ReasonSource {
    /// `provider-rule`, `internal-status`, `pattern`, `pattern-refined`, `status-registry`,
    /// `status-subject`, `command`, `reply-class` or `none`.
    pub stage: &'static str,
    /// The pattern that matched, for the rule and pattern stages.
    pub rule: Option<&'static str>,
}

/// The decoded form of one SMTP reply, log line or DSN diagnostic.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmtpReport {
    /// The part of the input this report decodes.
    pub span: Span,
    /// The three-digit reply code, e.g. 550.
    pub reply_code: Option<u16>,
    /// The RFC 3463 enhanced status, e.g. `5.1.1`.
    pub status: Option<String>,
    /// Success, transient or permanent.
    pub class: ReplyClass,
    /// The IANA registry's title for the status (or its class and subject when unregistered).
    pub status_text: Option<String>,
    /// The IANA registry's description of the status.
    pub status_description: Option<&'static str>,
    /// The bounce reason (sisimai v5.6 taxonomy).
    #[serde(serialize_with = "ser_reason")]
    pub reason: Reason,
    /// What the reason means.
    pub reason_text: &'static str,
    /// Which step of the reason cascade decided, and the rule text that matched.
    pub reason_source: ReasonSource,
    /// Whether the address itself is bad (sisimai's hard-bounce rule).
    pub hard_bounce: bool,
    /// Who answered, as a lowercase id (`google`, `microsoft`, ...).
    pub provider: Option<&'static str>,
    /// The provider's display name.
    pub provider_name: Option<&'static str>,
    /// A provider-specific code in the text (`PRX2`, `TSS04`, `S3150`, `AS(7171)`, ...).
    pub provider_code: Option<String>,
    /// The SMTP command the reply answered (`RCPT`, `MAIL`, `DATA`, `EHLO`, `CONN`, ...).
    pub command: Option<&'static str>,
    /// The remote host named in the text.
    pub remote_host: Option<String>,
    /// The server's own words, without codes.
    pub message: String,
    /// What to do.
    pub advice: Advice,
    /// Anything odd about the input.
    pub diagnostics: Vec<Diagnostic>,
}

fn ser_reason<S: serde::Serializer>(r: &Reason, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.as_str())
}

impl SmtpReport {
    /// Fill in UTF-16 offsets and line/column for every span, relative to `input` (the string
    /// that was decoded). The JavaScript bindings call this before handing the report over.
    pub fn locate(&mut self, input: &str) {
        self.locate_with(&LineIndex::new(input));
    }

    /// [`SmtpReport::locate`] with an index built once for many reports of one input.
    pub fn locate_with(&mut self, index: &LineIndex<'_>) {
        index.locate(&mut self.span);
        for d in &mut self.diagnostics {
            if let Some(s) = &mut d.span {
                index.locate(s);
            }
        }
    }
}

/// Decode one SMTP reply (single- or multi-line), an MTA log line or a DSN `Diagnostic-Code` field.
///
/// Never fails: odd input gives a report with diagnostics.
///
/// ```
/// use deliverkit::{decode_smtp, smtp::ReplyClass};
///
/// let r = decode_smtp("451 4.7.0 Temporary server error. Please try again later. PRX2");
/// assert_eq!(r.reply_code, Some(451));
/// assert_eq!(r.status.as_deref(), Some("4.7.0"));
/// assert_eq!(r.class, ReplyClass::Transient);
/// assert_eq!(r.provider, Some("microsoft"));
/// assert_eq!(r.provider_code.as_deref(), Some("PRX2"));
/// assert!(r.advice.retry);
///
/// let r = decode_smtp("host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: \
///                      Recipient address rejected: User unknown (in reply to RCPT TO command)");
/// assert_eq!(r.reason.as_str(), "userunknown");
/// assert!(r.hard_bounce && !r.advice.retry);
/// assert_eq!(r.command, Some("RCPT"));
/// ```
pub fn decode_smtp(text: &str) -> SmtpReport {
    decode_smtp_from(text, &[])
}

/// [`decode_smtp`] for a reply known to come from one of `hosts` (a bounce's Remote-MTA, the
/// provider that wrote the bounce): the first host that names a provider does, when the text
/// names none.
pub(crate) fn decode_smtp_from(text: &str, hosts: &[&str]) -> SmtpReport {
    let (usable, mut diags) = input::prepare(text, input::MAX_SMTP_INPUT);
    let mut report = decode_part(usable, 0, hosts);
    diags.append(&mut report.diagnostics);
    report.diagnostics = diags;
    report
}

/// Decode a paste of several replies or log lines: one report per reply. The lines of a
/// multi-line reply (`550-...` then `550 ...`) and folded continuation lines (starting with white
/// space) stay together; blank lines separate. Spans are relative to the whole `text`.
///
/// ```
/// let reports = deliverkit::decode_smtp_lines("550-5.7.26 Unauthenticated email\n550 5.7.26 is not accepted\n\n421 4.7.0 Try again later");
/// assert_eq!(reports.len(), 2);
/// assert_eq!(reports[0].reason.as_str(), "authfailure");
/// assert_eq!(reports[1].reply_code, Some(421));
/// ```
pub fn decode_smtp_lines(text: &str) -> Vec<SmtpReport> {
    let (usable, diags) = input::prepare(text, input::MAX_SMTP_INPUT);
    let mut out: Vec<SmtpReport> = group_lines(usable)
        .into_iter()
        .map(|r| decode_part(&usable[r.clone()], r.start, &[]))
        .collect();
    if out.is_empty() {
        out.push(decode_part(usable, 0, &[]));
    }
    let first = &mut out[0];
    let mut d = diags;
    d.append(&mut first.diagnostics);
    first.diagnostics = d;
    out
}

/// The reason a status code alone names (sisimai's table of statuses, `data/smtp-enhanced-status.tsv`):
/// `5.1.1` names userunknown, `5.2.1` filtered, `5.0.0` nothing.
pub(crate) fn status_reason(status: &str) -> Option<Reason> {
    let mut it = status.split('.');
    let class = it.next()?;
    let subject: u16 = it.next()?.parse().ok()?;
    let detail: u16 = it.next()?.parse().ok()?;
    let e = registry(subject, detail)?;
    match class {
        "4" => e.reason_transient,
        "5" => e.reason_permanent,
        _ => None,
    }
}

/// Whether `text` holds an enhanced status code.
pub(crate) fn has_status(text: &str) -> bool {
    scan::find_status(text, None).is_some()
}

/// Byte ranges of the replies in a paste.
fn group_lines(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open_multiline: Option<[u8; 3]> = None;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\r', '\n']);
        if body.trim().is_empty() {
            open_multiline = None;
            continue;
        }
        let end = start + body.len();
        let b = body.trim_start().as_bytes();
        let code: Option<[u8; 3]> =
            (b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit)).then(|| [b[0], b[1], b[2]]);
        let continues_reply = open_multiline.is_some() && code == open_multiline;
        let folded = body.starts_with([' ', '\t']) && !groups.is_empty();
        if (continues_reply || folded) && !groups.is_empty() {
            groups.last_mut().unwrap().end = end;
        } else {
            groups.push(start + (body.len() - body.trim_start().len())..end);
        }
        open_multiline = match (code, b.get(3)) {
            (Some(c), Some(b'-')) => Some(c),
            _ => None,
        };
    }
    groups
}

/// Join a multi-line reply into one line of text for reading, dropping the repeated
/// `550-5.7.26 ` prefixes of continuation lines.
fn unfold(text: &str) -> std::borrow::Cow<'_, str> {
    // One line (a Diagnostic-Code, a log line): the line itself, trimmed, as the loop gives it.
    if !text.contains('\n') {
        return std::borrow::Cow::Borrowed(text.trim());
    }
    let mut out = String::with_capacity(text.len());
    let mut first_prefix: Option<String> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let b = t.as_bytes();
        let is_cont =
            b.len() >= 4 && b[..3].iter().all(u8::is_ascii_digit) && matches!(b[3], b'-' | b' ');
        let piece = if is_cont && first_prefix.as_deref() == Some(&t[..3]) {
            let rest = t[4..].trim_start();
            match scan_status_prefix(rest) {
                Some(n) => rest[n..].trim_start(),
                None => rest,
            }
        } else {
            if is_cont && first_prefix.is_none() {
                first_prefix = Some(t[..3].to_string());
            }
            t
        };
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out.into()
}

/// The class digit of a reply code (`550` -> `b'5'`).
fn class_digit(code: u16) -> u8 {
    b'0' + (code / 100 % 10) as u8
}

/// Whether `needle` occurs in `hay` ([`scan::find_short`]: no searcher set up per call).
fn has(hay: &str, needle: &str) -> bool {
    scan::find_short(hay, needle, 0).is_some()
}

fn scan_status_prefix(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut dots = 0;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        dots += usize::from(b[i] == b'.');
        i += 1;
    }
    (dots == 2 && i >= 5).then_some(i)
}

fn registry(subject: u16, detail: u16) -> Option<&'static StatusEntry> {
    STATUS_REGISTRY
        .binary_search_by_key(&(subject, detail), |e| (e.subject, e.detail))
        .ok()
        .map(|i| &STATUS_REGISTRY[i])
}

fn class_title(c: u8) -> &'static str {
    match c {
        b'2' => "Success",
        b'4' => "Persistent Transient Failure",
        _ => "Permanent Failure",
    }
}

fn status_matches(constraint: &str, status: Option<&str>) -> bool {
    let Some(s) = status else { return true };
    if constraint.is_empty() || constraint == s {
        return true;
    }
    if constraint.ends_with('.') {
        return s.starts_with(constraint);
    }
    if let Some((base, hi)) = constraint.split_once('-') {
        if let (Some((prefix, lo)), Some((sp, sd))) = (base.rsplit_once('.'), s.rsplit_once('.')) {
            if let (Ok(lo), Ok(hi), Ok(d)) =
                (lo.parse::<u32>(), hi.parse::<u32>(), sd.parse::<u32>())
            {
                return prefix == sp && (lo..=hi).contains(&d);
            }
        }
    }
    false
}

/// A "no such user/domain" answer means something else in two situations (sisimai's rules too):
/// given to the envelope sender (at MAIL FROM, or naming the sender) it rejects the *sender*; given
/// after the message was sent (DATA), or with a mailbox-status code the registry calls filtering
/// (x.2.0, x.2.1, x.2.4), it is the recipient's *filter* speaking, not a missing mailbox.
fn refine(mut r: Reason, lower: &str, status: Option<&str>, command: Option<&str>) -> Reason {
    // Refused while connecting: whatever the words, the sending host was turned away.
    if command == Some("CONN")
        && matches!(
            r,
            Reason::Rejected | Reason::Securityerror | Reason::Userunknown
        )
    {
        return Reason::Blocked;
    }
    if !matches!(r, Reason::Userunknown | Reason::Hostunknown) {
        return r;
    }
    if command == Some("MAIL")
        || has(lower, "sender address rejected")
        || has(lower, "sender domain")
        || has(lower, "domain of sender")
    {
        return Reason::Rejected;
    }
    // "neko.example.com does not exist": what does not exist is a host, not a mailbox.
    if r == Reason::Userunknown {
        if let Some(p) = scan::find_short(lower, " does not exist", 0) {
            let word = lower[..p].rsplit(' ').next().unwrap_or("");
            if word.contains('.')
                && !word.contains('@')
                && word
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
                && word.bytes().any(|b| b.is_ascii_alphabetic())
            {
                r = Reason::Hostunknown;
            }
        }
    }
    // A domain that could not be resolved *for now* (Postfix's "Host not found, try again", a
    // 4.x.x status) is a DNS or network failure, not a domain that does not exist.
    if r == Reason::Hostunknown
        && (status.is_some_and(|s| s.starts_with('4')) || has(lower, "not found, try again"))
    {
        return Reason::Networkerror;
    }
    let filtering_status = status.is_some_and(|s| {
        let mut it = s.split('.').skip(1).map(|v| v.parse::<u16>().unwrap_or(0));
        let (subject, detail) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
        registry(subject, detail).and_then(|e| e.reason_permanent) == Some(Reason::Filtered)
    });
    if r == Reason::Userunknown
        && (command == Some("DATA") || (filtering_status && command != Some("RCPT")))
    {
        return Reason::Filtered;
    }
    r
}

/// Replies that only say the transaction has no accepted recipient: the server's answer to DATA
/// after every RCPT TO was refused (Postfix's `554 5.5.1 Error: no valid recipients`, Sendmail's
/// `503 5.0.0 Need RCPT (recipient)`, Gmail's `503 5.5.1 RCPT first`, qmail's `503 Start afresh`).
/// They state a consequence, not a reason: the refusal they follow says why.
pub(crate) const CONSEQUENCES: &[&str] = &[
    "no valid recipients",
    "no recipients specified",
    "need rcpt",
    "rcpt first",
    "valid rcpt command must precede data",
    "bad sequence of commands",
    "start afresh",
];

/// Words with which a bounce writer introduces the remote server's own reply (Gmail's notices,
/// Exchange's NDRs): what follows is the server's answer; what precedes, the writer's summary of
/// it ("Address not found"), which may be a guess. (qmail's "Remote host said:" is not one: its
/// preamble states what was refused, "my name was rejected", and is not a guess.)
pub(crate) const QUOTE_MARKERS: &[&str] = &[
    "the response from the remote server was:",
    "the error that the other server returned was:",
    "remote server returned '",
];

/// What to read before the whole text (see [`classify`]): the text without its [`CONSEQUENCES`]
/// (a transcript such as `450 4.7.1 Client host rejected ... 554 5.5.1 Error: no valid
/// recipients` is the refused client, not a missing mailbox), where it has any; and where the
/// remote server's reply that a bounce writer quotes (after a [`QUOTE_MARKERS`] phrase) starts.
/// Most texts have neither: no allocation then.
fn what_says_why(hay: &Haystack<'_>) -> (Option<String>, Option<usize>) {
    // Both lists' words with their rarest byte pairs (scan::keys): most texts fail there.
    let why = &scan::keys().why;
    let mut masked: Option<Vec<u8>> = None;
    for (i, c) in CONSEQUENCES.iter().enumerate() {
        let mut from = 0;
        while let Some(at) = hay.find_word(why, i, from) {
            from = at + c.len();
            masked.get_or_insert_with(|| hay.lower.as_bytes().to_vec())[at..from].fill(b' ');
        }
    }
    let quoted = QUOTE_MARKERS
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            hay.find_word(why, CONSEQUENCES.len() + i, 0)
                .map(|at| at + q.len())
        })
        .max();
    // Spaces in place of ASCII phrases: still UTF-8 (the `ok()` never fails), and the quoted
    // reply starts at the same place in it.
    (masked.and_then(|m| String::from_utf8(m).ok()), quoted)
}

/// Reason cascade (see the module documentation). `first` are the parts [`what_says_why`]
/// names: each goes through the provider rules and the text patterns before `whole` does.
fn classify(
    first: &[Haystack<'_>],
    whole: &Haystack<'_>,
    status: Option<&str>,
    provider: Option<usize>,
    command: Option<&str>,
) -> (Reason, ReasonSource) {
    let src = |stage, rule| ReasonSource { stage, rule };
    // Each pattern's rarest byte pair is tested first (scan::keys): most fail there.
    let keys = scan::keys();
    for hay in first.iter().chain([whole]) {
        let lower = hay.lower;
        if let Some(p) = provider {
            if let Some((_, rule)) = PROVIDER_RULES
                .iter()
                .enumerate()
                .filter(|(_, r)| r.provider == p)
                .find(|(i, r)| {
                    hay.has_pairs(keys.rules.pairs(*i))
                        && scan::matches_pattern(lower, r.pattern)
                        && status_matches(r.status, status)
                })
            {
                return (rule.reason, src("provider-rule", Some(rule.pattern)));
            }
        }
        if let Some(s) = status.filter(|_| std::ptr::eq(hay, whole)) {
            if let Some((_, Some(r))) = INTERNAL_STATUS.iter().find(|(c, _)| *c == s) {
                return (*r, src("internal-status", None));
            }
        }
        // Two passes over the reasons: first the strong patterns (written `!pattern` in the data
        // file, explicit statements such as "this IP has been blocked"), then all others. One
        // index holds both lists, the strong first, so its candidates come in that order.
        let strong = keys.strong.len();
        for i in keys.reason_index.candidates(hay) {
            match keys.strong.get(i) {
                Some(k) => {
                    if hay.matches_keyed(k) {
                        return (k.reason, src("pattern", Some(k.pattern)));
                    }
                }
                None => {
                    let k = &keys.ordinary[i - strong];
                    if hay.matches_keyed(k) {
                        let refined = refine(k.reason, lower, status, command);
                        let stage = if refined == k.reason {
                            "pattern"
                        } else {
                            "pattern-refined"
                        };
                        return (refined, src(stage, Some(k.pattern)));
                    }
                }
            }
        }
    }
    if let Some(s) = status {
        let mut it = s.split('.');
        let class = it.next().unwrap_or("5");
        let subject: u16 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        let detail: u16 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        if let Some(e) = registry(subject, detail) {
            let r = if class == "4" {
                e.reason_transient
            } else {
                e.reason_permanent
            };
            if let Some(r) = r {
                return (r, src("status-registry", None));
            }
        }
        let by_subject = match subject {
            1 => Some(Reason::Userunknown),
            2 => Some(Reason::Filtered),
            3 => Some(Reason::Systemerror),
            4 => Some(Reason::Networkerror),
            5 => Some(Reason::Syntaxerror),
            6 => Some(Reason::Contenterror),
            7 => Some(Reason::Securityerror),
            _ => None,
        };
        if let Some(r) = by_subject {
            return (r, src("status-subject", None));
        }
    }
    (Reason::Undefined, src("none", None))
}

const STANDARD: (&[u32], u32) = (&[30, 60, 120, 240, 480], 96);
const BACKOFF: (&[u32], u32) = (&[15, 60, 240, 720], 48);
const SLOW: (&[u32], u32) = (&[240, 720, 1440], 72);

fn advise(reason: Reason, class: ReplyClass, doc_url: Option<String>) -> Advice {
    let (retry, (mins, hours)) = match (class, reason.schedule()) {
        (ReplyClass::Success, _) => (false, (&[][..], 0)),
        // A full or suspended mailbox can change even when the server says 5xx: a few slow tries.
        (ReplyClass::Permanent, Schedule::Slow) => (true, SLOW),
        (ReplyClass::Permanent, _) => (false, (&[][..], 0)),
        (_, Schedule::Backoff) => (true, BACKOFF),
        (_, Schedule::Slow) => (true, SLOW),
        (ReplyClass::Transient, _) | (_, Schedule::Standard) => (true, STANDARD),
        (ReplyClass::Unknown, Schedule::None) => (false, (&[][..], 0)),
    };
    let lead = match class {
        ReplyClass::Success => "Success. ".to_string(),
        ReplyClass::Transient => format!(
            "Temporary failure: retry after {} minutes and back off up to {} hours. ",
            mins.first().copied().unwrap_or(30),
            hours
        ),
        ReplyClass::Permanent if retry => format!(
            "Refused with a permanent code, but the cause can clear: try a few more times over {hours} hours. "
        ),
        ReplyClass::Permanent => "Permanent failure: do not resend unchanged. ".to_string(),
        ReplyClass::Unknown => String::new(),
    };
    let action = if class == ReplyClass::Success {
        "none"
    } else {
        reason.action()
    };
    Advice {
        action,
        retry,
        retry_after_minutes: if retry { mins.to_vec() } else { Vec::new() },
        give_up_after_hours: retry.then_some(hours),
        summary: lead + reason.advice(),
        doc_url,
    }
}

fn first_url(text: &str) -> Option<String> {
    let p =
        scan::find_short(text, "https://", 0).or_else(|| scan::find_short(text, "http://", 0))?;
    let rest = &text[p..];
    let end = rest
        // A URL is visible ASCII (RFC 3986): a full stop or bracket of another script ends it
        // (`https://groups.google.com/support/。`).
        .find(|c: char| !c.is_ascii_graphic() || matches!(c, ')' | ']' | '>' | '"' | '\'' | ','))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches(['.', ';']).to_string())
}

/// Where a reply code and an enhanced status stand in a text, where it has them.
type CodePlaces = (Option<Range<usize>>, Option<Range<usize>>);

/// The server's own words: the text after the codes, without an `(in reply to ...)` tail.
fn message_of(flat: &str, found: Option<CodePlaces>) -> String {
    let (code, status) = found.unwrap_or_else(|| {
        let code = scan::find_reply_code(flat).map(|(_, r)| r);
        let status = scan::find_status(flat, code.as_ref()).map(|(_, r)| r);
        (code, status)
    });
    // A status in parentheses after the text annotates it (qmail: "550 Unknown user x. (#5.1.1)"):
    // the words are those between the reply code and the status.
    if let (Some(c), Some(r)) = (&code, &status) {
        let between = flat.get(c.end..r.start).unwrap_or("");
        let annotated = between.trim_end().ends_with(['(', '#']);
        let words = between.trim_end_matches([' ', '(', '#', '.']).trim();
        if annotated && !words.is_empty() {
            return words.to_string();
        }
    }
    let after = match (&code, &status) {
        (_, Some(r)) if code.as_ref().is_none_or(|c| r.start >= c.end) => r.end,
        (Some(r), _) => r.end,
        _ => 0,
    };
    let mut m = flat[after..]
        .trim_start_matches([' ', '-', ',', ':'])
        .trim();
    const IN_REPLY: &str = "(in reply to";
    if let Some(p) = m.rmatch_indices('(').map(|(p, _)| p).find(|&p| {
        m.as_bytes()
            .get(p..p + IN_REPLY.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(IN_REPLY.as_bytes()))
    }) {
        m = m[..p].trim_end();
    }
    m.trim_end_matches(')').trim().to_string()
}

/// Decode `text`, which starts at byte `base` of the caller's input.
fn decode_part(text: &str, base: usize, hosts: &[&str]) -> SmtpReport {
    let mut diags = Vec::new();
    let flat = unfold(text);
    let lower = flat.to_ascii_lowercase();
    let hay = Haystack::new(&lower);
    // Spans point into `text` (the original), so find the codes there too.
    let code = scan::find_reply_code(text);
    let status = scan::find_status(text, code.as_ref().map(|c| &c.1));
    let reply_code = code.as_ref().map(|c| c.0);
    let status_str = status.as_ref().map(|s| s.0.as_str());

    let mut class = match (&code, &status) {
        (Some((c, _)), _) => ReplyClass::from_digit(class_digit(*c)),
        (None, Some((s, _))) => ReplyClass::from_digit(s.as_bytes()[0]),
        (None, None) => ReplyClass::Unknown,
    };
    if class == ReplyClass::Unknown {
        let has = |w: &str| hay.find(w, 0).is_some();
        class = if has("status=deferred") || has("stat=deferred") || has("action: delayed") {
            ReplyClass::Transient
        } else if has("status=bounced") || has("action: failed") || has("permanent") {
            ReplyClass::Permanent
        } else {
            ReplyClass::Unknown
        };
    }

    if let Some((c, r)) = &code {
        let span = Span::new(r.start + base, r.end + base);
        if c / 100 == 3 {
            diags.push(catalog::intermediate_reply(*c, span));
            class = ReplyClass::Unknown;
        } else if (c / 10) % 10 > 5 {
            diags.push(catalog::invalid_reply_code(*c, span));
        }
    } else if !text.trim().is_empty() {
        diags.push(catalog::no_reply_code());
    }

    let mut status_text = None;
    let mut status_description = None;
    match &status {
        Some((s, r)) => {
            let span = Span::new(r.start + base, r.end + base);
            let sb = s.as_bytes();
            if let Some((c, _)) = &code {
                let cd = class_digit(*c);
                if cd != sb[0] && c / 100 != 3 {
                    diags.push(catalog::class_mismatch(*c, s, span));
                }
            }
            let mut it = s.split('.').skip(1).map(|v| v.parse::<u16>().unwrap_or(0));
            let (subject, detail) = (it.next().unwrap_or(0), it.next().unwrap_or(0));
            if INTERNAL_STATUS.iter().any(|(c, _)| *c == s) {
                diags.push(catalog::internal_status(s, span));
            }
            match registry(subject, detail) {
                Some(e) => {
                    status_text = Some(e.summary.to_string());
                    status_description = Some(e.description);
                }
                None => {
                    let subj = STATUS_SUBJECTS.iter().find(|(n, _, _)| *n == subject);
                    status_text = Some(match subj {
                        Some((_, t, _)) => format!("{}: {t}", class_title(sb[0])),
                        None => class_title(sb[0]).to_string(),
                    });
                    status_description = subj.map(|(_, _, d)| *d);
                    if !INTERNAL_STATUS.iter().any(|(c, _)| *c == s) {
                        diags.push(catalog::unregistered_status(s, span));
                    }
                }
            }
        }
        None if !text.trim().is_empty() => diags.push(catalog::no_status()),
        None => {}
    }

    let provider = scan::find_provider(&flat, &hay).or_else(|| {
        hosts
            .iter()
            .find_map(|h| scan::provider_of_host(h))
            .map(|p| (p, None))
    });
    let command = scan::find_command(&hay);
    let provider_idx = provider.as_ref().map(|p| p.0);
    let (reason, reason_source) = if text.trim().is_empty() {
        (
            Reason::Undefined,
            ReasonSource {
                stage: "none",
                rule: None,
            },
        )
    } else if class == ReplyClass::Success {
        (
            Reason::Delivered,
            ReasonSource {
                stage: "reply-class",
                rule: None,
            },
        )
    } else {
        // The quoted reply (in the text without its consequences), then that text.
        let (masked, quoted) = what_says_why(&hay);
        let text = masked.as_deref().unwrap_or(&lower);
        let first: Vec<Haystack<'_>> = quoted
            .map(|from| &text[from..])
            .into_iter()
            .chain(masked.as_deref())
            .map(Haystack::new)
            .collect();
        match classify(&first, &hay, status_str, provider_idx, command) {
            // A permanent refusal at the greeting or at HELO/EHLO, in words that name no reason:
            // the server turned the sending host away before any address was given.
            (Reason::Undefined, _)
                if class == ReplyClass::Permanent
                    && matches!(command, Some("CONN" | "HELO" | "EHLO")) =>
            {
                (
                    Reason::Blocked,
                    ReasonSource {
                        stage: "command",
                        rule: None,
                    },
                )
            }
            found => found,
        }
    };
    if reason == Reason::Undefined && !text.trim().is_empty() {
        diags.push(catalog::reason_undetermined());
    }
    let hard_bounce = match reason.hard_rule() {
        HardRule::Always => true,
        HardRule::Never => false,
        HardRule::Permanent => class == ReplyClass::Permanent,
    };
    let info = provider_idx.map(|i| &PROVIDERS[i]);
    let doc_url = first_url(&flat).or_else(|| info.map(|p| p.docs.to_string()));
    // The codes' places are in `text`: they serve the unfolded text when it is the same.
    let message = message_of(
        &flat,
        (*flat == *text).then(|| (code.map(|c| c.1), status.as_ref().map(|s| s.1.clone()))),
    );
    SmtpReport {
        span: Span::new(base, base + text.len()),
        reply_code,
        status: status.map(|s| s.0),
        class,
        status_text,
        status_description,
        reason,
        reason_text: reason.text(),
        reason_source,
        hard_bounce,
        provider: info.map(|p| p.id),
        provider_name: info.map(|p| p.name),
        provider_code: provider.and_then(|p| p.1).map(|c| c.0),
        command,
        remote_host: scan::find_remote_host(&flat, &hay).map(str::to_string),
        message,
        advice: advise(reason, class, doc_url),
        diagnostics: diags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    fn codes(r: &SmtpReport) -> Vec<&'static str> {
        r.diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn doc_url_ends_where_ascii_ends() {
        // Google Groups in Chinese ends the link with an ideographic full stop.
        let r = decode_smtp(
            "請造訪「說明中心」，網址是：https://groups.google.com/support/。 Google Groups",
        );
        assert_eq!(
            r.advice.doc_url.as_deref(),
            Some("https://groups.google.com/support/")
        );
        assert_eq!(
            first_url("see <https://postmaster.example/a?b=1>.").as_deref(),
            Some("https://postmaster.example/a?b=1")
        );
    }

    #[test]
    fn google_groups_notice_in_other_languages_is_rejected() {
        // The "group may not exist or you may not post to it" notice, as Google sends it.
        for t in [
            "Il se peut que le groupe que vous avez essayé de contacter (libsisimai) n'existe pas",
            "Wir teilen Ihnen mit, dass die Gruppe, die Sie kontaktieren möchten (x), nicht vorhanden ist",
            "Цим повідомленням ми сповіщаємо Вас, що група, з якою Ви намагалися зв'язатися (x)",
            "kijitora@example.jp 様 連絡しようとしたグループ（libsisimai）が存在しないか",
        ] {
            assert_eq!(decode_smtp(t).reason, Reason::Rejected, "{t}");
        }
    }

    #[test]
    fn multi_line_reply_is_one() {
        let t = "550-5.7.26 This mail has been blocked because the sender is\n550-5.7.26 unauthenticated. Gmail requires all senders to authenticate with\n550 5.7.26 either SPF or DKIM. a1si123 - gsmtp";
        let r = decode_smtp(t);
        assert_eq!(r.reply_code, Some(550));
        assert_eq!(r.status.as_deref(), Some("5.7.26"));
        assert_eq!(r.provider, Some("google"));
        assert_eq!(r.reason, Reason::Authfailure);
        assert!(r
            .message
            .starts_with("This mail has been blocked because the sender is unauthenticated."));
        assert_eq!(decode_smtp_lines(t).len(), 1);
    }

    #[test]
    fn log_lines() {
        let r = decode_smtp("dsn=4.0.0, stat=Deferred: Connection refused by mx.example.com.");
        assert_eq!(
            (r.status.as_deref(), r.class),
            (Some("4.0.0"), ReplyClass::Transient)
        );
        assert_eq!(r.remote_host.as_deref(), Some("mx.example.com"));
        assert!(r.advice.retry);
        let r = decode_smtp("** x@example.com R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<x@example.com>: 550 5.1.1 user unknown");
        assert_eq!((r.reply_code, r.command), (Some(550), Some("RCPT")));
        assert_eq!(r.reason, Reason::Userunknown);
        let r = decode_smtp("Diagnostic-Code: smtp; 552 5.2.2 Mailbox full");
        assert_eq!(r.reason, Reason::Mailboxfull);
        assert!(!r.hard_bounce);
    }

    #[test]
    fn mismatch_unregistered_and_empty() {
        let r = decode_smtp("550 4.7.1 odd");
        assert!(codes(&r).contains(&"smtp/class-mismatch"));
        assert_eq!(r.class, ReplyClass::Permanent);
        let r = decode_smtp("550 5.7.606 Access denied, banned sending IP [192.0.2.1]");
        assert!(codes(&r).contains(&"smtp/unregistered-status"));
        assert_eq!(
            r.status_text.as_deref(),
            Some("Permanent Failure: Security or Policy Status")
        );
        let r = decode_smtp("");
        assert_eq!(r.diagnostics[0].code, Code::InputEmpty);
        assert_eq!(r.reason, Reason::Undefined);
        let r = decode_smtp("hello there");
        assert!(codes(&r).contains(&"smtp/no-reply-code"));
        assert_eq!(r.class, ReplyClass::Unknown);
    }

    #[test]
    fn refusal_at_the_greeting_is_blocked_only_when_nothing_else_says_why() {
        let r = decode_smtp(
            "SMTP error from remote mail server after EHLO mx.example.com: 550 Rejected",
        );
        assert_eq!((r.command, r.reason), (Some("EHLO"), Reason::Blocked));
        assert_eq!(r.reason_source.stage, "command");
        // A temporary refusal there is not a block, and a reply that names its reason keeps it.
        let r =
            decode_smtp("SMTP error from remote mail server after EHLO mx.example.com: 421 Later");
        assert_eq!(r.reason, Reason::Undefined);
        let r = decode_smtp(
            "SMTP error from remote mail server after initial connection: 554 5.7.1 Too many connections from your IP",
        );
        assert_ne!(r.reason_source.stage, "command");
        // At RCPT the same words stay undecided.
        let r = decode_smtp(
            "SMTP error from remote mail server after RCPT TO:<a@example.com>: 550 Rejected",
        );
        assert_eq!(r.reason, Reason::Undefined);
    }

    #[test]
    fn statements_that_outrank_the_words_they_quote() {
        // qmail's list of refused recipients, whatever the 5.7.1 status says.
        let r = decode_smtp("553 sorry, your envelope recipient is in my badrcptto list (#5.7.1)");
        assert_eq!(r.reason, Reason::Filtered);
        // procmail failing is the local mailer failing, though it quotes "No such user".
        let r = decode_smtp("procmail: Couldn't create \"/var/spool/mail/neko\" id: No such user");
        assert_eq!(r.reason, Reason::Mailererror);
        // A pipelining violation after STARTTLS is a protocol error, not a TLS failure.
        let r = decode_smtp(
            "523 5.7.10 SMTP protocol violation, no commands allowed to pipeline after STARTTLS.",
        );
        assert_eq!(r.reason, Reason::Syntaxerror);
    }

    #[test]
    fn a_reply_to_data_after_refused_recipients_explains_nothing() {
        // The client was refused at RCPT (no reverse DNS); DATA then met "no valid recipients".
        let r = decode_smtp(
            "450 4.7.1 <mx.example.net[192.0.2.9]>: Client host rejected: cannot find your \
             hostname 554 5.5.1 Error: no valid recipients",
        );
        assert_eq!(r.reason, Reason::Requireptr);
        // Gmail's answer to a disabled account, then its "RCPT first" to the DATA that followed.
        let r = decode_smtp(
            "550 5.2.1 The email account that you tried to reach is inactive. 503 5.5.1 RCPT \
             first. - gsmtp",
        );
        assert_eq!(r.reason, Reason::Suspend);
        let r = decode_smtp(
            "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp \
             503 5.5.1 RCPT first.",
        );
        assert_eq!(r.reason, Reason::Userunknown);
        let r = decode_smtp(
            "452 4.2.2 <neko@example.org>... Mailbox full 503 5.0.0 Need RCPT (recipient)",
        );
        assert_eq!(r.reason, Reason::Mailboxfull);
        // Alone, the same replies keep their own meaning.
        assert_eq!(
            decode_smtp("554 5.5.1 Error: no valid recipients").reason,
            Reason::Userunknown
        );
        assert_eq!(
            decode_smtp("503 5.5.1 Bad sequence of commands").reason,
            Reason::Syntaxerror
        );
    }

    #[test]
    fn the_quoted_reply_outranks_the_writers_summary() {
        let notice = "** Address not found ** Your message wasn't delivered to neko@example.org \
             because the address couldn't be found, or is unable to receive mail. The response \
             from the remote server was: ";
        // The server refused the sender: Gmail's heading guessed wrong.
        let r = decode_smtp(&format!("{notice}501 5.1.8 Sender address rejected"));
        assert_eq!(r.reason, Reason::Rejected);
        // The server's words name no reason of their own: the heading stands.
        let r = decode_smtp(&format!("{notice}550 #5.1.0 Address rejected."));
        assert_eq!(r.reason, Reason::Userunknown);
        // Exchange's and Gmail's other forms of the quotation.
        let r = decode_smtp(
            "Your message to neko@example.org couldn't be delivered: the recipient name is not \
             recognized. Remote Server returned '550 5.2.2 Mailbox full'",
        );
        assert_eq!(r.reason, Reason::Mailboxfull);
        let r = decode_smtp(
            "Your message wasn't delivered to neko@example.org because the address couldn't be \
             found. The error that the other server returned was: 552 5.2.2 Mailbox full",
        );
        assert_eq!(r.reason, Reason::Mailboxfull);
        // Exchange's prose "Remote server returned unknown recipient" is not a quotation.
        let r = decode_smtp(
            "550 5.1.351 Remote server returned unknown recipient or mailbox unavailable",
        );
        assert_eq!(r.reason, Reason::Userunknown);
    }

    #[test]
    fn qmail_status_after_the_text_and_a_host_named_by_address() {
        let r = decode_smtp("remote host 192.0.2.32 said: 550 Unknown user kijitora@example.ne.jp\n. (#5.5.0)\n(Other MXes tried: 192.0.2.40 said 550 for RCPT TO response.)");
        assert_eq!(r.message, "Unknown user kijitora@example.ne.jp");
        assert_eq!(r.remote_host.as_deref(), Some("192.0.2.32"));
        assert_eq!(
            (r.reply_code, r.status.as_deref()),
            (Some(550), Some("5.5.0"))
        );
        // The usual order keeps the words after the status.
        let r = decode_smtp(
            "550 5.1.1 <a@example.com>: Recipient address rejected (in reply to RCPT TO command)",
        );
        assert_eq!(r.message, "<a@example.com>: Recipient address rejected");
        // A number that is no address is no host.
        let r = decode_smtp("host 999.1.1.1 said: 550 no");
        assert_eq!(r.remote_host, None);
    }

    #[test]
    fn paste_of_several() {
        let t = "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred\r\n550 5.1.1 unknown user\r\n\r\n452 4.2.2 Mailbox full";
        let rs = decode_smtp_lines(t);
        assert_eq!(rs.len(), 3);
        assert_eq!(rs[0].provider, Some("yahoo"));
        assert_eq!(rs[0].provider_code.as_deref(), Some("TSS04"));
        assert!(rs.windows(2).all(|w| w[0].span.end <= w[1].span.start));
        assert_eq!(
            &t[rs[1].span.start as usize..rs[1].span.end as usize],
            "550 5.1.1 unknown user"
        );
    }

    #[test]
    fn status_constraints() {
        assert!(status_matches("5.7.501-503", Some("5.7.502")));
        assert!(!status_matches("5.7.501-503", Some("5.7.504")));
        assert!(status_matches("5.1.", Some("5.1.7")));
        assert!(status_matches("", Some("5.1.7")));
        assert!(status_matches("5.1.1", None));
    }
}
