//! The content rules of `data/content-rules.tsv`, run over a parsed message.

use mail_parser::{HeaderName, Message, MimeHeaders, PartType};

use super::html::{self, HtmlScan};
use super::model::{self, Model, ModelInput};
use super::trace::Trace;
use super::{
    Attachment, Evidence, Finding, HeaderField, Image, Link, MimePart, Rule, Summary,
    MAX_MIME_DEPTH, MAX_PARTS, MAX_SUMMARY_HEADERS, MAX_SUMMARY_LINKS,
};
use crate::diagnostic::Span;
use crate::input::cut;
use crate::tables::{
    CHARSETS, LINK_TEXT_TLDS, MONEY_PHRASES, OBFUSCATION_TARGETS, RISKY_EXTENSIONS, SHORTENERS,
    SPAM_PHRASES, URGENCY_PHRASES,
};

/// Text beyond this many bytes is not searched for wording (the start of a message decides).
const MAX_WORDING_TEXT: usize = 256 * 1024;

/// Evidence kept per finding.
const MAX_EVIDENCE: usize = 10;

/// One MIME part, as the rules see it.
struct PartInfo {
    summary: MimePart,
    kind: Body,
    raw_has_8bit: bool,
    encoding_problem: bool,
    multipart_without_children: bool,
    boundary: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Body {
    Text,
    Html,
    Attachment,
    Container,
}

/// Everything the rules read, computed once.
pub(super) struct Context<'a> {
    msg: &'a Message<'a>,
    raw: &'a [u8],
    parts: Vec<PartInfo>,
    deep: bool,
    /// Decoded text/plain body parts: (part path, text).
    texts: Vec<(String, String)>,
    /// Scanned text/html body parts: (part path, decoded size, scan).
    htmls: Vec<(String, usize, HtmlScan)>,
    links: Vec<Link>,
    images: Vec<Image>,
    attachments: Vec<Attachment>,
    /// What a reader sees: the text parts, else the HTML's visible text.
    visible: String,
    subject: String,
    from: Option<(String, String)>,
}

impl<'a> Context<'a> {
    pub(super) fn new(msg: &'a Message<'a>, raw: &'a [u8]) -> Context<'a> {
        let mut c = Context {
            msg,
            raw,
            parts: Vec::new(),
            deep: false,
            texts: Vec::new(),
            htmls: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            attachments: Vec::new(),
            visible: String::new(),
            subject: msg.subject().unwrap_or("").to_string(),
            from: msg.from().and_then(|a| a.first()).map(|a| {
                (
                    a.name().unwrap_or("").to_string(),
                    a.address().unwrap_or("").to_string(),
                )
            }),
        };
        let mut stack = vec![(0u32, "1".to_string(), 0usize)];
        while let Some((id, path, depth)) = stack.pop() {
            if c.parts.len() >= MAX_PARTS {
                break;
            }
            let Some(part) = msg.parts.get(id as usize) else {
                continue;
            };
            c.add_part(part, path.clone(), depth);
            if let PartType::Multipart(children) = &part.body {
                if depth >= MAX_MIME_DEPTH {
                    c.deep = true;
                    continue;
                }
                for (k, child) in children.iter().enumerate().rev() {
                    if *child != id {
                        stack.push((*child, format!("{path}.{}", k + 1), depth + 1));
                    }
                }
            }
        }
        let mut visible: String = c
            .texts
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        if visible.trim().is_empty() {
            visible = c
                .htmls
                .iter()
                .map(|(_, _, s)| s.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
        }
        c.visible = visible;
        c
    }

    fn add_part(&mut self, part: &mail_parser::MessagePart<'_>, path: String, depth: usize) {
        let ct = part.content_type();
        let content_type = ct.map_or_else(
            || "text/plain".to_string(),
            |c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_ascii_lowercase(),
        );
        // A parameter whose quote is never closed runs on over folded lines, line breaks
        // included: unfolded (RFC 5322 section 2.2.3), so that LF and CRLF files read alike.
        let charset = ct
            .and_then(|c| c.attribute("charset"))
            .map(|s| unfold(s).to_ascii_lowercase());
        let boundary = ct.and_then(|c| c.attribute("boundary")).map(str::to_string);
        let transfer_encoding = part
            .headers
            .iter()
            .find(|h| h.name == HeaderName::ContentTransferEncoding)
            .and_then(|h| h.value.as_text())
            .map(|s| s.trim().to_ascii_lowercase());
        let disposition = part
            .content_disposition()
            .map(|d| d.ctype().to_ascii_lowercase());
        let filename = part.attachment_name().map(|n| unfold(n).into_owned());
        let span = Span::new(part.offset_body as usize, part.offset_end as usize);
        let raw_body = self
            .raw
            .get(part.offset_body as usize..part.offset_end as usize)
            .unwrap_or_default();
        let attachment = disposition.as_deref() == Some("attachment")
            || filename.is_some() && !content_type.starts_with("text/");
        // mail-parser's UTF-7 decoder drops the character that ends a base64 run (RFC 2152 keeps
        // all but '-'), so a line break there vanished with LF endings and not with CRLF: such
        // parts are decoded here instead; so are parts ending in a soft line break (below).
        let decoded_here = charset
            .as_deref()
            .is_some_and(|c| c.ends_with("utf-7"))
            .then(|| utf7_body(raw_body, part.encoding))
            .flatten()
            .or_else(|| soft_break_at_end(raw_body, part.encoding, charset.as_deref()))
            .or_else(|| wide_body(raw_body, part.encoding, charset.as_deref()));
        let (kind, size) = match &part.body {
            PartType::Multipart(_) => (Body::Container, 0),
            PartType::Text(t) if !attachment => {
                let t = decoded_here.unwrap_or_else(|| t.to_string());
                let n = t.len();
                self.add_text_links(&path, &t);
                self.texts.push((path.clone(), t));
                (Body::Text, n)
            }
            PartType::Html(h) if !attachment => {
                let h = decoded_here.map_or(
                    std::borrow::Cow::Borrowed(h.as_ref()),
                    std::borrow::Cow::Owned,
                );
                let h = h.as_ref();
                let scan = html::scan(h);
                for l in &scan.links {
                    if self.links.len() >= 10 * MAX_SUMMARY_LINKS {
                        break;
                    }
                    self.links.push(Link {
                        domain: host_of(&l.href),
                        text: l.text.clone(),
                        href: l.href.clone(),
                        part: path.clone(),
                    });
                }
                for i in &scan.images {
                    if self.images.len() >= 10 * MAX_SUMMARY_LINKS {
                        break;
                    }
                    self.images.push(Image {
                        src: i.src.clone(),
                        alt: i.alt.clone(),
                        width: i.width,
                        height: i.height,
                        hidden: i.hidden,
                        part: path.clone(),
                    });
                }
                // The size as sent: line ends counted as CRLF whichever way they came.
                let crlf_len = h.len() + h.bytes().filter(|&b| b == b'\n').count()
                    - h.bytes().filter(|&b| b == b'\r').count().min(h.len());
                self.htmls.push((path.clone(), crlf_len, scan));
                (Body::Html, h.len())
            }
            other => {
                let n = match other {
                    PartType::Message(m) => m.raw_message().len(),
                    _ => part.contents().len(),
                };
                self.attachments.push(Attachment {
                    filename: filename.clone(),
                    content_type: content_type.clone(),
                    size: n,
                    part: path.clone(),
                });
                (Body::Attachment, n)
            }
        };
        self.parts.push(PartInfo {
            multipart_without_children: content_type.starts_with("multipart/")
                && !matches!(&part.body, PartType::Multipart(c) if !c.is_empty()),
            summary: MimePart {
                path,
                depth,
                content_type,
                charset,
                transfer_encoding,
                disposition,
                filename,
                size,
                span,
            },
            kind,
            raw_has_8bit: kind != Body::Container && raw_body.iter().any(|&b| b >= 0x80),
            encoding_problem: part.is_encoding_problem,
            boundary,
        });
    }

    fn add_text_links(&mut self, path: &str, text: &str) {
        let text = cut(text, MAX_WORDING_TEXT);
        let mut rest = text;
        while let Some(p) = find_url_start(rest) {
            let tail = &rest[p..];
            let end = tail
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\'' | ')' | ']')
                })
                .unwrap_or(tail.len());
            let url = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if url.len() > 4 && self.links.len() < 10 * MAX_SUMMARY_LINKS {
                self.links.push(Link {
                    text: String::new(),
                    href: url.to_string(),
                    domain: host_of(url),
                    part: path.to_string(),
                });
            }
            rest = &tail[end.max(1).min(tail.len())..];
            if end == 0 {
                // find_url_start matched an empty URL: step past it.
                rest = rest.get(1..).unwrap_or("");
            }
        }
    }

    fn header_raw(&self, name: &str) -> Option<(String, Span)> {
        self.msg
            .headers()
            .iter()
            .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
            .map(|h| {
                let s = Span::new(h.offset_field as usize, h.offset_end as usize);
                let v = self
                    .raw
                    .get(h.offset_start as usize..h.offset_end as usize)
                    .unwrap_or_default();
                (html::collapse(&String::from_utf8_lossy(v)), s)
            })
    }

    fn headers_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = (String, Span)> + 's {
        self.msg
            .headers()
            .iter()
            .filter(move |h| h.name.as_str().eq_ignore_ascii_case(name))
            .map(|h| {
                let s = Span::new(h.offset_field as usize, h.offset_end as usize);
                let v = self
                    .raw
                    .get(h.offset_field as usize..h.offset_end as usize)
                    .unwrap_or_default();
                (String::from_utf8_lossy(v).into_owned(), s)
            })
    }

    fn author_domain(&self) -> Option<String> {
        self.from
            .as_ref()
            .and_then(|(_, a)| a.rsplit_once('@'))
            .map(|(_, d)| d.trim_end_matches('>').to_ascii_lowercase())
            .filter(|d| !d.is_empty())
    }

    fn model_input(&self) -> ModelInput<'_> {
        let mut flags = Vec::new();
        let has_text = !self.texts.is_empty();
        let has_html = !self.htmls.is_empty();
        if has_html && !has_text {
            flags.push("html-only".to_string());
        }
        for p in &self.parts {
            flags.push(format!("ct:{}", p.summary.content_type));
            if let Some(c) = &p.summary.charset {
                flags.push(format!("cs:{c}"));
            }
            if let Some(e) = &p.summary.transfer_encoding {
                flags.push(format!("cte:{e}"));
            }
        }
        for (_, _, s) in &self.htmls {
            if !s.images.is_empty() {
                flags.push(format!("img:{}", s.images.len().min(6)));
            }
            if s.forms > 0 {
                flags.push("form".into());
            }
        }
        let mut link_domains: Vec<&str> = self
            .links
            .iter()
            .filter_map(|l| l.domain.as_deref())
            .map(org_domain)
            .collect();
        dedup_small(&mut link_domains);
        flags.push(format!("links:{}", link_domains.len().min(8)));
        ModelInput {
            subject: &self.subject,
            from_name: self.from.as_ref().map_or("", |f| f.0.as_str()),
            from_domain: self.from.as_ref().map_or("", |f| {
                f.1.rsplit_once('@').map_or("", |(_, d)| org_domain(d))
            }),
            text: &self.visible,
            link_domains,
            flags,
        }
    }

    pub(super) fn model_features(&self) -> Vec<u32> {
        model::features(&self.model_input())
    }

    pub(super) fn summary(&self, size: usize) -> Summary {
        let parts: Vec<MimePart> = self.parts.iter().map(|p| p.summary.clone()).collect();
        // The parts are in document order already (a pre-order walk).
        Summary {
            subject: self.msg.subject().map(str::to_string),
            from: self
                .from
                .as_ref()
                .map(|f| f.1.clone())
                .filter(|s| !s.is_empty()),
            from_name: self
                .from
                .as_ref()
                .map(|f| f.0.clone())
                .filter(|s| !s.is_empty()),
            size,
            headers: self
                .msg
                .headers()
                .iter()
                .take(MAX_SUMMARY_HEADERS)
                .map(|h| HeaderField {
                    name: h.name.as_str().to_string(),
                    value: html::collapse(&String::from_utf8_lossy(
                        self.raw
                            .get(h.offset_start as usize..h.offset_end as usize)
                            .unwrap_or_default(),
                    )),
                    span: Span::new(h.offset_field as usize, h.offset_end as usize),
                })
                .collect(),
            parts,
            text_size: self.texts.iter().map(|t| t.1.len()).sum(),
            html_size: self.htmls.iter().map(|h| h.1).sum(),
            text_preview: self.visible.chars().take(2000).collect(),
            links: self.links.iter().take(MAX_SUMMARY_LINKS).cloned().collect(),
            images: self
                .images
                .iter()
                .take(MAX_SUMMARY_LINKS)
                .cloned()
                .collect(),
            attachments: self.attachments.clone(),
        }
    }
}

/// Findings under construction.
struct Out(Vec<Finding>);

impl Out {
    fn hit(&mut self, rule: Rule, message: impl Into<String>, evidence: Vec<Evidence>) {
        self.hit_points(rule, rule.points() as f64, message, evidence);
    }
    fn hit_points(
        &mut self,
        rule: Rule,
        points: f64,
        message: impl Into<String>,
        mut evidence: Vec<Evidence>,
    ) {
        evidence.truncate(MAX_EVIDENCE);
        self.0.push(Finding {
            rule,
            category: rule.category(),
            // f32 table values printed as f64 would show 0.30000001: round to hundredths.
            points: (points * 100.0).round() / 100.0,
            message: message.into(),
            help: rule.why(),
            evidence,
        });
    }
}

fn ev_header(value: &str, span: Span) -> Evidence {
    Evidence {
        part: None,
        span: Some(span),
        text: Some(short(value)),
    }
}

/// A UTF-7 text part's body (RFC 2152) from its raw bytes, when it has no transfer encoding (the
/// usual case: UTF-7 is 7-bit already) or quoted-printable. A base64 body does not carry the
/// message's line ends, so mail-parser's text of it is the same for LF and CRLF.
#[inline(never)]
fn utf7_body(raw: &[u8], encoding: mail_parser::Encoding) -> Option<String> {
    match encoding {
        mail_parser::Encoding::None => Some(utf7_decode(raw)),
        // Found by the score_message fuzz target: a run ending at a quoted-printable hard line
        // break lost the LF of an LF file and kept the LF of a CRLF one.
        mail_parser::Encoding::QuotedPrintable => Some(utf7_decode(&qp_decode(raw))),
        mail_parser::Encoding::Base64 => None,
    }
}

/// A quoted-printable part whose last line ends in a soft line break, decoded here: where that
/// `=` stands right before the closing boundary, mail-parser takes back the line ending it did
/// not write, and so one byte of the text with LF endings and two with CRLF (found by the
/// score_message fuzz target: the model scored the two copies differently). None for any other
/// part, which mail-parser's text serves.
fn soft_break_at_end(
    raw: &[u8],
    encoding: mail_parser::Encoding,
    charset: Option<&str>,
) -> Option<String> {
    if encoding != mail_parser::Encoding::QuotedPrintable
        || raw.trim_ascii_end().last() != Some(&b'=')
    {
        return None;
    }
    let bytes = qp_decode(raw);
    Some(
        match charset
            .and_then(|c| mail_parser::decoders::charsets::map::charset_decoder(c.as_bytes()))
        {
            Some(decode) => decode(&bytes),
            None => String::from_utf8_lossy(&bytes).into_owned(),
        },
    )
}

/// A text part in a charset whose line break is not the byte LF (UTF-16 and its kin: a charset
/// that does not decode `ab\n` as itself), sent without a transfer encoding or as
/// quoted-printable: decoded here from its raw bytes with each CRLF made LF first. A CRLF copy of
/// the message has a CR before each LF byte, which shifts every later byte pair: the text came out
/// different and the model scored the copies differently (found by the score_message fuzz
/// target). Such a part is not line text at all (RFC 2046 allows only base64 for it), so its LF
/// bytes are taken as the line breaks the copy turned into CRLF. None for every other part.
fn wide_body(raw: &[u8], encoding: mail_parser::Encoding, charset: Option<&str>) -> Option<String> {
    let decode = charset
        .and_then(|c| mail_parser::decoders::charsets::map::charset_decoder(c.as_bytes()))?;
    if decode(b"ab\n") == "ab\n" {
        return None;
    }
    let bytes = match encoding {
        mail_parser::Encoding::None => super::lf_endings(raw).into_owned(),
        mail_parser::Encoding::QuotedPrintable => qp_decode(raw),
        mail_parser::Encoding::Base64 => return None,
    };
    Some(decode(&bytes))
}

/// Quoted-printable (RFC 2045 section 6.7) to bytes: `=XX` (either case of hex) is the byte, a
/// soft line break (`=` at the end of a line, spaces or tabs allowed after it) goes, and every
/// line end becomes LF; an `=` that is neither is kept as written. For UTF-7 parts and parts
/// ending in a soft line break, the cases where mail-parser's decoded text is not used. mail-parser's public
/// `quoted_printable_decode` does not fit: it keeps CRLF where it saw a CR (so LF and CRLF copies
/// still differ), gives up on the first malformed escape, and is code the package does not link
/// otherwise.
fn qp_decode(b: &[u8]) -> Vec<u8> {
    let hex = |i: usize| b.get(i).and_then(|&c| char::from(c).to_digit(16));
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'=' => {
                if let (Some(h), Some(l)) = (hex(i + 1), hex(i + 2)) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t') {
                    j += 1;
                }
                match b.get(j) {
                    None => i = j,
                    Some(b'\n') => i = j + 1,
                    Some(b'\r') => i = j + 1 + usize::from(b.get(j + 1) == Some(&b'\n')),
                    Some(_) => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
            b'\r' => {
                out.push(b'\n');
                i += 1 + usize::from(b.get(i + 1) == Some(&b'\n'));
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// UTF-7 (RFC 2152): `+` starts a run of modified base64 holding UTF-16; the run ends at the
/// first other byte, which is kept unless it is `-`; `+-` is a plus sign. Bytes outside ASCII
/// are read as Latin-1 and broken UTF-16 as U+FFFD, as mail-parser does.
fn utf7_decode(b: &[u8]) -> String {
    // UTF-7's base64 alphabet is the standard one (without padding).
    let b64 = crate::syntax::base64::sym;
    let mut out = String::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        i += 1;
        if c != b'+' {
            out.push(char::from(c));
            continue;
        }
        if b.get(i) == Some(&b'-') {
            out.push('+');
            i += 1;
            continue;
        }
        let (mut bits, mut n, mut units) = (0u32, 0u32, Vec::new());
        while let Some(v) = b.get(i).and_then(|&c| b64(c)) {
            bits = (bits << 6 | v) & 0x3f_ffff;
            n += 6;
            if n >= 16 {
                n -= 16;
                units.push((bits >> n) as u16);
            }
            i += 1;
        }
        if units.is_empty() && n == 0 {
            // A '+' that starts nothing: kept as written.
            out.push('+');
        }
        out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')));
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
    }
    out
}

fn ev_part(part: &str, text: &str) -> Evidence {
    Evidence {
        part: Some(part.to_string()),
        span: None,
        text: Some(short(text)),
    }
}

fn short(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= 200 {
        return s.to_string();
    }
    let mut t: String = s.chars().take(199).collect();
    t.push('…');
    t
}

/// `s` without its line breaks (CR, LF): a folded header value unfolded.
fn unfold(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\r', '\n']) {
        std::borrow::Cow::Owned(s.replace(['\r', '\n'], ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Run every rule.
#[inline(never)]
pub(super) fn run(c: &Context<'_>, trace: &Trace, model: Option<&Model>) -> Vec<Finding> {
    let mut o = Out(Vec::new());
    headers(c, &mut o);
    auth_and_bulk(c, trace, &mut o);
    structure(c, &mut o);
    links(c, &mut o);
    hidden(c, &mut o);
    wording(c, &mut o);
    if let Some(m) = model {
        let z = m.logit(&c.model_features());
        let points = (z as f64 * 1.5).clamp(-3.0, 5.0);
        let p = 1.0 / (1.0 + (-z).exp());
        let opinion = if p >= 0.9 {
            "reads like spam"
        } else if p >= 0.5 {
            "leans towards spam"
        } else if p > 0.1 {
            "leans towards ordinary mail"
        } else {
            "reads like ordinary mail"
        };
        o.hit_points(
            Rule::ModelContent,
            points,
            format!(
                "The learned model says the wording {opinion} (spam probability {}%)",
                (p * 100.0).round() as u32
            ),
            Vec::new(),
        );
    }
    o.0
}

#[inline(never)]
fn headers(c: &Context<'_>, o: &mut Out) {
    // From.
    match (c.header_raw("from"), &c.from) {
        (None, _) => o.hit(
            Rule::HeadersFromMissing,
            "The message has no From header",
            vec![],
        ),
        (Some((v, s)), from) => {
            let addr = from.as_ref().map(|f| f.1.as_str()).unwrap_or("");
            if !valid_address(addr) {
                o.hit(
                    Rule::HeadersFromInvalid,
                    format!("From has no valid address: {}", short(&v)),
                    vec![ev_header(&v, s)],
                );
            } else if let Some((name, _)) = from {
                if let Some(shown) = name
                    .split(|c: char| {
                        c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | '\'')
                    })
                    .find(|w| valid_address(w))
                {
                    if !shown.eq_ignore_ascii_case(addr) {
                        o.hit(
                            Rule::HeadersFromDisplayAddress,
                            format!("The From name shows {shown} but the address is {addr}"),
                            vec![ev_header(&v, s)],
                        );
                    }
                }
            }
        }
    }
    // Date.
    match c.header_raw("date") {
        None => o.hit(
            Rule::HeadersDateMissing,
            "The message has no Date header",
            vec![],
        ),
        Some((v, s)) => {
            match mail_parser::DateTime::parse_rfc822(v.trim()).filter(|d| d.is_valid()) {
                None => o.hit(
                    Rule::HeadersDateInvalid,
                    format!("The Date is not an RFC 5322 date: {}", short(&v)),
                    vec![ev_header(&v, s)],
                ),
                Some(d) => {
                    // The bottom-most Received field: when the first server got it.
                    let latest = c
                        .msg
                        .received_all()
                        .last()
                        .and_then(|r| r.date)
                        .filter(|d| d.is_valid());
                    if let Some(r) = latest {
                        if d.to_timestamp() > r.to_timestamp() + 86_400 {
                            o.hit(
                            Rule::HeadersDateFuture,
                            format!(
                                "The Date {} is more than a day after the first server received it ({})",
                                d.to_rfc3339(),
                                r.to_rfc3339()
                            ),
                            vec![ev_header(&v, s)],
                        );
                        }
                    }
                }
            }
        }
    }
    // Message-ID.
    match c.header_raw("message-id") {
        None => o.hit(
            Rule::HeadersMessageIdMissing,
            "The message has no Message-ID header",
            vec![],
        ),
        Some((v, s)) => {
            let stripped = super::trace::strip_comments(&v);
            let t = stripped.trim();
            let ok = t.starts_with('<')
                && t.ends_with('>')
                && t[1..t.len().saturating_sub(1).max(1)]
                    .split_once('@')
                    .is_some_and(|(l, r)| {
                        !l.is_empty() && !r.is_empty() && !r.contains(['<', '>', ' ', '@'])
                    });
            if !ok {
                o.hit(
                    Rule::HeadersMessageIdInvalid,
                    format!("The Message-ID is not <left@right>: {}", short(&v)),
                    vec![ev_header(&v, s)],
                );
            }
        }
    }
    // Subject.
    match c.header_raw("subject") {
        Some(_) if !c.subject.trim().is_empty() => {}
        Some((v, s)) => o.hit(
            Rule::HeadersSubjectMissing,
            "The Subject is empty",
            vec![ev_header(&v, s)],
        ),
        None => o.hit(
            Rule::HeadersSubjectMissing,
            "The message has no Subject header",
            vec![],
        ),
    }
    // To.
    let to_count = c
        .msg
        .to()
        .map_or(0, |a| a.iter().filter(|x| x.address().is_some()).count())
        + c.msg
            .cc()
            .map_or(0, |a| a.iter().filter(|x| x.address().is_some()).count());
    if to_count == 0 {
        let ev = c
            .header_raw("to")
            .map(|(v, s)| vec![ev_header(&v, s)])
            .unwrap_or_default();
        o.hit(
            Rule::HeadersToMissing,
            "The message is addressed to no one in To or Cc",
            ev,
        );
    }
    // MIME-Version.
    if c.header_raw("content-type").is_some() && c.header_raw("mime-version").is_none() {
        o.hit(
            Rule::HeadersMimeVersionMissing,
            "Content-Type is set but MIME-Version: 1.0 is missing",
            vec![],
        );
    }
    // 8-bit bytes in the header section.
    let head_end = c
        .msg
        .parts
        .first()
        .map_or(0, |p| p.offset_body as usize)
        .min(c.raw.len());
    if let Some(h) = c.msg.headers().iter().find(|h| {
        c.raw
            .get(h.offset_field as usize..h.offset_end as usize)
            .is_some_and(|b| b.iter().any(|&x| x >= 0x80))
    }) {
        let span = Span::new(h.offset_field as usize, h.offset_end as usize);
        o.hit(
            Rule::Headers8bit,
            format!("The {} header holds raw 8-bit bytes", h.name.as_str()),
            vec![Evidence {
                part: None,
                span: Some(span),
                text: Some(h.name.as_str().to_string()),
            }],
        );
    } else if c.raw[..head_end].iter().any(|&b| b >= 0x80) {
        o.hit(
            Rule::Headers8bit,
            "The header section holds raw 8-bit bytes",
            vec![],
        );
    }
    // Reply-To.
    if let (Some(fd), Some(rt)) = (
        c.author_domain(),
        c.msg
            .reply_to()
            .and_then(|a| a.first())
            .and_then(|a| a.address()),
    ) {
        if let Some((_, rd)) = rt.rsplit_once('@') {
            let rd = rd.to_ascii_lowercase();
            if org_domain(&rd) != org_domain(&fd) {
                let ev = c
                    .header_raw("reply-to")
                    .map(|(v, s)| vec![ev_header(&v, s)])
                    .unwrap_or_default();
                o.hit(
                    Rule::HeadersReplyToDiffers,
                    format!("Replies go to {rd}, not to the From domain {fd}"),
                    ev,
                );
            }
        }
    }
}

#[inline(never)]
fn auth_and_bulk(c: &Context<'_>, trace: &Trace, o: &mut Out) {
    let from_domain = c.author_domain();
    let sigs: Vec<(crate::DkimSignatureReport, Span, String)> = c
        .headers_named("dkim-signature")
        .take(20)
        .map(|(v, s)| (crate::validate_dkim_signature(&v), s, v))
        .collect();
    if sigs.is_empty() {
        o.hit(
            Rule::AuthNoDkim,
            "The message carries no DKIM-Signature",
            vec![],
        );
    }
    for (r, s, v) in &sigs {
        if !r.valid {
            let why = r
                .diagnostics
                .iter()
                .find(|d| d.severity == crate::Severity::Error)
                .map_or(String::new(), |d| format!(": {}", d.message));
            o.hit(
                Rule::AuthDkimMalformed,
                format!("A DKIM-Signature is malformed{why}"),
                vec![ev_header(v, *s)],
            );
        }
    }
    if let Some(fd) = &from_domain {
        let domains: Vec<String> = sigs
            .iter()
            .filter_map(|(r, _, _)| r.signature.domain.clone())
            .collect();
        if !domains.is_empty()
            && !domains
                .iter()
                .any(|d| org_domain(&d.to_ascii_lowercase()) == org_domain(fd))
        {
            o.hit(
                Rule::AuthDkimNotAligned,
                format!(
                    "DKIM signs for {} but the From domain is {fd}",
                    domains.join(", ")
                ),
                sigs.iter().map(|(_, s, v)| ev_header(v, *s)).collect(),
            );
        }
    }
    let fails: Vec<Evidence> = trace
        .auth
        .iter()
        .filter(|a| matches!(a.method.as_str(), "spf" | "dkim" | "dmarc") && a.result == "fail")
        .map(|a| Evidence {
            part: None,
            span: Some(a.span),
            text: Some(format!("{}={} ({})", a.method, a.result, a.header)),
        })
        .collect();
    if !fails.is_empty() {
        let what: Vec<String> = fails.iter().filter_map(|e| e.text.clone()).collect();
        o.hit(
            Rule::AuthReceiverFail,
            format!("A receiver reported {}", what.join(", ")),
            fails,
        );
    }

    // Bulk-sender requirements.
    let lu = c.header_raw("list-unsubscribe");
    let lup = c.header_raw("list-unsubscribe-post");
    let precedence = c
        .header_raw("precedence")
        .map(|(v, s)| (v.trim().to_ascii_lowercase(), s));
    let auto = c
        .header_raw("auto-submitted")
        .map(|(v, s)| (v.trim().to_ascii_lowercase(), s));
    let bulk_like = lu.is_some()
        || c.header_raw("list-id").is_some()
        || c.header_raw("feedback-id").is_some()
        || precedence
            .as_ref()
            .is_some_and(|(p, _)| matches!(p.as_str(), "bulk" | "list" | "junk"))
        || c.visible.to_ascii_lowercase().contains("unsubscribe");
    if let Some((p, s)) = &precedence {
        if p == "junk" {
            o.hit(
                Rule::BulkPrecedenceJunk,
                "The message says Precedence: junk",
                vec![ev_header(p, *s)],
            );
        }
    }
    match (&auto, &precedence) {
        (Some((a, s)), _) if !a.starts_with("no") => o.hit(
            Rule::BulkAutoSubmitted,
            format!("Auto-Submitted: {a}"),
            vec![ev_header(a, *s)],
        ),
        (_, Some((p, s))) if p == "bulk" || p == "list" => o.hit(
            Rule::BulkAutoSubmitted,
            format!("Precedence: {p}"),
            vec![ev_header(p, *s)],
        ),
        _ => {}
    }
    let Some((luv, lus)) = lu else {
        if bulk_like {
            o.hit(
                Rule::BulkNoListUnsubscribe,
                "This looks like bulk or list mail but has no List-Unsubscribe header",
                vec![],
            );
        }
        return;
    };
    let uris: Vec<String> = luv
        .split(',')
        .filter_map(|u| {
            let u = u.trim();
            u.strip_prefix('<')
                .and_then(|u| u.split_once('>'))
                .map(|(u, _)| u.trim().to_string())
        })
        .collect();
    let lower: Vec<String> = uris.iter().map(|u| u.to_ascii_lowercase()).collect();
    let https = lower.iter().any(|u| u.starts_with("https://"));
    let mailto = lower.iter().any(|u| u.starts_with("mailto:"));
    let http = lower.iter().any(|u| u.starts_with("http://"));
    let ev = vec![ev_header(&luv, lus)];
    if !https && !mailto {
        o.hit(
            Rule::BulkListUnsubscribeNoUri,
            "List-Unsubscribe has no https: or mailto: URI in angle brackets",
            ev.clone(),
        );
    }
    if http && !https {
        o.hit(
            Rule::BulkListUnsubscribeHttp,
            "List-Unsubscribe offers plain http: only, so one-click unsubscribe is impossible",
            ev.clone(),
        );
    }
    match &lup {
        None => o.hit(
            Rule::BulkNoOneClick,
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click is missing",
            ev.clone(),
        ),
        Some((v, s)) => {
            if !v.trim().eq_ignore_ascii_case("List-Unsubscribe=One-Click") {
                o.hit(
                    Rule::BulkOneClickMalformed,
                    format!(
                        "List-Unsubscribe-Post is {:?}, not List-Unsubscribe=One-Click",
                        v.trim()
                    ),
                    vec![ev_header(v, *s)],
                );
            }
            if !https {
                o.hit(
                    Rule::BulkOneClickNoHttps,
                    "List-Unsubscribe-Post is set but List-Unsubscribe has no https URI to post to",
                    vec![ev_header(v, *s)],
                );
            }
            let covered = sigs.iter().filter(|(r, _, _)| r.valid).any(|(r, _, _)| {
                let h = &r.signature.signed_headers;
                let has = |n: &str| h.iter().any(|x| x.trim().eq_ignore_ascii_case(n));
                has("list-unsubscribe") && has("list-unsubscribe-post")
            });
            if !covered {
                o.hit(
                    Rule::BulkUnsubscribeNotSigned,
                    if sigs.is_empty() {
                        "One-click unsubscribe is offered but the message has no DKIM signature covering it".to_string()
                    } else {
                        "No DKIM signature's h= lists both List-Unsubscribe and List-Unsubscribe-Post".to_string()
                    },
                    ev.clone(),
                );
            }
        }
    }
}

#[inline(never)]
fn structure(c: &Context<'_>, o: &mut Out) {
    let has_text = c.texts.iter().any(|(_, t)| !t.trim().is_empty());
    let has_html = !c.htmls.is_empty();
    if has_html && !has_text {
        o.hit(
            Rule::StructureHtmlOnly,
            "The message has HTML but no text/plain alternative",
            c.htmls
                .iter()
                .map(|(p, _, _)| ev_part(p, "text/html"))
                .collect(),
        );
    }
    if has_text && has_html {
        let tw = words(
            &c.texts
                .iter()
                .map(|t| t.1.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let hw = words(
            &c.htmls
                .iter()
                .map(|h| h.2.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        );
        let small = tw.len().min(hw.len());
        let common = tw.common(&hw);
        let placeholder = tw.len() < 10 && hw.len() >= 50;
        if placeholder || small >= 10 && common * 2 < small {
            o.hit(
                Rule::StructureTextHtmlDiffer,
                format!(
                    "The text part ({} distinct words) and the HTML part ({} distinct words) share only {common}",
                    tw.len(),
                    hw.len()
                ),
                vec![],
            );
        }
    }
    // Images with little text.
    // Characters other than white space, so that LF and CRLF copies count alike.
    let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).count();
    let visible_html: usize = c.htmls.iter().map(|h| visible(&h.2.text)).sum();
    let images = c
        .images
        .iter()
        .filter(|i| !(i.width.is_some_and(|w| w <= 2) && i.height.is_some_and(|h| h <= 2)))
        .count()
        + c.attachments
            .iter()
            .filter(|a| a.content_type.starts_with("image/"))
            .count();
    let text_chars = if has_text {
        c.texts
            .iter()
            .map(|t| visible(&t.1))
            .sum::<usize>()
            .max(visible_html)
    } else {
        visible_html
    };
    if images > 0
        && (text_chars < 150 || images >= 3 && text_chars < 80 * images)
        && (has_html || !has_text)
    {
        o.hit(
            Rule::StructureImageHeavy,
            format!(
                "{images} image(s) and only {text_chars} characters of text (not counting spaces)"
            ),
            vec![],
        );
    }
    for (p, size, _) in &c.htmls {
        if *size > 102 * 1024 {
            o.hit(
                Rule::StructureGmailClip,
                format!(
                    "The HTML part is {} KB; Gmail clips past 102 KB",
                    size / 1024
                ),
                vec![ev_part(p, "text/html")],
            );
        }
    }
    if c.raw.len() > 10 << 20 {
        o.hit(
            Rule::StructureLarge,
            format!("The message is {} MB", c.raw.len() >> 20),
            vec![],
        );
    }
    if c.visible.trim().is_empty() && c.attachments.is_empty() {
        o.hit(
            Rule::StructureEmptyBody,
            "The message has no readable text",
            vec![],
        );
    }
    let mut no_charset = Vec::new();
    let mut unknown = Vec::new();
    let mut undeclared = Vec::new();
    let mut broken = Vec::new();
    let mut malformed = Vec::new();
    for p in &c.parts {
        let s = &p.summary;
        let texty = matches!(p.kind, Body::Text | Body::Html);
        if texty && p.raw_has_8bit && s.charset.is_none() {
            no_charset.push(ev_part(&s.path, &s.content_type));
        }
        if let Some(cs) = &s.charset {
            let cs_trim = cs.trim_matches(['"', '\'', ' ']);
            if texty && !CHARSETS.contains(&cs_trim) {
                unknown.push(ev_part(&s.path, cs));
            }
        }
        if p.raw_has_8bit
            && matches!(s.transfer_encoding.as_deref(), None | Some("7bit"))
            && p.kind != Body::Container
        {
            undeclared.push(ev_part(
                &s.path,
                s.transfer_encoding.as_deref().unwrap_or("(none)"),
            ));
        }
        if p.encoding_problem {
            broken.push(ev_part(
                &s.path,
                s.transfer_encoding.as_deref().unwrap_or(""),
            ));
        }
        if s.content_type.starts_with("multipart/") {
            let closing = p.boundary.as_ref().is_some_and(|b| {
                let needle = format!("--{b}--");
                let (a, e) = (s.span.start as usize, s.span.end as usize);
                c.raw
                    .get(a.min(e)..e.min(c.raw.len()))
                    .is_some_and(|body| memmem(body, needle.as_bytes()))
            });
            if p.boundary.is_none() {
                malformed.push(ev_part(&s.path, "multipart without a boundary parameter"));
            } else if p.multipart_without_children {
                malformed.push(ev_part(&s.path, "multipart with no parts"));
            } else if !closing {
                malformed.push(ev_part(&s.path, "no closing boundary"));
            }
        }
    }
    if !no_charset.is_empty() {
        o.hit(
            Rule::StructureCharsetMissing,
            "A text part has non-ASCII bytes and no charset",
            no_charset,
        );
    }
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().filter_map(|e| e.text.clone()).collect();
        o.hit(
            Rule::StructureCharsetUnknown,
            format!("Unknown charset: {}", names.join(", ")),
            unknown,
        );
    }
    if !undeclared.is_empty() {
        o.hit(
            Rule::Structure8bitUndeclared,
            "A part holds 8-bit bytes without a Content-Transfer-Encoding that allows them",
            undeclared,
        );
    }
    if !broken.is_empty() {
        o.hit(
            Rule::StructureEncodingProblem,
            "A part's transfer encoding does not decode cleanly",
            broken,
        );
    }
    if !malformed.is_empty() {
        let what: Vec<String> = malformed.iter().filter_map(|e| e.text.clone()).collect();
        o.hit(
            Rule::StructureMalformedMime,
            format!("Malformed MIME: {}", what.join("; ")),
            malformed,
        );
    }
    if c.deep {
        o.hit(
            Rule::StructureDeepMime,
            format!("MIME parts are nested deeper than {MAX_MIME_DEPTH} levels"),
            vec![],
        );
    }
    let risky: Vec<Evidence> = c
        .attachments
        .iter()
        .filter_map(|a| {
            let name = a
                .filename
                .as_deref()?
                .trim()
                .trim_end_matches(['.', ' '])
                .to_ascii_lowercase();
            let ext = name.rsplit_once('.')?.1;
            RISKY_EXTENSIONS
                .contains(&ext)
                .then(|| ev_part(&a.part, a.filename.as_deref().unwrap_or("")))
        })
        .collect();
    if !risky.is_empty() {
        let names: Vec<String> = risky.iter().filter_map(|e| e.text.clone()).collect();
        o.hit(
            Rule::StructureRiskyAttachment,
            format!("Risky attachment: {}", names.join(", ")),
            risky,
        );
    }
    let scripts: Vec<Evidence> = c
        .htmls
        .iter()
        .filter(|h| h.2.scripts > 0)
        .map(|h| ev_part(&h.0, &format!("{} element(s)", h.2.scripts)))
        .collect();
    if !scripts.is_empty() {
        o.hit(
            Rule::StructureScript,
            "The HTML contains script, object, embed or iframe elements",
            scripts,
        );
    }
}

fn memmem(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Distinct lower-case words of three or more letters, sorted.
fn words(s: &str) -> WordSet {
    let mut set = WordSet([0; 64]);
    for w in cut(s, MAX_WORDING_TEXT).split(|c: char| !c.is_alphanumeric()) {
        if w.chars().count() >= 3 && w.chars().any(char::is_alphabetic) {
            let mut h = 0x811c_9dc5u32;
            for b in w.bytes() {
                h = (h ^ b.to_ascii_lowercase() as u32).wrapping_mul(0x0100_0193);
            }
            let i = (h >> 20) as usize; // 4096 bits
            set.0[i / 64] |= 1 << (i % 64);
        }
    }
    set
}

/// Distinct words as a 4096-bit set (hash collisions make counts approximate, which is all the
/// text/HTML comparison needs).
struct WordSet([u64; 64]);

impl WordSet {
    fn len(&self) -> usize {
        self.0.iter().map(|x| x.count_ones() as usize).sum()
    }
    fn common(&self, other: &WordSet) -> usize {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a & b).count_ones() as usize)
            .sum()
    }
}

/// Remove repeated entries, keeping the first of each (lists here are short).
fn dedup_small(v: &mut Vec<&str>) {
    let mut out: Vec<&str> = Vec::with_capacity(v.len().min(256));
    for x in v.iter() {
        if out.len() < 256 && !out.contains(x) {
            out.push(x);
        }
    }
    *v = out;
}

#[inline(never)]
fn links(c: &Context<'_>, o: &mut Out) {
    let mut mismatch = Vec::new();
    let mut short = Vec::new();
    let mut ip = Vec::new();
    let mut http = Vec::new();
    let mut userinfo = Vec::new();
    let mut script = Vec::new();
    let mut domains: Vec<&str> = Vec::new();
    for l in &c.links {
        let href = l.href.trim();
        // Browsers drop tabs and line breaks inside URLs (java&#x09;script: is javascript:).
        let lower: String = href
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if lower.starts_with("javascript:")
            || lower.starts_with("vbscript:")
            || lower.starts_with("data:")
        {
            script.push(ev_part(&l.part, href));
            continue;
        }
        let Some(host) = l.domain.as_deref() else {
            continue;
        };
        domains.push(org_domain(host));
        if lower.starts_with("http://") {
            http.push(ev_part(&l.part, href));
        }
        if is_ip(host) {
            ip.push(ev_part(&l.part, href));
        }
        if SHORTENERS
            .iter()
            .any(|s| host == *s || host.strip_suffix(s).is_some_and(|p| p.ends_with('.')))
        {
            short.push(ev_part(&l.part, href));
        }
        if has_userinfo(href) {
            userinfo.push(ev_part(&l.part, href));
        }
        if let Some(shown) = domain_in_text(&l.text) {
            if org_domain(&shown) != org_domain(host) && !host.ends_with(&format!(".{shown}")) {
                mismatch.push(ev_part(&l.part, &format!("{} -> {}", l.text, href)));
            }
        }
    }
    dedup_small(&mut domains);
    let forms: Vec<Evidence> = c
        .htmls
        .iter()
        .filter(|h| h.2.forms > 0)
        .map(|h| {
            ev_part(
                &h.0,
                h.2.form_actions.first().map_or("<form>", |s| s.as_str()),
            )
        })
        .collect();
    let pixels: Vec<Evidence> = c
        .images
        .iter()
        .filter(|i| {
            let lower = i.src.to_ascii_lowercase();
            (lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("//"))
                && (i.hidden || i.width.is_some_and(|w| w <= 1) && i.height.is_some_and(|h| h <= 1))
        })
        .map(|i| ev_part(&i.part, &i.src))
        .collect();
    for (rule, evidence, what) in [
        (
            Rule::LinksTextDomainMismatch,
            mismatch,
            "show one domain and go to another",
        ),
        (Rule::LinksShortener, short, "go through a URL shortener"),
        (Rule::LinksIpAddress, ip, "go to a bare IP address"),
        (Rule::LinksUserinfo, userinfo, "have user@ before the host"),
        (
            Rule::LinksScriptUrl,
            script,
            "are javascript:, vbscript: or data: URLs",
        ),
        (Rule::LinksNotHttps, http, "use plain http"),
    ] {
        if !evidence.is_empty() {
            o.hit(rule, format!("{} link(s) {what}", evidence.len()), evidence);
        }
    }
    if domains.len() > 10 {
        o.hit(
            Rule::LinksManyDomains,
            format!("Links go to {} distinct domains", domains.len()),
            domains
                .iter()
                .map(|d| Evidence {
                    text: Some(d.to_string()),
                    ..Evidence::default()
                })
                .collect(),
        );
    }
    if !pixels.is_empty() {
        o.hit(
            Rule::LinksTrackingPixel,
            format!("{} tracking pixel(s)", pixels.len()),
            pixels,
        );
    }
    if !forms.is_empty() {
        o.hit(Rule::LinksForm, "The HTML contains a form", forms);
    }
}

#[inline(never)]
fn hidden(c: &Context<'_>, o: &mut Out) {
    let mut tiny = Vec::new();
    let mut same = Vec::new();
    let mut block = Vec::new();
    for (p, _, s) in &c.htmls {
        if s.tiny_text.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
            tiny.push(ev_part(p, &s.tiny_text));
        }
        if s.same_colour_text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .count()
            >= 3
        {
            same.push(ev_part(p, &s.same_colour_text));
        }
        if s.hidden_text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .count()
            >= 3
        {
            block.push(ev_part(p, &s.hidden_text));
        }
    }
    if !tiny.is_empty() {
        o.hit(Rule::HiddenTinyText, "Text in zero or tiny font size", tiny);
    }
    if !same.is_empty() {
        o.hit(
            Rule::HiddenSameColour,
            "Text in the colour of its background",
            same,
        );
    }
    if !block.is_empty() {
        let long = block
            .iter()
            .any(|e| e.text.as_deref().is_some_and(|t| t.chars().count() > 150));
        let pts = if long {
            Rule::HiddenHiddenBlock.points() as f64 * 3.0
        } else {
            Rule::HiddenHiddenBlock.points() as f64
        };
        o.hit_points(
            Rule::HiddenHiddenBlock,
            pts,
            "Text inside a hidden block",
            block,
        );
    }
    let mut invisible = Vec::new();
    for (where_, text) in std::iter::once(("Subject", c.subject.as_str()))
        .chain(c.texts.iter().map(|t| (t.0.as_str(), t.1.as_str())))
        .chain(c.htmls.iter().map(|h| (h.0.as_str(), h.2.text.as_str())))
    {
        let n = invisible_inside_words(cut(text, MAX_WORDING_TEXT));
        if n > 0 {
            invisible.push(Evidence {
                part: (where_ != "Subject").then(|| where_.to_string()),
                span: None,
                text: Some(format!(
                    "{n} invisible character(s) in {}",
                    if where_ == "Subject" {
                        "the Subject"
                    } else {
                        "the text"
                    }
                )),
            });
        }
    }
    if !invisible.is_empty() {
        o.hit(
            Rule::HiddenInvisibleChars,
            "Invisible characters inside words",
            invisible,
        );
    }
}

fn invisible_inside_words(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    let mut n = 0;
    for i in 1..chars.len().saturating_sub(1) {
        if matches!(
            chars[i],
            '\u{200b}'
                | '\u{200c}'
                | '\u{200d}'
                | '\u{2060}'
                | '\u{feff}'
                | '\u{ad}'
                | '\u{34f}'
                | '\u{180e}'
        ) && chars[i - 1].is_alphanumeric()
        {
            // The next visible character (skipping more invisible ones) is a letter too.
            if chars[i + 1..]
                .iter()
                .find(|c| {
                    !matches!(
                        c,
                        '\u{200b}'
                            | '\u{200c}'
                            | '\u{200d}'
                            | '\u{2060}'
                            | '\u{feff}'
                            | '\u{ad}'
                            | '\u{34f}'
                            | '\u{180e}'
                    )
                })
                .is_some_and(|c| c.is_alphanumeric())
            {
                n += 1;
            }
        }
    }
    n
}

#[inline(never)]
fn wording(c: &Context<'_>, o: &mut Out) {
    let subject = c.subject.trim();
    let letters: Vec<char> = subject.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    let subj_ev = || {
        c.header_raw("subject")
            .map(|(v, s)| vec![ev_header(&v, s)])
            .unwrap_or_default()
    };
    if letters.len() >= 10 && upper * 10 >= letters.len() * 8 {
        o.hit(
            Rule::WordingSubjectCaps,
            format!("The Subject is in capitals: {}", short(subject)),
            subj_ev(),
        );
    }
    let bangs = subject.matches('!').count();
    if bangs > 0 {
        o.hit(
            Rule::WordingSubjectExclaim,
            format!("The Subject has {bangs} exclamation mark(s)"),
            subj_ev(),
        );
    }
    let text = cut(&c.visible, MAX_WORDING_TEXT);
    let mut long_words = 0usize;
    let mut caps_words = 0usize;
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if w.chars().count() >= 3 {
            long_words += 1;
            if w.chars().all(|c| !c.is_lowercase()) {
                caps_words += 1;
            }
        }
    }
    if caps_words >= 20 && caps_words * 10 >= long_words * 3 {
        o.hit(
            Rule::WordingBodyCaps,
            format!("{caps_words} of {long_words} words are in capitals"),
            vec![],
        );
    }
    let excl = text.matches('!').count();
    let runs = text.matches("!!").count();
    if excl >= 10 || runs >= 2 {
        o.hit(
            Rule::WordingExclaim,
            format!("{excl} exclamation marks in the text"),
            vec![],
        );
    }
    let hay = format!("{} {}", subject, text).to_ascii_lowercase();
    let [phrases, money, urgency] = phrases_in(&words_of(&hay));
    if !phrases.is_empty() {
        let pts = phrases.len().min(5) as f64 * Rule::WordingSpamPhrase.points() as f64;
        o.hit_points(
            Rule::WordingSpamPhrase,
            pts,
            format!("Spam phrases: {}", phrases.join(", ")),
            phrases
                .iter()
                .map(|p| Evidence {
                    text: Some(p.to_string()),
                    ..Evidence::default()
                })
                .collect(),
        );
    }
    let amounts = large_amounts(text);
    if !money.is_empty() || amounts >= 3 {
        let mut what: Vec<String> = money.iter().map(|s| s.to_string()).collect();
        if amounts > 0 {
            what.push(format!("{amounts} large amount(s)"));
        }
        o.hit(
            Rule::WordingMoney,
            format!("Money talk: {}", what.join(", ")),
            vec![],
        );
    }
    let subject_lower = subject.to_ascii_lowercase();
    let in_subject = phrases_in(&words_of(&subject_lower));
    if urgency.len() >= 2 || !in_subject[2].is_empty() {
        o.hit(
            Rule::WordingUrgency,
            format!("Pressure: {}", urgency.join(", ")),
            vec![],
        );
    }
    let obf = obfuscated(&format!("{subject} {text}"));
    if !obf.is_empty() {
        o.hit(
            Rule::WordingObfuscated,
            format!("Disguised words: {}", obf.join(", ")),
            obf.iter()
                .map(|w| Evidence {
                    text: Some(w.clone()),
                    ..Evidence::default()
                })
                .collect(),
        );
    }
}

/// The words of a lower-cased text (white-space separated, punctuation trimmed from the ends).
fn words_of(lower: &str) -> Vec<&str> {
    lower
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| {
                matches!(
                    c,
                    '.' | ','
                        | '!'
                        | '?'
                        | ';'
                        | ':'
                        | '"'
                        | '\''
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '<'
                        | '>'
                        | '*'
                )
            })
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn word_bit(w: &str) -> usize {
    let mut h = 0x811c_9dc5u32;
    for b in w.bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    (h >> 20) as usize
}

/// Every phrase of the three lists, split into words, with a 4096-bit set of their first words'
/// hashes: one pass over a text's words finds every phrase in it.
struct PhraseIndex {
    first: [u64; 64],
    phrases: Vec<(usize, &'static str, Vec<&'static str>)>,
}

fn phrase_index() -> &'static PhraseIndex {
    static INDEX: std::sync::OnceLock<PhraseIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut first = [0u64; 64];
        let mut phrases = Vec::new();
        for (kind, list) in [SPAM_PHRASES, MONEY_PHRASES, URGENCY_PHRASES]
            .into_iter()
            .enumerate()
        {
            for p in list {
                let words: Vec<&'static str> = p.split(' ').collect();
                let i = word_bit(words[0]);
                first[i / 64] |= 1 << (i % 64);
                phrases.push((kind, *p, words));
            }
        }
        PhraseIndex { first, phrases }
    })
}

/// The spam, money and urgency phrases found in `words`, each once, in text order.
fn phrases_in(words: &[&str]) -> [Vec<&'static str>; 3] {
    let idx = phrase_index();
    let mut out: [Vec<&'static str>; 3] = Default::default();
    for (i, w) in words.iter().enumerate() {
        let b = word_bit(w);
        if idx.first[b / 64] & (1 << (b % 64)) == 0 {
            continue;
        }
        for (kind, p, pw) in &idx.phrases {
            if pw[0] == *w
                && words.len() - i >= pw.len()
                && words[i..i + pw.len()] == pw[..]
                && !out[*kind].contains(p)
            {
                out[*kind].push(p);
            }
        }
    }
    out
}

/// `$1,000` and larger amounts (also `US$`, `USD 5000`, `EUR 10000`).
fn large_amounts(text: &str) -> usize {
    let b = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() && n < 100 {
        let start = if b[i] == b'$' {
            Some(i + 1)
        } else if b[i..].starts_with(b"USD ")
            || b[i..].starts_with(b"EUR ")
            || b[i..].starts_with(b"GBP ")
        {
            Some(i + 4)
        } else {
            None
        };
        if let Some(mut j) = start {
            let mut digits = 0;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b',' && digits > 0) {
                if b[j].is_ascii_digit() {
                    digits += 1;
                }
                j += 1;
            }
            // A decimal fraction ($4.5 million) does not add to the digits.
            if digits > 0 && b.get(j) == Some(&b'.') && b.get(j + 1).is_some_and(u8::is_ascii_digit)
            {
                j += 1;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
            }
            let after = &b[j..];
            let skip = after.iter().take_while(|c| c.is_ascii_whitespace()).count();
            let word = &after[skip..(skip + 7).min(after.len())];
            let rest = String::from_utf8_lossy(word).to_ascii_lowercase();
            if digits >= 4
                || digits >= 1 && (rest.starts_with("million") || rest.starts_with("billion"))
            {
                n += 1;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    n
}

/// Words spelt to slip past filters: `v1agra`, `c.a.s.h`, `F R E E`.
fn obfuscated(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let text = cut(text, MAX_WORDING_TEXT);
    let push = |w: &str, out: &mut Vec<String>| {
        if out.len() < MAX_EVIDENCE && !out.iter().any(|x| x == w) {
            out.push(w.to_string());
        }
    };
    let mut letters_run = String::new();
    let mut run_words: Vec<&str> = Vec::new();
    for tok in text.split_whitespace() {
        // Spaced letters: F R E E.
        let t = tok.trim_matches(|c: char| !c.is_alphanumeric());
        if t.chars().count() == 1 && t.chars().all(char::is_alphabetic) {
            letters_run.push_str(&t.to_ascii_lowercase());
            run_words.push(t);
            continue;
        }
        flush_run(&mut letters_run, &mut run_words, &mut |w| push(w, &mut out));
        // Only a token mixing letters with digits or symbols can be a disguised word.
        if tok.len() > 24
            || tok.len() < 3
            || !tok.bytes().any(|b| {
                matches!(
                    b,
                    b'0'..=b'9' | b'|' | b'!' | b'@' | b'$' | b'.' | b'*' | b'_'
                )
            })
        {
            continue;
        }
        let lower = tok.to_ascii_lowercase();
        let core = lower.trim_matches(|c: char| {
            matches!(
                c,
                '.' | ',' | '!' | '?' | ';' | ':' | '"' | '\'' | '(' | ')'
            )
        });
        if !core.chars().any(char::is_alphabetic) {
            continue;
        }
        let mut norm = String::with_capacity(core.len());
        let mut changed = false;
        for ch in core.chars() {
            let m = match ch {
                '0' => Some('o'),
                '1' | '|' | '!' => Some('i'),
                '3' => Some('e'),
                '4' | '@' => Some('a'),
                '5' | '$' => Some('s'),
                '7' => Some('t'),
                '.' | '*' | '_' => None,
                c => {
                    norm.push(c);
                    continue;
                }
            };
            changed = true;
            if let Some(m) = m {
                norm.push(m);
            }
        }
        if changed && OBFUSCATION_TARGETS.contains(&norm.as_str()) && !core.contains('@') {
            push(core, &mut out);
        }
    }
    flush_run(&mut letters_run, &mut run_words, &mut |w| push(w, &mut out));
    out
}

fn flush_run(run: &mut String, words: &mut Vec<&str>, push: &mut impl FnMut(&str)) {
    if words.len() >= 3 {
        for t in OBFUSCATION_TARGETS {
            if t.len() >= 3 && run.contains(t) {
                push(&words.join(" "));
                break;
            }
        }
    }
    run.clear();
    words.clear();
}

// ---- URLs and domains ----

fn find_url_start(s: &str) -> Option<usize> {
    // One pass: the next "http://", "https://" or "www." (any case).
    let b = s.as_bytes();
    (0..b.len()).find(|&i| {
        let rest = &b[i..];
        let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
        match b[i] | 0x20 {
            b'h' => starts(b"http://") || starts(b"https://"),
            b'w' => starts(b"www."),
            _ => false,
        }
    })
}

/// The host of a URL (`http(s)://`, `//`, or `www.`), lower case, without port or userinfo.
pub(super) fn host_of(href: &str) -> Option<String> {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    let rest = if let Some(p) = lower.find("://") {
        let scheme = &lower[..p];
        if !matches!(scheme, "http" | "https" | "ftp") {
            return None;
        }
        &h[p + 3..]
    } else if let Some(r) = h.strip_prefix("//") {
        r
    } else if lower.starts_with("www.") {
        h
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = hostport.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        hostport.split(':').next().unwrap_or("")
    };
    let host = percent_decode_ascii(host.trim_end_matches('.')).to_ascii_lowercase();
    (!host.is_empty() && host.len() <= 253).then_some(host)
}

/// `%77%77%77.example.com` is `www.example.com` to a browser: decode %XX escapes of printable
/// ASCII (others are left as they are).
fn percent_decode_ascii(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                let v = (h * 16 + l) as u8;
                if v.is_ascii_graphic() {
                    out.push(v as char);
                    i += 3;
                    continue;
                }
            }
        }
        let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

fn has_userinfo(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    let Some(p) = lower.find("://") else {
        return false;
    };
    let authority = lower[p + 3..].split(['/', '?', '#']).next().unwrap_or("");
    authority.contains('@')
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
        // Decimal or hex-encoded IPv4 (http://3232235777/, http://0xC0A80001/).
        || host.len() >= 8 && host.bytes().all(|b| b.is_ascii_digit())
        || host.starts_with("0x") && host.len() > 2 && host[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The registrable ("organizational") domain, approximated offline: the last two labels, or
/// three under a two-letter country code whose second level is generic (`co.uk`, `com.au`).
pub(super) fn org_domain(host: &str) -> &str {
    let host = host.trim_end_matches('.');
    if is_ip(host) {
        return host;
    }
    let labels: Vec<&str> = host.rsplitn(4, '.').collect();
    if labels.len() < 2 {
        return host;
    }
    let n = if labels.len() >= 3
        && labels[0].len() == 2
        && matches!(
            labels[1],
            "co" | "com"
                | "net"
                | "org"
                | "gov"
                | "ac"
                | "edu"
                | "ne"
                | "or"
                | "go"
                | "gob"
                | "mil"
                | "ltd"
                | "plc"
                | "nic"
        ) {
        3
    } else {
        2
    };
    let keep: usize = labels[..n].iter().map(|l| l.len()).sum::<usize>() + n - 1;
    &host[host.len() - keep.min(host.len())..]
}

/// A domain the link text shows the reader: a URL (`https://...`, `www....`) or a bare domain
/// with a common top-level domain.
fn domain_in_text(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(['/', '.', ' ']);
    if t.is_empty() || t.len() > 300 {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        let first = t.split_whitespace().next().unwrap_or(t);
        return host_of(first).filter(|h| h.contains('.'));
    }
    if t.contains(char::is_whitespace) || t.contains('@') {
        return None;
    }
    let host = lower.split('/').next().unwrap_or("");
    let labels: Vec<&str> = host.split('.').collect();
    let tld = *labels.last()?;
    (labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && LINK_TEXT_TLDS.contains(&tld))
    .then(|| host.to_string())
}

fn valid_address(a: &str) -> bool {
    let a = a.trim();
    let Some((l, d)) = a.rsplit_once('@') else {
        return false;
    };
    !l.is_empty()
        && !d.is_empty()
        && d.contains('.')
        && !d.starts_with('.')
        && !d.ends_with('.')
        && d.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'[' | b']' | b':'))
        && !l.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A UTF-16 part sent as 8-bit decodes alike from LF and CRLF copies; parts in charsets
    /// whose line break is the LF byte are left to mail-parser.
    #[test]
    fn wide_charset_parts_decode_alike_with_crlf() {
        use mail_parser::Encoding;
        // "Hi\n" in UTF-16BE is 00 48 00 69 00 0A: the copy gets a CR before the 0A byte.
        let lf = b"\x00H\x00i\x00\n\x00!";
        let crlf = b"\x00H\x00i\x00\r\n\x00!";
        let want = Some("Hi\n!".to_string());
        assert_eq!(wide_body(lf, Encoding::None, Some("utf-16be")), want);
        assert_eq!(wide_body(crlf, Encoding::None, Some("utf-16be")), want);
        assert_eq!(
            wide_body(
                b"=00H=00i=00\r\n=00!",
                Encoding::QuotedPrintable,
                Some("utf-16be")
            ),
            want
        );
        assert_eq!(wide_body(lf, Encoding::Base64, Some("utf-16be")), None);
        for c in [Some("utf-8"), Some("iso-8859-1"), Some("shift_jis"), None] {
            assert_eq!(wide_body(crlf, Encoding::None, c), None, "{c:?}");
        }
    }

    #[test]
    fn quoted_printable_for_utf7_parts() {
        assert_eq!(
            qp_decode(b"a=3Db=\nc\r\nd=\r\ne= \t\n=ZZ=4a"),
            b"a=bc\nde=ZZJ"
        );
        assert_eq!(qp_decode(b"x="), b"x");
        // LF and CRLF copies decode alike, then read as UTF-7 alike.
        let lf = b"=3Chtml=3E=\n+0100\nReceived";
        let crlf = b"=3Chtml=3E=\r\n+0100\r\nReceived";
        assert_eq!(qp_decode(lf), qp_decode(crlf));
        assert_eq!(
            utf7_body(lf, mail_parser::Encoding::QuotedPrintable),
            utf7_body(crlf, mail_parser::Encoding::QuotedPrintable)
        );
    }

    #[test]
    fn utf7_as_rfc_2152_reads_it() {
        // The RFC's examples: a run ends at '-' (dropped) or at any other byte (kept).
        assert_eq!(utf7_decode(b"Hi Mom -+Jjo--!"), "Hi Mom -\u{263A}-!");
        assert_eq!(utf7_decode(b"A+ImIDkQ."), "A\u{2262}\u{0391}.");
        assert_eq!(utf7_decode(b"+ZeVnLIqe-"), "\u{65E5}\u{672C}\u{8A9E}");
        assert_eq!(utf7_decode(b"1 +- 1"), "1 + 1");
        assert_eq!(utf7_decode(b"a+ b"), "a+ b");
        // The line break after a run is kept, so LF and CRLF text decode alike.
        let lf = utf7_decode(b"Subject: t+0100\nMessage-Id");
        assert!(lf.ends_with("\nMessage-Id"), "{lf:?}");
        assert_eq!(
            utf7_decode(b"Subject: t+0100\r\nMessage-Id"),
            lf.replace('\n', "\r\n")
        );
        // Bytes outside ASCII as Latin-1; a lone surrogate as U+FFFD.
        assert_eq!(utf7_decode(b"\xe9+2AA-"), "\u{e9}\u{FFFD}");
    }

    #[test]
    fn hosts_and_org_domains() {
        assert_eq!(
            host_of("https://User@WWW.Example.com:8080/x").as_deref(),
            Some("www.example.com")
        );
        assert_eq!(host_of("www.a.example/x").as_deref(), Some("www.a.example"));
        assert_eq!(host_of("mailto:a@b.example"), None);
        assert_eq!(
            host_of("http://[2001:db8::1]/").as_deref(),
            Some("2001:db8::1")
        );
        assert_eq!(org_domain("mail.news.example.co.uk"), "example.co.uk");
        assert_eq!(org_domain("click.example.com"), "example.com");
        assert_eq!(org_domain("localhost"), "localhost");
        assert!(is_ip("192.0.2.1") && is_ip("3232235777") && !is_ip("example.com"));
    }

    #[test]
    fn link_text_domains() {
        assert_eq!(
            domain_in_text("https://www.paypal.com/login").as_deref(),
            Some("www.paypal.com")
        );
        assert_eq!(domain_in_text("paypal.com").as_deref(), Some("paypal.com"));
        assert_eq!(domain_in_text("Click here"), None);
        assert_eq!(domain_in_text("Mr.Smith"), None);
    }

    #[test]
    fn wording_helpers() {
        let found = |t: &str| phrases_in(&words_of(t))[0].clone();
        assert_eq!(found("please click here, now. click here!"), ["click here"]);
        assert_eq!(found("it's 100% free!"), ["100% free"]);
        assert!(found("clicking herein").is_empty());
        assert!(found("here click").is_empty());
        assert_eq!(
            phrases_in(&words_of("act now, make money"))[1],
            ["make money"]
        );
        assert_eq!(
            large_amounts("win $1,000,000 or $5 or USD 25000 or $3 million"),
            3
        );
        assert_eq!(
            obfuscated("buy V1AGRA and c.a.s.h, F R E E offer, 2.5 m0ney"),
            ["v1agra", "c.a.s.h", "F R E E", "m0ney"]
        );
        assert!(obfuscated("version 1.0 of the code, e-mail me").is_empty());
        assert_eq!(invisible_inside_words("fr\u{200b}ee and 👍\u{200d}x"), 1);
    }
}
