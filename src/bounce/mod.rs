//! Bounce messages (issue #3): `decode_bounce` reads a whole bounce — an RFC 3464 delivery status
//! notification or the free-form text real MTAs send — and says, for each failed recipient, why it
//! failed, with the same decoding and advice as [`crate::decode_smtp`]. RFC 5965 feedback reports
//! and RFC 3834 auto-replies are recognised as what they are.
//!
//! MIME is walked by the `mime` module, which splits and decodes only the parts a bounce reads,
//! with the `mail-parser` crate's header-field parsers, decoders and legacy charsets (0.11).

use std::borrow::Cow;

use crate::smtp::scan::{find_short, Haystack, Words};

mod mime;
use mime::{Kind, Mail};
use serde::Serialize;

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::smtp::{decode_smtp, Advice, SmtpReport};
use crate::tables::{
    AgentWhere, Reason, AGENTS, AGENT_DOMAINS, AUTOREPLY_MARKERS, FAILURE_MARKERS,
    ORIGINAL_MARKERS, POWERMTA_CATEGORIES,
};

/// How many distinct addresses of a free-form bounce are examined as possible failed recipients.
pub const MAX_ADDRESSES: usize = 1000;

/// Largest message decode_bounce reads; longer input is cut with an `input/too-large` diagnostic.
pub const MAX_BOUNCE_INPUT: usize = 16 << 20;

/// What kind of message was decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BounceKind {
    /// A delivery failure or delay report.
    Bounce,
    /// An RFC 5965 feedback (abuse) report.
    Feedback,
    /// An RFC 3834 automatic reply (vacation, out of office).
    AutoReply,
    /// None of these.
    NotBounce,
}

/// One failed (or delayed) recipient of a bounce.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BounceRecipient {
    /// The recipient address.
    pub recipient: String,
    /// The DSN action: failed, delayed, delivered, relayed, expanded (or null when free-form).
    pub action: Option<String>,
    /// Enhanced status code.
    pub status: Option<String>,
    /// True when the bounce gave no status and `status` is the pseudo code for the reason
    /// (`5.0.911` for userunknown, ...), as sisimai writes it.
    pub status_pseudo: bool,
    /// SMTP reply code.
    pub reply_code: Option<u16>,
    /// The remote server's text (Diagnostic-Code or the bounce's own words).
    pub diagnostic_code: Option<String>,
    /// Why it failed (sisimai v5.6 taxonomy).
    #[serde(serialize_with = "ser_reason")]
    pub reason: Reason,
    /// Whether the address itself is bad.
    pub hard_bounce: bool,
    /// The receiving provider.
    pub provider: Option<&'static str>,
    /// The MTA or service that wrote the bounce (postfix, exim, sendmail, qmail, gmail, ...).
    pub agent: Option<&'static str>,
    /// The remote host that answered.
    pub remote_host: Option<String>,
    /// The SMTP command that failed.
    pub command: Option<&'static str>,
    /// When the last attempt was made, as the bounce says.
    pub timestamp: Option<String>,
    /// What to do.
    pub advice: Advice,
    /// The original message's Message-ID.
    pub message_id: Option<String>,
    /// The original message's From address.
    pub from: Option<String>,
    /// The original message's Subject.
    pub subject: Option<String>,
    /// For a feedback report: its Feedback-Type (abuse, fraud, ...).
    pub feedback_type: Option<String>,
}

impl BounceRecipient {
    /// Change the reason, with the hard-bounce flag and the advice that go with it.
    fn set_reason(&mut self, reason: Reason) {
        self.reason = reason;
        self.hard_bounce = reason.hard_rule() == crate::tables::HardRule::Always;
        self.advice.action = reason.action();
        self.advice.summary = reason.advice().to_string();
    }
}

fn ser_reason<S: serde::Serializer>(r: &Reason, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(r.as_str())
}

/// The result of decoding one message.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BounceReport {
    /// bounce, feedback, auto-reply or not-bounce.
    pub kind: BounceKind,
    /// One entry per failed recipient (per reported recipient for feedback and auto-replies).
    pub recipients: Vec<BounceRecipient>,
    /// What is odd about the input.
    pub diagnostics: Vec<Diagnostic>,
}

impl BounceReport {
    /// Fill in UTF-16 offsets and line/column for every span (for JavaScript callers).
    pub fn locate(&mut self, input: &str) {
        // Most reports have no span: the message is then not indexed (2% of decodeBounce's time
        // in Node went to indexing it).
        if self.diagnostics.iter().all(|d| d.span.is_none()) {
            return;
        }
        let index = crate::diagnostic::LineIndex::new(input);
        for d in &mut self.diagnostics {
            if let Some(s) = &mut d.span {
                index.locate(s);
            }
        }
    }
}

/// The original message's identity, where the bounce quotes it.
#[derive(Default)]
struct Original {
    message_id: Option<String>,
    from: Option<String>,
    subject: Option<String>,
    to: Vec<String>,
}

pub(super) fn first_address(a: Option<&mail_parser::Address<'_>>) -> Option<String> {
    a.and_then(|a| a.first())
        .and_then(|a| a.address())
        .map(|s| s.to_string())
}

/// The identity of a message (the bounced original).
fn identity(m: &mime::Fields<'_>) -> Original {
    Original {
        message_id: m.message_id().map(str::to_string),
        from: first_address(m.from()),
        subject: m.subject().map(str::to_string),
        to: m
            .to()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn original_of(msg: &Mail<'_>) -> Original {
    for part in &msg.parts {
        if part.kind == Kind::Message {
            return identity(&mime::fields(&part.contents(msg), false));
        }
        if part.is_content_type("text", "rfc822-headers") {
            return identity(&mime::fields(&part.contents(msg), false));
        }
    }
    Original::default()
}

/// A field of a message/delivery-status (or feedback-report) body: its name as written (trimmed)
/// and its value, continuation lines joined with a space.
struct DsField<'a> {
    name: &'a str,
    value: Cow<'a, str>,
}

/// The fields of a message/delivery-status (or feedback-report) body: groups separated by blank
/// lines. Names and values borrow from `text` (a value is copied only to unfold it): a bounce's
/// status fields had cost an allocation or three each, and a hash of every name.
fn field_groups(text: &str) -> Vec<Vec<DsField<'_>>> {
    // A group's names are searched one by one up to this many; a longer group (hostile input)
    // keeps them in a set, so that a group stays linear in its length.
    const SCAN: usize = 32;
    // Room for a recipient's usual fields at once.
    const FIELDS: usize = 8;
    let mut groups = Vec::new();
    let mut cur: Vec<DsField<'_>> = Vec::with_capacity(FIELDS);
    // Lower-cased, filled only for a group longer than SCAN (a set of Strings, as the WASM
    // package has for other uses: a set of another type added 2 KB to it).
    let mut names: std::collections::HashSet<String> = std::collections::HashSet::new();
    // The lines as `str::lines` gives them, found with find_byte (this is called on every
    // delivery-status part, and its lines are short).
    let b = text.as_bytes();
    let mut next = 0;
    while next < b.len() {
        let nl = crate::input::find_byte(b, next, b'\n');
        let line = &text[next..nl];
        let line = line.strip_suffix('\r').unwrap_or(line);
        next = nl + 1;
        if line.trim().is_empty() {
            if !cur.is_empty() {
                groups.push(std::mem::replace(&mut cur, Vec::with_capacity(FIELDS)));
            }
            names.clear();
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = cur.last_mut() {
                let v = last.value.to_mut();
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        let colon = crate::input::find_byte(line.as_bytes(), 0, b':');
        if let (Some(k), Some(v)) = (line.get(..colon), line.get(colon + 1..)) {
            let k = k.trim();
            // A field seen again starts the next recipient's group (AOL writes the groups
            // without the blank line between them).
            let seen = if cur.len() < SCAN {
                cur.iter().any(|f| f.name.eq_ignore_ascii_case(k))
            } else {
                if names.is_empty() {
                    names.extend(cur.iter().map(|f| f.name.to_ascii_lowercase()));
                }
                !names.insert(k.to_ascii_lowercase())
            };
            if seen {
                groups.push(std::mem::replace(&mut cur, Vec::with_capacity(FIELDS)));
                names.clear();
            }
            cur.push(DsField {
                name: k,
                value: Cow::Borrowed(v.trim()),
            });
        }
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    groups
}

/// The value of the first field called `name` (lower case), when it is not empty.
fn get<'a>(g: &'a [DsField<'_>], name: &str) -> Option<&'a str> {
    g.iter()
        .find(|f| f.name.eq_ignore_ascii_case(name))
        .map(|f| f.value.as_ref())
        .filter(|v| !v.is_empty())
}

/// `rfc822; user@example.com` -> `user@example.com`
fn strip_type(v: &str) -> String {
    let v = v.split_once(';').map_or(v, |(_, r)| r).trim();
    v.trim_matches(['<', '>']).to_string()
}

/// The agent that wrote the bounce, and the reason its bounces mean when the text says none.
fn detect_agent(msg: &Mail<'_>, text: &Haystack<'_>) -> (Option<&'static str>, Option<Reason>) {
    let from = first_address(msg.from())
        .unwrap_or_default()
        .to_ascii_lowercase();
    // Every header field's text, lower-cased, in one string (one allocation, not one a field).
    let mut headers = String::with_capacity(msg.headers_raw().map(|v| v.len() + 1).sum());
    for (i, v) in msg.headers_raw().enumerate() {
        if i > 0 {
            headers.push('\n');
        }
        headers.push_str(v);
    }
    headers.make_ascii_lowercase();
    let words = &words().agents;
    AGENTS
        .iter()
        .enumerate()
        .find(|(i, (_, place, marker, _))| match place {
            AgentWhere::Header => msg
                .headers()
                .iter()
                .any(|h| h.name().eq_ignore_ascii_case(marker)),
            // A handful of markers: searching for each costs less than a Haystack's byte pairs.
            AgentWhere::Headers => words.find(*i, &headers, 0).is_some(),
            AgentWhere::From => from.contains(marker),
            AgentWhere::Text => text.find_word(words, *i, 0).is_some(),
        })
        .map_or((None, None), |(_, (agent, _, _, reason))| {
            (Some(*agent), *reason)
        })
}

fn body_text(msg: &Mail<'_>) -> String {
    // The texts first, then one string of their length: a body is mostly kilobytes, and
    // growing a string to it copied it several times over.
    let mut texts: Vec<Cow<'_, str>> = Vec::new();
    let mut len = 0;
    for (i, part) in msg.parts.iter().enumerate() {
        if i > 0 && part.kind == Kind::Message {
            break;
        }
        // An HTML alternative after the text is not decoded at all.
        if part.kind == Kind::Html && len > 0 {
            continue;
        }
        match part.text(msg) {
            Some((false, t)) if !part.is_content_type("text", "rfc822-headers") => {
                len += t.len() + 1;
                texts.push(t);
                texts.push(Cow::Borrowed("\n"));
            }
            Some((true, h)) if len == 0 => {
                let t = strip_tags(&h);
                len += t.len();
                texts.push(Cow::Owned(t));
            }
            _ => {}
        }
    }
    if let [Cow::Owned(_)] = &texts[..] {
        return texts.pop().map(Cow::into_owned).unwrap_or_default();
    }
    let mut out = String::with_capacity(len);
    for t in &texts {
        out.push_str(t);
    }
    out
}

/// The text of HTML without its tags, a space for each. Read by bytes (`<` and `>` are ASCII, so
/// every cut is on a character boundary), copying the text between tags a run at a time and
/// searching for the next `<` or `>` (a bounce's HTML part can be tens of kilobytes).
fn strip_tags(h: &str) -> String {
    let b = h.as_bytes();
    let mut out = String::with_capacity(h.len());
    let mut text_from = 0;
    loop {
        let open = crate::input::find_byte(b, text_from, b'<');
        if open >= b.len() {
            out.push_str(&h[text_from..]);
            return out;
        }
        out.push_str(&h[text_from..open]);
        let close = crate::input::find_byte(b, open + 1, b'>');
        if close >= b.len() {
            return out;
        }
        out.push(' ');
        text_from = close + 1;
    }
}

/// Where the quoted original message starts in a free-form bounce (`hay`: `text` lower-cased).
fn cut_original<'t>(text: &'t str, hay: &Haystack<'_>) -> &'t str {
    let lower = hay.lower;
    // The earliest marker: each one is looked for only before the best found so far.
    let mut cut = text.len().min(lower.len());
    let words = &words().original;
    for (i, m) in ORIGINAL_MARKERS.iter().enumerate() {
        if !hay.has_pairs(words.pairs(i)) {
            continue;
        }
        let mut end = (cut + m.len()).min(lower.len());
        while !lower.is_char_boundary(end) {
            end += 1;
        }
        if let Some(p) = words.find(i, &lower[..end], 0) {
            cut = cut.min(p);
        }
    }
    &text[..cut]
}

fn is_address_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b".-_+=!#$%&'*/?^`{|}~".contains(&b)
}

/// Email addresses in `text` with their byte offsets, in order.
fn addresses(text: &str) -> Vec<(usize, String)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && is_address_char(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || b[e] == b'.' || b[e] == b'-') {
            e += 1;
        }
        let local = &text[s..at];
        let domain = text[at + 1..e].trim_end_matches('.');
        // Message-IDs look like addresses: skip the header lines that carry them.
        let mut from = s.saturating_sub(256);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let line_start = text[from..s].rfind('\n').map_or(from, |p| from + p + 1);
        let line = text[line_start..s].trim_start().as_bytes();
        if [
            "message-id",
            "references",
            "in-reply-to",
            "x-message-id",
            "content-id",
        ]
        .iter()
        .any(|h| {
            line.get(..h.len())
                .is_some_and(|l| l.eq_ignore_ascii_case(h.as_bytes()))
        }) {
            continue;
        }
        if !local.is_empty() && domain.contains('.') && !local.starts_with('.') {
            let mut addr = String::with_capacity(local.len() + 1 + domain.len());
            addr.push_str(local);
            addr.push('@');
            addr.push_str(domain);
            out.push((s, addr));
        }
    }
    out
}

fn is_daemon(addr: &str) -> bool {
    let starts = |p: &str| {
        addr.as_bytes()
            .get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
    };
    starts("mailer-daemon@") || starts("postmaster@")
}

/// A recipient with what `report` says of it: its reply, reason and advice (copied: the free-form
/// reader keeps a line's report for the other addresses on that line).
fn recipient_from(
    report: &SmtpReport,
    recipient: String,
    o: &Original,
    agent: Option<&'static str>,
) -> BounceRecipient {
    BounceRecipient {
        recipient,
        action: None,
        status: report.status.clone(),
        status_pseudo: false,
        reply_code: report.reply_code,
        diagnostic_code: (!report.message.is_empty()).then(|| report.message.clone()),
        reason: report.reason,
        hard_bounce: report.hard_bounce,
        provider: report.provider,
        agent,
        remote_host: report.remote_host.clone(),
        command: report.command,
        timestamp: None,
        advice: report.advice.clone(),
        message_id: o.message_id.clone(),
        from: o.from.clone(),
        subject: o.subject.clone(),
        feedback_type: None,
    }
}

fn is_auto_reply(msg: &Mail<'_>) -> bool {
    let h = |n: &str| msg.header_raw(n).map(|v| v.trim().to_ascii_lowercase());
    if h("auto-submitted").is_some_and(|v| v.starts_with("auto-replied")) {
        return true;
    }
    if h("x-autoreply").is_some() || h("x-autorespond").is_some() {
        return true;
    }
    let subject = msg.subject().unwrap_or_default().to_ascii_lowercase();
    AUTOREPLY_MARKERS.iter().any(|m| subject.contains(m))
}

/// Decode a bounce message (RFC 3464 or free-form), one entry per failed recipient.
///
/// ```
/// let raw = "From: MAILER-DAEMON@mx.example.net\r\nTo: alice@example.com\r\nSubject: Undelivered Mail\r\n\
/// Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
/// --b\r\nContent-Type: text/plain\r\n\r\nI could not deliver your message.\r\n\
/// --b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n\
/// Final-Recipient: rfc822; bob@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\
/// Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown\r\n--b--\r\n";
/// let r = deliverkit::decode_bounce(raw);
/// assert_eq!(r.recipients.len(), 1);
/// let b = &r.recipients[0];
/// assert_eq!(b.recipient, "bob@example.org");
/// assert_eq!((b.status.as_deref(), b.reply_code), (Some("5.1.1"), Some(550)));
/// assert_eq!(b.reason.as_str(), "userunknown");
/// assert!(b.hard_bounce);
/// ```
pub fn decode_bounce(raw: &str) -> BounceReport {
    // The input checks (size, emptiness, binary bytes) read the text as given, so that their
    // spans point into it, before its line endings change.
    let (usable, input_diags) = crate::input::prepare(raw, MAX_BOUNCE_INPUT);
    let mut report = decode_usable(usable);
    let mut diags = input_diags;
    diags.append(&mut report.diagnostics);
    report.diagnostics = diags;
    report
}

/// [`decode_bounce`] after the input checks: one message or an mbox of several.
fn decode_usable(raw: &str) -> BounceReport {
    // CRLF and CR-only files (old Macs) split and decode like LF ones.
    let normalized;
    let raw = if has_cr(raw) {
        normalized = lf_only(raw);
        normalized.as_str()
    } else {
        raw
    };
    let messages = mbox_messages(raw);
    if messages.len() < 2 {
        return decode_at(raw, 0);
    }
    // An mbox of several bounces: every message's recipients, in order.
    let mut all = BounceReport {
        kind: BounceKind::NotBounce,
        recipients: Vec::new(),
        diagnostics: Vec::new(),
    };
    // The kind is that of the first message with recipients; with none, the first that is not
    // "not a bounce" (a feedback report that names nobody, say).
    let mut first_kind = BounceKind::NotBounce;
    let mut kind_with_recipients = None;
    for m in messages {
        let r = decode_at(m, 0);
        if first_kind == BounceKind::NotBounce {
            first_kind = r.kind;
        }
        if kind_with_recipients.is_none() && !r.recipients.is_empty() {
            kind_with_recipients = Some(r.kind);
        }
        all.recipients.extend(r.recipients);
        all.diagnostics.extend(r.diagnostics);
    }
    all.kind = kind_with_recipients.unwrap_or(first_kind);
    // What one message of several lacks ("not a bounce", "names nobody") is said of the mbox only
    // when no message had a recipient, and once.
    use crate::diagnostic::Code;
    if !all.recipients.is_empty() {
        all.diagnostics.retain(|d| {
            !matches!(
                d.code,
                Code::BounceNotABounce | Code::BounceNotAMessage | Code::BounceFeedbackNoRecipient
            )
        });
    } else if all.kind != BounceKind::NotBounce {
        all.diagnostics.retain(|d| d.code != Code::BounceNotABounce);
    }
    let mut seen = Vec::new();
    all.diagnostics.retain(|d| {
        if seen.contains(&d.code) {
            return false;
        }
        seen.push(d.code);
        true
    });
    all
}

/// The messages of an mbox (a file starting with a `From ` envelope line; each further message
/// starts with such a line after a blank one). One message, or not an mbox: the input whole.
fn mbox_messages(raw: &str) -> Vec<&str> {
    const MAX_MESSAGES: usize = 1000;
    if !raw.starts_with("From ") {
        return vec![raw];
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(p) = find_short(&raw[from..], "\nFrom ", 0) {
        let at = from + p + 1;
        let blank_before = raw[..at - 1].ends_with('\n') || raw[..at - 1].ends_with("\n\r");
        // Without the blank line (some mbox writers), the envelope line's shape decides:
        // `From sender date-with-time`, then a header line.
        let line_end = raw[at..].find('\n').map_or(raw.len(), |e| at + e);
        let line = &raw[at..line_end];
        let next = raw[line_end..].trim_start_matches(['\r', '\n']);
        let envelope = line.len() < 200
            && line.split_whitespace().count() >= 4
            && line.contains(':')
            && next
                .split_once(':')
                .is_some_and(|(name, _)| !name.is_empty() && !name.contains([' ', '\n']));
        if (blank_before || envelope) && out.len() < MAX_MESSAGES {
            out.push(&raw[start..at]);
            start = at;
        }
        from = at;
    }
    out.push(&raw[start..]);
    out
}

/// An Amazon SES complaint notification (SNS sends it as JSON in a plain-text mail): the
/// complained recipients and the complaint's feedback type. Read by scanning for its few keys:
/// no JSON parser in the package for one notification type. SNS folds long lines with a space.
fn ses_complaint(body: &str) -> Option<(Vec<String>, Option<String>)> {
    let at = find_short(body, "{\"notificationType\":\"Complaint\"", 0)?;
    // The notification, unfolded, up to 64 KiB.
    let json = crate::input::cut(&body[at..], 64 * 1024)
        .replace("\n ", "")
        .replace('\n', "");
    let value_of = |key: &str, from: &str| -> Option<String> {
        let p = from.find(&format!("\"{key}\":\""))? + key.len() + 4;
        let v = &from[p..];
        Some(v[..v.find('"')?].to_string())
    };
    let list_start = json.find("\"complainedRecipients\":[")?;
    let list = &json[list_start..];
    let list = &list[..list.find(']').unwrap_or(list.len())];
    let mut rcpts = Vec::new();
    let mut rest = list;
    while let Some(p) = rest.find("\"emailAddress\":\"") {
        rest = &rest[p..];
        if let Some(a) = value_of("emailAddress", rest).filter(|a| a.contains('@')) {
            rcpts.push(a);
        }
        rest = &rest[1..];
    }
    (!rcpts.is_empty()).then(|| (rcpts, value_of("complaintFeedbackType", &json)))
}

/// `text` with every CRLF and lone CR as LF. The CRs are found eight bytes at a time
/// ([`crate::input::find_byte`]): a char searcher set up for each of a CRLF file's lines cost
/// more than the copy.
fn lf_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    loop {
        let cr = crate::input::find_byte(b, from, b'\r');
        // CR and LF are ASCII: every cut is on a character boundary.
        out.push_str(&text[from..cr]);
        if cr == b.len() {
            return out;
        }
        out.push('\n');
        from = cr + 1 + usize::from(b.get(cr + 1) == Some(&b'\n'));
    }
}

/// Whether `text` has a CR (eight bytes at a time).
fn has_cr(text: &str) -> bool {
    crate::input::find_byte(text.as_bytes(), 0, b'\r') < text.len()
}

/// A bounce of a bounce (a gateway returning the delivery report it received) is read once more
/// from its attachment: `depth` counts how deep, and stops at one level.
fn decode_at(raw: &str, depth: u8) -> BounceReport {
    // The input checks are decode_bounce's; an attached bounce is at most as long as its input.
    let text = crate::input::cut(raw, MAX_BOUNCE_INPUT);
    let mut diags = Vec::new();
    // One line ending, LF, whatever the file had: the MIME parser and the layouts below then
    // see CRLF, CR-only and LF files alike, so they decode alike (fuzzing found mangled
    // messages that the parser split differently with CRLF).
    let normalized;
    let text = if has_cr(text) {
        normalized = lf_only(text);
        normalized.as_str()
    } else {
        text
    };
    let Some(msg) = mime::parse(text).filter(|m| !m.headers().is_empty()) else {
        if !text.trim().is_empty() {
            diags.push(catalog::bounce::not_a_message());
        }
        return BounceReport {
            kind: BounceKind::NotBounce,
            recipients: Vec::new(),
            diagnostics: diags,
        };
    };
    if depth == 0 && msg.content_type().is_none() {
        if let Some(fixed) = with_mime_header(text) {
            return decode_at(&fixed, depth + 1);
        }
    }
    let mut original = original_of(&msg);
    let mut body = body_text(&msg);
    if body.trim().is_empty() {
        // MIME the parser could not follow (a part's boundary parameter on a line of its own):
        // the raw text after the header, rather than nothing.
        if let Some(p) = find_short(text, "\n\n", 0).or_else(|| find_short(text, "\r\n\r\n", 0)) {
            body = text[p..].trim_start().to_string();
        }
    }
    let lower = body.to_ascii_lowercase();
    // The body's byte pairs, once: the dozens of marker searches below (agents, the start of
    // the original, failure words, the command) mostly end at one bit test instead of a scan.
    let hay = Haystack::new(&lower);
    let (agent, agent_reason) = detect_agent(&msg, &hay);

    // RFC 5965 feedback report; or Apple Mail's one-click unsubscribe, an opt-out sent by the
    // recipient's mail client (marked `X-Apple-Unsubscribe: true`).
    let fb = msg
        .parts
        .iter()
        .find(|p| p.is_content_type("message", "feedback-report"));
    let apple_unsubscribe = msg
        .header_raw("X-Apple-Unsubscribe")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    // Looked for in the text as written (case matters); most bounces lack its byte pairs.
    let ses = hay
        .may_contain("{\"notificationtype\":\"complaint\"")
        .then(|| ses_complaint(&body))
        .flatten();
    if fb.is_some() || apple_unsubscribe || ses.is_some() {
        let report = fb.map(|fb| crate::input::lossy_utf8(&fb.contents(&msg)).into_owned());
        let fields: Vec<DsField<'_>> = report
            .as_deref()
            .map(|t| field_groups(t).into_iter().flatten().collect())
            .unwrap_or_default();
        let ftype = get(&fields, "feedback-type")
            .map(str::to_string)
            .or_else(|| apple_unsubscribe.then(|| "opt-out".to_string()))
            .or_else(|| ses.as_ref().and_then(|s| s.1.clone()));
        let mut rcpts: Vec<String> = fields
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("original-rcpt-to"))
            .map(|f| strip_type(&f.value))
            .collect();
        if let Some((complained, _)) = &ses {
            rcpts.extend(complained.iter().cloned());
        }
        if fb.is_none() {
            // The one who opted out sent the message.
            rcpts.extend(first_address(msg.from()));
        }
        if rcpts.is_empty() {
            rcpts.extend(original.to.first().cloned().or_else(|| msg.to_first()));
        }
        let mut out = Vec::new();
        for rcpt in rcpts {
            let mut r = recipient_from(&decode_smtp(""), rcpt, &original, Some("feedback-loop"));
            r.reason = Reason::Feedback;
            r.hard_bounce = false;
            r.diagnostic_code = None;
            r.feedback_type = ftype.clone();
            r.advice = Advice {
                action: Reason::Feedback.action(),
                retry: false,
                retry_after_minutes: Vec::new(),
                give_up_after_hours: None,
                summary: Reason::Feedback.advice().to_string(),
                doc_url: None,
            };
            out.push(r);
        }
        if out.is_empty() {
            diags.push(catalog::bounce::feedback_no_recipient());
        }
        return BounceReport {
            kind: BounceKind::Feedback,
            recipients: out,
            diagnostics: diags,
        };
    }

    // RFC 3464 delivery status.
    if let Some(ds) = msg.parts.iter().find(|p| {
        p.content_type().is_some_and(|c| {
            c.ctype().eq_ignore_ascii_case("message")
                && c.subtype()
                    .is_some_and(|s| s.to_ascii_lowercase().ends_with("delivery-status"))
        })
    }) {
        let status_text = ds.contents(&msg);
        let status_text = crate::input::lossy_utf8(&status_text);
        let groups = field_groups(&status_text);
        let mut out = Vec::new();
        let mut body_command = None;
        for g in groups.iter().filter(|g| {
            get(g, "final-recipient").is_some() || get(g, "original-recipient").is_some()
        }) {
            let rcpt = get(g, "final-recipient")
                .or_else(|| get(g, "original-recipient"))
                .map(strip_type)
                .unwrap_or_default();
            let diag_type = get(g, "diagnostic-code")
                .and_then(|d| d.split_once(';'))
                .map(|(t, _)| t.trim().to_ascii_lowercase());
            let diag = get(g, "diagnostic-code")
                .map(|d| d.split_once(';').map_or(d, |(_, r)| r).trim().to_string())
                .map(|d| complete_multiline(&d, &body).unwrap_or(d));
            // OpenSMTPD fills Status with a placeholder (5.0.0, 4.0.0, 4.4.7 whatever the reply
            // was); its text part quotes the real reply, so its Status is not read.
            let status = get(g, "status")
                .filter(|_| agent != Some("opensmtpd"))
                .map(|s| s.split_whitespace().next().unwrap_or("").to_string())
                .filter(|s| !s.is_empty());
            // Context for the reason: the diagnostic, else the human-readable part around the address.
            let context = match &diag {
                Some(d) if !d.is_empty() => d.clone(),
                _ => {
                    // Rare (a DSN without Diagnostic-Code): find the original's start only then.
                    let head = cut_original(&body, &hay);
                    let text = context_for(head, &lower[..head.len()], &rcpt).unwrap_or_default();
                    // The reporting MTA's own words on the Status line ("4.0.0 (example.net:
                    // host name lookup failure)") explain it first.
                    match get(g, "status")
                        .and_then(|s| s.split_once('('))
                        .map(|(_, c)| c.trim_end_matches(')').trim())
                        .filter(|c| !c.is_empty())
                    {
                        Some(gloss) => format!("{gloss} {text}"),
                        None => text,
                    }
                }
            };
            let context = strip_continuations(&context);
            // The DSN status goes after the text, so that a reply code at its start stays one.
            let with_status = match (&status, crate::smtp::has_status(&context)) {
                (Some(s), false) => format!("{context} {s}"),
                _ => context.clone(),
            };
            // The host that answered: the Remote-MTA, or where there is none, the reporting MTA
            // itself refused the message.
            let answered = get(g, "remote-mta")
                .or_else(|| groups.iter().find_map(|x| get(x, "reporting-mta")))
                .map(strip_type);
            let hosts: Vec<&str> = answered
                .as_deref()
                .into_iter()
                .chain(agent_domain(agent))
                .collect();
            let mut report = crate::smtp::decode_smtp_from(&with_status, &hosts);
            let says_no_user = says_no_such_user(&report);
            if report.command.is_none() {
                // The same for every recipient: read once.
                report.command =
                    *body_command.get_or_insert_with(|| crate::smtp::scan::find_command(&hay));
            }
            let from_text = report.status.clone();
            let mut r = recipient_from(&report, rcpt, &original, agent);
            r.action = get(g, "action").map(|a| a.to_ascii_lowercase());
            // The server's own status (in the Diagnostic-Code) is the most precise; the DSN's
            // Status field is the reporting MTA's summary of it (often x.0.0 or a timeout code).
            // Keep the DSN's when the server's is only a class, or contradicts its reply code.
            match (&status, &from_text) {
                (Some(_), Some(t))
                    if !t.ends_with(".0.0")
                        && diag.as_deref().is_some_and(|d| d.contains(t.as_str())) =>
                {
                    r.status = from_text
                }
                (Some(_), _) => r.status = status,
                _ => {}
            }
            settle_no_such_user(&mut r, says_no_user);
            // NTT docomo answers "Unknown user" after DATA when the recipient's own reception
            // settings refuse the sender: the sender is rejected, the address exists.
            if r.provider == Some("ntt-docomo")
                && r.command == Some("DATA")
                && r.status.as_deref() == Some("5.0.0")
                && matches!(r.reason, Reason::Userunknown | Reason::Filtered)
            {
                r.set_reason(Reason::Rejected);
            }
            // A local delivery program failed (procmail, a pipe): the DSN says so by its type,
            // unless its words name what went wrong on the host (a full disk or mailbox, a
            // timeout, a filter), as sisimai reads them.
            if diag_type.as_deref() == Some("x-unix") && !local_failure_named(r.reason) {
                r.set_reason(Reason::Mailererror);
            }
            r.diagnostic_code = diag.filter(|d| !d.is_empty());
            if r.reply_code.is_none() {
                r.reply_code = transcript_reply(&lower);
            }
            // The reporting MTA's own gloss of the status ("5.2.1 (mailbox disabled, not
            // accepting messages)") says the mailbox exists but is switched off.
            let gloss = get(g, "status")
                .and_then(|s| s.split_once('('))
                .map(|(_, c)| c.to_ascii_lowercase());
            if gloss.is_some_and(|c| c.contains("mailbox disabled")) {
                r.set_reason(Reason::Suspend);
            }
            if let Some(reason) = get(g, "x-powermta-bouncecategory").and_then(powermta_category) {
                if r.reason != Reason::Suspend {
                    r.set_reason(reason);
                }
            }
            r.remote_host = get(g, "remote-mta").map(strip_type).or(r.remote_host);
            r.timestamp = get(g, "last-attempt-date")
                .or_else(|| get(&groups[0], "arrival-date"))
                .map(str::to_string);
            if r.action.as_deref() == Some("delayed") && r.reason == Reason::Undefined {
                r.reason = Reason::Expired;
            }
            out.push(r);
        }
        if !out.is_empty() {
            local_delivery_report(&msg, &body, &hay, &mut out);
            finish(&mut out, agent_reason);
            return BounceReport {
                kind: BounceKind::Bounce,
                recipients: out,
                diagnostics: diags,
            };
        }
    }

    // Free-form bounce.
    let head = cut_original(&body, &hay);
    if original.message_id.is_none() && original.from.is_none() && head.len() < body.len() {
        // The original is quoted as text after a marker line: read its header section.
        let quoted = &body[head.len()..];
        let quoted = quoted
            .split_once('\n')
            .map_or("", |(_, rest)| rest)
            .trim_start();
        let m = mime::fields(quoted.as_bytes(), false);
        if !m.is_empty() {
            original = identity(&m);
        }
    }
    let own: Vec<String> = [first_address(msg.from()), msg.to_first()]
        .into_iter()
        .flatten()
        .map(|a| a.to_ascii_lowercase())
        .collect();
    // Address -> (found as a failed recipient, times examined). An address is looked at again
    // where it reappears (a bounce may name it before the text that explains it), a bounded
    // number of times, so that a text repeating one address stays linear.
    let mut seen: std::collections::HashMap<String, (bool, u8)> = std::collections::HashMap::new();
    // Recipients found with words but no reply code or status ("There was an error delivering
    // your mail to <a@b>."), by address: a later mention that quotes the server's reply (in the
    // next paragraph) replaces them.
    let mut weak: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out: Vec<BounceRecipient> = Vec::new();
    // The bounce's own From and To are not failed recipients except where nothing else is and
    // the To address heads a failure report of its own (a message to oneself): a second pass.
    for pass in 0..2 {
        if pass == 1 {
            if !out.is_empty() {
                break;
            }
            seen.clear();
        }
        // Addresses listed on one line share its explanation: decode it once per line. The
        // addresses come in text order, so the line starts are found in one forward pass.
        let mut last_context: Option<(usize, SmtpReport)> = None;
        let (mut scanned, mut line_start) = (0, 0);
        for (at, addr) in addresses(head) {
            let key = addr.to_ascii_lowercase();
            let entry = seen.get(&key).copied().unwrap_or((false, 0));
            if (entry.0 && !weak.contains_key(&key))
                || entry.1 >= 4
                || (own.contains(&key)
                    || original
                        .from
                        .as_deref()
                        .is_some_and(|f| f.eq_ignore_ascii_case(&addr)))
                    != (pass == 1)
                || (pass == 1 && !is_heading(head, at, &addr))
                || is_daemon(&addr)
            {
                continue;
            }
            if entry.1 == 0 && seen.len() >= MAX_ADDRESSES {
                break;
            }
            if let Some(nl) = head.as_bytes()[scanned.min(at)..at]
                .iter()
                .rposition(|&c| c == b'\n')
            {
                line_start = scanned.min(at) + nl + 1;
            }
            scanned = at;
            if !matches!(&last_context, Some((l, _)) if *l == line_start) {
                last_context = Some((line_start, decode_smtp(&context_at(head, at))));
            }
            // Read in place; copied only for a failed recipient (most addresses are mentions).
            let Some((_, report)) = &last_context else {
                continue;
            };
            // A success reply code without a status near an address is a number that looks
            // like one ("Size (in bytes): 222"), not a delivery report.
            let failed = !(report.reason == Reason::Undefined
                && report.reply_code.is_none()
                && report.status.is_none())
                && (report.reason != Reason::Delivered || report.status.is_some());
            seen.insert(key.clone(), (failed || entry.0, entry.1 + 1));
            if !failed {
                // An address with no failure nearby: probably a mention, not a failed recipient.
                continue;
            }
            let quotes_reply = report.reply_code.is_some() || report.status.is_some();
            let says_no_user = says_no_such_user(report);
            let mut r = recipient_from(report, addr, &original, agent);
            settle_no_such_user(&mut r, says_no_user);
            match weak.get(&key).copied() {
                Some(i) if quotes_reply => {
                    r.recipient = std::mem::take(&mut out[i].recipient);
                    out[i] = r;
                    weak.remove(&key);
                }
                Some(_) => {}
                None => {
                    if !quotes_reply {
                        weak.insert(key, out.len());
                    }
                    out.push(r);
                }
            }
        }
    }
    let subject = msg.subject().unwrap_or_default().to_ascii_lowercase();
    let from_daemon = first_address(msg.from()).is_some_and(|a| is_daemon(&a));
    let failure_words = &words().failure;
    let looks_failed = from_daemon
        || FAILURE_MARKERS.iter().enumerate().any(|(i, m)| {
            hay.find_word(failure_words, i, 0).is_some() || find_short(&subject, m, 0).is_some()
        });
    if out.is_empty() && !looks_failed && is_auto_reply(&msg) {
        let rcpt = first_address(msg.from()).unwrap_or_default();
        let mut r = recipient_from(&decode_smtp(""), rcpt, &original, Some("rfc3834"));
        r.reason = Reason::Vacation;
        r.hard_bounce = false;
        r.diagnostic_code = Some(head.trim().chars().take(500).collect());
        r.advice.retry = false;
        r.advice.retry_after_minutes.clear();
        r.advice.give_up_after_hours = None;
        r.advice.action = Reason::Vacation.action();
        r.advice.summary = Reason::Vacation.advice().to_string();
        return BounceReport {
            kind: BounceKind::AutoReply,
            recipients: vec![r],
            diagnostics: diags,
        };
    }
    if out.is_empty() && looks_failed && depth == 0 {
        // The failure is explained by the delivery report attached as the returned message.
        let inner = msg.parts.iter().find_map(|p| {
            if p.kind != Kind::Message {
                return None;
            }
            let raw = p.contents(&msg);
            let report = mime::fields(&raw, true).content_type().is_some_and(|c| {
                c.ctype().eq_ignore_ascii_case("multipart")
                    && c.subtype()
                        .is_some_and(|s| s.eq_ignore_ascii_case("report"))
            });
            report.then(|| crate::input::lossy_utf8(&raw).into_owned())
        });
        if let Some(m) = inner {
            let rep = decode_at(&m, depth + 1);
            if rep.kind == BounceKind::Bounce {
                return rep;
            }
        }
    }
    if out.is_empty() && looks_failed {
        // A failure with no address in the text: fall back to the original message's recipient.
        // The explanation is at the top of a bounce: read at most its first 4 KiB.
        let report = decode_smtp(crate::input::cut(head.trim(), 4096));
        let quoted_to = || {
            let rest = &body[head.len()..];
            rest.lines()
                .find(|l| l.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("to:")))
                .and_then(|l| addresses(l).into_iter().next().map(|(_, a)| a))
        };
        let any_other = || {
            addresses(head)
                .into_iter()
                .map(|(_, a)| a)
                .find(|a| !own.contains(&a.to_ascii_lowercase()) && !is_daemon(a))
        };
        // Exim names the failed recipients in a header of their own.
        let failed_header = msg
            .header_raw("X-Failed-Recipients")
            .and_then(|v| addresses(v).into_iter().next().map(|(_, a)| a));
        if let Some(to) = failed_header
            .or_else(|| original.to.first().cloned())
            .or_else(quoted_to)
            .or_else(any_other)
        {
            diags.push(catalog::bounce::no_recipient());
            let says_no_user = says_no_such_user(&report);
            let mut r = recipient_from(&report, to, &original, agent);
            settle_no_such_user(&mut r, says_no_user);
            out.push(r);
        }
    }
    if out.is_empty() {
        diags.push(catalog::bounce::not_a_bounce());
        return BounceReport {
            kind: BounceKind::NotBounce,
            recipients: out,
            diagnostics: diags,
        };
    }
    local_delivery_report(&msg, &body, &hay, &mut out);
    finish(&mut out, agent_reason);
    BounceReport {
        kind: BounceKind::Bounce,
        recipients: out,
        diagnostics: diags,
    }
}

/// Last touches on every recipient: the agent's own reason where the text gave none, and a pseudo
/// status where the bounce gave none (sisimai's convention: class, `.0.`, and the reason's number
/// from `data/smtp-enhanced-status.tsv`), flagged by `status_pseudo`.
fn finish(out: &mut [BounceRecipient], agent_reason: Option<Reason>) {
    for r in out.iter_mut() {
        let permanent = r.reply_code.is_some_and(|c| c / 100 == 5)
            || r.status.as_deref().is_some_and(|s| s.starts_with('5'));
        if matches!(r.reason, Reason::Undefined | Reason::Onhold)
            && permanent
            && matches!(r.command, Some("CONN" | "HELO" | "EHLO"))
        {
            // Refused at the greeting or at HELO/EHLO, in words no rule knows: the sending host
            // was turned away (decode_smtp's rule, for a command the bounce names elsewhere).
            r.set_reason(Reason::Blocked);
        }
        if matches!(r.reason, Reason::Undefined | Reason::Onhold) {
            if let Some(a) = agent_reason {
                r.set_reason(a);
            } else if r
                .diagnostic_code
                .as_deref()
                .is_some_and(|d| !d.trim().is_empty())
            {
                // The bounce explains, in words no rule knows: held for a person to read.
                r.set_reason(Reason::Onhold);
            } else {
                // Nothing to go on at all.
                r.set_reason(Reason::Undefined);
            }
        }
        if r.status.is_none() {
            let class = if temporary(r.reply_code, r.diagnostic_code.as_deref()) {
                '4'
            } else {
                '5'
            };
            if let Some(code) = crate::tables::pseudo_status(r.reason) {
                r.status = Some(format!("{class}{}", &code[1..]));
                r.status_pseudo = true;
            }
        }
        // A reply code of another class than the status is not the reply that failed the
        // message (a 5xx quoted in a delay notice, a 4xx before the final refusal): drop it.
        if let (Some(c), Some(s)) = (r.reply_code, r.status.as_deref()) {
            if s.as_bytes().first() != Some(&(b'0' + (c / 100) as u8)) {
                r.reply_code = None;
            }
        }
    }
}

/// A MIME report whose header lost its Content-Type (some Sendmail relays): the parts are there,
/// `--boundary` lines and all, but read as one text. The message again with the header restored,
/// when its body has a delivery-status part.
fn with_mime_header(text: &str) -> Option<String> {
    // decode_at has turned every line ending into LF.
    let (head_end, sep) = (find_short(text, "\n\n", 0)?, "\n");
    let body = &text[head_end..];
    let lower = body.to_ascii_lowercase();
    if !lower.contains("content-type: message/delivery-status") {
        return None;
    }
    // The boundary: the first `--token` line that a Content-Type line follows somewhere.
    // At most a few candidates, each checked with one scan: linear in the message.
    let boundary = body
        .lines()
        .filter(|l| l.starts_with("--"))
        .take(8)
        .find_map(|l| {
            let t = l.trim_end().strip_prefix("--")?;
            let ok = !t.is_empty()
                && t.len() <= 200
                && !t.ends_with("--")
                && !t.contains(char::is_whitespace)
                && body.matches(l.trim_end()).nth(1).is_some();
            ok.then_some(t)
        })?;
    let mut out = String::with_capacity(text.len() + 100);
    out.push_str(&text[..head_end]);
    out.push_str(sep);
    out.push_str("Content-Type: multipart/report; report-type=delivery-status; boundary=\"");
    out.push_str(boundary);
    out.push('"');
    out.push_str(body);
    Some(out)
}

/// Whether the address at byte `at` stands alone on its line as a heading (`<a@b>:`, `a@b`), the
/// way bounces list the recipients they explain.
fn is_heading(text: &str, at: usize, addr: &str) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let end = text[at..].find('\n').map_or(text.len(), |p| at + p);
    let line = text[start..end].trim().trim_end_matches(':');
    line.trim_start_matches('<').trim_end_matches('>') == addr
}

/// The reasons a local delivery program's words can name for themselves (sisimai tries these
/// before calling an `x-unix` failure a mailer error).
fn local_failure_named(r: Reason) -> bool {
    matches!(
        r,
        Reason::Mailboxfull
            | Reason::Spamdetected
            | Reason::Policyviolation
            | Reason::Virusdetected
            | Reason::Norelaying
            | Reason::Networkerror
            | Reason::Suspend
            | Reason::Expired
            | Reason::Contenterror
            | Reason::Systemfull
            | Reason::Notaccept
            | Reason::Mailererror
    )
}

/// The reply code in Sendmail's session transcript (`----- Transcript of session follows -----`
/// then `451 4.0.0 Operating system error`): the first failure reply line of the block, for a DSN
/// whose Diagnostic-Code carries none (missing, or a local program's exit code).
fn transcript_reply(lower: &str) -> Option<u16> {
    let at = find_short(lower, "transcript of session follows", 0)?;
    for line in lower[at..].lines().skip(1).take(20) {
        let t = line.trim_start().trim_start_matches("<<<").trim_start();
        let b = t.as_bytes();
        if b.len() >= 4
            && matches!(b[0], b'4' | b'5')
            && b[1..3].iter().all(u8::is_ascii_digit)
            && matches!(b[3], b' ' | b'-')
        {
            return t[..3].parse().ok();
        }
        if t.starts_with("--") {
            break;
        }
    }
    None
}

/// Where a local delivery program (dovecot's LDA, mail.local, procmail, maildrop, vpopmail's
/// vdelivermail, vmailmgr's vdeliver) refused the message, the bounce quotes its own report:
/// "Your message to <u> was automatically rejected:" or "mail.local: unknown user: u". What it
/// says about the mailbox (missing, full) is the reason for every recipient, whatever the
/// relaying MTA summarised in its DSN (sisimai reads it so too).
/// How Dovecot's refusal line ends ("Your message to <a@b> was automatically rejected:"), then
/// what a local delivery program's failure starts with (procmail, maildrop, ...).
const LOCAL_MARKS: [&str; 6] = [
    " was automatically rejected:",
    "mail.local: ",
    "procmail: ",
    "maildrop: ",
    "vdelivermail: ",
    "vdeliver: ",
];
const DOVECOT_END: &str = LOCAL_MARKS[0];

/// The marker tables a bounce is searched for, each word with its byte pairs (and natively its
/// searcher) worked out once. Kept with the SMTP scanner's tables ([`crate::smtp::scan::keys`]):
/// each lazily made static is code in the WASM package.
pub(crate) struct BounceWords {
    agents: Words,
    failure: Words,
    original: Words,
    /// [`LOCAL_MARKS`].
    local: Words,
}

impl BounceWords {
    pub(crate) fn new() -> BounceWords {
        BounceWords {
            agents: Words::from_fn(AGENTS.len(), &|i| AGENTS[i].2),
            failure: Words::new(FAILURE_MARKERS),
            original: Words::new(ORIGINAL_MARKERS),
            local: Words::new(&LOCAL_MARKS),
        }
    }
}

#[cfg(not(deliverkit_omit = "bounce"))]
fn words() -> &'static BounceWords {
    &crate::smtp::scan::keys().bounce
}

/// In the build that measures the package without bounces (scripts/size-split.sh) nothing calls
/// the bounce reader, and its tables stay out of [`crate::smtp::scan::Keys`].
#[cfg(deliverkit_omit = "bounce")]
fn words() -> &'static BounceWords {
    static WORDS: std::sync::OnceLock<BounceWords> = std::sync::OnceLock::new();
    WORDS.get_or_init(BounceWords::new)
}

fn local_delivery_report(
    msg: &Mail<'_>,
    body: &str,
    hay: &Haystack<'_>,
    out: &mut [BounceRecipient],
) {
    let from_daemon = msg.from().and_then(|a| a.first()).is_some_and(|a| {
        a.address().is_some_and(is_daemon)
            || a.name()
                .is_some_and(|n| n.to_ascii_lowercase().starts_with("mail delivery"))
    });
    if !from_daemon {
        return;
    }
    // Compared without lower-casing every line (this runs over each bounce's text).
    let starts = |t: &str, m: &str| t.get(..m.len()).is_some_and(|h| h.eq_ignore_ascii_case(m));
    // Most bounces quote none of these: a search of the whole text rules them out before its
    // lines are read one by one.
    let words = &words().local;
    let quoted = (0..LOCAL_MARKS.len()).any(|i| hay.find_word(words, i, 0).is_some());
    if !quoted {
        return;
    }
    let mut block = String::new();
    for line in body.lines() {
        let t = line.trim_end();
        if block.is_empty() {
            let dovecot = starts(t, "your message to ")
                && t.len() >= DOVECOT_END.len()
                && t.get(t.len() - DOVECOT_END.len()..)
                    .is_some_and(|e| e.eq_ignore_ascii_case(DOVECOT_END));
            if !(dovecot || LOCAL_MARKS[1..].iter().any(|m| starts(t, m))) {
                continue;
            }
        } else if t.trim().is_empty() {
            break;
        }
        block.push_str(t);
        block.push(' ');
        if block.len() > 2048 {
            break;
        }
    }
    if block.is_empty() {
        return;
    }
    let report = decode_smtp(&block);
    if !matches!(report.reason, Reason::Userunknown | Reason::Mailboxfull) {
        return;
    }
    for r in out.iter_mut() {
        r.set_reason(report.reason);
    }
}

/// The mail domain of a provider whose own service wrote the bounce (`data/agent-domains.tsv`):
/// its summary of the remote reply is in that provider's words.
fn agent_domain(agent: Option<&str>) -> Option<&'static str> {
    let agent = agent?;
    AGENT_DOMAINS
        .iter()
        .find(|(a, _)| *a == agent)
        .map(|(_, d)| *d)
}

/// The reason a PowerMTA bounce category (`X-PowerMTA-BounceCategory`) names
/// (`data/powermta-categories.tsv`); none for `other` and `unknown`.
fn powermta_category(category: &str) -> Option<Reason> {
    let category = category.trim();
    POWERMTA_CATEGORIES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(category))
        .map(|(_, r)| *r)
}

/// Whether a failure with no status is temporary, as the reply code or the text says. Without
/// either a bounce is a permanent failure (sisimai decides its pseudo status's class so too).
fn temporary(reply: Option<u16>, text: Option<&str>) -> bool {
    if let Some(c) = reply {
        return c / 100 == 4;
    }
    let Some(t) = text else { return false };
    let lower = t.to_ascii_lowercase();
    // "retry timeout exceeded", "all hosts have been failing for a long time": retries of a
    // temporary failure ran out (Exim's words).
    [
        "temporar",
        "persistent",
        "retry timeout",
        "have been failing",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Whether the server's words say "no such user" (a `userunknown` pattern, before the command or
/// status turned it into `filtered`).
/// A provider's own rule or an explicit (strong) pattern has the last word and is left alone.
fn says_no_such_user(report: &SmtpReport) -> bool {
    let src = report.reason_source;
    if src.stage == "provider-rule" || src.rule.is_some_and(|p| p.starts_with('!')) {
        return false;
    }
    report.reason == Reason::Userunknown
        || (report.reason == Reason::Filtered && src.stage == "pattern-refined")
}

/// "No such user" means a missing mailbox only where the status names one (x.1.1, x.1.0, x.1.3)
/// or the reply answered RCPT TO; said at another point of the session (after DATA, or where the
/// bounce does not say), it is the recipient's filter refusing the message, as sisimai decides.
/// A status naming a suspended mailbox leaves the reason as it is.
fn settle_no_such_user(r: &mut BounceRecipient, says_no_user: bool) {
    if !says_no_user || !matches!(r.reason, Reason::Userunknown | Reason::Filtered) {
        return;
    }
    let named = r.status.as_deref().and_then(crate::smtp::status_reason);
    if named == Some(Reason::Suspend) {
        return;
    }
    // "Not our customer" with 5.1.6: the status says the mailbox moved away.
    if named == Some(Reason::Hasmoved) {
        r.set_reason(Reason::Hasmoved);
        return;
    }
    let reason = if named == Some(Reason::Userunknown) || r.command == Some("RCPT") {
        Reason::Userunknown
    } else {
        Reason::Filtered
    };
    if reason != r.reason {
        r.set_reason(reason);
    }
}

/// Sendmail puts only the first line of a multi-line reply (`552-5.7.0 This message was blocked
/// because its content presents a potential`) in the Diagnostic-Code; its session transcript in the
/// text part has every line (`<<< 552-5.7.0 security issue. ...`). The whole reply, from there.
fn complete_multiline(diag: &str, body: &str) -> Option<String> {
    let b = diag.as_bytes();
    if b.len() < 5 || !b[..3].iter().all(u8::is_ascii_digit) || b[3] != b'-' {
        return None;
    }
    let code = &diag[..3];
    // The same first line may be quoted elsewhere first (Sendmail's "(reason: ...)" lines): try a
    // few places.
    for (at, _) in body.match_indices(diag).take(8) {
        let mut out = diag.to_string();
        let rest = &body[at + diag.len()..];
        for line in rest.lines().skip(1).take(50) {
            let t = line.trim_start();
            let t = t.strip_prefix("<<<").unwrap_or(t).trim_start();
            let Some(tail) = t.strip_prefix(code) else {
                break;
            };
            let last = tail.starts_with(' ');
            if !(last || tail.starts_with('-')) {
                break;
            }
            out.push(' ');
            out.push_str(t.trim_end());
            if last {
                break;
            }
        }
        if out.len() > diag.len() {
            return Some(out);
        }
    }
    None
}

/// A multi-line reply quoted in one DSN field (`552-5.7.0 This message ... 552-5.7.0 security issue`)
/// read as one sentence: the repeated `code-status` prefixes after the first are dropped.
fn strip_continuations(text: &str) -> String {
    let b = text.as_bytes();
    if b.len() < 4 || !b[..3].iter().all(u8::is_ascii_digit) || b[3] != b'-' {
        return text.to_string();
    }
    let prefix = &text[..4];
    let mut out = String::with_capacity(text.len());
    let code = &text[..3];
    let mut skip_status = false;
    for (i, word) in text.split(' ').enumerate() {
        // `552-5.7.0` inside the text is a continuation line's prefix, not words of the reply;
        // so is the last line's `552 5.7.0`.
        if i > 0
            && word.starts_with(prefix)
            && word[4..].bytes().all(|c| c.is_ascii_digit() || c == b'.')
        {
            continue;
        }
        if i > 0 && word == code {
            skip_status = true;
            continue;
        }
        if std::mem::take(&mut skip_status)
            && word.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && word.contains('.')
        {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The lines that explain the failure of the address at byte `at`: its line and the following
/// ones until a blank line or another address line (at most 8 lines).
fn context_at(text: &str, at: usize) -> String {
    // Look back at most 1 KiB for the start of the line (a bounded scan per address).
    let mut from = at.saturating_sub(1024);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let start = text[from..at].rfind('\n').map_or(from, |p| from + p + 1);
    // Read at most 8 KiB from there: the explanation is cut at 4 KiB anyway, and a bounce that
    // lists thousands of addresses on one line must not be read to its end once per address.
    let window = crate::input::cut(&text[start..], 8 * 1024);
    let mut out = String::new();
    // A line ending in a colon just above introduces the reply ("... did not like our RCPT TO:").
    // Only where a line break was found within the look-back: the line above is then there.
    if start > from {
        let prev_end = start - 1;
        let prev_start = text[from..prev_end]
            .rfind('\n')
            .map_or(from, |p| from + p + 1);
        let prev = text[prev_start..prev_end].trim();
        if prev.ends_with(':') && !prev.contains('@') && prev.len() < 200 {
            out.push_str(prev);
            out.push(' ');
        }
    }
    // Sendmail's `554 <a@b>... Remote protocol error` restates the server's reply quoted above
    // it in the same session (`<<< 501 ... open relay`): that reply explains it.
    let this_line = window.lines().next().unwrap_or("").trim_start();
    let own_reply = this_line.split_once(">... ").is_some_and(|(_, rest)| {
        rest.as_bytes()
            .get(..4)
            .is_some_and(|b| b[..3].iter().all(u8::is_ascii_digit) && b[3] == b' ')
    });
    if !own_reply
        && this_line
            .as_bytes()
            .get(..5)
            .is_some_and(|b| b[..3].iter().all(u8::is_ascii_digit) && b[3] == b' ' && b[4] == b'<')
    {
        for prev in text[from..start].lines().rev().take(8) {
            let p = prev.trim();
            if p.is_empty() || p.to_ascii_lowercase().starts_with("while talking to") {
                break;
            }
            if let Some(reply) = p.strip_prefix("<<<") {
                out.push_str(reply.trim());
                out.push(' ');
                break;
            }
        }
    }
    let lead = out.len();
    // The address explained (its own later lines, `<a@b>... Deferred: ...`, continue it).
    let own = crate::input::cut(&text[at..], 512)
        .split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';' | ':'))
        .next()
        .unwrap_or("")
        .trim_end_matches(['.', ')'])
        .to_ascii_lowercase();
    for (i, line) in window.lines().enumerate() {
        // More than three words so far (counted only at a blank line: counting at every line
        // read the growing text again and again).
        if i >= 10
            || (i > 0 && line.trim().is_empty() && out[lead..].split_whitespace().nth(3).is_some())
        {
            break;
        }
        // Another address's line ends this one's explanation; a transcript's `<<< 550 <a@b>...`
        // reply line continues it.
        let t = line.trim_start();
        // Sendmail's `554 <other@example.org>... reason` lines: the address behind the code.
        let mut words = t.split_whitespace();
        let mut first_word = words.next().unwrap_or("");
        if first_word.len() == 3 && first_word.bytes().all(|b| b.is_ascii_digit()) {
            first_word = words.next().unwrap_or("");
            // `550 example.org (smtp)... 550 Host unknown`: another host's status line.
            if i > 0 && words.next() == Some("(smtp)...") {
                break;
            }
        }
        if i > 0
            && first_word.contains('@')
            && !t.starts_with("<<<")
            && (own.is_empty() || !first_word.to_ascii_lowercase().contains(&own))
        {
            break;
        }
        out.push_str(line.trim());
        out.push(' ');
        // A bounce explains a failure in a few lines; a huge line is not an explanation.
        if out.len() > 4096 {
            break;
        }
    }
    crate::input::cut(&out, 4096).trim().to_string()
}

/// The explanation of `rcpt` in the bounce's own text (`lower_head` is `head` lower-cased).
fn context_for(head: &str, lower_head: &str, rcpt: &str) -> Option<String> {
    let p = lower_head.find(&rcpt.to_ascii_lowercase())?;
    Some(context_at(head, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields_group_by_blank_lines_and_by_a_name_seen_again() {
        let groups = field_groups(
            "Reporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; a@x\nStatus: 5.1.1\n\
             Diagnostic-Code: smtp; 550\n  user unknown\nFINAL-recipient: rfc822; b@x\nstatus: 4.2.2\n",
        );
        let names: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|f| f.name).collect())
            .collect();
        assert_eq!(
            names,
            [
                vec!["Reporting-MTA"],
                vec!["Final-Recipient", "Status", "Diagnostic-Code"],
                vec!["FINAL-recipient", "status"],
            ]
        );
        assert_eq!(
            get(&groups[1], "diagnostic-code"),
            Some("smtp; 550 user unknown")
        );
        assert_eq!(get(&groups[2], "final-recipient"), Some("rfc822; b@x"));
        assert_eq!(get(&groups[2], "diagnostic-code"), None);
    }

    #[test]
    fn a_long_status_group_splits_where_a_name_comes_again_past_the_names_searched_one_by_one() {
        // 100 distinct names, then the 7th again in other case: past 32 names the group keeps
        // them in a set, which must compare them without case as the search does.
        let mut text: String = (0..100).map(|i| format!("X-Field-{i}: v{i}\n")).collect();
        text.push_str("x-FIELD-7: again\nX-Other: w\n");
        let groups = field_groups(&text);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].len(), 100);
        assert_eq!(get(&groups[1], "x-field-7"), Some("again"));
        assert_eq!(get(&groups[1], "x-other"), Some("w"));
        // And a group of 100,000 distinct names stays one group (linear: no search per name).
        let text: String = (0..100_000).map(|i| format!("N{i}: v\n")).collect();
        assert_eq!(field_groups(&text)[0].len(), 100_000);
    }

    /// field_groups against the version it replaced (lower-cased String names in a set) on
    /// random status texts: names in mixed case coming again, blank lines, continuations, and
    /// groups longer than the 32 names searched one by one.
    #[test]
    fn status_field_groups_answer_as_the_string_version_did() {
        fn string_version(text: &str) -> Vec<Vec<(String, String)>> {
            let mut groups = Vec::new();
            let mut cur: Vec<(String, String)> = Vec::new();
            let mut names = std::collections::HashSet::new();
            for line in text.lines() {
                if line.trim().is_empty() {
                    if !cur.is_empty() {
                        groups.push(std::mem::take(&mut cur));
                    }
                    names.clear();
                    continue;
                }
                if line.starts_with([' ', '\t']) {
                    if let Some(last) = cur.last_mut() {
                        last.1.push(' ');
                        last.1.push_str(line.trim());
                    }
                    continue;
                }
                if let Some((k, v)) = line.split_once(':') {
                    let k = k.trim().to_ascii_lowercase();
                    if !names.insert(k.clone()) {
                        groups.push(std::mem::take(&mut cur));
                        names.clear();
                        names.insert(k.clone());
                    }
                    cur.push((k, v.trim().to_string()));
                }
            }
            if !cur.is_empty() {
                groups.push(cur);
            }
            groups
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut long = 0;
        for _ in 0..2_000 {
            // Few names make them come again; new names one after another make long groups
            // (past 32), where an earlier one comes back now and then.
            let distinct = [3, 40, 0][next(3)];
            let mut fresh = 0;
            let mut text = String::new();
            for _ in 0..next(150) {
                // Blank lines end groups: seldom when the groups are to grow long.
                match next(if distinct > 0 { 10 } else { 100 }) {
                    0 => text.push('\n'),
                    1 => text.push_str("  more words\n"),
                    2 => text.push_str("no colon here\n"),
                    _ => {
                        let n = if distinct > 0 {
                            next(distinct)
                        } else if fresh % 45 == 44 && next(2) == 0 {
                            // Past 32 fresh names: one of the group's own again.
                            fresh - next(40)
                        } else {
                            fresh += 1;
                            fresh
                        };
                        let name = if next(2) == 0 {
                            format!("Field-{n}")
                        } else {
                            format!("fIELD-{n}")
                        };
                        text.push_str(&format!("{name} : value {n}\n"));
                    }
                }
            }
            let got: Vec<Vec<(String, String)>> = field_groups(&text)
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|f| (f.name.to_ascii_lowercase(), f.value.to_string()))
                        .collect()
                })
                .collect();
            let want = string_version(&text);
            long += usize::from(want.iter().any(|g| g.len() > 40));
            assert_eq!(got, want, "{text:?}");
        }
        assert!(
            long > 100,
            "{long} texts with a group past the names searched one by one"
        );
    }

    #[test]
    fn an_ses_complaint_notification_names_its_recipients() {
        let body = "{\"notificationType\":\"Complaint\",\"complaint\":{\"complainedRecipients\":[{\"emailAddress\":\"a@example.com\"},{\"emailAddress\":\"b@exam\n ple.com\"}],\"complaintFeedbackType\":\"abuse\"}}";
        let (r, t) = ses_complaint(body).unwrap();
        assert_eq!(r, ["a@example.com", "b@example.com"]);
        assert_eq!(t.as_deref(), Some("abuse"));
        assert!(ses_complaint("{\"notificationType\":\"Bounce\"}").is_none());
        assert!(ses_complaint(
            "{\"notificationType\":\"Complaint\",\"complainedRecipients\":[{\"emailAddress\":\""
        )
        .is_none());
    }

    #[test]
    fn the_originals_from_is_read_after_a_date_in_ut() {
        // mail-parser's date reader took the line after `Date: ... UT` into the date; the bounce
        // parser does not read dates (lhost-surfcontrol-03 of the corpus has such an original).
        let dsn = "From: MAILER-DAEMON@mx.example.net\nTo: s@example.jp\nSubject: failure\n\
            MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; \
            boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nDelivery failed.\n\n\
            --b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n\
            Final-Recipient: rfc822; k@example.net\nAction: failed\nStatus: 5.1.1\n\
            Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n--b\nContent-Type: message/rfc822\n\n\
            Date: Thu, 20 Apr 2008 23:34:45 UT\nFrom: Sender <shironeko@example.jp>\n\
            Message-Id: <1@x.example.jp>\nTo: k@example.net\nSubject: Nyaan\n\nNyaan\n\n--b--\n";
        let r = decode_bounce(dsn);
        assert_eq!(r.recipients.len(), 1);
        assert_eq!(
            r.recipients[0].from.as_deref(),
            Some("shironeko@example.jp")
        );
        assert_eq!(
            r.recipients[0].message_id.as_deref(),
            Some("1@x.example.jp")
        );
    }

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(lf_only("a\r\nb\rc\n\r\n\r"), "a\nb\nc\n\n\n");
        assert_eq!(lf_only("é\r\n"), "é\n");
    }

    #[test]
    fn an_address_far_into_a_long_line_has_a_bounded_explanation() {
        // More than the 1 KiB look-back from the line start: no line above is in reach.
        let text = format!(
            "Subject: x\n{} u@example.org: 550 5.1.1 user unknown\n",
            "w ".repeat(1500)
        );
        let at = text.find("u@example.org").unwrap();
        let ctx = context_at(&text, at);
        assert!(ctx.contains("550 5.1.1 user unknown"), "{ctx}");
        // A line far longer than the window: the explanation stops at 4 KiB.
        let long = format!(
            "{}u@example.org 550 {}",
            "v ".repeat(600),
            "z ".repeat(100_000)
        );
        let at = long.find("u@example.org").unwrap();
        assert!(context_at(&long, at).len() <= 4096);
    }

    #[test]
    fn input_spans_point_into_the_input_as_given() {
        fn binary_at(t: &str) -> Option<&str> {
            let r = decode_bounce(t);
            let d = r
                .diagnostics
                .iter()
                .find(|d| d.code.as_str() == "input/binary");
            d.and_then(|d| d.span)
                .map(|s| &t[s.start as usize..s.end as usize])
        }
        // CRLF endings are made LF for decoding, but the span is in the text as given.
        assert_eq!(
            binary_at("From: a@example.com\r\nSubject: x\r\n\r\nhello\0world"),
            Some("\0")
        );
        // In an mbox, in the whole file, not in its message.
        let mbox = "From a@b Thu Apr 29 23:34:45 2008\nFrom: a@example.com\nSubject: x\n\nhello\n\nFrom b@c Thu Apr 29 23:34:45 2008\nFrom: b@example.com\nSubject: y\n\nbye\0x\n";
        assert_eq!(binary_at(mbox), Some("\0"));
        // Two messages that are not bounces: said once.
        let r = decode_bounce(mbox);
        let n = r
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "bounce/not-a-bounce")
            .count();
        assert_eq!(n, 1);
    }

    #[test]
    fn free_form_qmail() {
        let raw = "From: MAILER-DAEMON@mx.example.jp\nTo: sender@example.jp\nSubject: failure notice\n\nHi. This is the qmail-send program at mx.example.jp.\nI'm afraid I wasn't able to deliver your message to the following addresses.\nThis is a permanent error; I've given up. Sorry it didn't work out.\n\n<kijitora@example.com>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 <kijitora@example.com>... User Unknown\nGiving up on 192.0.2.1.\n\n--- Below this line is a copy of the message.\n\nFrom: sender@example.jp\nTo: kijitora@example.com\n";
        let r = decode_bounce(raw);
        assert_eq!(r.kind, BounceKind::Bounce);
        assert_eq!(r.recipients.len(), 1);
        let b = &r.recipients[0];
        assert_eq!(b.recipient, "kijitora@example.com");
        assert_eq!(b.agent, Some("qmail"));
        assert_eq!(
            (b.reply_code, b.status.as_deref()),
            (Some(550), Some("5.1.1"))
        );
        assert_eq!(b.reason, Reason::Userunknown);
    }

    fn one(raw: &str) -> BounceRecipient {
        let r = decode_bounce(raw);
        assert_eq!(r.recipients.len(), 1, "{r:#?}");
        r.recipients.into_iter().next().unwrap()
    }

    const DSN_HEAD: &str = "From: MAILER-DAEMON@mx.example.net\nTo: s@example.org\nSubject: failed\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n";

    #[test]
    fn a_refusal_after_ehlo_that_the_text_does_not_explain_is_blocked() {
        let dsn = |text: &str, diag: &str| {
            format!("{DSN_HEAD}--b\nContent-Type: text/plain\n\n{text}\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; {diag}\n--b--\n")
        };
        let b = one(&dsn(
            "SMTP error from remote mail server after EHLO mx.example.net:\n550 Rejected",
            "550 Rejected",
        ));
        assert_eq!((b.command, b.reason), (Some("EHLO"), Reason::Blocked));
        // After RCPT the same words stay unexplained (held for a person to read).
        let b = one(&dsn(
            "SMTP error from remote mail server after RCPT TO:<u@example.com>:\n550 Rejected",
            "550 Rejected",
        ));
        assert_eq!((b.command, b.reason), (Some("RCPT"), Reason::Onhold));
    }

    #[test]
    fn no_such_user_is_userunknown_at_rcpt_and_filtered_elsewhere() {
        // A mailbox status or the RCPT command: a missing mailbox.
        let dsn = |status: &str, diag: &str, text: &str| {
            format!("{DSN_HEAD}--b\nContent-Type: text/plain\n\n{text}\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: {status}\nDiagnostic-Code: smtp; {diag}\n--b--\n")
        };
        let b = one(&dsn("5.1.1", "550 5.1.1 User unknown", "after DATA"));
        assert_eq!(b.reason, Reason::Userunknown);
        let b = one(&dsn(
            "5.0.0",
            "550 User unknown",
            ">>> RCPT TO:<u@example.com>\n<<< 550 User unknown",
        ));
        assert_eq!((b.reason, b.command), (Reason::Userunknown, Some("RCPT")));
        // No command, a status naming no mailbox: the recipient's filter.
        let b = one(&dsn("5.0.0", "550 User unknown", "failed"));
        assert_eq!(b.reason, Reason::Filtered);
        let b = one(&dsn(
            "5.2.1",
            "550 5.2.1 User unknown",
            ">>> DATA\n<<< 550 5.2.1 User unknown",
        ));
        assert_eq!(b.reason, Reason::Filtered);
    }

    #[test]
    fn sendmail_truncated_multiline_diagnostic_is_completed() {
        let raw = format!("{DSN_HEAD}--b\nContent-Type: text/plain\n\n----- Transcript of session follows -----\n>>> DATA\n<<< 552-5.7.0 This message was blocked because its content presents a potential\n<<< 552-5.7.0 security issue.\n<<< 552 5.7.0 gsmtp\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.7.0\nDiagnostic-Code: smtp; 552-5.7.0 This message was blocked because its content presents a potential\n--b--\n");
        let b = one(&raw);
        assert!(b
            .diagnostic_code
            .as_deref()
            .unwrap()
            .contains("security issue"));
        assert_eq!(b.reason, Reason::Policyviolation);
    }

    #[test]
    fn free_form_layouts() {
        // V5 sendmail: the remote reply behind sendmail's own code.
        let b = one("From: MAILER-DAEMON@mx.example.jp\nTo: s@example.jp\nSubject: Returned mail\n\n   ----- Transcript of session follows -----\n554 <k@example.org>... 550 Host unknown (Authoritative answer from name server)\n\n   ----- Unsent message follows -----\n");
        assert_eq!((b.reason, b.reply_code), (Reason::Hostunknown, Some(550)));
        // DragonFly: the address in one paragraph, the reply in the next, after a colon line.
        let b = one("From: MAILER-DAEMON <>\nTo: s@example.jp\nSubject: Mail delivery failed\n\nThis is the DragonFly Mail Agent v0.13 at df.example.jp.\n\nThere was an error delivering your mail to <r@example.net>.\n\nmx.example.net [192.0.2.25] did not like our RCPT TO:\n550 5.7.25 <r@example.net>: Recipient address rejected: Reverse DNS validation failed\n\nMessage headers follow.\n\nTo: <r@example.net>\n");
        assert_eq!(
            (b.reason, b.status.as_deref(), b.reply_code, b.command),
            (Reason::Requireptr, Some("5.7.25"), Some(550), Some("RCPT"))
        );
        // qmail to oneself: the bounce's own To heads the report.
        let b = one("From: MAILER-DAEMON@example.jp\nTo: s@example.jp\nSubject: failure notice\n\nHi. This is the qmail-send program at example.jp.\n\n<s@example.jp>:\n192.0.2.1 does not like recipient.\nRemote host said: 552 Error: disk quota exceeded\n\n--- Below this line is a copy of the message.\n");
        assert_eq!(
            (b.recipient.as_str(), b.reason),
            ("s@example.jp", Reason::Mailboxfull)
        );
        // Exim without an address in its text: X-Failed-Recipients names it; retries ran out.
        let b = one("From: Mail Delivery System <MAILER-DAEMON@example.jp>\nTo: s@example.jp\nX-Failed-Recipients: r@example.com\nSubject: Mail delivery failed\n\nThis message was created automatically by mail delivery software.\n\n  save to xxxx\n    mailbox is full: retry timeout exceeded\n");
        assert_eq!(
            (b.recipient.as_str(), b.reason, b.status.as_deref()),
            ("r@example.com", Reason::Mailboxfull, Some("4.0.922"))
        );
    }

    #[test]
    fn mime_body_without_mime_header_and_powermta_category() {
        let raw = "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.jp>\nTo: s@example.jp\nSubject: Returned mail\n\n--B1\n\nThe message could not be delivered\n\n--B1\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: RFC822; r@example.jp\nAction: failed\nStatus: 4.4.7\n\n--B1--\n";
        let b = one(raw);
        assert_eq!(
            (b.reason, b.status.as_deref()),
            (Reason::Expired, Some("4.4.7"))
        );
        let raw = format!("{DSN_HEAD}--b\nContent-Type: text/plain\n\nfailed\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp;554 delivery error: this user doesn't have an account\nX-PowerMTA-BounceCategory: bad-mailbox\n--b--\n");
        assert_eq!(one(&raw).reason, Reason::Userunknown);
    }

    #[test]
    fn mbox_groups_without_blank_lines_and_local_delivery_agent() {
        let one_dsn = |rcpt: &str| {
            format!("{DSN_HEAD}--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\nFinal-Recipient: rfc822; {rcpt}\nAction: failed\nStatus: 5.2.2\nDiagnostic-Code: smtp; 552 5.2.2 Mailbox full\nFinal-Recipient: rfc822; x{rcpt}\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n--b--\n")
        };
        let mbox = format!("From MAILER-DAEMON  Thu Jul  2 12:05:05 2020\n{}From MAILER-DAEMON  Thu Jul  2 12:06:05 2020\n{}", one_dsn("a@example.com"), one_dsn("b@example.com"));
        let r = decode_bounce(&mbox);
        let got: Vec<_> = r
            .recipients
            .iter()
            .map(|x| (x.recipient.as_str(), x.reason))
            .collect();
        assert_eq!(
            got,
            [
                ("a@example.com", Reason::Mailboxfull),
                ("xa@example.com", Reason::Userunknown),
                ("b@example.com", Reason::Mailboxfull),
                ("xb@example.com", Reason::Userunknown)
            ]
        );
        // dovecot's own rejection in the text part decides over the relaying MTA's summary.
        let raw = format!("{DSN_HEAD}--b\nContent-Type: text/plain\n\nYour message to <u> was automatically rejected:\nNot enough disk space\n\n--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\nFinal-Recipient: rfc822; u@example.com\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n--b--\n");
        assert_eq!(one(&raw).reason, Reason::Mailboxfull);
    }

    #[test]
    fn not_a_bounce_and_garbage() {
        let r = decode_bounce(
            "From: a@example.com\nTo: b@example.com\nSubject: lunch?\n\nSee you at noon.\n",
        );
        assert_eq!(r.kind, BounceKind::NotBounce);
        assert!(r.recipients.is_empty());
        assert_eq!(
            r.diagnostics.last().unwrap().code.as_str(),
            "bounce/not-a-bounce"
        );
        for junk in ["", "\0\0\0", "no headers here", "From:", "\r\r\r"] {
            let r = decode_bounce(junk);
            assert!(r.recipients.is_empty());
        }
    }
}
