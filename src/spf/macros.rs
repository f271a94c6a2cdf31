//! SPF macro strings (RFC 7208 section 7): parsing for validation and expansion for check_host().

use std::net::IpAddr;

/// One piece of a macro string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text (already unescaped: `%%` is `%`, `%_` a space, `%-` is `%20`).
    Literal(String),
    /// `%{letter digits r delimiters}`.
    Macro {
        /// The macro letter, lower case.
        letter: char,
        /// Upper-case letter: URL-escape the expansion.
        escape: bool,
        /// Keep this many right-hand parts.
        digits: Option<u32>,
        /// Reverse the parts.
        reverse: bool,
        /// Split on these delimiters (default `.`).
        delimiters: String,
    },
}

/// Why a macro string is invalid, and where (byte offsets within the string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroError {
    /// What is wrong.
    pub message: String,
    /// Start byte.
    pub start: usize,
    /// End byte.
    pub end: usize,
}

fn err(message: impl Into<String>, start: usize, end: usize) -> MacroError {
    MacroError {
        message: message.into(),
        start,
        end,
    }
}

/// Parse a macro string. `exp` allows the letters `c`, `r` and `t`, which RFC 7208 section 7.2
/// reserves for explanation strings.
pub fn parse(s: &str, exp: bool) -> Result<Vec<Piece>, MacroError> {
    let mut out = Vec::new();
    scan(s, exp, Some(&mut out))?;
    Ok(out)
}

/// Check a macro string without building it (no allocation for the common plain domain).
pub fn check(s: &str, exp: bool) -> Result<(), MacroError> {
    scan(s, exp, None)
}

fn scan(s: &str, exp: bool, mut sink: Option<&mut Vec<Piece>>) -> Result<(), MacroError> {
    let b = s.as_bytes();
    // The common case: a plain domain name.
    if b.iter().all(|&c| c != b'%' && (0x21..=0x7e).contains(&c)) {
        if let Some(out) = sink {
            if !s.is_empty() {
                out.push(Piece::Literal(s.to_string()));
            }
        }
        return Ok(());
    }
    let build = sink.is_some();
    let mut lit = String::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' {
            match b.get(i + 1) {
                Some(b'%') => {
                    if build {
                        lit.push('%');
                    }
                    i += 2;
                }
                Some(b'_') => {
                    if build {
                        lit.push(' ');
                    }
                    i += 2;
                }
                Some(b'-') => {
                    if build {
                        lit.push_str("%20");
                    }
                    i += 2;
                }
                Some(b'{') => {
                    let close = s[i..]
                        .find('}')
                        .map(|p| i + p)
                        .ok_or_else(|| err("a macro `%{` is never closed with `}`", i, s.len()))?;
                    let body = &s[i + 2..close];
                    let mut chars = body.chars();
                    let letter = chars
                        .next()
                        .ok_or_else(|| err("an empty macro `%{}`", i, close + 1))?;
                    let lower = letter.to_ascii_lowercase();
                    let allowed = if exp { "slodiphcrtv" } else { "slodiphv" };
                    if !allowed.contains(lower) {
                        let msg = if "crt".contains(lower) {
                            format!("the macro letter `{letter}` is only allowed in an exp= explanation")
                        } else {
                            format!(
                                "`{letter}` is not a macro letter (s l o d i p h v{})",
                                if exp { " c r t" } else { "" }
                            )
                        };
                        return Err(err(msg, i, close + 1));
                    }
                    let rest = chars.as_str();
                    let nd = rest.bytes().take_while(u8::is_ascii_digit).count();
                    let digits = if nd > 0 {
                        let v: u32 = rest[..nd].parse().map_err(|_| {
                            err("the macro's number of parts is too large", i, close + 1)
                        })?;
                        if v == 0 {
                            return Err(err("a macro cannot keep zero parts", i, close + 1));
                        }
                        Some(v)
                    } else {
                        None
                    };
                    let mut rest = &rest[nd..];
                    let reverse = rest.starts_with(['r', 'R']);
                    if reverse {
                        rest = &rest[1..];
                    }
                    if let Some(bad) = rest.chars().find(|c| !".-+,/_=".contains(*c)) {
                        return Err(err(
                            format!("`{bad}` is not a macro delimiter (. - + , / _ =)"),
                            i,
                            close + 1,
                        ));
                    }
                    if let Some(out) = sink.as_deref_mut() {
                        if !lit.is_empty() {
                            out.push(Piece::Literal(std::mem::take(&mut lit)));
                        }
                        out.push(Piece::Macro {
                            letter: lower,
                            escape: letter.is_ascii_uppercase(),
                            digits,
                            reverse,
                            delimiters: if rest.is_empty() {
                                ".".into()
                            } else {
                                rest.into()
                            },
                        });
                    }
                    i = close + 1;
                }
                _ => {
                    let end = (i + 2).min(s.len());
                    let end = (i + 1..=end)
                        .rev()
                        .find(|&e| s.is_char_boundary(e))
                        .unwrap_or(i + 1);
                    return Err(err(
                        "a `%` must start a macro (`%{...}`) or an escape (`%%`, `%_`, `%-`)",
                        i,
                        end,
                    ));
                }
            }
        } else if (0x21..=0x7e).contains(&c) || (exp && c == b' ') {
            if build {
                lit.push(c as char);
            }
            i += 1;
        } else {
            let ch = s[i..].chars().next().unwrap_or('?');
            return Err(err(
                format!("the character {ch:?} is not allowed here (visible ASCII only)"),
                i,
                i + ch.len_utf8(),
            ));
        }
    }
    if let Some(out) = sink {
        if !lit.is_empty() {
            out.push(Piece::Literal(lit));
        }
    }
    Ok(())
}

/// Check a domain-spec: a macro string whose end is a macro or a top label that is not all digits
/// (RFC 7208 section 7.1, `domain-end`). Builds nothing.
pub fn check_domain_spec(s: &str) -> Result<(), MacroError> {
    if s.is_empty() {
        return Err(err("the domain is empty", 0, 0));
    }
    let b = s.as_bytes();
    // The domain-end is the text after the last macro (all of it for a plain domain, the usual
    // case, which needs no macro scan).
    let tail_start = if b.iter().all(|&c| c != b'%' && (0x21..=0x7e).contains(&c)) {
        0
    } else {
        check(s, false)?;
        if s.ends_with('}') {
            return Ok(());
        }
        b.iter().rposition(|&c| c == b'}').map_or(0, |p| p + 1)
    };
    let mut t = &b[tail_start..];
    if let Some(x) = t.strip_suffix(b".") {
        t = x;
    }
    // The top label, read backwards: letters, digits and hyphens, at least one letter, no hyphen
    // at either end, and a dot before it.
    let dot = t.iter().rposition(|&c| c == b'.');
    let top = &t[dot.map_or(0, |d| d + 1)..];
    let ok_top = !top.is_empty()
        && top.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        && top.iter().any(u8::is_ascii_alphabetic)
        && top[0] != b'-'
        && top[top.len() - 1] != b'-';
    if !ok_top || dot.is_none() {
        return Err(err(
            format!("`{s}` does not end in a valid top-level label (letters, digits and hyphens, not all digits)"),
            0,
            s.len(),
        ));
    }
    Ok(())
}

/// Parse a domain-spec (see [`check_domain_spec`]).
pub fn parse_domain_spec(s: &str) -> Result<Vec<Piece>, MacroError> {
    check_domain_spec(s)?;
    parse(s, false)
}

/// What the macros of check_host() expand to.
pub struct MacroContext<'a> {
    /// `s`: the sender (local-part@domain).
    pub sender: &'a str,
    /// `d`: the domain being checked.
    pub domain: &'a str,
    /// `i`, `c`, `v`: the client IP.
    pub ip: IpAddr,
    /// `h`: the HELO/EHLO name.
    pub helo: &'a str,
    /// `p`: the validated domain name of the IP (or "unknown").
    pub validated: &'a str,
    /// `r`: the receiving host.
    pub receiver: &'a str,
    /// `t`: the current time (seconds since the epoch).
    pub now: u64,
}

fn letter_value(ctx: &MacroContext<'_>, letter: char) -> String {
    let (local, odomain) = match ctx.sender.rsplit_once('@') {
        Some((l, d)) => (if l.is_empty() { "postmaster" } else { l }, d),
        None => ("postmaster", ctx.sender),
    };
    match letter {
        's' => ctx.sender.to_string(),
        'l' => local.to_string(),
        'o' => odomain.to_string(),
        'd' => ctx.domain.to_string(),
        'i' => match ctx.ip {
            IpAddr::V4(v) => v.to_string(),
            IpAddr::V6(v) => v
                .octets()
                .iter()
                .flat_map(|o| [o >> 4, o & 15])
                .map(|n| {
                    char::from_digit(u32::from(n), 16)
                        .unwrap_or('0')
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join("."),
        },
        'c' => ctx.ip.to_string(),
        'p' => ctx.validated.to_string(),
        'v' => if ctx.ip.is_ipv4() { "in-addr" } else { "ip6" }.to_string(),
        'h' => ctx.helo.to_string(),
        'r' => ctx.receiver.to_string(),
        't' => ctx.now.to_string(),
        _ => String::new(),
    }
}

fn url_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Expand parsed pieces (RFC 7208 section 7.3).
pub fn expand(pieces: &[Piece], ctx: &MacroContext<'_>) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Literal(l) => out.push_str(l),
            Piece::Macro {
                letter,
                escape,
                digits,
                reverse,
                delimiters,
            } => {
                let value = letter_value(ctx, *letter);
                let mut parts: Vec<&str> = value.split(|c| delimiters.contains(c)).collect();
                if *reverse {
                    parts.reverse();
                }
                if let Some(n) = digits {
                    let n = (*n as usize).min(parts.len());
                    parts = parts.split_off(parts.len() - n);
                }
                let joined = parts.join(".");
                out.push_str(&if *escape { url_escape(&joined) } else { joined });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(ip: &str) -> MacroContext<'static> {
        MacroContext {
            sender: "strong-bad@email.example.com",
            domain: "email.example.com",
            ip: ip.parse().unwrap(),
            helo: "mx.example.org",
            validated: "unknown",
            receiver: "unknown",
            now: 0,
        }
    }

    /// The examples of RFC 7208 section 7.4.
    #[test]
    fn rfc7208_section_7_4_examples() {
        let c = ctx("192.0.2.3");
        let x = |s: &str| expand(&parse(s, true).unwrap(), &c);
        assert_eq!(x("%{s}"), "strong-bad@email.example.com");
        assert_eq!(x("%{o}"), "email.example.com");
        assert_eq!(x("%{d}"), "email.example.com");
        assert_eq!(x("%{d4}"), "email.example.com");
        assert_eq!(x("%{d3}"), "email.example.com");
        assert_eq!(x("%{d2}"), "example.com");
        assert_eq!(x("%{d1}"), "com");
        assert_eq!(x("%{dr}"), "com.example.email");
        assert_eq!(x("%{d2r}"), "example.email");
        assert_eq!(x("%{l}"), "strong-bad");
        assert_eq!(x("%{l-}"), "strong.bad");
        assert_eq!(x("%{lr}"), "strong-bad");
        assert_eq!(x("%{lr-}"), "bad.strong");
        assert_eq!(x("%{l1r-}"), "strong");
        assert_eq!(
            x("%{ir}.%{v}._spf.%{d2}"),
            "3.2.0.192.in-addr._spf.example.com"
        );
        assert_eq!(x("%{lr-}.lp._spf.%{d2}"), "bad.strong.lp._spf.example.com");
        assert_eq!(
            x("%{lr-}.lp.%{ir}.%{v}._spf.%{d2}"),
            "bad.strong.lp.3.2.0.192.in-addr._spf.example.com"
        );
        assert_eq!(
            x("%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}"),
            "3.2.0.192.in-addr.strong.lp._spf.example.com"
        );
        assert_eq!(
            x("%{d2}.trusted-domains.example.net"),
            "example.com.trusted-domains.example.net"
        );
        let c6 = ctx("2001:db8::cb01");
        assert_eq!(
            expand(&parse("%{ir}.%{v}._spf.%{d2}", false).unwrap(), &c6),
            "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com"
        );
    }

    #[test]
    fn invalid_macros() {
        assert!(parse("%{x}", false).is_err());
        assert!(parse("%{c}", false).is_err());
        assert!(parse("%{c}", true).is_ok());
        assert!(parse("%{d0}", false).is_err());
        assert!(parse("%{d", false).is_err());
        assert!(parse("50%", false).is_err());
        assert!(parse("%{d2r+}", false).is_ok());
        assert!(parse_domain_spec("example.123").is_err());
        assert!(parse_domain_spec("example.com.").is_ok());
        assert!(parse_domain_spec("%{d}").is_ok());
        assert!(parse_domain_spec("localhost").is_err());
    }
}
