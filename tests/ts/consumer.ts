// A TypeScript consumer of the generated declarations (pkg/deliverkit.d.ts).
// `npm run test:types` (tsc --noEmit, strict) fails if a type is missing, wrong, or `any`.
// Nothing here runs; it only has to type-check.

import init, { version, decodeSmtp, decodeSmtpLines } from "../../pkg/deliverkit.js";
import type {
  Advice,
  AdviceAction,
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
} from "../../pkg/deliverkit.js";

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
