//! The JavaScript bindings: the only module that knows about JS. Each export mirrors one Rust
//! entry function, in camelCase, and returns plain objects whose TypeScript types are declared
//! below. Spans gain `loc` (UTF-16 offsets, 1-based line and column) here, because JS strings
//! count UTF-16 units.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** How bad a finding is. */
export type Severity = "error" | "warning" | "info";

/** Where a span lies, for JavaScript: UTF-16 offsets (as `String.prototype.slice` and text-area
 * selections count) and a 1-based line and 1-based column (in UTF-16 units). */
export interface Location {
  utf16Start: number;
  utf16End: number;
  line: number;
  column: number;
}

/** A half-open range of UTF-8 byte offsets into the input string, plus its JS location. */
export interface Span {
  start: number;
  end: number;
  loc?: Location;
}

/** A stable diagnostic code, registered in data/diagnostics.tsv. */
export type DiagnosticCode =
  | "input/empty" | "input/too-large" | "input/binary" | "input/replacement-chars"
  | "smtp/no-reply-code" | "smtp/no-status" | "smtp/class-mismatch" | "smtp/unregistered-status"
  | "smtp/invalid-reply-code" | "smtp/intermediate-reply" | "smtp/reason-undetermined"
  | "smtp/internal-status";

/** One finding about an input. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  /** One sentence. */
  message: string;
  /** How to fix it. */
  help: string | null;
  /** The RFC or registry behind the finding. */
  reference: string | null;
  span: Span | null;
}

/** Success (2xx), transient (4xx), permanent (5xx) or unknown. */
export type ReplyClass = "success" | "transient" | "permanent" | "unknown";

/** The bounce-reason taxonomy (sisimai v5.6 names). */
export type Reason =
  | "delivered" | "vacation" | "feedback" | "suppressed" | "authfailure" | "requireptr"
  | "failedstarttls" | "badreputation" | "virusdetected" | "spamdetected" | "emailtoolarge"
  | "notcompliantrfc" | "contenterror" | "mailboxfull" | "systemfull" | "ratelimited"
  | "hasmoved" | "suspend" | "norelaying" | "hostunknown" | "notaccept" | "userunknown"
  | "blocked" | "rejected" | "policyviolation" | "securityerror" | "syntaxerror" | "expired"
  | "networkerror" | "systemerror" | "mailererror" | "filtered" | "onhold" | "undefined";

/** Which step of the reason cascade decided the reason. */
export interface ReasonSource {
  stage: "provider-rule" | "internal-status" | "pattern" | "pattern-refined" | "status-registry" | "status-subject" | "reply-class" | "none";
  /** The pattern (data/reason-patterns.tsv or data/provider-rules.tsv) that matched. */
  rule: string | null;
}

/** What the sender should do. */
export type AdviceAction =
  | "none" | "retry-later" | "remove-address" | "fix-authentication" | "slow-down"
  | "check-reputation" | "fix-dns" | "enable-tls" | "fix-content" | "reduce-size" | "fix-sender"
  | "fix-configuration" | "contact-postmaster" | "stop-sending";

export interface Advice {
  action: AdviceAction;
  /** Whether sending the same message again later can succeed. */
  retry: boolean;
  /** Minutes to wait before each further attempt (empty when retry is false). */
  retryAfterMinutes: number[];
  /** When to give up retrying, in hours after the first attempt. */
  giveUpAfterHours: number | null;
  /** One or two sentences for a person. */
  summary: string;
  /** The provider's documentation for this reply, when known. */
  docUrl: string | null;
}

/** The SMTP command a reply answered. */
export type SmtpCommand = "RCPT" | "MAIL" | "DATA" | "EHLO" | "HELO" | "STARTTLS" | "AUTH" | "BDAT" | "CONN";

/** One decoded SMTP reply, log line or DSN Diagnostic-Code. */
export interface SmtpReport {
  /** The part of the input this report decodes. */
  span: Span;
  /** The three-digit reply code, e.g. 550. */
  replyCode: number | null;
  /** The RFC 3463 enhanced status, e.g. "5.1.1". */
  status: string | null;
  class: ReplyClass;
  /** The IANA registry's title for the status. */
  statusText: string | null;
  /** The IANA registry's description of the status. */
  statusDescription: string | null;
  reason: Reason;
  /** What the reason means. */
  reasonText: string;
  /** Which step of the reason cascade decided, and the pattern that matched. */
  reasonSource: ReasonSource;
  /** Whether the address itself is bad. */
  hardBounce: boolean;
  /** Who answered, as a lowercase id ("google", "microsoft", ...). */
  provider: string | null;
  providerName: string | null;
  /** A provider-specific code in the text ("PRX2", "TSS04", "S3150", "AS(7171)", ...). */
  providerCode: string | null;
  command: SmtpCommand | null;
  /** The remote host named in the text. */
  remoteHost: string | null;
  /** The server's own words, without the codes. */
  message: string;
  advice: Advice;
  diagnostics: Diagnostic[];
}
"#;

fn to_js<T: Serialize>(value: &T) -> JsValue {
    // Maps become plain objects and `None` becomes `null`, as the declarations above promise.
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&ser)
        .unwrap_or_else(|e| JsValue::from_str(&e.to_string()))
}

/// Installs the panic hook so that a bug shows a readable message in the console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The package version.
#[wasm_bindgen(js_name = version)]
pub fn js_version() -> String {
    crate::version().to_string()
}

/// Decode one SMTP reply (single or multi-line), MTA log line or DSN `Diagnostic-Code`.
/// Never throws for bad input: the report carries diagnostics.
///
/// ```js
/// const r = decodeSmtp("451 4.7.0 Temporary server error. Please try again later. PRX2");
/// r.replyCode; // 451
/// r.provider;  // "microsoft"
/// ```
#[wasm_bindgen(js_name = decodeSmtp, unchecked_return_type = "SmtpReport")]
pub fn decode_smtp(text: &str) -> JsValue {
    let mut r = crate::decode_smtp(text);
    r.locate(text);
    to_js(&r)
}

/// Decode a paste of several replies or log lines, one report per reply.
///
/// ```js
/// decodeSmtpLines("550 5.1.1 unknown user\n421 4.7.0 try later").length; // 2
/// ```
#[wasm_bindgen(js_name = decodeSmtpLines, unchecked_return_type = "SmtpReport[]")]
pub fn decode_smtp_lines(text: &str) -> JsValue {
    let mut rs = crate::decode_smtp_lines(text);
    let index = crate::diagnostic::LineIndex::new(text);
    for r in &mut rs {
        r.locate_with(&index);
    }
    to_js(&rs)
}
