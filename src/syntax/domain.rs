//! Domain names as DNS records and email authentication use them: dot-separated labels of
//! letters, digits, hyphens (and underscores, which DNS allows and DMARC's `_dmarc` uses), at most
//! 63 bytes a label and 253 a name (RFC 1035 section 2.3.4). Internationalised names must be
//! written in their A-label (`xn--`) form.

/// Check a name; `Err` carries a phrase for a diagnostic message ("has an empty label", ...).
///
/// ```
/// use deliverkit::syntax::domain::check;
/// assert!(check("mail.example.com", 2).is_ok());
/// assert!(check("example", 2).is_err());
/// assert!(check("-bad.example", 1).is_err());
/// ```
pub fn check(name: &str, min_labels: usize) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("is empty");
    }
    if !name.is_ascii() {
        return Err(
            "holds non-ASCII characters (write internationalised names in their xn-- form)",
        );
    }
    if name.len() > 253 {
        return Err("is longer than 253 characters");
    }
    let mut n = 0;
    for label in name.split('.') {
        n += 1;
        if label.is_empty() {
            return Err("has an empty label (two dots in a row, or a dot at an end)");
        }
        if label.len() > 63 {
            return Err("has a label longer than 63 characters");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err("holds characters other than letters, digits, '-' and '_'");
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err("has a label that starts or ends with '-'");
        }
    }
    if n < min_labels {
        return Err("is not a fully qualified name (it needs at least two labels)");
    }
    Ok(())
}

/// Lower case, without a trailing dot: the form names are compared in (RFC 4343).
pub fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `child` is `parent` or a name below it (both normalised).
///
/// ```
/// use deliverkit::syntax::domain::is_within;
/// assert!(is_within("a.example.com", "example.com"));
/// assert!(!is_within("badexample.com", "example.com"));
/// ```
pub fn is_within(child: &str, parent: &str) -> bool {
    child == parent
        || (child.len() > parent.len()
            && child.ends_with(parent)
            && child.as_bytes()[child.len() - parent.len() - 1] == b'.')
}
