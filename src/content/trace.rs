//! Header analysis of a received message: the `Received` chain (hops, in the order the message
//! travelled, with the delay at each) and the authentication verdicts the receivers wrote
//! (`Authentication-Results` (RFC 8601), `ARC-Authentication-Results` (RFC 8617), `Received-SPF`
//! (RFC 7208 section 9.1)). Nothing is verified here: these are what the receivers reported.

use mail_parser::{HeaderName, HeaderValue, Message};
use serde::Serialize;

use crate::diagnostic::Span;

/// One `Received` hop.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    /// 1 for the first hop the message made (the bottom-most Received field).
    pub number: usize,
    /// The sending host as the receiver named it (HELO or reverse DNS).
    pub from: Option<String>,
    /// The sending host's IP address.
    pub from_ip: Option<String>,
    /// The receiving host.
    pub by: Option<String>,
    /// The protocol (SMTP, ESMTPS, ...).
    pub with: Option<String>,
    /// TLS version, when the receiver recorded it.
    pub tls: Option<String>,
    /// The timestamp the receiver wrote, RFC 3339.
    pub date: Option<String>,
    /// Seconds since the previous hop (negative when the clocks disagree).
    pub delay_seconds: Option<i64>,
    /// Where the field is in the input.
    pub span: Span,
}

/// One method verdict from an authentication-results field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthVerdict {
    /// Which header it came from: `Authentication-Results`, `ARC-Authentication-Results` or
    /// `Received-SPF`.
    pub header: &'static str,
    /// The receiver that wrote it (the authserv-id).
    pub authserv_id: Option<String>,
    /// spf, dkim, dmarc, arc, iprev, auth, bimi, ...
    pub method: String,
    /// pass, fail, softfail, neutral, none, temperror, permerror, policy, ...
    pub result: String,
    /// The properties reported with it (`header.from=example.com`, `smtp.mailfrom=...`).
    pub properties: Vec<String>,
    /// Where the field is in the input.
    pub span: Span,
}

/// What the trace headers say.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    /// The hops, first to last.
    pub hops: Vec<Hop>,
    /// Seconds from the first hop to the last, when both are dated.
    pub total_delay_seconds: Option<i64>,
    /// Authentication verdicts as the receivers reported them, top-most field first.
    pub auth: Vec<AuthVerdict>,
}

/// Read the trace of `msg` (top-level header only).
pub fn analyse(msg: &Message<'_>) -> Trace {
    let mut t = Trace::default();
    let headers = msg.headers();
    let mut received = Vec::new();
    for h in headers {
        let span = Span::new(h.offset_field as usize, h.offset_end as usize);
        if h.name == HeaderName::Received {
            received.push((h.value(), span));
            continue;
        }
        let n = h.name.as_str();
        if n.eq_ignore_ascii_case("authentication-results") {
            parse_auth_results(
                &raw_value(msg, h),
                "Authentication-Results",
                span,
                &mut t.auth,
            );
        } else if n.eq_ignore_ascii_case("arc-authentication-results") {
            // ARC-Authentication-Results: i=1; authserv-id; ...
            let raw = raw_value(msg, h);
            let rest = raw.split_once(';').map_or("", |(_, r)| r);
            parse_auth_results(rest, "ARC-Authentication-Results", span, &mut t.auth);
        } else if n.eq_ignore_ascii_case("received-spf") {
            let raw = raw_value(msg, h);
            let result = raw
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if !result.is_empty() && t.auth.len() < 64 {
                t.auth.push(AuthVerdict {
                    header: "Received-SPF",
                    authserv_id: None,
                    method: "spf".into(),
                    result,
                    properties: Vec::new(),
                    span,
                });
            }
        }
    }
    let mut prev: Option<i64> = None;
    let mut first: Option<i64> = None;
    for (n, (v, span)) in received.iter().rev().enumerate() {
        let r = match v {
            HeaderValue::Received(r) => Some(r.as_ref()),
            _ => None,
        };
        let date = r.and_then(|r| r.date).filter(|d| d.is_valid());
        let ts = date.map(|d| d.to_timestamp());
        let delay = match (prev, ts) {
            (Some(p), Some(t)) => Some(t - p),
            _ => None,
        };
        if ts.is_some() {
            prev = ts;
            first = first.or(ts);
        }
        t.hops.push(Hop {
            number: n + 1,
            from: r.and_then(|r| r.from.as_ref().or(r.helo.as_ref()).map(|h| h.to_string())),
            from_ip: r.and_then(|r| r.from_ip.map(|ip| ip.to_string())),
            by: r.and_then(|r| r.by.as_ref().map(|h| h.to_string())),
            with: r.and_then(|r| r.with.map(|p| p.to_string())),
            tls: r.and_then(|r| r.tls_version.map(|v| v.to_string())),
            date: date.map(|d| d.to_rfc3339()),
            delay_seconds: delay,
            span: *span,
        });
    }
    if let (Some(f), Some(l)) = (first, prev) {
        t.total_delay_seconds = Some(l - f);
    }
    t
}

/// The raw value of a header, unfolded.
fn raw_value(msg: &Message<'_>, h: &mail_parser::Header<'_>) -> String {
    let raw = msg.raw_message();
    let (s, e) = (h.offset_start as usize, h.offset_end as usize);
    let bytes = raw.get(s..e).unwrap_or_default();
    let text = String::from_utf8_lossy(bytes);
    crate::content::html::collapse(&text)
}

/// Parse an RFC 8601 `Authentication-Results` value: `authserv-id [version]; method=result
/// props; ...`. Comments in parentheses are dropped.
fn parse_auth_results(raw: &str, header: &'static str, span: Span, out: &mut Vec<AuthVerdict>) {
    let text = strip_comments(raw);
    let mut parts = text.split(';');
    let authserv_id = parts
        .next()
        .and_then(|s| s.split_whitespace().next())
        .filter(|s| !s.contains('='))
        .map(str::to_string);
    for p in parts {
        let mut words = p.split_whitespace();
        let Some(first) = words.next() else { continue };
        let Some((method, result)) = first.split_once('=') else {
            continue;
        };
        let method = method.split('/').next().unwrap_or(method);
        if method.is_empty() || result.is_empty() || method.eq_ignore_ascii_case("none") {
            continue;
        }
        if out.len() >= 64 {
            return;
        }
        out.push(AuthVerdict {
            header,
            authserv_id: authserv_id.clone(),
            method: method.to_ascii_lowercase(),
            result: result.to_ascii_lowercase(),
            properties: words.take(8).map(str::to_string).collect(),
            span,
        });
    }
}

pub(crate) fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push(c);
            }
            '(' if !quoted => depth += 1,
            ')' if !quoted && depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    #[test]
    fn hops_and_verdicts() {
        let raw = "Received: from mx.b.example (mx.b.example [192.0.2.2]) by mx.c.example with ESMTPS; Mon, 1 Jan 2024 10:05:00 +0000\r\n\
Authentication-Results: mx.c.example; spf=pass (sender ok) smtp.mailfrom=a.example; dkim=fail header.d=a.example; dmarc=fail header.from=a.example\r\n\
Received: from a.example (a.example [192.0.2.1]) by mx.b.example with ESMTP; Mon, 1 Jan 2024 10:00:00 +0000\r\n\
From: a@a.example\r\nSubject: x\r\n\r\nbody\r\n";
        let m = MessageParser::default().parse(raw.as_bytes()).unwrap();
        let t = analyse(&m);
        assert_eq!(t.hops.len(), 2);
        assert_eq!(t.hops[0].from.as_deref(), Some("a.example"));
        assert_eq!(t.hops[1].by.as_deref(), Some("mx.c.example"));
        assert_eq!(t.hops[1].delay_seconds, Some(300));
        assert_eq!(t.total_delay_seconds, Some(300));
        let v: Vec<_> = t
            .auth
            .iter()
            .map(|a| (a.method.as_str(), a.result.as_str()))
            .collect();
        assert_eq!(v, [("spf", "pass"), ("dkim", "fail"), ("dmarc", "fail")]);
        assert_eq!(t.auth[0].authserv_id.as_deref(), Some("mx.c.example"));
        assert_eq!(t.auth[0].properties, ["smtp.mailfrom=a.example"]);
    }
}
