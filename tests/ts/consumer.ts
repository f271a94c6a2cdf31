// A TypeScript consumer of the package declarations (pkg/index.d.ts over the generated pkg/deliverkit.d.ts).
// `npm run test:types` (tsc --noEmit, strict) fails if a type is missing, wrong, or `any`.
// Nothing here runs; it only has to type-check.

import init, { version, decodeSmtp, decodeSmtpLines, validateSpf, checkHost, checkHostAsync, decodeBounce, validateRecord, evaluateDmarc, scoreMessage, scoreMessageBytes } from "../../pkg/index.js";
import type {
  Advice,
  AdviceAction,
  BounceKind,
  BounceRecipient,
  BounceReport,
  Diagnostic,
  DiagnosticCode,
  Reason,
  ReasonSource,
  SmtpCommand,
  Location as SpanLocation,
  ReplyClass,
  Severity,
  SmtpReport,
  Span,
  CheckHostParams,
  SpfCheckResult,
  SpfOptions,
  SpfQualifier,
  SpfQueryType,
  SpfReport,
  SpfResolver,
  SpfTerm,
  SpfTraceStep,
  SpfVerdict,
  SpfZone,
  SpfZoneRecord,
  RecordReport,
  RecordKind,
  RecordForm,
  RecordOptions,
  Tag,
  DmarcOptions,
  DmarcSpec,
  DmarcCheckInput,
  DnsZone,
  DmarcEvaluation,
  DmarcResult,
  DmarcDisposition,
  ScoreReport,
  Finding,
  Evidence,
  HeaderField,
  MessageSummary,
  MimePart,
  Link,
  Image as MessageImage,
  Attachment,
  Trace,
  Hop,
  AuthVerdict,
  RuleId,
  RuleCategory,
} from "../../pkg/index.js";

// ---- exact type equality (false for `any`, for a wider or a narrower type) --------------------

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<_T extends true>(): void {}

// The documented unions, written out independently of the declarations.
assertType<Equals<Severity, "error" | "warning" | "info">>();
assertType<Equals<ReplyClass, "success" | "transient" | "permanent" | "unknown">>();

// The closed string sets: unions of literals, never plain `string` (nor `any`).
type IsLiteralUnion<T> = [T] extends [string] ? (string extends T ? false : true) : false;
assertType<IsLiteralUnion<DiagnosticCode>>();
assertType<IsLiteralUnion<Reason>>();
assertType<IsLiteralUnion<AdviceAction>>();
assertType<IsLiteralUnion<SmtpCommand>>();
// Members the documentation and the page rely on.
const knownCodes: DiagnosticCode[] = ["input/empty", "input/too-large", "input/binary", "smtp/no-reply-code"];
const knownReasons: Reason[] = ["userunknown", "ratelimited", "authfailure", "undefined", "mailboxfull", "blocked"];
const knownActions: AdviceAction[] = ["retry-later", "remove-address", "fix-authentication", "slow-down"];
const knownCommands: SmtpCommand[] = ["RCPT", "MAIL", "DATA", "EHLO", "HELO", "CONN"];
void [knownCodes, knownReasons, knownActions, knownCommands];

// Every field of every interface, with its documented type.
assertType<Equals<SpanLocation["utf16Start"], number>>();
assertType<Equals<SpanLocation["utf16End"], number>>();
assertType<Equals<SpanLocation["line"], number>>();
assertType<Equals<SpanLocation["column"], number>>();
assertType<Equals<keyof SpanLocation, "utf16Start" | "utf16End" | "line" | "column">>();

assertType<Equals<Span["start"], number>>();
assertType<Equals<Span["end"], number>>();
assertType<Equals<keyof Span, "start" | "end" | "loc">>();
assertType<Equals<Required<Span>["loc"], SpanLocation>>();

assertType<Equals<Diagnostic["code"], DiagnosticCode>>();
assertType<Equals<Diagnostic["severity"], Severity>>();
assertType<Equals<Diagnostic["message"], string>>();
assertType<Equals<Diagnostic["help"], string | null>>();
assertType<Equals<Diagnostic["reference"], string | null>>();
assertType<Equals<Diagnostic["span"], Span | null>>();
assertType<Equals<keyof Diagnostic, "code" | "severity" | "message" | "help" | "reference" | "span">>();

assertType<Equals<Advice["action"], AdviceAction>>();
assertType<Equals<Advice["retry"], boolean>>();
assertType<Equals<Advice["retryAfterMinutes"], number[]>>();
assertType<Equals<Advice["giveUpAfterHours"], number | null>>();
assertType<Equals<Advice["summary"], string>>();
assertType<Equals<Advice["docUrl"], string | null>>();
assertType<Equals<keyof Advice, "action" | "retry" | "retryAfterMinutes" | "giveUpAfterHours" | "summary" | "docUrl">>();

assertType<Equals<SmtpReport["span"], Span>>();
assertType<Equals<SmtpReport["replyCode"], number | null>>();
assertType<Equals<SmtpReport["status"], string | null>>();
assertType<Equals<SmtpReport["class"], ReplyClass>>();
assertType<Equals<SmtpReport["statusText"], string | null>>();
assertType<Equals<SmtpReport["statusDescription"], string | null>>();
assertType<Equals<SmtpReport["reason"], Reason>>();
assertType<Equals<SmtpReport["reasonText"], string>>();
assertType<Equals<SmtpReport["reasonSource"], ReasonSource>>();
assertType<Equals<ReasonSource["rule"], string | null>>();
assertType<Equals<SmtpReport["hardBounce"], boolean>>();
assertType<Equals<SmtpReport["provider"], string | null>>();
assertType<Equals<SmtpReport["providerName"], string | null>>();
assertType<Equals<SmtpReport["providerCode"], string | null>>();
assertType<Equals<SmtpReport["command"], SmtpCommand | null>>();
assertType<Equals<SmtpReport["remoteHost"], string | null>>();
assertType<Equals<SmtpReport["message"], string>>();
assertType<Equals<SmtpReport["advice"], Advice>>();
assertType<Equals<SmtpReport["diagnostics"], Diagnostic[]>>();
assertType<
  Equals<
    keyof SmtpReport,
    | "span" | "replyCode" | "status" | "class" | "statusText" | "statusDescription" | "reason" | "reasonText"
    | "reasonSource" | "hardBounce" | "provider" | "providerName" | "providerCode" | "command" | "remoteHost" | "message"
    | "advice" | "diagnostics"
  >
>();

// ---- SPF ----------------------------------------------------------------------------------------

/** True when K is an optional key of T (false for a required one, and for `any`). */
type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? (Equals<T, any> extends true ? false : true) : false;

assertType<Equals<SpfQualifier, "+" | "-" | "~" | "?">>();
assertType<Equals<SpfVerdict, "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror">>();
assertType<Equals<SpfQueryType, "TXT" | "A" | "AAAA" | "MX" | "PTR">>();
const spfCodes: DiagnosticCode[] = ["spf/pass-all", "spf/too-many-lookups", "spf/quoted-strings", "spf/ptr-deprecated", "spf/missing-version"];
void spfCodes;

assertType<Equals<SpfTerm["span"], Span>>();
assertType<Equals<SpfTerm["kind"], "mechanism" | "modifier" | "invalid">>();
assertType<Equals<SpfTerm["qualifier"], SpfQualifier | null>>();
assertType<Equals<SpfTerm["explicitQualifier"], boolean>>();
assertType<Equals<SpfTerm["name"], string>>();
assertType<Equals<SpfTerm["value"], string | null>>();
assertType<Equals<SpfTerm["valueSpan"], Span | null>>();
assertType<Equals<SpfTerm["domainSpec"], string | null>>();
assertType<Equals<SpfTerm["network"], string | null>>();
assertType<Equals<SpfTerm["cidr4"], number | null>>();
assertType<Equals<SpfTerm["cidr6"], number | null>>();
assertType<Equals<SpfTerm["dnsLookup"], boolean>>();
assertType<
  Equals<
    keyof SpfTerm,
    "span" | "kind" | "qualifier" | "explicitQualifier" | "name" | "value" | "valueSpan" | "domainSpec" | "network" | "cidr4" | "cidr6" | "dnsLookup"
  >
>();

assertType<Equals<SpfReport["valid"], boolean>>();
assertType<Equals<SpfReport["terms"], SpfTerm[]>>();
assertType<Equals<SpfReport["lookupTerms"], number>>();
assertType<Equals<SpfReport["diagnostics"], Diagnostic[]>>();
assertType<Equals<keyof SpfReport, "valid" | "terms" | "lookupTerms" | "diagnostics">>();

assertType<Equals<keyof SpfOptions, "domain">>();
assertType<Equals<Required<SpfOptions>["domain"], string>>();
assertType<IsOptional<SpfOptions, "domain">>();

assertType<Equals<SpfTraceStep["depth"], number>>();
assertType<Equals<SpfTraceStep["domain"], string>>();
assertType<Equals<SpfTraceStep["event"], "query" | "record" | "term" | "match" | "include" | "redirect" | "result" | "error" | "explanation">>();
assertType<Equals<SpfTraceStep["detail"], string>>();
assertType<Equals<keyof SpfTraceStep, "depth" | "domain" | "event" | "detail">>();

assertType<Equals<SpfCheckResult["result"], SpfVerdict>>();
assertType<Equals<SpfCheckResult["reason"], string>>();
assertType<Equals<SpfCheckResult["explanation"], string | null>>();
assertType<Equals<SpfCheckResult["matched"], { domain: string; term: string } | null>>();
assertType<Equals<SpfCheckResult["lookups"], number>>();
assertType<Equals<SpfCheckResult["voidLookups"], number>>();
assertType<Equals<SpfCheckResult["trace"], SpfTraceStep[]>>();
assertType<Equals<SpfCheckResult["pending"], { queryType: SpfQueryType; name: string } | null>>();
assertType<Equals<keyof SpfCheckResult, "result" | "reason" | "explanation" | "matched" | "lookups" | "voidLookups" | "trace" | "pending">>();

assertType<Equals<CheckHostParams["ip"], string>>();
assertType<Equals<Required<CheckHostParams>["sender"], string>>();
assertType<Equals<Required<CheckHostParams>["helo"], string>>();
assertType<Equals<Required<CheckHostParams>["domain"], string>>();
assertType<Equals<Required<CheckHostParams>["receiver"], string>>();
assertType<Equals<Required<CheckHostParams>["now"], number>>();
assertType<Equals<keyof CheckHostParams, "ip" | "sender" | "helo" | "domain" | "receiver" | "now">>();
assertType<Equals<IsOptional<CheckHostParams, "ip">, false>>();
assertType<IsOptional<CheckHostParams, "sender">>();
assertType<IsOptional<CheckHostParams, "helo">>();
assertType<IsOptional<CheckHostParams, "domain">>();
assertType<IsOptional<CheckHostParams, "receiver">>();
assertType<IsOptional<CheckHostParams, "now">>();

assertType<
  Equals<
    SpfZoneRecord,
    | "TIMEOUT"
    | { TXT: string | string[] }
    | { SPF: string | string[] }
    | { A: string }
    | { AAAA: string }
    | { MX: [number, string] }
    | { PTR: string }
    | { CNAME: string }
  >
>();
assertType<Equals<SpfZone, Record<string, SpfZoneRecord[]>>>();
assertType<Equals<SpfResolver, (type: SpfQueryType, name: string) => Promise<string[] | null>>>();

assertType<Equals<Parameters<typeof validateSpf>, [record: string, options?: SpfOptions]>>();
assertType<Equals<ReturnType<typeof validateSpf>, SpfReport>>();
assertType<Equals<Parameters<typeof checkHost>, [params: CheckHostParams, zone: SpfZone]>>();
assertType<Equals<ReturnType<typeof checkHost>, SpfCheckResult>>();
assertType<Equals<Parameters<typeof checkHostAsync>, [params: CheckHostParams, resolver: SpfResolver]>>();
assertType<Equals<ReturnType<typeof checkHostAsync>, Promise<SpfCheckResult>>>();

// The functions.
assertType<Equals<ReturnType<typeof version>, string>>();
assertType<Equals<Parameters<typeof decodeSmtp>, [text: string]>>();
assertType<Equals<ReturnType<typeof decodeSmtp>, SmtpReport>>();
assertType<Equals<Parameters<typeof decodeSmtpLines>, [text: string]>>();
assertType<Equals<ReturnType<typeof decodeSmtpLines>, SmtpReport[]>>();

// ---- ordinary use, as an application would write it --------------------------------------------

function severityLabel(severity: Severity): string {
  switch (severity) {
    case "error":
      return "Error";
    case "warning":
      return "Warning";
    case "info":
      return "Info";
    default: {
      const unreachable: never = severity; // fails if Severity is wider than the three literals
      return unreachable;
    }
  }
}

function classLabel(cls: ReplyClass): string {
  switch (cls) {
    case "success":
      return "delivered";
    case "transient":
      return "try again later";
    case "permanent":
      return "rejected";
    case "unknown":
      return "unknown";
    default: {
      const unreachable: never = cls;
      return unreachable;
    }
  }
}

function describeSpan(span: Span, input: string): string {
  const start: number = span.start;
  const end: number = span.end;
  const loc: SpanLocation | undefined = span.loc;
  if (loc === undefined) return `bytes ${start}..${end}`;
  const line: number = loc.line;
  const column: number = loc.column;
  const text: string = input.slice(loc.utf16Start, loc.utf16End);
  return `line ${line}, column ${column}: ${text}`;
}

function describeDiagnostic(d: Diagnostic, input: string): string {
  const code: string = d.code;
  const message: string = d.message;
  const help: string | null = d.help;
  const reference: string | null = d.reference;
  const span: Span | null = d.span;
  const where = span === null ? "" : ` (${describeSpan(span, input)})`;
  return `${severityLabel(d.severity)} ${code}: ${message}${where}${help ?? ""}${reference ?? ""}`;
}

function describeAdvice(a: Advice): string {
  const action: string = a.action;
  const retry: boolean = a.retry;
  const delays: number[] = a.retryAfterMinutes;
  const firstDelay: number | undefined = delays[0];
  const giveUp: number | null = a.giveUpAfterHours;
  const summary: string = a.summary;
  const doc: string | null = a.docUrl;
  const total: number = delays.reduce((sum, m) => sum + m, 0);
  return `${action} ${retry ? `retry in ${firstDelay ?? "?"} min (${total} total)` : "no retry"} ${giveUp ?? "-"} ${summary} ${doc ?? ""}`;
}

function describe(r: SmtpReport, input: string): string {
  const span: Span = r.span;
  const replyCode: number | null = r.replyCode;
  const status: string | null = r.status;
  const cls: ReplyClass = r.class;
  const statusText: string | null = r.statusText;
  const statusDescription: string | null = r.statusDescription;
  const reason: string = r.reason;
  const reasonText: string = r.reasonText;
  const hard: boolean = r.hardBounce;
  const provider: string | null = r.provider;
  const providerName: string | null = r.providerName;
  const providerCode: string | null = r.providerCode;
  const command: string | null = r.command;
  const remoteHost: string | null = r.remoteHost;
  const message: string = r.message;
  const advice: Advice = r.advice;
  const diagnostics: Diagnostic[] = r.diagnostics;

  const nextCode: number = (replyCode ?? 0) + 1;
  const errors: Diagnostic[] = diagnostics.filter((d) => d.severity === "error");
  return [
    describeSpan(span, input),
    String(nextCode),
    status?.split(".").length ?? 0,
    classLabel(cls),
    statusText?.toUpperCase(),
    statusDescription?.length,
    reason.toUpperCase(),
    reasonText,
    hard ? "hard" : "soft",
    provider?.toUpperCase(),
    providerName,
    providerCode,
    command?.toLowerCase(),
    remoteHost?.endsWith(".example"),
    message.trim(),
    describeAdvice(advice),
    errors.map((d) => describeDiagnostic(d, input)).join("\n"),
  ].join(" ");
}

async function main(): Promise<void> {
  await init();
  const v: string = version();
  const input = "451 4.7.0 Temporary server error. Please try again later. PRX2";
  const one: SmtpReport = decodeSmtp(input);
  const many: SmtpReport[] = decodeSmtpLines(`${input}\n${input}`);
  console.log(v, describe(one, input), many.map((r) => describe(r, input)).length);

  // ---- wrong uses that must NOT compile (each would compile if the type were `any`) ----------

  // @ts-expect-error reason is a string, not a number
  const badReason: number = one.reason;
  // @ts-expect-error replyCode can be null
  const badCode: number = one.replyCode;
  // @ts-expect-error class is a closed union, not any string
  const badClass: ReplyClass = "bounced";
  // @ts-expect-error severity is a closed union
  const badSeverity: Severity = one.diagnostics[0]?.message ?? "error";
  // @ts-expect-error hardBounce is a boolean
  const badHard: string = one.hardBounce;
  // @ts-expect-error retryAfterMinutes holds numbers
  const badDelays: string[] = one.advice.retryAfterMinutes;
  // @ts-expect-error loc is optional: it may be undefined
  const badLoc: SpanLocation = one.span.loc;
  // @ts-expect-error a diagnostic's span can be null
  const badSpan: Span = one.diagnostics[0]!.span;
  // @ts-expect-error not a reason of the taxonomy
  const badReasonName: Reason = "bounced";
  // @ts-expect-error not a registered diagnostic code
  const badCodeName: DiagnosticCode = "smtp/whatever";
  // @ts-expect-error command names are upper case
  const badCommand: SmtpCommand = "rcpt";
  // @ts-expect-error no such field
  const missing: unknown = one.replyText;
  // @ts-expect-error decodeSmtp takes a string
  decodeSmtp(42);
  // @ts-expect-error decodeSmtpLines returns an array, not one report
  const notOne: SmtpReport = decodeSmtpLines(input);
  // @ts-expect-error version() returns a string
  const badVersion: number = version();
  void [badReasonName, badCodeName, badCommand, badReason, badCode, badClass, badSeverity, badHard, badDelays, badLoc, badSpan, missing, notOne, badVersion];
}

void main;

// ---- SPF, as an application would use it ---------------------------------------------------------

function qualifierWord(q: SpfQualifier): string {
  switch (q) {
    case "+":
      return "pass";
    case "-":
      return "fail";
    case "~":
      return "softfail";
    case "?":
      return "neutral";
    default: {
      const unreachable: never = q;
      return unreachable;
    }
  }
}

function verdictIsFinal(v: SpfVerdict): boolean {
  switch (v) {
    case "pass":
    case "fail":
    case "softfail":
    case "neutral":
    case "none":
    case "permerror":
      return true;
    case "temperror":
      return false;
    default: {
      const unreachable: never = v;
      return unreachable;
    }
  }
}

function describeTerm(t: SpfTerm, record: string): string {
  const span: Span = t.span;
  const kind: "mechanism" | "modifier" | "invalid" = t.kind;
  const qualifier: SpfQualifier | null = t.qualifier;
  const explicit: boolean = t.explicitQualifier;
  const name: string = t.name;
  const value: string | null = t.value;
  const valueSpan: Span | null = t.valueSpan;
  const domainSpec: string | null = t.domainSpec;
  const network: string | null = t.network;
  const cidr4: number | null = t.cidr4;
  const cidr6: number | null = t.cidr6;
  const lookup: boolean = t.dnsLookup;
  const prefixBits: number = (cidr4 ?? 32) + (cidr6 ?? 128);
  return [
    describeSpan(span, record),
    kind.toUpperCase(),
    qualifier === null ? "-" : qualifierWord(qualifier),
    explicit ? "explicit" : "default",
    name.toLowerCase(),
    value?.length,
    valueSpan === null ? "" : describeSpan(valueSpan, record),
    domainSpec?.toLowerCase(),
    network?.split(".").length,
    String(prefixBits),
    lookup ? "lookup" : "no lookup",
  ].join(" ");
}

function describeSpfReport(r: SpfReport, record: string): string {
  const valid: boolean = r.valid;
  const terms: SpfTerm[] = r.terms;
  const lookups: number = r.lookupTerms;
  const diagnostics: Diagnostic[] = r.diagnostics;
  const over: boolean = lookups > 10;
  return `${valid ? "valid" : "invalid"} ${over} ${terms.map((t) => describeTerm(t, record)).join("; ")} ${diagnostics
    .map((d) => describeDiagnostic(d, record))
    .join("; ")}`;
}

function describeStep(step: SpfTraceStep): string {
  const depth: number = step.depth;
  const domain: string = step.domain;
  const event: SpfTraceStep["event"] = step.event;
  const detail: string = step.detail;
  return `${"  ".repeat(depth)}${event.toUpperCase()} ${domain}: ${detail}`;
}

function describeCheck(r: SpfCheckResult): string {
  const result: SpfVerdict = r.result;
  const reason: string = r.reason;
  const explanation: string | null = r.explanation;
  const matched: { domain: string; term: string } | null = r.matched;
  const lookups: number = r.lookups;
  const voids: number = r.voidLookups;
  const trace: SpfTraceStep[] = r.trace;
  const pending: { queryType: SpfQueryType; name: string } | null = r.pending;
  const pendingType: SpfQueryType | undefined = pending?.queryType;
  return [
    result,
    verdictIsFinal(result) ? "final" : "retry",
    reason,
    explanation ?? "",
    matched === null ? "" : `${matched.term} at ${matched.domain.toLowerCase()}`,
    String(lookups + voids),
    trace.map(describeStep).join("\n"),
    pendingType ?? "",
    pending?.name ?? "",
  ].join(" ");
}

const zoneRecords: SpfZoneRecord[] = [
  "TIMEOUT",
  { TXT: "v=spf1 -all" },
  { TXT: ["v=spf1 ", "-all"] },
  { SPF: "v=spf1 -all" },
  { A: "192.0.2.1" },
  { AAAA: "2001:db8::1" },
  { MX: [10, "mx.example.com"] },
  { PTR: "mail.example.com" },
  { CNAME: "example.net" },
];
const zone: SpfZone = { "example.com": zoneRecords, "mx.example.com": [{ A: "192.0.2.1" }] };
const zoneEntry: SpfZoneRecord[] | undefined = zone["example.com"];
void zoneEntry;

const resolver: SpfResolver = async (type: SpfQueryType, name: string): Promise<string[] | null> => {
  const answers: SpfZoneRecord[] = zone[name] ?? [];
  if (answers.length === 0) return null;
  if (answers.includes("TIMEOUT")) throw new Error("timeout");
  return type === "TXT" ? ["v=spf1 -all"] : [];
};

async function spfMain(): Promise<void> {
  const record = "v=spf1 ip4:192.0.2.0/24 +all";
  const options: SpfOptions = { domain: "example.com" };
  const noOptions: SpfOptions = {};
  const report: SpfReport = validateSpf(record, options);
  const bare: SpfReport = validateSpf(record, undefined);
  const plain: SpfReport = validateSpf(record, noOptions);
  const full: CheckHostParams = { ip: "192.0.2.7", sender: "a@example.com", helo: "mail.example.com", domain: "example.com", receiver: "mx.example.org", now: 0 };
  const minimal: CheckHostParams = { ip: "192.0.2.7" };
  const sync: SpfCheckResult = checkHost(full, zone);
  const viaResolver: SpfCheckResult = await checkHostAsync(minimal, resolver);
  console.log(describeSpfReport(report, record), bare.valid, plain.valid, describeCheck(sync), describeCheck(viaResolver));

  // @ts-expect-error the verdict is a closed union: "softpass" is not an SPF result
  const badVerdict: SpfVerdict = "softpass";
  // @ts-expect-error lookupTerms is a number
  const badLookups: string = report.lookupTerms;
  // @ts-expect-error a modifier has no qualifier: qualifier can be null
  const badQualifier: SpfQualifier = report.terms[0]!.qualifier;
  // @ts-expect-error ip is required
  const noIp: CheckHostParams = { sender: "a@example.com" };
  // @ts-expect-error with exactOptionalPropertyTypes, an optional field takes no explicit undefined
  const undefinedSender: CheckHostParams = { ip: "192.0.2.7", sender: undefined };
  // @ts-expect-error MX is [preference, host], not one string
  const badMx: SpfZoneRecord = { MX: "10 mx.example.com" };
  // @ts-expect-error a zone maps names to arrays of records
  const badZone: SpfZone = { "example.com": { TXT: "v=spf1 -all" } };
  // @ts-expect-error the resolver must return a Promise
  const syncResolver: SpfResolver = (_type: SpfQueryType, _name: string) => null;
  // @ts-expect-error checkHostAsync returns a Promise, not a result
  const notAwaited: SpfCheckResult = checkHostAsync(minimal, resolver);
  // @ts-expect-error checkHost takes a zone object, not a resolver
  checkHost(minimal, resolver);
  // @ts-expect-error the trace depth is a number
  const badDepth: string = viaResolver.trace[0]!.depth;
  // @ts-expect-error matched can be null
  const badMatched: string = sync.matched.term;
  void [badVerdict, badLookups, badQualifier, noIp, undefinedSender, badMx, badZone, syncResolver, notAwaited, badDepth, badMatched];
}

void spfMain;

// ---- bounces ------------------------------------------------------------------------------------

assertType<Equals<BounceKind, "bounce" | "feedback" | "auto-reply" | "not-bounce">>();
const bounceCodes: DiagnosticCode[] = ["bounce/not-a-message", "bounce/not-a-bounce", "bounce/no-recipient"];
void bounceCodes;

assertType<Equals<BounceRecipient["recipient"], string>>();
assertType<Equals<BounceRecipient["action"], string | null>>();
assertType<Equals<BounceRecipient["status"], string | null>>();
assertType<Equals<BounceRecipient["replyCode"], number | null>>();
assertType<Equals<BounceRecipient["diagnosticCode"], string | null>>();
assertType<Equals<BounceRecipient["reason"], Reason>>();
assertType<Equals<BounceRecipient["hardBounce"], boolean>>();
assertType<Equals<BounceRecipient["provider"], string | null>>();
assertType<Equals<BounceRecipient["agent"], string | null>>();
assertType<Equals<BounceRecipient["remoteHost"], string | null>>();
assertType<Equals<BounceRecipient["command"], SmtpCommand | null>>();
assertType<Equals<BounceRecipient["timestamp"], string | null>>();
assertType<Equals<BounceRecipient["advice"], Advice>>();
assertType<Equals<BounceRecipient["messageId"], string | null>>();
assertType<Equals<BounceRecipient["from"], string | null>>();
assertType<Equals<BounceRecipient["subject"], string | null>>();
assertType<Equals<BounceRecipient["feedbackType"], string | null>>();
assertType<Equals<BounceRecipient["statusPseudo"], boolean>>();
assertType<
  Equals<
    keyof BounceRecipient,
    | "recipient" | "action" | "status" | "statusPseudo" | "replyCode" | "diagnosticCode" | "reason" | "hardBounce" | "provider" | "agent"
    | "remoteHost" | "command" | "timestamp" | "advice" | "messageId" | "from" | "subject" | "feedbackType"
  >
>();

assertType<Equals<BounceReport["kind"], BounceKind>>();
assertType<Equals<BounceReport["recipients"], BounceRecipient[]>>();
assertType<Equals<BounceReport["diagnostics"], Diagnostic[]>>();
assertType<Equals<keyof BounceReport, "kind" | "recipients" | "diagnostics">>();

assertType<Equals<Parameters<typeof decodeBounce>, [raw: string]>>();
assertType<Equals<ReturnType<typeof decodeBounce>, BounceReport>>();

function kindLabel(kind: BounceKind): string {
  switch (kind) {
    case "bounce":
      return "bounce";
    case "feedback":
      return "feedback report";
    case "auto-reply":
      return "auto-reply";
    case "not-bounce":
      return "not a bounce";
    default: {
      const unreachable: never = kind; // fails if BounceKind is wider than the four literals
      return unreachable;
    }
  }
}

function describeRecipient(r: BounceRecipient): string {
  const recipient: string = r.recipient;
  const action: string | null = r.action;
  const status: string | null = r.status;
  const replyCode: number | null = r.replyCode;
  const said: string | null = r.diagnosticCode;
  const reason: Reason = r.reason;
  const hard: boolean = r.hardBounce;
  const provider: string | null = r.provider;
  const agent: string | null = r.agent;
  const remoteHost: string | null = r.remoteHost;
  const command: SmtpCommand | null = r.command;
  const timestamp: string | null = r.timestamp;
  const advice: Advice = r.advice;
  const messageId: string | null = r.messageId;
  const from: string | null = r.from;
  const subject: string | null = r.subject;
  const feedbackType: string | null = r.feedbackType;
  return [
    recipient.toLowerCase(),
    action ?? "-",
    status?.split(".")[0] ?? "-",
    String((replyCode ?? 0) + 1),
    said?.trim() ?? "",
    reason.toUpperCase(),
    hard ? "hard" : "soft",
    provider ?? "",
    agent ?? "",
    remoteHost ?? "",
    command?.toLowerCase() ?? "",
    timestamp ?? "",
    describeAdvice(advice),
    messageId ?? "",
    from ?? "",
    subject ?? "",
    feedbackType ?? "",
  ].join(" ");
}

function bounceMain(): void {
  const raw = "From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\n\n<x@example.net>: 550 5.1.1 user unknown\n";
  const report: BounceReport = decodeBounce(raw);
  const kind: BounceKind = report.kind;
  const recipients: BounceRecipient[] = report.recipients;
  const diagnostics: Diagnostic[] = report.diagnostics;
  const first: BounceRecipient | undefined = recipients[0]; // noUncheckedIndexedAccess
  console.log(kindLabel(kind), recipients.map(describeRecipient).join("\n"), diagnostics.length, first?.recipient ?? "");

  // @ts-expect-error kind is a closed union: "bounced" is not a BounceKind
  const badKind: BounceKind = "bounced";
  // @ts-expect-error replyCode can be null
  const badReply: number = report.recipients[0]!.replyCode;
  // @ts-expect-error hardBounce is a boolean, not a string
  const badHard: string = report.recipients[0]!.hardBounce;
  // @ts-expect-error the reason is a taxonomy name, not any string
  const badReason: Reason = report.recipients[0]!.diagnosticCode ?? "userunknown";
  // @ts-expect-error recipients is an array of recipients, not one
  const notArray: BounceRecipient = report.recipients;
  // @ts-expect-error decodeBounce takes the message as a string, not bytes
  decodeBounce(new Uint8Array(0));
  // @ts-expect-error no such field
  const missing: unknown = report.recipients[0]!.bounceType;
  void [badKind, badReply, badHard, badReason, notArray, missing];
}

void bounceMain;

// ---- records (DMARC, DKIM, MTA-STS, TLS-RPT, BIMI, SPF) -----------------------------------------

assertType<Equals<RecordKind, "spf" | "dmarc" | "dkim" | "mta-sts" | "tls-rpt" | "bimi" | "unknown">>();
assertType<Equals<RecordForm, "txt" | "dkim-signature" | "mta-sts-policy">>();
assertType<Equals<DmarcSpec, "rfc9989" | "rfc7489">>();
assertType<Equals<Tag["name"], string>>();
assertType<Equals<Tag["value"], string>>();
assertType<Equals<Tag["span"], Span>>();
assertType<Equals<Tag["nameSpan"], Span>>();
assertType<Equals<Tag["valueSpan"], Span>>();
assertType<Equals<keyof Tag, "name" | "value" | "span" | "nameSpan" | "valueSpan">>();
assertType<Equals<RecordReport["kind"], RecordKind>>();
assertType<Equals<RecordReport["form"], RecordForm>>();
assertType<Equals<RecordReport["valid"], boolean>>();
assertType<Equals<RecordReport["tags"], Tag[]>>();
assertType<Equals<RecordReport["terms"], SpfTerm[] | undefined>>();
assertType<Equals<RecordReport["lookupTerms"], number | undefined>>();
assertType<Equals<RecordReport["diagnostics"], Diagnostic[]>>();
assertType<Equals<keyof RecordReport, "kind" | "form" | "valid" | "tags" | "terms" | "lookupTerms" | "diagnostics">>();
assertType<Equals<RecordOptions["dmarc"], DmarcOptions | undefined>>();
assertType<Equals<RecordOptions["now"], number | null | undefined>>();
assertType<Equals<DmarcOptions["spec"], DmarcSpec | undefined>>();
assertType<Equals<DmarcOptions["domain"], string | null | undefined>>();
assertType<Equals<ReturnType<typeof validateRecord>, RecordReport>>();
assertType<Equals<Parameters<typeof validateRecord>, [text: string, options?: RecordOptions]>>();
assertType<Equals<ReturnType<typeof evaluateDmarc>, DmarcEvaluation>>();
assertType<Equals<DmarcEvaluation["result"], DmarcResult>>();
assertType<Equals<DmarcEvaluation["disposition"], DmarcDisposition>>();
assertType<Equals<DnsZone, Record<string, string[] | "TIMEOUT">>>();

function recordMain(): void {
  const options: RecordOptions = { dmarc: { spec: "rfc7489", domain: "example.com" }, now: 1_700_000_000 };
  const report: RecordReport = validateRecord("v=DMARC1; p=none", options);
  const kind: RecordKind = report.kind;
  const first: Tag | undefined = report.tags[0]; // noUncheckedIndexedAccess
  const where: number | undefined = first?.valueSpan.loc?.utf16Start;
  const terms: number = report.terms?.length ?? 0;
  console.log(kind, report.form, report.valid, first?.name, first?.value, where, terms, report.lookupTerms ?? 0);

  const input: DmarcCheckInput = { from: "example.com", spf: { result: "pass", domain: "example.com" }, dkim: [{ result: "fail", domain: "example.com" }] };
  const zone: DnsZone = { "_dmarc.example.com": ["v=DMARC1; p=reject"], "_dmarc.example.net": "TIMEOUT" };
  const e: DmarcEvaluation = evaluateDmarc(input, zone);
  console.log(e.result, e.disposition, e.policySource ?? "-", e.alignments.map((a) => a.aligned));

  // @ts-expect-error kind is a closed union: "dkim-key" is not a RecordKind
  const badKind: RecordKind = "dkim-key";
  // @ts-expect-error terms is only there for SPF: it may be undefined
  const badTerms: SpfTerm[] = report.terms;
  // @ts-expect-error a tag's value is a string, never null
  const badValue: Tag["value"] = null;
  // @ts-expect-error spec is "rfc9989" or "rfc7489"
  validateRecord("v=DMARC1", { dmarc: { spec: "7489" } });
  // @ts-expect-error with exactOptionalPropertyTypes, an optional field takes no explicit undefined
  validateRecord("v=DMARC1", { dmarc: undefined });
  // @ts-expect-error evaluateDmarc has no options argument
  evaluateDmarc(input, zone, { spec: "rfc7489" });
  // @ts-expect-error a zone maps names to TXT strings or "TIMEOUT", not SPF zone records
  const badZone: DnsZone = { "_dmarc.example.com": [{ TXT: "v=DMARC1; p=none" }] };
  void [badKind, badTerms, badValue, badZone];
}
void recordMain;

// ---- content scoring (scoreMessage, scoreMessageBytes) -------------------------------------------

assertType<IsLiteralUnion<RuleId>>();
assertType<Equals<RuleCategory, "bulk" | "auth" | "headers" | "structure" | "links" | "hidden" | "wording" | "model">>();
// Rule ids are "<category>/<name>": the category part of every RuleId is a RuleCategory, and every
// category has rules.
type CategoryOf<R> = R extends `${infer C}/${string}` ? C : never;
assertType<Equals<CategoryOf<RuleId>, RuleCategory>>();
// Members the page, the documentation and the tests rely on.
const knownRules: RuleId[] = [
  "structure/html-only", "links/shortener", "links/text-domain-mismatch", "wording/subject-caps", "bulk/no-one-click",
  "bulk/unsubscribe-not-signed", "auth/dkim-not-aligned", "auth/receiver-fail", "structure/risky-attachment", "model/content",
];
void knownRules;

assertType<Equals<Evidence["part"], string | null>>();
assertType<Equals<Evidence["span"], Span | null>>();
assertType<Equals<Evidence["text"], string | null>>();
assertType<Equals<keyof Evidence, "part" | "span" | "text">>();

assertType<Equals<Finding["rule"], RuleId>>();
assertType<Equals<Finding["category"], RuleCategory>>();
assertType<Equals<Finding["points"], number>>();
assertType<Equals<Finding["message"], string>>();
assertType<Equals<Finding["help"], string>>();
assertType<Equals<Finding["evidence"], Evidence[]>>();
assertType<Equals<keyof Finding, "rule" | "category" | "points" | "message" | "help" | "evidence">>();

assertType<Equals<HeaderField["name"], string>>();
assertType<Equals<HeaderField["value"], string>>();
assertType<Equals<HeaderField["span"], Span>>();
assertType<Equals<keyof HeaderField, "name" | "value" | "span">>();

assertType<Equals<MimePart["path"], string>>();
assertType<Equals<MimePart["depth"], number>>();
assertType<Equals<MimePart["contentType"], string>>();
assertType<Equals<MimePart["charset"], string | null>>();
assertType<Equals<MimePart["transferEncoding"], string | null>>();
assertType<Equals<MimePart["disposition"], string | null>>();
assertType<Equals<MimePart["filename"], string | null>>();
assertType<Equals<MimePart["size"], number>>();
assertType<Equals<MimePart["span"], Span>>();
assertType<Equals<keyof MimePart, "path" | "depth" | "contentType" | "charset" | "transferEncoding" | "disposition" | "filename" | "size" | "span">>();

assertType<Equals<Link["text"], string>>();
assertType<Equals<Link["href"], string>>();
assertType<Equals<Link["domain"], string | null>>();
assertType<Equals<Link["part"], string>>();
assertType<Equals<keyof Link, "text" | "href" | "domain" | "part">>();

assertType<Equals<MessageImage["src"], string>>();
assertType<Equals<MessageImage["alt"], string | null>>();
assertType<Equals<MessageImage["width"], number | null>>();
assertType<Equals<MessageImage["height"], number | null>>();
assertType<Equals<MessageImage["hidden"], boolean>>();
assertType<Equals<MessageImage["part"], string>>();
assertType<Equals<keyof MessageImage, "src" | "alt" | "width" | "height" | "hidden" | "part">>();

assertType<Equals<Attachment["filename"], string | null>>();
assertType<Equals<Attachment["contentType"], string>>();
assertType<Equals<Attachment["size"], number>>();
assertType<Equals<Attachment["part"], string>>();
assertType<Equals<keyof Attachment, "filename" | "contentType" | "size" | "part">>();

assertType<Equals<MessageSummary["subject"], string | null>>();
assertType<Equals<MessageSummary["from"], string | null>>();
assertType<Equals<MessageSummary["fromName"], string | null>>();
assertType<Equals<MessageSummary["size"], number>>();
assertType<Equals<MessageSummary["headers"], HeaderField[]>>();
assertType<Equals<MessageSummary["parts"], MimePart[]>>();
assertType<Equals<MessageSummary["textSize"], number>>();
assertType<Equals<MessageSummary["htmlSize"], number>>();
assertType<Equals<MessageSummary["textPreview"], string>>();
assertType<Equals<MessageSummary["links"], Link[]>>();
assertType<Equals<MessageSummary["images"], MessageImage[]>>();
assertType<Equals<MessageSummary["attachments"], Attachment[]>>();
assertType<
  Equals<
    keyof MessageSummary,
    "subject" | "from" | "fromName" | "size" | "headers" | "parts" | "textSize" | "htmlSize" | "textPreview" | "links" | "images" | "attachments"
  >
>();

assertType<Equals<Hop["number"], number>>();
assertType<Equals<Hop["from"], string | null>>();
assertType<Equals<Hop["fromIp"], string | null>>();
assertType<Equals<Hop["by"], string | null>>();
assertType<Equals<Hop["with"], string | null>>();
assertType<Equals<Hop["tls"], string | null>>();
assertType<Equals<Hop["date"], string | null>>();
assertType<Equals<Hop["delaySeconds"], number | null>>();
assertType<Equals<Hop["span"], Span>>();
assertType<Equals<keyof Hop, "number" | "from" | "fromIp" | "by" | "with" | "tls" | "date" | "delaySeconds" | "span">>();

assertType<Equals<AuthVerdict["header"], "Authentication-Results" | "ARC-Authentication-Results" | "Received-SPF">>();
assertType<Equals<AuthVerdict["authservId"], string | null>>();
assertType<Equals<AuthVerdict["method"], string>>();
assertType<Equals<AuthVerdict["result"], string>>();
assertType<Equals<AuthVerdict["properties"], string[]>>();
assertType<Equals<AuthVerdict["span"], Span>>();
assertType<Equals<keyof AuthVerdict, "header" | "authservId" | "method" | "result" | "properties" | "span">>();

assertType<Equals<Trace["hops"], Hop[]>>();
assertType<Equals<Trace["totalDelaySeconds"], number | null>>();
assertType<Equals<Trace["auth"], AuthVerdict[]>>();
assertType<Equals<keyof Trace, "hops" | "totalDelaySeconds" | "auth">>();

assertType<Equals<ScoreReport["score"], number>>();
assertType<Equals<ScoreReport["threshold"], number>>();
assertType<Equals<ScoreReport["verdict"], "ham" | "spam">>();
assertType<Equals<ScoreReport["findings"], Finding[]>>();
assertType<Equals<ScoreReport["summary"], MessageSummary>>();
assertType<Equals<ScoreReport["trace"], Trace>>();
assertType<Equals<ScoreReport["diagnostics"], Diagnostic[]>>();
assertType<Equals<keyof ScoreReport, "score" | "threshold" | "verdict" | "findings" | "summary" | "trace" | "diagnostics">>();

assertType<Equals<Parameters<typeof scoreMessage>, [raw: string]>>();
assertType<Equals<ReturnType<typeof scoreMessage>, ScoreReport>>();
assertType<Equals<Parameters<typeof scoreMessageBytes>, [raw: Uint8Array | number[]]>>();
assertType<Equals<ReturnType<typeof scoreMessageBytes>, ScoreReport>>();

function categoryLabel(category: RuleCategory): string {
  switch (category) {
    case "bulk":
    case "auth":
    case "headers":
    case "structure":
    case "links":
    case "hidden":
    case "wording":
    case "model":
      return category;
    default: {
      const unreachable: never = category; // fails if RuleCategory is wider than the eight literals
      return unreachable;
    }
  }
}

function describeFinding(f: Finding): string {
  const rule: RuleId = f.rule;
  const category: RuleCategory = f.category;
  const points: number = f.points;
  const where = f.evidence.map((e: Evidence) => {
    const part: string | null = e.part;
    const at: number | undefined = e.span?.loc?.utf16Start;
    const text: string | null = e.text;
    return `${part ?? "-"}@${at ?? "?"}:${text ?? ""}`;
  });
  return `${categoryLabel(category)} ${rule} ${points.toFixed(1)} ${f.message} (${f.help}) ${where.join(", ")}`;
}

function describeTrace(t: Trace): string {
  const hops = t.hops.map((h: Hop) => {
    const delay: number | null = h.delaySeconds;
    return `${h.number} ${h.from ?? "?"} [${h.fromIp ?? "?"}] -> ${h.by ?? "?"} ${h.with ?? ""} ${h.tls ?? ""} ${h.date ?? ""} +${delay ?? 0}s @${h.span.start}`;
  });
  const auth = t.auth.map((a: AuthVerdict) => `${a.header}: ${a.authservId ?? "-"} ${a.method}=${a.result} ${a.properties.join(" ")}`);
  return [...hops, `total ${t.totalDelaySeconds ?? "?"}`, ...auth].join("\n");
}

function describeSummary(s: MessageSummary): string {
  const tree = s.parts.map((p: MimePart) => `${"  ".repeat(p.depth)}${p.path} ${p.contentType} ${p.charset ?? ""} ${p.transferEncoding ?? ""} ${p.size} ${p.filename ?? ""}`);
  const links = s.links.map((l: Link) => `${l.text} ${l.href} ${l.domain ?? ""} ${l.part}`);
  const images = s.images.map((i: MessageImage) => `${i.src} ${i.alt ?? ""} ${i.width ?? "?"}x${i.height ?? "?"} ${i.hidden} ${i.part}`);
  const attachments = s.attachments.map((a: Attachment) => `${a.filename ?? "?"} ${a.contentType} ${a.size} ${a.part}`);
  const headers = s.headers.map((h: HeaderField) => `${h.name}: ${h.value} (${h.span.loc?.line ?? "?"})`);
  return [s.subject ?? "", s.from ?? "", s.fromName ?? "", String(s.size + s.textSize + s.htmlSize), s.textPreview, ...headers, ...tree, ...links, ...images, ...attachments].join("\n");
}

function scoreMain(): void {
  const raw = "From: a@example.com\nSubject: FREE\nContent-Type: text/html\n\n<a href=\"https://bit.ly/x\">https://www.example.com/</a>";
  const report: ScoreReport = scoreMessage(raw);
  const fromBytes: ScoreReport = scoreMessageBytes(new TextEncoder().encode(raw));
  const fromArray: ScoreReport = scoreMessageBytes([0x46, 0x72, 0x6f, 0x6d, 0x3a]);
  const verdict: "ham" | "spam" = report.verdict;
  const spam: boolean = report.score >= report.threshold;
  const first: Finding | undefined = report.findings[0]; // noUncheckedIndexedAccess
  const diagnostics: Diagnostic[] = fromBytes.diagnostics;
  const byCategory = new Map<RuleCategory, Finding[]>();
  for (const f of report.findings) byCategory.set(f.category, [...(byCategory.get(f.category) ?? []), f]);
  console.log(verdict, spam, first ? describeFinding(first) : "", diagnostics.length, fromArray.score, byCategory.size);
  console.log(describeSummary(report.summary), describeTrace(report.trace));

  // @ts-expect-error a rule id is one of data/content-rules.tsv's, not any string
  const badRule: RuleId = "links/unknown-rule";
  // @ts-expect-error Finding["rule"] is a RuleId, not a plain string slot
  const badFinding: Finding = { ...report.findings[0]!, rule: "whatever" };
  // @ts-expect-error the verdict is "ham" or "spam"
  const badVerdict: ScoreReport["verdict"] = "suspicious";
  // @ts-expect-error an evidence's part can be null
  const badPart: string = report.findings[0]!.evidence[0]!.part;
  // @ts-expect-error a hop's delay can be null (the first hop, undated hops)
  const badDelay: number = report.trace.hops[0]!.delaySeconds;
  // @ts-expect-error the header of a verdict is one of the three fields
  const badHeader: AuthVerdict["header"] = "DKIM-Signature";
  // @ts-expect-error scoreMessage takes the message as a string; bytes go to scoreMessageBytes
  scoreMessage(new Uint8Array(0));
  // @ts-expect-error scoreMessageBytes takes bytes, not a string
  scoreMessageBytes(raw);
  // @ts-expect-error no such field
  const missing: unknown = report.summary.bodyText;
  void [badRule, badFinding, badVerdict, badPart, badDelay, badHeader, missing];
}
void scoreMain;
