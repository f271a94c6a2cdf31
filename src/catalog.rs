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

/// SPF record and check_host() diagnostics.
pub mod spf {
    use crate::diagnostic::{Code, Diagnostic, Span};

    /// `spf/missing-version`
    pub fn missing_version(found: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfMissingVersion, format!("The record starts with `{found}`, not with the version `v=spf1`"))
            .with_help("An SPF record is a TXT record that starts with exactly `v=spf1` followed by a space or the end; receivers ignore anything else")
            .with_span(span)
    }

    /// `spf/invalid-character`
    pub fn invalid_character(ch: char, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfInvalidCharacter, format!("The character {ch:?} is not allowed in an SPF record"))
            .with_help("Records hold visible ASCII and single spaces only; retype the record (copying from documents brings in invisible or typographic characters)")
            .with_span(span)
    }

    /// `spf/unknown-mechanism`
    pub fn unknown_mechanism(name: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfUnknownMechanism, format!("`{name}` is not an SPF mechanism"))
            .with_help("Mechanisms are all, include, a, mx, ptr, ip4, ip6 and exists; receivers return permerror for anything else (check the spelling, and write modifiers as name=value)")
            .with_span(span)
    }

    /// `spf/bad-qualifier`
    pub fn bad_qualifier(term: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfBadQualifier, format!("The term `{term}` does not start with a qualifier or a mechanism name"))
            .with_help("A qualifier is one of + (pass), - (fail), ~ (softfail) or ? (neutral), written right before the mechanism")
            .with_span(span)
    }

    /// `spf/bad-cidr`
    pub fn bad_cidr(why: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfBadCidr, format!("Invalid prefix length: {why}"))
            .with_help("IPv4 prefixes are /0 to /32 and IPv6 prefixes /0 to /128, with no leading zeros; a and mx take /n for IPv4 and //n for IPv6")
            .with_span(span)
    }

    /// `spf/invalid-ip`
    pub fn invalid_ip(mech: &str, net: &str, span: Span) -> Diagnostic {
        let (kind, example) = if mech == "ip6" {
            ("IPv6", "2001:db8::/32")
        } else {
            ("IPv4", "192.0.2.0/24")
        };
        Diagnostic::new(Code::SpfInvalidIp, format!("`{net}` is not a valid {kind} address"))
            .with_help(format!("Write {mech}: with a full address and an optional prefix, for example {mech}:{example}"))
            .with_span(span)
    }

    /// `spf/invalid-macro`
    pub fn invalid_macro(why: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfInvalidMacro, format!("Invalid domain-spec: {why}"))
            .with_help("A domain-spec is a domain name, optionally with macros such as %{d} or %{i}; write a literal % as %%")
            .with_span(span)
    }

    /// `spf/missing-argument`
    pub fn missing_argument(mech: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfMissingArgument,
            format!("`{mech}` needs an argument after `:`"),
        )
        .with_help(format!(
            "Write {mech}:<value>, for example {}",
            match mech {
                "ip4" => "ip4:192.0.2.0/24",
                "ip6" => "ip6:2001:db8::/32",
                "include" => "include:_spf.example.com",
                _ => "exists:%{i}._spf.example.com",
            }
        ))
        .with_span(span)
    }

    /// `spf/unexpected-argument`
    pub fn unexpected_argument(mech: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfUnexpectedArgument,
            format!("`{mech}` does not take this argument"),
        )
        .with_help(
            "all takes no argument; include and exists take :domain; ptr takes an optional :domain",
        )
        .with_span(span)
    }

    /// `spf/duplicate-modifier`
    pub fn duplicate_modifier(name: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfDuplicateModifier,
            format!("`{name}=` appears more than once"),
        )
        .with_help(format!(
            "RFC 7208 allows {name}= at most once; receivers return permerror. Keep one"
        ))
        .with_span(span)
    }

    /// `spf/bad-modifier-name`
    pub fn bad_modifier_name(name: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfBadModifierName,
            format!("`{name}` is not a valid modifier name"),
        )
        .with_help("A modifier name starts with a letter, followed by letters, digits, -, _ or .")
        .with_span(span)
    }

    /// `spf/too-many-lookups`
    pub fn too_many_lookups(count: u32, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfTooManyLookups, format!("The record has {count} terms that query DNS; the limit is 10"))
            .with_help("Receivers return permerror past 10 DNS-querying terms (include, a, mx, ptr, exists, redirect) over the whole evaluation: replace a and mx with ip4/ip6, and drop includes you no longer use")
            .with_span(span)
    }

    /// `spf/pass-all`
    pub fn pass_all(span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfPassAll, "`+all` authorises every host on the internet to send mail as this domain")
            .with_help("End the record with -all (reject others) or ~all (mark others as suspicious) once every legitimate sender is listed")
            .with_span(span)
    }

    /// `spf/neutral-all`
    pub fn neutral_all(span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfNeutralAll, "`?all` says nothing about hosts the record does not list")
            .with_help("Neutral gives receivers no signal; use ~all while testing and -all once every legitimate sender is listed")
            .with_span(span)
    }

    /// `spf/no-all`
    pub fn no_all() -> Diagnostic {
        Diagnostic::new(
            Code::SpfNoAll,
            "The record has neither an all mechanism nor a redirect, so unlisted hosts get neutral",
        )
        .with_help(
            "End the record with -all or ~all so that receivers know what to do with other hosts",
        )
    }

    /// `spf/redirect-ignored`
    pub fn redirect_ignored(span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfRedirectIgnored, "`redirect=` is never used because the record has an all mechanism")
            .with_help("A redirect only applies when no mechanism matches, and all always matches: remove one of them")
            .with_span(span)
    }

    /// `spf/ptr-deprecated`
    pub fn ptr_deprecated(span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfPtrDeprecated, "The ptr mechanism is deprecated")
            .with_help("RFC 7208 says ptr should not be used: it is slow, depends on reverse DNS and some receivers ignore it; list the sending networks with ip4/ip6 instead")
            .with_span(span)
    }

    /// `spf/unreachable-term`
    pub fn unreachable_term(span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfUnreachableTerm,
            "This term comes after all and is never evaluated",
        )
        .with_help(
            "all always matches, so evaluation stops there: move the term before all or remove it",
        )
        .with_span(span)
    }

    /// `spf/host-bits-set`
    pub fn host_bits_set(net: &str, prefix: u8, base: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfHostBitsSet,
            format!("{net}/{prefix} has host bits set; it means {base}/{prefix}"),
        )
        .with_help(format!(
            "Write the network address ({base}/{prefix}), or drop the prefix if one host was meant"
        ))
        .with_span(span)
    }

    /// `spf/duplicate-network`
    pub fn duplicate_network(net: &str, other: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfDuplicateNetwork,
            format!("{net} is already covered by {other}"),
        )
        .with_help("Remove the redundant entry to keep the record short")
        .with_span(span)
    }

    /// `spf/include-self`
    pub fn include_self(domain: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfIncludeSelf, format!("The record points to its own domain {domain}"))
            .with_help("An include or redirect of the record's own domain loops until the lookup limit: receivers return permerror")
            .with_span(span)
    }

    /// `spf/string-too-long`
    pub fn string_too_long(len: usize) -> Diagnostic {
        Diagnostic::new(Code::SpfStringTooLong, format!("The record is {len} bytes; one DNS character-string holds at most 255"))
            .with_help("Publish it as several quoted strings in one TXT record (\"v=spf1 ...\" \"...\"): receivers join them without spaces")
    }

    /// `spf/udp-size`
    pub fn udp_size(len: usize) -> Diagnostic {
        Diagnostic::new(
            Code::SpfUdpSize,
            format!("The record is {len} bytes; over 450 it may not fit in a DNS answer over UDP"),
        )
        .with_help("Shorten it (move ranges into an include) so that answers stay under 512 bytes")
    }

    /// `spf/unknown-modifier`
    pub fn unknown_modifier(name: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfUnknownModifier,
            format!("`{name}=` is not a modifier RFC 7208 defines; receivers ignore it"),
        )
        .with_help(
            "Check the spelling (redirect=, exp=); unknown modifiers are allowed but do nothing",
        )
        .with_span(span)
    }

    /// `spf/extra-space`
    pub fn extra_space(what: &str, span: Span) -> Diagnostic {
        Diagnostic::new(Code::SpfExtraSpace, format!("The record has {what}"))
            .with_help("Separate terms with single spaces and remove spaces at the ends; some receivers and tools reject records with extra spaces")
            .with_span(span)
    }

    /// `spf/exp-without-fail`
    pub fn exp_without_fail(span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfExpWithoutFail,
            "exp= is only used for a fail result, and no mechanism here fails",
        )
        .with_help("Add a -all (or another - mechanism), or remove exp=")
        .with_span(span)
    }
}

/// Diagnostics shared by the DNS record validators.
pub mod record {
    use crate::diagnostic::{Code, Diagnostic, Span};

    /// `spf/quoted-strings`
    pub fn spf_quoted_strings(count: usize, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfQuotedStrings,
            format!("The record was given as {count} quoted string(s) and read as DNS joins them, without spaces"),
        )
        .with_help("When a record is split into several strings, the space between terms must be inside a string (\"v=spf1 ip4:192.0.2.1 \" \"-all\")")
        .with_span(span)
    }
}

/// Bounce message diagnostics.
pub mod bounce {
    use crate::diagnostic::{Code, Diagnostic};

    /// `bounce/not-a-message`
    pub fn not_a_message() -> Diagnostic {
        Diagnostic::new(Code::BounceNotAMessage, "The input has no header section, so it is not an email message")
            .with_help("Paste or drop the whole bounce as received (headers and body), for example the .eml file your mail client saves")
    }

    /// `bounce/not-a-bounce`
    pub fn not_a_bounce() -> Diagnostic {
        Diagnostic::new(Code::BounceNotABounce, "This message is not a bounce: it has no delivery status and names no failed recipient")
            .with_help("A bounce (non-delivery report) comes from MAILER-DAEMON or postmaster; to decode a single SMTP reply, use the SMTP decoder")
    }

    /// `bounce/no-recipient`
    pub fn no_recipient() -> Diagnostic {
        Diagnostic::new(
            Code::BounceNoRecipient,
            "The bounce does not name the failed recipient; the original message's To is shown",
        )
        .with_help(
            "Check the original message's recipients: the bounce only says that delivery failed",
        )
    }
}
