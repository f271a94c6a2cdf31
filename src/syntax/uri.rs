//! URIs (RFC 3986) as the report addresses of DMARC, TLS-RPT and BIMI use them: a scheme and the
//! characters a URI may hold, plus the two schemes these records name, `mailto:` (RFC 6068) and
//! `https:` (RFC 9110).

use super::domain;

/// Why a string is not a URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UriError {
    /// No `scheme:` at the start.
    NoScheme,
    /// A character a URI cannot hold, at this byte offset (it must be percent-encoded).
    BadChar(usize, char),
    /// A `%` not followed by two hexadecimal digits, at this byte offset.
    BadPercent(usize),
}

/// A URI split at its scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Uri<'a> {
    /// The scheme as written (compare it without regard to case).
    pub scheme: &'a str,
    /// Everything after `scheme:`.
    pub rest: &'a str,
}

fn uri_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c)
}

/// Split and check a URI.
///
/// ```
/// use deliverkit::syntax::uri::{parse, UriError};
/// assert_eq!(parse("mailto:a@example.com").unwrap().scheme, "mailto");
/// assert_eq!(parse("a@example.com"), Err(UriError::NoScheme));
/// assert_eq!(parse("mailto:a b@example.com"), Err(UriError::BadChar(8, ' ')));
/// ```
pub fn parse(s: &str) -> Result<Uri<'_>, UriError> {
    let colon = s.find(':').ok_or(UriError::NoScheme)?;
    let scheme = &s[..colon];
    let sb = scheme.as_bytes();
    if sb.is_empty()
        || !sb[0].is_ascii_alphabetic()
        || !sb
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    {
        return Err(UriError::NoScheme);
    }
    let b = s.as_bytes();
    let mut i = colon + 1;
    while i < b.len() {
        if b[i] == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return Err(UriError::BadPercent(i));
            }
            i += 3;
            continue;
        }
        if !uri_char(b[i]) {
            let c = s[i..].chars().next().unwrap_or('?');
            return Err(UriError::BadChar(i, c));
        }
        i += 1;
    }
    Ok(Uri {
        scheme,
        rest: &s[colon + 1..],
    })
}

/// The domain of a `mailto:` URI's single address, or why there is none.
///
/// ```
/// use deliverkit::syntax::uri::mailto_domain;
/// assert_eq!(mailto_domain("dmarc@example.com?subject=x"), Ok("example.com"));
/// assert!(mailto_domain("dmarc").is_err());
/// ```
pub fn mailto_domain(rest: &str) -> Result<&str, &'static str> {
    let addr = rest.split('?').next().unwrap_or("");
    let Some(at) = addr.rfind('@') else {
        return Err("has no '@' and domain");
    };
    if at == 0 {
        return Err("has nothing before the '@'");
    }
    let domain = &addr[at + 1..];
    domain::check(domain, 2).map(|_| domain)
}

/// The host of an `https:` URI, or why there is none.
///
/// ```
/// use deliverkit::syntax::uri::https_host;
/// assert_eq!(https_host("//reports.example.com:8443/tls"), Ok("reports.example.com"));
/// assert!(https_host("reports.example.com").is_err());
/// ```
pub fn https_host(rest: &str) -> Result<&str, &'static str> {
    let Some(after) = rest.strip_prefix("//") else {
        return Err("has no '//' and host");
    };
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let hostport = authority.rsplit('@').next().unwrap_or("");
    let host = match hostport.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => hostport,
    };
    if host.starts_with('[') && host.ends_with(']') {
        return Ok(host);
    }
    domain::check(host, 1).map(|_| host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(parse("matoo:bob@bob.com").unwrap().scheme, "matoo");
        assert_eq!(parse("__mailto:x@y.z"), Err(UriError::NoScheme));
        assert_eq!(
            parse("mailto:user%20@example.com").unwrap().rest,
            "user%20@example.com"
        );
        assert_eq!(parse("mailto:a%2"), Err(UriError::BadPercent(8)));
        assert_eq!(parse("mailto:a%zz"), Err(UriError::BadPercent(8)));
        assert_eq!(parse("mailto:é"), Err(UriError::BadChar(7, 'é')));
        assert!(mailto_domain("@example.com").is_err());
        assert!(mailto_domain("a@example").is_err());
        assert_eq!(https_host("//u@h.example/p"), Ok("h.example"));
        assert_eq!(https_host("//[2001:db8::1]:443/"), Ok("[2001:db8::1]"));
    }
}
