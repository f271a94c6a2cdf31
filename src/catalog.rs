//! Every diagnostic deliverkit emits is built here, one constructor per code, so wording stays
//! consistent and validators never format messages inline.

use crate::diagnostic::{Code, Diagnostic, Span};

/// The strings one after another, in one allocation (cheaper than `format!` on hot paths).
fn join(parts: &[&str]) -> String {
    let mut s = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts {
        s.push_str(p);
    }
    s
}

/// `n` in decimal, written into `buf`.
fn small_decimal(n: u8, buf: &mut [u8; 3]) -> &str {
    let mut i = 3;
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + n % 10;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("")
}

/// `input/empty`
pub fn input_empty() -> Diagnostic {
    Diagnostic::new(Code::InputEmpty, "The input is empty").with_help(
        "Paste the text to check: an SMTP reply or log line, a bounce message, a DNS record",
    )
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
    .with_help("Paste text (a reply, a message, a record), not a binary file")
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
        // Joined by hand, not format!: records list many networks and this is on the hot path.
        let mut digits = [0u8; 3];
        let p = super::small_decimal(prefix, &mut digits);
        Diagnostic::new(
            Code::SpfHostBitsSet,
            super::join(&[net, "/", p, " has host bits set; it means ", base, "/", p]),
        )
        .with_help(
            "Write the network address the message shows, or drop the prefix if one host was meant",
        )
        .with_span(span)
    }

    /// `spf/duplicate-network`
    pub fn duplicate_network(net: &str, other: &str, span: Span) -> Diagnostic {
        Diagnostic::new(
            Code::SpfDuplicateNetwork,
            super::join(&[net, " is already covered by ", other]),
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

/// Content-scoring diagnostics.
pub mod content {
    use crate::diagnostic::{Code, Diagnostic};

    /// `content/not-a-message`
    pub fn not_a_message() -> Diagnostic {
        Diagnostic::new(Code::ContentNotAMessage, "The input has no header section, so it is not an email message")
            .with_help("Paste or drop the whole message with its headers (From, Subject, ...), for example the .eml file your mail client saves or the \"show original\" view")
    }

    /// `content/multiparts-unread`
    pub fn multiparts_unread(at: usize) -> Diagnostic {
        Diagnostic::new(
            Code::ContentMultipartsUnread,
            "The message declares more multipart parts with boundaries to look for than can be read in time; from here on they are read as text",
        )
        .with_help("A message built by hand or damaged: real mail declares a few multipart parts, each with its boundary inside it")
        .with_span(crate::diagnostic::Span::new(at, at + 9))
    }

    /// `content/no-model`
    pub fn no_model() -> Diagnostic {
        Diagnostic::new(
            Code::ContentNoModel,
            "The learned content model could not be loaded; the score comes from the rules alone",
        )
        .with_help("Rebuild deliverkit: data/content-model.bin is damaged")
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

    /// `bounce/feedback-no-recipient`
    pub fn feedback_no_recipient() -> Diagnostic {
        Diagnostic::new(
            Code::BounceFeedbackNoRecipient,
            "This is a feedback (complaint) report, but it names no recipient: no Original-Rcpt-To field and no To in the reported message",
        )
        .with_help("The report still says a complaint was made; match it to your sends by its Message-ID or the reported message's headers")
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

/// `dkim/key-bad-version`
pub fn dkim_key_bad_version(value: &str, kind: Option<&str>, span: Span) -> Diagnostic {
    let msg = match kind {
        Some(k) => format!("This is {k}, not a DKIM key record"),
        None => format!("The version {:?} is not DKIM1", clip(value)),
    };
    Diagnostic::new(Code::DkimKeyBadVersion, msg)
        .with_help("A DKIM key record starts with v=DKIM1 (or leaves v out); verifiers discard a record with another version")
        .with_span(span)
}

/// `dkim/key-version-not-first`
pub fn dkim_key_version_not_first(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyVersionNotFirst,
        "The v tag is not the first tag",
    )
    .with_help("RFC 6376 requires v=DKIM1 to be the first tag when present; move it to the start")
    .with_span(span)
}

/// `dkim/key-unknown-type`
pub fn dkim_key_unknown_type(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyUnknownType,
        format!("The key type {:?} is not rsa or ed25519", clip(value)),
    )
    .with_help("Verifiers cannot use a key of an unknown type; write k=rsa or k=ed25519")
    .with_span(span)
}

/// `dkim/key-unknown-hash`
pub fn dkim_key_unknown_hash(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyUnknownHash,
        format!(
            "{:?} is not a known hash algorithm and is ignored",
            clip(value)
        ),
    )
    .with_help(
        "h= lists sha256 (and, historically, sha1), separated by ':'; most records leave h out",
    )
    .with_span(span)
}

/// `dkim/key-unknown-service`
pub fn dkim_key_unknown_service(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyUnknownService,
        format!(
            "{:?} is not a known service type and is ignored",
            clip(value)
        ),
    )
    .with_help("s= takes * or email; most records leave s out")
    .with_span(span)
}

/// `dkim/key-unknown-flag`
pub fn dkim_key_unknown_flag(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyUnknownFlag,
        format!("{:?} is not a known flag and is ignored", clip(value)),
    )
    .with_help("t= takes y (testing) and s (strict identity), separated by ':'")
    .with_span(span)
}

/// `dkim/key-unknown-tag`
pub fn dkim_key_unknown_tag(t: &Tag) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyUnknownTag,
        format!("{} is not a DKIM key tag and is ignored", clip(&t.name)),
    )
    .with_help("Key records use v, h, k, n, p, s and t (names are case-sensitive); check the spelling or remove it")
    .with_span(t.span)
}

/// `dkim/key-missing-p`
pub fn dkim_key_missing_p() -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyMissingP,
        "The record has no p tag (the public key)",
    )
    .with_help("Add p= with the base64 public key your signing software printed")
}

/// `dkim/key-revoked`
pub fn dkim_key_revoked(span: Span) -> Diagnostic {
    Diagnostic::new(Code::DkimKeyRevoked, "p is empty: the key is revoked")
        .with_help("Signatures that use this selector fail; publish the public key in p= if the selector is still in use")
        .with_span(span)
}

/// `dkim/key-bad-base64`
pub fn dkim_key_bad_base64(e: crate::syntax::base64::Base64Error, span: Span) -> Diagnostic {
    use crate::syntax::base64::Base64Error;
    let why = match e {
        Base64Error::BadChar(_) => "holds a character that is not base64",
        Base64Error::AfterPadding(_) => "has data after the '=' padding",
        Base64Error::Truncated => "is cut short (its length is not a whole number of bytes)",
    };
    Diagnostic::new(Code::DkimKeyBadBase64, format!("The public key {why}"))
        .with_help("Copy the key again from your signing software: only A-Z, a-z, 0-9, '+', '/' and '=' at the end")
        .with_span(span)
}

/// `dkim/key-pkcs1`
pub fn dkim_key_pkcs1(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyPkcs1,
        "The RSA key is a bare RSAPublicKey, not a SubjectPublicKeyInfo",
    )
    .with_help("Keys are nearly always published as SubjectPublicKeyInfo (openssl rsa -pubout), and some verifiers accept only that form; republish it in that form")
    .with_span(span)
}

/// `dkim/key-too-short`
pub fn dkim_key_too_short(bits: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyTooShort,
        format!("The RSA key is {bits} bits; verifiers reject keys under 1024 bits"),
    )
    .with_help("Generate a 2048-bit key, publish it under a new selector and switch signing to it (RFC 8301)")
    .with_span(span)
}

/// `dkim/key-weak`
pub fn dkim_key_weak(bits: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyWeak,
        format!("The RSA key is {bits} bits; 2048 is the recommended size"),
    )
    .with_help("1024-bit keys still verify but are weak; rotate to a 2048-bit key under a new selector (RFC 8301)")
    .with_span(span)
}

/// `dkim/key-type-mismatch`
pub fn dkim_key_type_mismatch(declared: &str, found: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyTypeMismatch,
        format!("k={declared} but p holds {found}"),
    )
    .with_help("Make k= match the key: k=rsa for RSA keys (the default when k is absent), k=ed25519 for Ed25519 keys")
    .with_span(span)
}

/// `dkim/key-bad-der`
pub fn dkim_key_bad_der(len: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyBadDer,
        format!("p decodes to {len} bytes that are not an RSA public key"),
    )
    .with_help("The key is probably cut short or mangled; copy the whole key again (long keys are split over several quoted strings, which are joined)")
    .with_span(span)
}

/// `dkim/key-bad-ed25519`
pub fn dkim_key_bad_ed25519(why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(Code::DkimKeyBadEd25519, format!("The Ed25519 key {why}"))
        .with_help("RFC 8463 publishes the bare 32-byte key in base64 (44 characters); from a SubjectPublicKeyInfo, keep its last 32 bytes")
        .with_span(span)
}

/// `dkim/key-no-sha256`
pub fn dkim_key_no_sha256(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyNoSha256,
        "h= does not allow sha256, so no current signature can use this key",
    )
    .with_help("SHA-1 is no longer allowed (RFC 8301); add sha256 to h= or remove h=")
    .with_span(span)
}

/// `dkim/key-not-for-email`
pub fn dkim_key_not_for_email(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyNotForEmail,
        "s= does not include email or *, so the key cannot verify email",
    )
    .with_help("Remove s= or set s=email")
    .with_span(span)
}

/// `dkim/key-testing`
pub fn dkim_key_testing(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimKeyTesting,
        "t=y: the domain says it is testing DKIM",
    )
    .with_help("Verifiers must not treat messages differently because of a failure while t=y; remove it once signing works")
    .with_span(span)
}

/// `dkim/sig-bad-value`
pub fn dkim_sig_bad_value(t: &Tag, expected: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadValue,
        format!(
            "{:?} is not a valid value for {}; expected {expected}",
            clip(&t.value),
            t.name
        ),
    )
    .with_help("Verifiers reject a signature with a malformed tag; check what wrote this header")
    .with_span(t.value_span)
}

/// `dkim/sig-missing-tag`
pub fn dkim_sig_missing_tag(name: &str) -> Diagnostic {
    let what = match name {
        "v" => "the version (v=1)",
        "a" => "the algorithm (a=rsa-sha256 or ed25519-sha256)",
        "b" => "the signature (b=)",
        "bh" => "the body hash (bh=)",
        "d" => "the signing domain (d=)",
        "h" => "the signed header fields (h=)",
        _ => "the selector (s=)",
    };
    Diagnostic::new(
        Code::DkimSigMissingTag,
        format!("The required tag {name} is missing: {what}"),
    )
    .with_help("Verifiers reject a signature without v, a, b, bh, d, h and s; paste the whole header field, with its continuation lines")
}

/// `dkim/sig-bad-version`
pub fn dkim_sig_bad_version(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadVersion,
        format!("The version {:?} is not 1", clip(value)),
    )
    .with_help("DKIM-Signature header fields carry v=1")
    .with_span(span)
}

/// `dkim/sig-rsa-sha1`
pub fn dkim_sig_rsa_sha1(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigRsaSha1,
        "a=rsa-sha1 is deprecated: RFC 8301 forbids signing and verifying with it",
    )
    .with_help("Sign with rsa-sha256 (or ed25519-sha256 alongside it); verifiers following RFC 8301 treat rsa-sha1 signatures as failed")
    .with_span(span)
}

/// `dkim/sig-unknown-algorithm`
pub fn dkim_sig_unknown_algorithm(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigUnknownAlgorithm,
        format!("{:?} is not a DKIM signing algorithm", clip(value)),
    )
    .with_help("Use rsa-sha256 or ed25519-sha256")
    .with_span(span)
}

/// `dkim/sig-bad-base64`
pub fn dkim_sig_bad_base64(tag: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(Code::DkimSigBadBase64, format!("The value of {tag} {why}"))
        .with_help("b= and bh= are base64; a header cut or re-wrapped in transit is a common cause")
        .with_span(span)
}

/// `dkim/sig-bad-body-hash`
pub fn dkim_sig_bad_body_hash(len: usize, want: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadBodyHash,
        format!("bh= decodes to {len} bytes, but the algorithm's hash is {want} bytes"),
    )
    .with_help("The body hash does not match a= (or is cut short); check the signer")
    .with_span(span)
}

/// `dkim/sig-bad-canonicalization`
pub fn dkim_sig_bad_canonicalization(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadCanonicalization,
        format!("{:?} is not a canonicalization", clip(value)),
    )
    .with_help(
        "c= is header/body, each simple or relaxed (relaxed/relaxed survives forwarding best)",
    )
    .with_span(span)
}

/// `dkim/sig-bad-domain`
pub fn dkim_sig_bad_domain(tag: &str, value: &str, why: &str, span: Span) -> Diagnostic {
    let what = if tag == "d" {
        "signing domain"
    } else {
        "selector"
    };
    Diagnostic::new(
        Code::DkimSigBadDomain,
        format!("The {what} {:?} {why}", clip(value)),
    )
    .with_help("d= is a domain name and s= one or more DNS labels; the key is looked up at <s>._domainkey.<d>")
    .with_span(span)
}

/// `dkim/sig-bad-header-list`
pub fn dkim_sig_bad_header_list(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadHeaderList,
        "h= holds an empty or malformed header field name",
    )
    .with_help("h= lists header field names separated by ':', such as h=from:to:subject:date")
    .with_span(span)
}

/// `dkim/sig-bad-query-method`
pub fn dkim_sig_bad_query_method(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadQueryMethod,
        format!("q={} does not include dns/txt", clip(value)),
    )
    .with_help("dns/txt is the only query method; write q=dns/txt or leave q out")
    .with_span(span)
}

/// `dkim/sig-unknown-tag`
pub fn dkim_sig_unknown_tag(t: &Tag) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigUnknownTag,
        format!(
            "{} is not a DKIM-Signature tag and is ignored",
            clip(&t.name)
        ),
    )
    .with_help("Signature tags are v, a, b, bh, c, d, h, i, l, q, s, t, x and z (case-sensitive)")
    .with_span(t.span)
}

/// `dkim/sig-from-not-signed`
pub fn dkim_sig_from_not_signed(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigFromNotSigned,
        "h= does not include From, so the signature does not protect the author",
    )
    .with_help("RFC 6376 requires From to be signed and verifiers reject signatures without it; add from to h=")
    .with_span(span)
}

/// `dkim/sig-body-length`
pub fn dkim_sig_body_length(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBodyLength,
        "l= signs only the first part of the body",
    )
    .with_help("Anyone can append content after the signed length and the signature still verifies; remove l= from the signer's configuration")
    .with_span(span)
}

/// `dkim/sig-bad-identity`
pub fn dkim_sig_bad_identity(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigBadIdentity,
        format!("i={} has no '@' and domain", clip(value)),
    )
    .with_help("i= is [local-part]@domain, such as @example.com")
    .with_span(span)
}

/// `dkim/sig-identity-mismatch`
pub fn dkim_sig_identity_mismatch(idom: &str, d: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigIdentityMismatch,
        format!("The i= domain {idom} is not {d} or a subdomain of it"),
    )
    .with_help(
        "Verifiers reject such a signature; make i= use d= or one of its subdomains, or drop i=",
    )
    .with_span(span)
}

/// `dkim/sig-expiry-before-timestamp`
pub fn dkim_sig_expiry_before_timestamp(t: u64, x: u64, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigExpiryBeforeTimestamp,
        format!("x={x} is not after t={t}"),
    )
    .with_help("The expiry must be later than the signing time; check the signer's expiry setting and clock")
    .with_span(span)
}

/// `dkim/sig-expired`
pub fn dkim_sig_expired(x: u64, now: u64, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigExpired,
        format!("The signature expired {} ago (x={x})", human_duration(now - x)),
    )
    .with_help("Verifiers may treat an expired signature as failed; messages must be delivered and verified before x=, so keep expiry at several days")
    .with_span(span)
}

/// `dkim/sig-future-timestamp`
pub fn dkim_sig_future_timestamp(t: u64, now: u64, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::DkimSigFutureTimestamp,
        format!(
            "The signing time t={t} is {} in the future",
            human_duration(t - now)
        ),
    )
    .with_help(
        "The signer's clock is probably wrong; verifiers may reject signatures from the future",
    )
    .with_span(span)
}

fn human_duration(secs: u64) -> String {
    match secs {
        s if s < 120 => format!("{s} seconds"),
        s if s < 7200 => format!("{} minutes", s / 60),
        s if s < 172_800 => format!("{} hours", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

fn bad_version_message(kind: &str, expected: &str, value: &str, other: Option<&str>) -> String {
    match other {
        Some(o) => format!("This is {o}, not {kind}"),
        None if value.is_empty() => format!("The record does not start with v={expected}"),
        None => format!("The version {:?} is not {expected}", clip(value)),
    }
}

/// `mta-sts/bad-version`
pub fn mta_sts_bad_version(value: &str, other: Option<&'static str>, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsBadVersion,
        bad_version_message("an MTA-STS record", "STSv1", value, other),
    )
    .with_help("The _mta-sts TXT record starts with exactly v=STSv1 (case-sensitive); senders discard other records")
    .with_span(span)
}

/// `mta-sts/missing-id`
pub fn mta_sts_missing_id() -> Diagnostic {
    Diagnostic::new(Code::MtaStsMissingId, "The record has no id tag")
        .with_help("Add id= with up to 32 letters and digits, such as a timestamp (id=20240101T000000); change it whenever the policy file changes")
}

/// `mta-sts/bad-id`
pub fn mta_sts_bad_id(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsBadId,
        format!("The id {:?} is not 1 to 32 letters and digits", clip(value)),
    )
    .with_help("Use only A-Z, a-z and 0-9 (no '-', ':' or '.'), at most 32 of them")
    .with_span(span)
}

/// `mta-sts/unknown-tag`
pub fn mta_sts_unknown_tag(t: &Tag) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsUnknownTag,
        format!("{} is not an MTA-STS tag and is ignored", clip(&t.name)),
    )
    .with_help("The record needs only v=STSv1 and id=; the policy itself lives in the policy file")
    .with_span(t.span)
}

/// `mta-sts/policy-bad-line`
pub fn mta_sts_policy_bad_line(line: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsPolicyBadLine,
        format!("The line {:?} is not a key: value pair", clip(line)),
    )
    .with_help("Each line of the policy file is key: value, such as mode: enforce")
    .with_span(span)
}

/// `mta-sts/policy-missing-field`
pub fn mta_sts_policy_missing_field(name: &str) -> Diagnostic {
    let help = match name {
        "version" => "Start the file with version: STSv1",
        "mode" => "Add mode: testing while you watch the TLS reports, then mode: enforce",
        "max_age" => "Add max_age: with the seconds senders may cache the policy (weeks are usual, such as 604800)",
        _ => "Add one mx: line per MX host or pattern (such as mx: *.mail.example.com); with none, every delivery fails the policy",
    };
    Diagnostic::new(
        Code::MtaStsPolicyMissingField,
        format!("The policy has no {name} field"),
    )
    .with_help(help)
}

/// `mta-sts/policy-bad-version`
pub fn mta_sts_policy_bad_version(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsPolicyBadVersion,
        format!("The version {:?} is not STSv1", clip(value)),
    )
    .with_help("Write version: STSv1 (case-sensitive)")
    .with_span(span)
}

/// `mta-sts/bad-mode`
pub fn mta_sts_bad_mode(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsBadMode,
        format!("The mode {:?} is not enforce, testing or none", clip(value)),
    )
    .with_help("Senders ignore a policy with an unknown mode; write mode: testing or mode: enforce (lower case)")
    .with_span(span)
}

/// `mta-sts/bad-mx`
pub fn mta_sts_bad_mx(value: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsBadMx,
        format!("The mx pattern {:?} {why}", clip(value)),
    )
    .with_help("An mx pattern is a host name, or *. followed by a domain to match any one label (such as *.mail.example.com)")
    .with_span(span)
}

/// `mta-sts/bad-max-age`
pub fn mta_sts_bad_max_age(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsBadMaxAge,
        format!(
            "max_age {:?} is not a number of seconds from 0 to 31557600",
            clip(value)
        ),
    )
    .with_help("max_age is at most one year (31557600 seconds); weeks are usual, such as 604800")
    .with_span(span)
}

/// `mta-sts/max-age-short`
pub fn mta_sts_max_age_short(age: u64, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsMaxAgeShort,
        format!("max_age is {age} seconds, less than a day"),
    )
    .with_help("A short max_age leaves senders without a cached policy when an attacker blocks the policy fetch; RFC 8461 expects weeks or more, such as 604800")
    .with_span(span)
}

/// `mta-sts/mode-testing`
pub fn mta_sts_mode_testing(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsModeTesting,
        "mode: testing: senders deliver even when TLS fails, and only report it",
    )
    .with_help("Publish a TLS-RPT record to get those reports, and switch to mode: enforce when they are clean")
    .with_span(span)
}

/// `mta-sts/mode-none`
pub fn mta_sts_mode_none(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsModeNone,
        "mode: none withdraws the policy",
    )
    .with_help("Use it only to retire MTA-STS; keep serving it until max_age has passed since senders cached the previous policy")
    .with_span(span)
}

/// `mta-sts/policy-duplicate-field`
pub fn mta_sts_policy_duplicate_field(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsPolicyDuplicateField,
        format!("The field {name} appears again and this copy is ignored"),
    )
    .with_help("Only mx may repeat; senders honour the first copy of any other field, so remove the extra line")
    .with_span(span)
}

/// `mta-sts/policy-unknown-field`
pub fn mta_sts_policy_unknown_field(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MtaStsPolicyUnknownField,
        format!("{} is not a policy field and is ignored", clip(name)),
    )
    .with_help("Policy fields are version, mode, mx and max_age (lower case)")
    .with_span(span)
}

/// `tls-rpt/bad-version`
pub fn tls_rpt_bad_version(value: &str, other: Option<&'static str>, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::TlsRptBadVersion,
        bad_version_message("a TLS-RPT record", "TLSRPTv1", value, other),
    )
    .with_help("The _smtp._tls TXT record starts with exactly v=TLSRPTv1 (case-sensitive)")
    .with_span(span)
}

/// `tls-rpt/missing-rua`
pub fn tls_rpt_missing_rua() -> Diagnostic {
    Diagnostic::new(Code::TlsRptMissingRua, "The record has no rua tag").with_help(
        "Add rua=mailto:tls-reports@<your domain> (or an https: URL) to receive the reports",
    )
}

/// `tls-rpt/bad-uri`
pub fn tls_rpt_bad_uri(uri: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::TlsRptBadUri,
        format!("The rua entry {:?} {why}", clip(uri)),
    )
    .with_help("Write mailto:address@domain or https://host/path, separated by commas")
    .with_span(span)
}

/// `tls-rpt/uri-scheme`
pub fn tls_rpt_uri_scheme(scheme: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::TlsRptUriScheme,
        format!("The {:?} scheme is not mailto or https", clip(scheme)),
    )
    .with_help("Reporters send TLS reports only by email (mailto:) or HTTPS POST (https:)")
    .with_span(span)
}

/// `tls-rpt/unknown-tag`
pub fn tls_rpt_unknown_tag(t: &Tag) -> Diagnostic {
    Diagnostic::new(
        Code::TlsRptUnknownTag,
        format!("{} is not a TLS-RPT tag and is ignored", clip(&t.name)),
    )
    .with_help("The record needs only v=TLSRPTv1 and rua=")
    .with_span(t.span)
}

/// `bimi/bad-version`
pub fn bimi_bad_version(value: &str, other: Option<&'static str>, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BimiBadVersion,
        bad_version_message("a BIMI record", "BIMI1", value, other),
    )
    .with_help("The default._bimi TXT record starts with exactly v=BIMI1")
    .with_span(span)
}

/// `bimi/missing-location`
pub fn bimi_missing_location() -> Diagnostic {
    Diagnostic::new(
        Code::BimiMissingLocation,
        "The record has no l tag (the logo's location)",
    )
    .with_help("Add l=https://<your domain>/logo.svg (an SVG Tiny PS file), or l= empty to decline")
}

/// `bimi/declined`
pub fn bimi_declined() -> Diagnostic {
    Diagnostic::new(
        Code::BimiDeclined,
        "l and a are empty: the domain declines to show a logo",
    )
    .with_help("This is a valid declination record; publish l= with your logo's URL to show one")
}

/// `bimi/bad-uri`
pub fn bimi_bad_uri(tag: &str, value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BimiBadUri,
        format!("The {tag} value {:?} is not a valid URL", clip(value)),
    )
    .with_help("Write a full https:// URL")
    .with_span(span)
}

/// `bimi/not-https`
pub fn bimi_not_https(tag: &str, span: Span) -> Diagnostic {
    let what = if tag == "l" {
        "logo"
    } else {
        "mark certificate"
    };
    Diagnostic::new(
        Code::BimiNotHttps,
        format!("The {what} URL is not https"),
    )
    .with_help("Mailbox providers fetch BIMI files only over HTTPS; serve the file there and use its https:// URL")
    .with_span(span)
}

/// `bimi/location-not-svg`
pub fn bimi_location_not_svg(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BimiLocationNotSvg,
        "The logo URL does not end in .svg",
    )
    .with_help("BIMI logos are SVG Tiny Portable/Secure files; PNG and JPEG are not accepted")
    .with_span(span)
}

/// `bimi/no-authority`
pub fn bimi_no_authority() -> Diagnostic {
    Diagnostic::new(Code::BimiNoAuthority, "The record has no a tag (no mark certificate)")
        .with_help("Gmail and Apple Mail show BIMI logos only with a Verified or Common Mark Certificate: add a=https://<your domain>/vmc.pem")
}

/// `bimi/bad-avp`
pub fn bimi_bad_avp(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::BimiBadAvp,
        format!("avp {:?} is not brand or personal", clip(value)),
    )
    .with_help("avp says whether the logo (brand) or a personal avatar is preferred")
    .with_span(span)
}

/// `bimi/unknown-tag`
pub fn bimi_unknown_tag(t: &Tag) -> Diagnostic {
    Diagnostic::new(
        Code::BimiUnknownTag,
        format!("{} is not a BIMI tag and is ignored", clip(&t.name)),
    )
    .with_help("BIMI records use v, l, a and avp")
    .with_span(t.span)
}
