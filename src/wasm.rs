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
  | "smtp/internal-status"
  | "spf/missing-version" | "spf/invalid-character" | "spf/unknown-mechanism" | "spf/bad-qualifier"
  | "spf/bad-cidr" | "spf/invalid-ip" | "spf/invalid-macro" | "spf/missing-argument"
  | "spf/unexpected-argument" | "spf/duplicate-modifier" | "spf/bad-modifier-name"
  | "spf/too-many-lookups" | "spf/pass-all" | "spf/neutral-all" | "spf/no-all" | "spf/redirect-ignored"
  | "spf/ptr-deprecated" | "spf/unreachable-term" | "spf/host-bits-set" | "spf/duplicate-network"
  | "spf/include-self" | "spf/string-too-long" | "spf/udp-size" | "spf/unknown-modifier"
  | "spf/extra-space" | "spf/exp-without-fail" | "spf/quoted-strings"
  | "bounce/not-a-message" | "bounce/not-a-bounce" | "bounce/no-recipient";

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

/** How a term begins: + pass, - fail, ~ softfail, ? neutral. */
export type SpfQualifier = "+" | "-" | "~" | "?";

/** One term of an SPF record. */
export interface SpfTerm {
  span: Span;
  kind: "mechanism" | "modifier" | "invalid";
  /** The qualifier of a mechanism ("+" when none is written); null for modifiers. */
  qualifier: SpfQualifier | null;
  explicitQualifier: boolean;
  /** Lower-case mechanism or modifier name: "ip4", "include", "redirect", ... */
  name: string;
  /** The text after ":" or "=". */
  value: string | null;
  valueSpan: Span | null;
  domainSpec: string | null;
  /** The network of ip4/ip6. */
  network: string | null;
  cidr4: number | null;
  cidr6: number | null;
  /** Whether check_host() queries DNS for this term (counted against the limit of 10). */
  dnsLookup: boolean;
}

/** The result of validateSpf. */
export interface SpfReport {
  /** No error-severity diagnostic. */
  valid: boolean;
  terms: SpfTerm[];
  /** DNS-querying terms in the record itself (includes add theirs when evaluated). */
  lookupTerms: number;
  diagnostics: Diagnostic[];
}

export interface SpfOptions {
  /** The domain the record is published at (finds includes of itself). */
  domain?: string;
}

/** The seven results of check_host(). */
export type SpfVerdict = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";

export interface SpfTraceStep {
  /** Include/redirect nesting depth (0 = the domain asked about). */
  depth: number;
  domain: string;
  event: "query" | "record" | "term" | "match" | "include" | "redirect" | "result" | "error" | "explanation";
  detail: string;
}

export interface SpfCheckResult {
  result: SpfVerdict;
  /** Why, in one sentence. */
  reason: string;
  /** For a fail with exp=: the domain's explanation, macros expanded. */
  explanation: string | null;
  /** The term of the queried domain's record that decided. */
  matched: { domain: string; term: string } | null;
  /** DNS-querying terms evaluated (limit 10). */
  lookups: number;
  /** Lookups that found nothing (limit 2). */
  voidLookups: number;
  trace: SpfTraceStep[];
  /** Always null from checkHost/checkHostAsync (they answer every query before returning). */
  pending: { queryType: SpfQueryType; name: string } | null;
}

export type SpfQueryType = "TXT" | "A" | "AAAA" | "MX" | "PTR";

/** What checkHost evaluates. */
export interface CheckHostParams {
  /** The client IP address. */
  ip: string;
  /** The MAIL FROM address; empty for the HELO check. */
  sender?: string;
  /** The HELO/EHLO name. */
  helo?: string;
  /** The domain to check: by default the sender's domain, or the HELO name. */
  domain?: string;
  /** The receiving host, for %{r} (default "unknown"). */
  receiver?: string;
  /** Seconds since the epoch, for %{t} (default 0). */
  now?: number;
}

/** One DNS record in a zone object, in the OpenSPF test suite's zonedata shape. */
export type SpfZoneRecord =
  | "TIMEOUT"
  | { TXT: string | string[] } | { SPF: string | string[] } | { A: string } | { AAAA: string }
  | { MX: [number, string] } | { PTR: string } | { CNAME: string };

/** DNS data in memory: name -> records. An absent name does not exist. */
export type SpfZone = Record<string, SpfZoneRecord[]>;

/** Answers one DNS question: record texts (TXT joined, "192.0.2.1", "10 mx.example.com",
 * PTR names), or null when the name does not exist; a rejected promise is a DNS error. */
export type SpfResolver = (type: SpfQueryType, name: string) => Promise<string[] | null>;

/** What kind of message decodeBounce read. */
export type BounceKind = "bounce" | "feedback" | "auto-reply" | "not-bounce";

/** One failed (or delayed) recipient of a bounce. */
export interface BounceRecipient {
  recipient: string;
  /** The DSN action: "failed", "delayed", ... (null for free-form bounces). */
  action: string | null;
  /** Enhanced status code. */
  status: string | null;
  replyCode: number | null;
  /** The remote server's text. */
  diagnosticCode: string | null;
  reason: Reason;
  hardBounce: boolean;
  /** The receiving provider ("google", "microsoft", ...). */
  provider: string | null;
  /** The MTA or service that wrote the bounce ("postfix", "exim", "sendmail", "qmail", "gmail", ...). */
  agent: string | null;
  remoteHost: string | null;
  command: SmtpCommand | null;
  /** When the last attempt was made, as the bounce says. */
  timestamp: string | null;
  advice: Advice;
  /** The original message's Message-ID, From and Subject, where the bounce quotes them. */
  messageId: string | null;
  from: string | null;
  subject: string | null;
  /** For a feedback report: its Feedback-Type ("abuse", "fraud", ...). */
  feedbackType: string | null;
}

/** The result of decodeBounce. */
export interface BounceReport {
  kind: BounceKind;
  recipients: BounceRecipient[];
  diagnostics: Diagnostic[];
}

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

/// Validate an SPF record without DNS: terms with spans, the static lookup count, and findings.
///
/// ```js
/// const r = validateSpf("v=spf1 ip4:192.0.2.0/24 +all");
/// r.valid;                      // true (the syntax is fine)
/// r.diagnostics[0].code;        // "spf/pass-all"
/// ```
#[wasm_bindgen(js_name = validateSpf, unchecked_return_type = "SpfReport")]
pub fn validate_spf(
    record: &str,
    #[wasm_bindgen(unchecked_param_type = "SpfOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    #[derive(serde::Deserialize, Default)]
    struct Opts {
        domain: Option<String>,
    }
    let o: Opts = if options.is_undefined() || options.is_null() {
        Opts::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("validateSpf options: {e}")))?
    };
    let mut r = crate::spf::validate_spf_with(
        record,
        &crate::spf::SpfOptions {
            domain: o.domain.as_deref(),
        },
    );
    r.locate(record);
    Ok(to_js(&r))
}

#[derive(serde::Deserialize)]
struct CheckParams {
    ip: String,
    #[serde(default)]
    sender: String,
    #[serde(default)]
    helo: String,
    domain: Option<String>,
    receiver: Option<String>,
    #[serde(default)]
    now: f64,
}

fn check_params(params: JsValue) -> Result<CheckParams, JsError> {
    serde_wasm_bindgen::from_value(params)
        .map_err(|e| JsError::new(&format!("checkHost params: {e}")))
}

fn run_check(
    p: &CheckParams,
    resolver: &mut dyn crate::spf::Resolver,
) -> Result<crate::spf::SpfResult, JsError> {
    let ip =
        p.ip.trim()
            .parse()
            .map_err(|_| JsError::new(&format!("checkHost: `{}` is not an IP address", p.ip)))?;
    let domain = p
        .domain
        .clone()
        .unwrap_or_else(|| match p.sender.rsplit_once('@') {
            Some((_, d)) if !d.is_empty() => d.to_string(),
            // A sender without @ is a domain (RFC 7208 section 4.3 then uses postmaster@ it).
            None if !p.sender.trim().is_empty() => p.sender.trim().to_string(),
            _ => p.helo.clone(),
        });
    if domain.trim().is_empty() {
        return Err(JsError::new(
            "checkHost: give a sender, a helo name or a domain to check",
        ));
    }
    let input = crate::spf::CheckHostInput {
        ip,
        domain: &domain,
        sender: &p.sender,
        helo: &p.helo,
        receiver: p.receiver.as_deref().unwrap_or("unknown"),
        now: if p.now.is_finite() && p.now > 0.0 {
            p.now as u64
        } else {
            0
        },
    };
    Ok(crate::spf::check_host(&input, resolver))
}

/// Evaluate check_host() (RFC 7208) against DNS data given as an object (the OpenSPF suite's
/// zonedata shape). Throws only for misuse (a malformed IP address or zone).
///
/// ```js
/// checkHost({ ip: "192.0.2.7", sender: "a@example.com" },
///           { "example.com": [{ TXT: "v=spf1 ip4:192.0.2.0/24 -all" }] }).result; // "pass"
/// ```
#[wasm_bindgen(js_name = checkHost, unchecked_return_type = "SpfCheckResult")]
pub fn check_host(
    #[wasm_bindgen(unchecked_param_type = "CheckHostParams")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SpfZone")] zone: JsValue,
) -> Result<JsValue, JsError> {
    let p = check_params(params)?;
    let zone: crate::spf::Zone = serde_wasm_bindgen::from_value(zone)
        .map_err(|e| JsError::new(&format!("checkHost zone: {e}")))?;
    if let Some((name, problem)) = zone.problems.first() {
        return Err(JsError::new(&format!("checkHost zone: {name}: {problem}")));
    }
    Ok(to_js(&run_check(&p, &mut zone.resolver())?))
}

/// Evaluate check_host() asking an asynchronous resolver (for example DNS-over-HTTPS) each
/// question. The core stays free of I/O: it stops at each unanswered query, the resolver's answer
/// is cached, and the evaluation runs again.
///
/// ```js
/// const r = await checkHostAsync({ ip: "192.0.2.7", sender: "a@example.com" },
///   async (type, name) => (await myDohLookup(type, name)));   // string[] or null
/// ```
#[wasm_bindgen(js_name = checkHostAsync, unchecked_return_type = "SpfCheckResult")]
pub async fn check_host_async(
    #[wasm_bindgen(unchecked_param_type = "CheckHostParams")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SpfResolver")] resolver: js_sys::Function,
) -> Result<JsValue, JsError> {
    use crate::spf::{AnswerCache, CachedAnswer};
    let p = check_params(params)?;
    let mut cache = AnswerCache::default();
    // Each round answers one new query; an evaluation asks a bounded number (limits of RFC 7208).
    for _ in 0..512 {
        let r = run_check(&p, &mut cache)?;
        let Some(q) = r.pending else {
            return Ok(to_js(&r));
        };
        let called = resolver.call2(
            &JsValue::NULL,
            &JsValue::from_str(q.query_type),
            &JsValue::from_str(&q.name),
        );
        let answer = match called {
            Err(_) => CachedAnswer::TempError,
            Ok(v) => match wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&v)).await
            {
                Err(_) => CachedAnswer::TempError,
                Ok(v) if v.is_null() || v.is_undefined() => CachedAnswer::NxDomain,
                Ok(v) => match serde_wasm_bindgen::from_value::<Vec<String>>(v) {
                    Ok(list) => CachedAnswer::Records(list),
                    Err(_) => CachedAnswer::TempError,
                },
            },
        };
        cache.insert(q.query_type, &q.name, answer);
    }
    Err(JsError::new(
        "checkHostAsync: the evaluation asked too many questions",
    ))
}

/// Decode a whole bounce message (RFC 3464 DSN or a free-form MTA bounce): one entry per failed
/// recipient, with the reason, status, reply code, provider, the agent that wrote the bounce and
/// advice. Feedback reports and auto-replies are recognised as such. Never throws for bad input.
///
/// ```js
/// const r = decodeBounce(emlText);
/// r.kind;                       // "bounce"
/// r.recipients[0].reason;       // "userunknown"
/// ```
#[wasm_bindgen(js_name = decodeBounce, unchecked_return_type = "BounceReport")]
pub fn decode_bounce(raw: &str) -> JsValue {
    to_js(&crate::decode_bounce(raw))
}
