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
  | "bounce/not-a-message" | "bounce/not-a-bounce" | "bounce/no-recipient" | "bounce/feedback-no-recipient"
  | "content/not-a-message" | "content/multiparts-unread" | "content/no-model"
  | "record/empty" | "record/quoted" | "record/empty-term" | "record/missing-equals"
  | "record/bad-tag-name" | "record/duplicate-tag" | "record/bad-char" | "record/bad-folding"
  | "record/space-around-equals" | "record/leading-whitespace" | "record/unknown-kind"
  | "dmarc/not-dmarc" | "dmarc/missing-version"
  | "dmarc/version-not-first" | "dmarc/bad-version" | "dmarc/unknown-tag" | "dmarc/historic-tag"
  | "dmarc/bad-policy" | "dmarc/bad-value" | "dmarc/bad-fo" | "dmarc/fo-conflict"
  | "dmarc/fo-repeated" | "dmarc/fo-without-ruf" | "dmarc/bad-uri" | "dmarc/uri-scheme"
  | "dmarc/uri-size-suffix" | "dmarc/bad-size-suffix" | "dmarc/unencoded-uri-char"
  | "dmarc/policy-none" | "dmarc/missing-policy" | "dmarc/policy-not-second"
  | "dmarc/weak-subdomain-policy" | "dmarc/testing-mode" | "dmarc/psd-yes" | "dmarc/no-rua"
  | "dmarc/ruf-privacy" | "dmarc/external-report-destination" | "dmarc/eval-bad-domain"
  | "dmarc/multiple-records" | "dmarc/dns-temp-error" | "dmarc/no-policy-record"
  | "dmarc/policy-fallback" | "dkim/key-bad-version" | "dkim/key-version-not-first"
  | "dkim/key-unknown-type" | "dkim/key-unknown-hash" | "dkim/key-unknown-service"
  | "dkim/key-unknown-flag" | "dkim/key-unknown-tag" | "dkim/key-missing-p" | "dkim/key-revoked"
  | "dkim/key-bad-base64" | "dkim/key-pkcs1" | "dkim/key-too-short" | "dkim/key-weak"
  | "dkim/key-type-mismatch" | "dkim/key-bad-der" | "dkim/key-bad-ed25519" | "dkim/key-no-sha256"
  | "dkim/key-not-for-email" | "dkim/key-testing" | "dkim/sig-bad-value" | "dkim/sig-missing-tag"
  | "dkim/sig-bad-version" | "dkim/sig-rsa-sha1" | "dkim/sig-unknown-algorithm"
  | "dkim/sig-bad-base64" | "dkim/sig-bad-body-hash" | "dkim/sig-bad-canonicalization"
  | "dkim/sig-bad-domain" | "dkim/sig-bad-header-list" | "dkim/sig-bad-query-method"
  | "dkim/sig-unknown-tag" | "dkim/sig-from-not-signed" | "dkim/sig-body-length"
  | "dkim/sig-bad-identity" | "dkim/sig-identity-mismatch" | "dkim/sig-expiry-before-timestamp"
  | "dkim/sig-expired" | "dkim/sig-future-timestamp" | "mta-sts/bad-version" | "mta-sts/missing-id"
  | "mta-sts/bad-id" | "mta-sts/unknown-tag" | "mta-sts/policy-bad-line"
  | "mta-sts/policy-missing-field" | "mta-sts/policy-bad-version" | "mta-sts/bad-mode"
  | "mta-sts/bad-mx" | "mta-sts/bad-max-age" | "mta-sts/max-age-short" | "mta-sts/mode-testing"
  | "mta-sts/mode-none" | "mta-sts/policy-duplicate-field" | "mta-sts/policy-unknown-field"
  | "tls-rpt/bad-version" | "tls-rpt/missing-rua" | "tls-rpt/bad-uri" | "tls-rpt/uri-scheme"
  | "tls-rpt/unknown-tag" | "bimi/bad-version" | "bimi/missing-location" | "bimi/declined"
  | "bimi/bad-uri" | "bimi/not-https" | "bimi/location-not-svg" | "bimi/no-authority"
  | "bimi/bad-avp" | "bimi/unknown-tag";

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
  stage: "provider-rule" | "internal-status" | "pattern" | "pattern-refined" | "status-registry" | "status-subject" | "command" | "reply-class" | "none";
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
export type SmtpCommand = "RCPT" | "MAIL" | "DATA" | "EHLO" | "HELO" | "STARTTLS" | "AUTH" | "BDAT" | "QUIT" | "CONN";

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

// validateSpf(record: string, options?: SpfOptions): SpfReport is declared in pkg/index.d.ts:
// the package's entry (pkg/index.js) defines it over the two hidden exports below.

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

/** A content-scoring rule id, as listed in data/content-rules.tsv (docs/CONTENT-RULES.md). */
export type RuleId =
  | "bulk/no-list-unsubscribe" | "bulk/list-unsubscribe-no-uri" | "bulk/list-unsubscribe-http" | "bulk/no-one-click"
  | "bulk/one-click-malformed" | "bulk/one-click-no-https" | "bulk/unsubscribe-not-signed" | "bulk/precedence-junk"
  | "bulk/auto-submitted" | "auth/no-dkim" | "auth/dkim-malformed" | "auth/dkim-not-aligned"
  | "auth/receiver-fail" | "headers/from-missing" | "headers/from-invalid" | "headers/from-display-address"
  | "headers/date-missing" | "headers/date-invalid" | "headers/date-future" | "headers/message-id-missing"
  | "headers/message-id-invalid" | "headers/subject-missing" | "headers/to-missing" | "headers/mime-version-missing"
  | "headers/8bit" | "headers/reply-to-differs" | "structure/html-only" | "structure/text-html-differ"
  | "structure/image-heavy" | "structure/gmail-clip" | "structure/large" | "structure/empty-body"
  | "structure/charset-missing" | "structure/charset-unknown" | "structure/8bit-undeclared" | "structure/encoding-problem"
  | "structure/malformed-mime" | "structure/deep-mime" | "structure/risky-attachment" | "structure/script"
  | "links/text-domain-mismatch" | "links/shortener" | "links/ip-address" | "links/not-https"
  | "links/userinfo" | "links/many-domains" | "links/tracking-pixel" | "links/script-url"
  | "links/form" | "hidden/tiny-text" | "hidden/same-colour" | "hidden/hidden-block"
  | "hidden/invisible-chars" | "wording/subject-caps" | "wording/subject-exclaim" | "wording/body-caps"
  | "wording/exclaim" | "wording/spam-phrase" | "wording/money" | "wording/urgency"
  | "wording/obfuscated" | "model/content";

/** A rule's category. */
export type RuleCategory = "bulk" | "auth" | "headers" | "structure" | "links" | "hidden" | "wording" | "model";

/** Where a finding was seen: a header field (span) or a MIME part, with what was found. */
export interface Evidence {
  /** The MIME part ("1", "1.2", ...), when the finding is in a body part. */
  part: string | null;
  /** The header field or raw part body in the input. */
  span: Span | null;
  /** What was found (the header value, the link, the phrase), shortened. */
  text: string | null;
}

/** One content finding. */
export interface Finding {
  rule: RuleId;
  category: RuleCategory;
  /** Points added to the score (negative for the model when the wording reads clean). */
  points: number;
  message: string;
  /** Why it matters and what to do. */
  help: string;
  evidence: Evidence[];
}

/** A top-level header field, unfolded. */
export interface HeaderField {
  name: string;
  value: string;
  span: Span;
}

/** One MIME part in document order; `depth` gives the tree. */
export interface MimePart {
  /** "1" for the root, "1.2" for its second child. */
  path: string;
  depth: number;
  contentType: string;
  charset: string | null;
  transferEncoding: string | null;
  disposition: string | null;
  filename: string | null;
  /** Decoded size in bytes (0 for multiparts). */
  size: number;
  span: Span;
}

/** A link: HTML anchor or bare URL in text. */
export interface Link {
  /** The visible text ("" for a bare URL in plain text). */
  text: string;
  href: string;
  domain: string | null;
  part: string;
}

/** An image in the HTML. */
export interface Image {
  src: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  /** Inside a hidden block (display:none, ...). */
  hidden: boolean;
  part: string;
}

/** An attachment. */
export interface Attachment {
  filename: string | null;
  contentType: string;
  size: number;
  part: string;
}

/** The parsed message. */
export interface MessageSummary {
  subject: string | null;
  from: string | null;
  fromName: string | null;
  /** Input size in bytes. */
  size: number;
  headers: HeaderField[];
  parts: MimePart[];
  textSize: number;
  htmlSize: number;
  /** The visible text, first 2000 characters. */
  textPreview: string;
  links: Link[];
  images: Image[];
  attachments: Attachment[];
}

/** One Received hop, first hop first. */
export interface Hop {
  number: number;
  from: string | null;
  fromIp: string | null;
  by: string | null;
  with: string | null;
  tls: string | null;
  /** RFC 3339. */
  date: string | null;
  /** Seconds since the previous hop. */
  delaySeconds: number | null;
  span: Span;
}

/** An authentication verdict as a receiver reported it. */
export interface AuthVerdict {
  header: "Authentication-Results" | "ARC-Authentication-Results" | "Received-SPF";
  authservId: string | null;
  /** "spf", "dkim", "dmarc", "arc", ... */
  method: string;
  /** "pass", "fail", "softfail", "none", ... */
  result: string;
  properties: string[];
  span: Span;
}

/** The header analysis of a received message. */
export interface Trace {
  hops: Hop[];
  totalDelaySeconds: number | null;
  auth: AuthVerdict[];
}

/** The result of scoreMessage. */
export interface ScoreReport {
  /** Sum of the findings' points (SpamAssassin's scale: higher is more likely filtered). */
  score: number;
  /** The verdict threshold (5.0). */
  threshold: number;
  verdict: "ham" | "spam";
  /** Most points first. */
  findings: Finding[];
  summary: MessageSummary;
  trace: Trace;
  diagnostics: Diagnostic[];
}

/** What kind of message decodeBounce read. */
export type BounceKind = "bounce" | "feedback" | "auto-reply" | "not-bounce";

/** One failed (or delayed) recipient of a bounce. */
export interface BounceRecipient {
  recipient: string;
  /** The DSN action: "failed", "delayed", ... (null for free-form bounces). */
  action: string | null;
  /** Enhanced status code. */
  status: string | null;
  /** True when the bounce gave no status and `status` is the pseudo code sisimai writes for the
   * reason ("5.0.911" for userunknown, ...). */
  statusPseudo: boolean;
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

// ---- records (DMARC, DKIM, MTA-STS, TLS-RPT, BIMI) ---------------------------------------------

/** One `name=value` term of a record (for an MTA-STS policy file: one `key: value` line). */
export interface Tag {
  /** The name as written. */
  name: string;
  /** The value as written, without the white space around it. */
  value: string;
  /** The whole term. */
  span: Span;
  nameSpan: Span;
  /** Empty (start == end) when the value is empty. */
  valueSpan: Span;
}

/** Which DMARC specification to check against: RFC 9989 (DMARCbis, the default) or RFC 7489. */
export type DmarcSpec = "rfc9989" | "rfc7489";

export interface DmarcOptions {
  /** Default "rfc9989". */
  spec?: DmarcSpec;
  /** The domain the record is published for (example.com for _dmarc.example.com): report
   * destinations in other domains are then pointed out. */
  domain?: string | null;
}

/** A Domain Owner Assessment Policy (p, sp, np). */
export type DmarcPolicy = "none" | "quarantine" | "reject";
export type AlignmentMode = "relaxed" | "strict";
/** psd=y, psd=n, or psd=u / absent. */
export type Psd = "yes" | "no" | "unknown";

/** One report destination of rua or ruf (DMARC) or rua (TLS-RPT). */
export interface ReportUri {
  /** The URI, without an obsolete !size suffix. */
  uri: string;
  /** Lower case ("mailto", "https", ...), when there is a scheme. */
  scheme: string | null;
  /** The domain that receives the reports. */
  domain: string | null;
  /** The obsolete size limit ("10m" of "!10m"). */
  sizeLimit: string | null;
  /** Syntactically valid with a scheme reports can be sent to. */
  valid: boolean;
  span: Span;
}

/** What a DMARC record means (invalid values are left at their defaults). */
export interface DmarcRecord {
  policy: DmarcPolicy | null;
  subdomainPolicy: DmarcPolicy | null;
  nonExistentPolicy: DmarcPolicy | null;
  psd: Psd;
  /** t=y */
  testing: boolean;
  adkim: AlignmentMode;
  aspf: AlignmentMode;
  /** fo options ("0", "1", "d", "s"); ["0"] by default. */
  failureOptions: string[];
  rua: ReportUri[];
  ruf: ReportUri[];
  /** pct, under RFC 7489 only. */
  percent: number | null;
}

export interface DmarcReport {
  /** No diagnostic of error severity. */
  valid: boolean;
  spec: DmarcSpec;
  tags: Tag[];
  /** Null when the text is not a DMARC record (no v=DMARC1 first). */
  record: DmarcRecord | null;
  diagnostics: Diagnostic[];
}

export type DkimKeyType = "rsa" | "ed25519" | "unknown";
/** spki: SubjectPublicKeyInfo; pkcs1: bare RSAPublicKey; raw: 32-byte Ed25519 key. */
export type DkimKeyFormat = "spki" | "pkcs1" | "raw" | "unusable" | "revoked";

export interface DkimKey {
  keyType: DkimKeyType;
  format: DkimKeyFormat;
  /** RSA modulus size, or 256 for Ed25519. */
  bits: number | null;
  /** h= (empty: all). */
  hashAlgorithms: string[];
  /** s= (["*"] when absent). */
  serviceTypes: string[];
  /** t=y */
  testing: boolean;
  /** t=s */
  strictIdentity: boolean;
  notes: string | null;
}

export interface DkimKeyReport {
  valid: boolean;
  tags: Tag[];
  key: DkimKey | null;
  diagnostics: Diagnostic[];
}

export interface DkimSignatureOptions {
  /** Seconds since the Unix epoch (an integer); the current time when absent. */
  now?: number | null;
}

export interface Canonicalization {
  header: "simple" | "relaxed";
  body: "simple" | "relaxed";
}

export interface DkimSignature {
  /** a=, lower case. */
  algorithm: string | null;
  /** d=, lower case. */
  domain: string | null;
  /** s=, lower case. */
  selector: string | null;
  /** "<s>._domainkey.<d>" */
  keyName: string | null;
  canonicalization: Canonicalization;
  /** h=, lower case, in order. */
  signedHeaders: string[];
  identity: string | null;
  /** l= */
  bodyLength: number | null;
  /** t= (seconds since the epoch) */
  timestamp: number | null;
  /** x= (seconds since the epoch) */
  expiration: number | null;
  /** Size of the decoded b= in bytes. */
  signatureBytes: number | null;
}

export interface DkimSignatureReport {
  valid: boolean;
  /** Spans count from the start of the input, header name included. */
  tags: Tag[];
  signature: DkimSignature;
  diagnostics: Diagnostic[];
}

export interface MtaStsTxtReport {
  valid: boolean;
  tags: Tag[];
  id: string | null;
  diagnostics: Diagnostic[];
}

export type MtaStsMode = "enforce" | "testing" | "none";

export interface MtaStsPolicy {
  mode: MtaStsMode | null;
  /** The valid mx patterns. */
  mx: string[];
  /** Seconds. */
  maxAge: number | null;
}

export interface MtaStsPolicyReport {
  valid: boolean;
  /** One per key: value line. */
  fields: Tag[];
  policy: MtaStsPolicy;
  diagnostics: Diagnostic[];
}

export interface TlsRptReport {
  valid: boolean;
  tags: Tag[];
  rua: ReportUri[];
  diagnostics: Diagnostic[];
}

export interface BimiReport {
  valid: boolean;
  tags: Tag[];
  /** l= (the SVG logo's URL). */
  location: string | null;
  /** a= (the mark certificate's URL). */
  authority: string | null;
  /** l= and a= empty. */
  declined: boolean;
  diagnostics: Diagnostic[];
}

export type RecordKind = "spf" | "dmarc" | "dkim" | "mta-sts" | "tls-rpt" | "bimi" | "unknown";
/** A TXT record, a DKIM-Signature header field, or an MTA-STS policy file. */
export type RecordForm = "txt" | "dkim-signature" | "mta-sts-policy";

export interface RecordOptions {
  dmarc?: DmarcOptions;
  /** For DKIM-Signature expiry: seconds since the Unix epoch; the current time when absent. */
  now?: number | null;
}

export interface RecordReport {
  kind: RecordKind;
  form: RecordForm;
  /** No diagnostic of error severity. */
  valid: boolean;
  tags: Tag[];
  /** For an SPF record: its terms (SPF is not a tag list). */
  terms?: SpfTerm[];
  /** For an SPF record: the DNS-querying terms in the record itself. */
  lookupTerms?: number;
  diagnostics: Diagnostic[];
}

/** An SPF or DKIM result (RFC 8601 names). */
export type AuthResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "temperror" | "permerror" | "policy";

export interface AuthIdentifier {
  result: AuthResult;
  /** SPF: the MAIL FROM (or HELO) domain; DKIM: the signature's d=. */
  domain: string;
}

export interface DmarcCheckInput {
  /** The RFC5322.From domain. */
  from: string;
  spf?: AuthIdentifier | null;
  dkim?: AuthIdentifier[];
}

/** The DNS as the caller answers it: each name (such as "_dmarc.example.com") maps to its TXT
 * records, or to "TIMEOUT" for a temporary failure. A name is missing: NXDOMAIN. A name exists
 * when it or a name below it is listed (list "sub.example.com": [] to say a subdomain exists). */
export type DnsZone = Record<string, string[] | "TIMEOUT">;

export type DmarcResult = "pass" | "fail" | "none" | "temperror" | "permerror";
export type DmarcDisposition = "none" | "quarantine" | "reject";
export type DmarcPolicySource = "p" | "sp" | "np" | "fallback-none";

export interface AlignmentCheck {
  mechanism: "spf" | "dkim";
  domain: string;
  result: AuthResult;
  mode: AlignmentMode;
  /** When a relaxed check needed it. */
  organizationalDomain: string | null;
  /** Passed and aligned. */
  aligned: boolean;
}

export interface DmarcTraceStep {
  name: string;
  query: "txt" | "exists";
  purpose: "policy-discovery" | "organizational-domain" | "non-existent-subdomain";
  answer: "records" | "not-found" | "temp-error" | "exists" | "nxdomain" | "unknown";
  records: string[];
  /** How many of the records are DMARC records. */
  dmarcRecords: number;
}

export interface DmarcEvaluation {
  result: DmarcResult;
  /** What the policy asks for, with t=y applied ("none" unless the result is "fail"). */
  disposition: DmarcDisposition;
  authorDomain: string;
  policyDomain: string | null;
  /** The policy record's text. */
  record: string | null;
  organizationalDomain: string | null;
  /** Before t=y is applied. */
  policy: DmarcPolicy | null;
  policySource: DmarcPolicySource | null;
  testing: boolean;
  authorDomainExists: boolean | null;
  alignments: AlignmentCheck[];
  trace: DmarcTraceStep[];
  diagnostics: Diagnostic[];
}
/** Check a DMARC record (RFC 9989 by default; `{ spec: "rfc7489" }` for RFC 7489). Throws only
 * for malformed options. */
export function validateDmarc(text: string, options?: DmarcOptions): DmarcReport;
/** Check a DKIM-Signature header field; expiry is checked against `options.now` (seconds) or the
 * clock. */
export function validateDkimSignature(text: string, options?: DkimSignatureOptions): DkimSignatureReport;
/** Check any record: its kind is recognised by its version tag. */
export function validateRecord(text: string, options?: RecordOptions): RecordReport;
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

/// `validateSpf` options: `{ domain?: string }`, or nothing. Read by hand, as every options
/// object is: serde-wasm-bindgen's deserializer (with the float formatting its errors use) would
/// add kilobytes to the package.
#[cfg(not(deliverkit_omit = "spf"))]
fn spf_options(options: Option<JsValue>) -> Result<Option<String>, JsError> {
    match options {
        Some(o) if !absent(&o) => {
            if !o.is_object() {
                return Err(JsError::new(
                    "validateSpf options: expected an object such as { domain: \"example.com\" }",
                ));
            }
            opt_string(&field(&o, "domain"), "validateSpf options: domain")
        }
        _ => Ok(None),
    }
}

/// The whole report of `validateSpf`: every term with its span and every finding. The package's
/// `validateSpf` (pkg/index.js) calls it when `terms` or `diagnostics` is first read.
///
/// ```js
/// const r = validateSpf("v=spf1 ip4:192.0.2.0/24 +all");
/// r.valid;                      // true (the syntax is fine)
/// r.diagnostics[0].code;        // "spf/pass-all"
/// ```
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = __validateSpfReport, skip_typescript)]
pub fn validate_spf(record: &str, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let domain = spf_options(options)?;
    let mut r = crate::spf::validate_spf_with(
        record,
        &crate::spf::SpfOptions {
            domain: domain.as_deref(),
        },
    );
    r.locate(record);
    Ok(to_js(&r))
}

/// `valid` (bit 0) and `lookupTerms` (the bits above) of `validateSpf`, without building the
/// report: what pkg/index.js's `validateSpf` fills in at once. No options (the domain adds
/// warnings only, it cannot change either figure) and no `Result`: a call that returns a plain
/// number is the cheapest wasm-bindgen makes.
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = __spfValidity, skip_typescript)]
pub fn spf_validity(record: &str) -> u32 {
    let (valid, lookups) = crate::spf::validity(record);
    u32::from(valid) | lookups.min(u32::MAX >> 1) << 1
}

/// The bytes of the scratch buffer (`SCRATCH_BYTES` in pkg/index.js): three per UTF-16 unit of
/// the longest record it takes.
#[cfg(not(deliverkit_omit = "spf"))]
const SCRATCH_BYTES: usize = 3 * 4096;

#[cfg(not(deliverkit_omit = "spf"))]
thread_local! {
    /// Where pkg/index.js writes a record with `TextEncoder.encodeInto` before asking
    /// `__spfValidityOf` about it: passing the string as an argument copies it through a JS loop
    /// a character at a time, a quarter of a validity check. Allocated once and never resized,
    /// so the JS view over it stays valid until the memory itself grows.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; SCRATCH_BYTES]);
}

/// Where the scratch buffer starts in the module's memory.
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = __spfScratch, skip_typescript)]
pub fn spf_scratch() -> usize {
    SCRATCH.with(|s| s.borrow().as_ptr() as usize)
}

/// The module's memory, for the view pkg/index.js keeps over the scratch buffer.
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = __memory, skip_typescript)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// `__spfValidity` of the record written in the first `len` bytes of the scratch buffer.
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = __spfValidityOf, skip_typescript)]
pub fn spf_validity_of(len: usize) -> u32 {
    SCRATCH.with(|s| {
        let s = s.borrow();
        let bytes = &s[..len.min(s.len())];
        // encodeInto writes UTF-8 (a lone surrogate as U+FFFD), so this never fails; from_utf8
        // checks ASCII a word at a time, where from_utf8_lossy goes byte by byte.
        match std::str::from_utf8(bytes) {
            Ok(text) => spf_validity(text),
            Err(_) => spf_validity(&String::from_utf8_lossy(bytes)),
        }
    })
}

/// Throws for malformed `validateSpf` options, as `validateSpf` must at the call (pkg/index.js
/// calls it when options are given).
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = __spfOptions, skip_typescript)]
pub fn spf_options_check(options: JsValue) -> Result<(), JsError> {
    spf_options(Some(options)).map(drop)
}

struct CheckParams {
    ip: String,
    sender: String,
    helo: String,
    domain: Option<String>,
    receiver: Option<String>,
    now: f64,
}

fn check_params(params: JsValue) -> Result<CheckParams, JsError> {
    let err = |m: &str| JsError::new(&format!("checkHost params: {m}"));
    if !params.is_object() {
        return Err(err("expected an object such as { ip, sender, helo }"));
    }
    let text = |k: &str| opt_string(&field(&params, k), &format!("checkHost params: `{k}`"));
    let now = field(&params, "now");
    Ok(CheckParams {
        ip: text("ip")?.ok_or_else(|| err("missing field `ip`"))?,
        sender: text("sender")?.unwrap_or_default(),
        helo: text("helo")?.unwrap_or_default(),
        domain: text("domain")?,
        receiver: text("receiver")?,
        now: match now.as_f64() {
            Some(n) => n,
            None if absent(&now) => 0.0,
            None => return Err(err("`now` must be a number (seconds since 1970)")),
        },
    })
}

/// A zone given as a plain object (the OpenSPF suite's zonedata shape, see [`crate::spf::Zone`]),
/// read into the entries `Zone::from_entries` takes.
fn zone_from_js(zone: &JsValue) -> Result<crate::spf::Zone, String> {
    use crate::spf::zone::{Entry, Scalar, Value};
    use std::collections::BTreeMap;
    use wasm_bindgen::JsCast;
    fn pairs(o: &JsValue) -> Vec<(String, JsValue)> {
        js_sys::Object::entries(o.unchecked_ref())
            .iter()
            .map(|p| {
                let p: js_sys::Array = p.unchecked_into();
                (p.get(0).as_string().unwrap_or_default(), p.get(1))
            })
            .collect()
    }
    fn scalar(v: &JsValue) -> Option<Scalar> {
        match v.as_f64() {
            // A whole number, as the JSON reader takes it.
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0 => {
                Some(Scalar::Num(n as u64))
            }
            Some(_) => None,
            None => v.as_string().map(Scalar::Str),
        }
    }
    let is_map = |v: &JsValue| v.is_object() && !js_sys::Array::is_array(v);
    if !is_map(zone) {
        return Err("expected an object of names, each with a list of records".into());
    }
    let mut raw = BTreeMap::new();
    for (name, list) in pairs(zone) {
        if !js_sys::Array::is_array(&list) {
            return Err(format!("{name}: expected a list of records"));
        }
        let mut entries = Vec::new();
        for e in js_sys::Array::from(&list).iter() {
            if let Some(flag) = e.as_string() {
                entries.push(Entry::Flag(flag));
                continue;
            }
            if !is_map(&e) {
                return Err(format!(
                    "{name}: a record is {{ TYPE: value }} or \"TIMEOUT\""
                ));
            }
            let mut map = BTreeMap::new();
            for (ty, v) in pairs(&e) {
                let value = if js_sys::Array::is_array(&v) {
                    js_sys::Array::from(&v)
                        .iter()
                        .map(|x| scalar(&x))
                        .collect::<Option<Vec<_>>>()
                        .map(Value::List)
                } else {
                    scalar(&v).map(|x| match x {
                        Scalar::Num(n) => Value::Num(n),
                        Scalar::Str(s) => Value::Str(s),
                    })
                };
                let value = value.ok_or_else(|| {
                    format!("{name}: a {ty} value is a string, a whole number or a list of them")
                })?;
                map.insert(ty, value);
            }
            entries.push(Entry::Record(map));
        }
        raw.insert(name, entries);
    }
    Ok(crate::spf::Zone::from_entries(raw))
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
#[cfg(not(deliverkit_omit = "spf"))]
#[wasm_bindgen(js_name = checkHost, unchecked_return_type = "SpfCheckResult")]
pub fn check_host(
    #[wasm_bindgen(unchecked_param_type = "CheckHostParams")] params: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SpfZone")] zone: JsValue,
) -> Result<JsValue, JsError> {
    let p = check_params(params)?;
    let zone = zone_from_js(&zone).map_err(|e| JsError::new(&format!("checkHost zone: {e}")))?;
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
#[cfg(not(deliverkit_omit = "spf"))]
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
                // A list of strings; anything else is a resolver that failed.
                Ok(v) if js_sys::Array::is_array(&v) => js_sys::Array::from(&v)
                    .iter()
                    .map(|x| x.as_string())
                    .collect::<Option<Vec<_>>>()
                    .map_or(CachedAnswer::TempError, CachedAnswer::Records),
                Ok(_) => CachedAnswer::TempError,
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
#[cfg(not(deliverkit_omit = "bounce"))]
#[wasm_bindgen(js_name = decodeBounce, unchecked_return_type = "BounceReport")]
pub fn decode_bounce(raw: &str) -> JsValue {
    let mut r = crate::decode_bounce(raw);
    r.locate(raw);
    to_js(&r)
}

/// `decodeBounce` of a text that pkg/index.js has encoded with `TextEncoder` (so valid UTF-8, a
/// lone surrogate as U+FFFD, as wasm-bindgen's own string argument writes it): wasm-bindgen
/// passes a string through a JS loop a character at a time, a tenth of a bounce's time in Node;
/// `encode` is native and an array argument is one copy.
#[cfg(not(deliverkit_omit = "bounce"))]
#[wasm_bindgen(js_name = __decodeBounceUtf8, skip_typescript)]
pub fn decode_bounce_utf8(raw: &[u8]) -> JsValue {
    match std::str::from_utf8(raw) {
        Ok(text) => decode_bounce(text),
        Err(_) => decode_bounce(&String::from_utf8_lossy(raw)),
    }
}

/// Score a message for deliverability: findings from the rules of data/content-rules.tsv and
/// the learned model, on SpamAssassin's scale (verdict "spam" at 5.0 or more), with the parsed
/// summary and the header analysis of a received copy. Never throws for bad input.
///
/// ```js
/// const r = scoreMessage(emlText);
/// r.verdict;                    // "ham"
/// r.findings[0].rule;           // "structure/html-only"
/// ```
#[cfg(not(deliverkit_omit = "content"))]
#[wasm_bindgen(js_name = scoreMessage, unchecked_return_type = "ScoreReport")]
pub fn score_message(raw: &str) -> JsValue {
    let mut r = crate::content::score_message(raw);
    r.locate(raw);
    to_js(&r)
}

/// [`score_message`] for the bytes of a file (legacy 8-bit charsets stay intact). Spans are byte
/// offsets; they carry UTF-16 locations only when the bytes are valid UTF-8.
#[cfg(not(deliverkit_omit = "content"))]
#[wasm_bindgen(js_name = scoreMessageBytes, unchecked_return_type = "ScoreReport")]
pub fn score_message_bytes(raw: &[u8]) -> JsValue {
    let mut r = crate::content::score_message_bytes(raw);
    if let Ok(s) = std::str::from_utf8(raw) {
        r.locate(s);
    }
    to_js(&r)
}

// ---- records ------------------------------------------------------------------------------------

// Options and inputs are read field by field with js_sys rather than through serde: serde's
// deserializers (and the float formatting of their error messages) would double the .wasm size.

fn field(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

fn opt_string(v: &JsValue, what: &str) -> Result<Option<String>, JsError> {
    if absent(v) {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| JsError::new(&format!("{what} must be a string")))
}

fn opt_seconds(v: &JsValue, what: &str) -> Result<Option<u64>, JsError> {
    if absent(v) {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(Some(n as u64)),
        _ => Err(JsError::new(&format!(
            "{what} must be a number of seconds since the Unix epoch"
        ))),
    }
}

fn dmarc_options(v: &JsValue) -> Result<crate::dmarc::DmarcOptions, JsError> {
    let mut o = crate::dmarc::DmarcOptions::default();
    if absent(v) {
        return Ok(o);
    }
    o.spec = match opt_string(&field(v, "spec"), "options.spec")?.as_deref() {
        None | Some("rfc9989") => crate::dmarc::DmarcSpec::Rfc9989,
        Some("rfc7489") => crate::dmarc::DmarcSpec::Rfc7489,
        Some(other) => {
            return Err(JsError::new(&format!(
                "options.spec must be \"rfc9989\" or \"rfc7489\", not {other:?}"
            )))
        }
    };
    o.domain = opt_string(&field(v, "domain"), "options.domain")?;
    Ok(o)
}

fn identifier(v: &JsValue, what: &str) -> Result<crate::dmarc::Identifier, JsError> {
    let result = opt_string(&field(v, "result"), what)?
        .ok_or_else(|| JsError::new(&format!("{what}.result is required")))?;
    let domain = opt_string(&field(v, "domain"), what)?
        .ok_or_else(|| JsError::new(&format!("{what}.domain is required")))?;
    Ok(crate::dmarc::Identifier {
        result: result
            .parse()
            .map_err(|e: String| JsError::new(&format!("{what}.result: {e}")))?,
        domain,
    })
}

fn now_seconds() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// Check a DMARC record (RFC 9989 by default). Throws only for malformed options.
///
/// ```js
/// validateDmarc("v=DMARC1; p=reject; rua=mailto:d@example.com").valid; // true
/// validateDmarc("v=DMARC1; p=reject; pct=50", { spec: "rfc7489", domain: "example.com" });
/// ```
// Declared in TS_TYPES (an optional, typed parameter).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateDmarc, skip_typescript)]
pub fn validate_dmarc(text: &str, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let opts = dmarc_options(&options.unwrap_or(JsValue::UNDEFINED))?;
    let mut r = crate::dmarc::validate_dmarc_with(text, &opts);
    r.locate(text);
    Ok(to_js(&r))
}

/// Check a DKIM key record (the TXT record at `<selector>._domainkey.<domain>`).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateDkimKey, unchecked_return_type = "DkimKeyReport")]
pub fn validate_dkim_key(text: &str) -> JsValue {
    let mut r = crate::dkim::validate_dkim_key(text);
    r.locate(text);
    to_js(&r)
}

/// Check a `DKIM-Signature` header field; expiry is checked against `options.now` or the clock.
// Declared in TS_TYPES (an optional, typed parameter).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateDkimSignature, skip_typescript)]
pub fn validate_dkim_signature(text: &str, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let now = if absent(&options) {
        None
    } else {
        opt_seconds(&field(&options, "now"), "options.now")?
    };
    let opts = crate::dkim::DkimSignatureOptions {
        now: now.or_else(|| Some(now_seconds())),
    };
    let mut r = crate::dkim::validate_dkim_signature_with(text, &opts);
    r.locate(text);
    Ok(to_js(&r))
}

/// Check an `_mta-sts` TXT record.
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateMtaStsTxt, unchecked_return_type = "MtaStsTxtReport")]
pub fn validate_mta_sts_txt(text: &str) -> JsValue {
    let mut r = crate::mtasts::validate_mta_sts_txt(text);
    r.locate(text);
    to_js(&r)
}

/// Check an MTA-STS policy file (`.well-known/mta-sts.txt`).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateMtaStsPolicy, unchecked_return_type = "MtaStsPolicyReport")]
pub fn validate_mta_sts_policy(text: &str) -> JsValue {
    let mut r = crate::mtasts::validate_mta_sts_policy(text);
    r.locate(text);
    to_js(&r)
}

/// Check a TLS-RPT record (`_smtp._tls`).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateTlsRpt, unchecked_return_type = "TlsRptReport")]
pub fn validate_tls_rpt(text: &str) -> JsValue {
    let mut r = crate::tlsrpt::validate_tls_rpt(text);
    r.locate(text);
    to_js(&r)
}

/// Check a BIMI record (`default._bimi`).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateBimi, unchecked_return_type = "BimiReport")]
pub fn validate_bimi(text: &str) -> JsValue {
    let mut r = crate::bimi::validate_bimi(text);
    r.locate(text);
    to_js(&r)
}

/// Check any record: its kind is recognised by its version tag.
///
/// ```js
/// validateRecord("v=TLSRPTv1; rua=mailto:tls@example.com").kind; // "tls-rpt"
/// ```
// Declared in TS_TYPES (an optional, typed parameter).
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = validateRecord, skip_typescript)]
pub fn validate_record(text: &str, options: Option<JsValue>) -> Result<JsValue, JsError> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let mut opts = crate::record::RecordOptions::default();
    if !absent(&options) {
        opts.dmarc = dmarc_options(&field(&options, "dmarc"))?;
        opts.now = opts_seconds_now(&options)?;
    }
    opts.now = opts.now.or_else(|| Some(now_seconds()));
    let mut r = crate::record::validate_record_with(text, &opts);
    r.locate(text);
    Ok(to_js(&r))
}

fn opts_seconds_now(options: &JsValue) -> Result<Option<u64>, JsError> {
    opt_seconds(&field(options, "now"), "options.now")
}

/// Evaluate DMARC for a message against a zone given as a plain object. Throws for a malformed
/// input or zone (a value that is neither an array of strings nor "TIMEOUT").
///
/// ```js
/// evaluateDmarc(
///   { from: "example.com", spf: { result: "pass", domain: "mail.example.com" } },
///   { "_dmarc.example.com": ["v=DMARC1; p=reject"] },
/// ).result; // "pass"
/// ```
#[cfg(not(deliverkit_omit = "records"))]
#[wasm_bindgen(js_name = evaluateDmarc, unchecked_return_type = "DmarcEvaluation")]
pub fn evaluate_dmarc(
    #[wasm_bindgen(unchecked_param_type = "DmarcCheckInput")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DnsZone")] zone: JsValue,
) -> Result<JsValue, JsError> {
    if !input.is_object() {
        return Err(JsError::new(
            "bad input: give an object { from, spf, dkim }",
        ));
    }
    let from = opt_string(&field(&input, "from"), "input.from")?
        .ok_or_else(|| JsError::new("bad input: input.from is required"))?;
    let spf = field(&input, "spf");
    let spf = if absent(&spf) {
        None
    } else {
        Some(identifier(&spf, "input.spf")?)
    };
    let mut dkim = Vec::new();
    let list = field(&input, "dkim");
    if !absent(&list) {
        if !js_sys::Array::is_array(&list) {
            return Err(JsError::new("bad input: input.dkim must be an array"));
        }
        for (i, d) in js_sys::Array::from(&list).iter().enumerate() {
            dkim.push(identifier(&d, &format!("input.dkim[{i}]"))?);
        }
    }
    let input = crate::dmarc::DmarcInput { from, spf, dkim };
    if !zone.is_object() {
        return Err(JsError::new(
            "bad zone: give an object mapping names to TXT records",
        ));
    }
    let mut resolver = crate::dmarc::MapResolver::new();
    for entry in js_sys::Object::entries(zone.unchecked_ref()).iter() {
        let pair = js_sys::Array::from(&entry);
        let name = pair.get(0).as_string().unwrap_or_default();
        let value = pair.get(1);
        if value.as_string().as_deref() == Some("TIMEOUT") {
            resolver.insert_timeout(&name);
            continue;
        }
        let records: Option<Vec<String>> = js_sys::Array::is_array(&value)
            .then(|| {
                js_sys::Array::from(&value)
                    .iter()
                    .map(|r| r.as_string())
                    .collect()
            })
            .flatten();
        match records {
            Some(r) => resolver.insert(&name, r),
            None => {
                return Err(JsError::new(&format!(
                    "bad zone: {name} must map to an array of TXT strings or \"TIMEOUT\""
                )))
            }
        }
    }
    Ok(to_js(&crate::dmarc::evaluate_dmarc(&input, &mut resolver)))
}
