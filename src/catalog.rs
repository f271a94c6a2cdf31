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
