// A TypeScript consumer of the installed package: `import ... from "deliverkit"` resolved through
// the exports map's "types" condition. Compiled by ../pack.test.mjs with `tsc --noEmit --strict`
// under moduleResolution node16 and bundler. Nothing here runs; it only has to type-check.

import init, {
  version, start, initSync,
  decodeSmtp, decodeSmtpLines, decodeBounce, scoreMessage, scoreMessageBytes,
  validateSpf, checkHost, checkHostAsync,
  validateRecord, validateDmarc, validateDkimKey, validateDkimSignature,
  validateMtaStsTxt, validateMtaStsPolicy, validateTlsRpt, validateBimi, evaluateDmarc,
} from "deliverkit";
import type {
  SmtpReport, Reason, ReplyClass, SmtpCommand, Advice, AdviceAction, Diagnostic, DiagnosticCode, Severity, Span,
  BounceReport, BounceKind, ScoreReport, SpfReport, SpfCheckResult, SpfVerdict, SpfResolver, SpfZone, SpfQueryType, CheckHostParams,
  RecordReport, RecordKind, DmarcReport, DmarcPolicy, DkimKeyReport, DkimKeyType, DkimSignatureReport,
  MtaStsTxtReport, MtaStsPolicyReport, MtaStsMode, TlsRptReport, BimiReport, DmarcEvaluation, DmarcResult,
  DnsZone, DmarcCheckInput, InitOutput,
} from "deliverkit";

/** true only when A and B are the same type (false for `any`, a wider or a narrower type). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(_: T): void {}

// ---- functions: exact signatures --------------------------------------------------------------

assertType<Equals<typeof version, () => string>>(true);
assertType<Equals<typeof start, () => void>>(true);
assertType<Equals<typeof decodeSmtp, (text: string) => SmtpReport>>(true);
assertType<Equals<typeof decodeSmtpLines, (text: string) => SmtpReport[]>>(true);
assertType<Equals<typeof decodeBounce, (raw: string) => BounceReport>>(true);
assertType<Equals<typeof scoreMessage, (raw: string) => ScoreReport>>(true);
assertType<Equals<typeof scoreMessageBytes, (raw: Uint8Array | number[]) => ScoreReport>>(true);
assertType<Equals<ReturnType<typeof validateSpf>, SpfReport>>(true);
assertType<Equals<typeof checkHost, (params: CheckHostParams, zone: SpfZone) => SpfCheckResult>>(true);
assertType<Equals<typeof checkHostAsync, (params: CheckHostParams, resolver: SpfResolver) => Promise<SpfCheckResult>>>(true);
assertType<Equals<ReturnType<typeof validateRecord>, RecordReport>>(true);
assertType<Equals<ReturnType<typeof validateDmarc>, DmarcReport>>(true);
assertType<Equals<typeof validateDkimKey, (text: string) => DkimKeyReport>>(true);
assertType<Equals<ReturnType<typeof validateDkimSignature>, DkimSignatureReport>>(true);
assertType<Equals<typeof validateMtaStsTxt, (text: string) => MtaStsTxtReport>>(true);
assertType<Equals<typeof validateMtaStsPolicy, (text: string) => MtaStsPolicyReport>>(true);
assertType<Equals<typeof validateTlsRpt, (text: string) => TlsRptReport>>(true);
assertType<Equals<typeof validateBimi, (text: string) => BimiReport>>(true);
assertType<Equals<typeof evaluateDmarc, (input: DmarcCheckInput, zone: DnsZone) => DmarcEvaluation>>(true);
assertType<Equals<ReturnType<typeof init>, Promise<InitOutput>>>(true);
assertType<Equals<ReturnType<typeof initSync>, InitOutput>>(true);

// ---- results: concrete field types --------------------------------------------------------------

const r = decodeSmtp("550 5.1.1 <a@example.com>: Recipient address rejected: User unknown");
assertType<Equals<typeof r.replyCode, number | null>>(true);
assertType<Equals<typeof r.status, string | null>>(true);
assertType<Equals<typeof r.class, ReplyClass>>(true);
assertType<Equals<typeof r.reason, Reason>>(true);
assertType<Equals<typeof r.command, SmtpCommand | null>>(true);
assertType<Equals<typeof r.advice, Advice>>(true);
assertType<Equals<typeof r.advice.action, AdviceAction>>(true);
assertType<Equals<typeof r.advice.retryAfterMinutes, number[]>>(true);
assertType<Equals<typeof r.diagnostics, Diagnostic[]>>(true);
assertType<Equals<typeof r.span, Span>>(true);
const firstDiagnostic = r.diagnostics[0];
if (firstDiagnostic) {
  assertType<Equals<typeof firstDiagnostic.code, DiagnosticCode>>(true);
  assertType<Equals<typeof firstDiagnostic.severity, Severity>>(true);
  assertType<Equals<typeof firstDiagnostic.span, Span | null>>(true);
}
// @ts-expect-error reason is a closed union, not string (fails if it were `any`)
const notAReason: Reason = "no-such-reason";
// @ts-expect-error replyCode may be null
const code: number = r.replyCode;

const lines: number = decodeSmtpLines("550 5.1.1 unknown user\n421 4.7.0 try later").length;

const bounce = decodeBounce("Subject: hi\r\n\r\nhello");
assertType<Equals<typeof bounce.kind, BounceKind>>(true);
const recipient = bounce.recipients[0];
if (recipient) {
  assertType<Equals<typeof recipient.reason, Reason>>(true);
  assertType<Equals<typeof recipient.replyCode, number | null>>(true);
}

const spf = validateSpf("v=spf1 ip4:192.0.2.0/24 -all", { domain: "example.com" });
const spfNoOptions = validateSpf("v=spf1 -all", undefined);
assertType<Equals<typeof spf.lookupTerms, number>>(true);
assertType<Equals<(typeof spf.terms)[number]["kind"], "mechanism" | "modifier" | "invalid">>(true);
// @ts-expect-error options must be an object
validateSpf("v=spf1 -all", "example.com");

const zone: SpfZone = { "example.com": [{ TXT: "v=spf1 ip4:192.0.2.0/24 -all" }, { MX: [10, "mx.example.com"] }], "slow.example": ["TIMEOUT"] };
const verdict: SpfVerdict = checkHost({ ip: "192.0.2.7", sender: "a@example.com" }, zone).result;
// @ts-expect-error an unknown record type is rejected
const badZone: SpfZone = { "example.com": [{ TXTT: "v=spf1" }] };

const resolver: SpfResolver = async (type: SpfQueryType, name: string) => (type === "TXT" && name === "example.com" ? ["v=spf1 -all"] : null);
async function useAsync(): Promise<SpfVerdict> {
  await init();
  const result = await checkHostAsync({ ip: "192.0.2.7", sender: "a@example.com", helo: "mail.example.com", now: 0 }, resolver);
  return result.result;
}

const record = validateRecord("v=DMARC1; p=none", { dmarc: { spec: "rfc7489", domain: "example.com" }, now: null });
assertType<Equals<typeof record.kind, RecordKind>>(true);
assertType<Equals<typeof record.terms, import("deliverkit").SpfTerm[] | undefined>>(true);

const dmarc = validateDmarc("v=DMARC1; p=reject", { spec: "rfc9989" });
const policy: DmarcPolicy | null | undefined = dmarc.record?.policy;
// @ts-expect-error spec is a closed union
validateDmarc("v=DMARC1; p=reject", { spec: "rfc1234" });

const key = validateDkimKey("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
const keyType: DkimKeyType | undefined = key.key?.keyType;
const bits: number | null | undefined = key.key?.bits;

const sig = validateDkimSignature("DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from; bh=x; b=y", { now: 1700000000 });
const keyName: string | null = sig.signature.keyName;
const canonical: "simple" | "relaxed" = sig.signature.canonicalization.body;

const stsId: string | null = validateMtaStsTxt("v=STSv1; id=1;").id;
const mode: MtaStsMode | null = validateMtaStsPolicy("version: STSv1\nmode: enforce\n").policy.mode;
const tlsRua: string | undefined = validateTlsRpt("v=TLSRPTv1; rua=mailto:t@example.com").rua[0]?.uri;
const bimi: boolean = validateBimi("v=BIMI1; l=; a=").declined;

const input: DmarcCheckInput = { from: "example.com", spf: { result: "pass", domain: "example.com" }, dkim: [{ result: "fail", domain: "example.com" }] };
const dnsZone: DnsZone = { "_dmarc.example.com": ["v=DMARC1; p=reject"], "_dmarc.slow.example": "TIMEOUT" };
const dmarcResult: DmarcResult = evaluateDmarc(input, dnsZone).result;
// @ts-expect-error a DnsZone value is string[] or "TIMEOUT"
const badDnsZone: DnsZone = { "_dmarc.example.com": "v=DMARC1; p=reject" };

const v: string = version();
start();
initSync({ module: new Uint8Array(0) });

export { lines, spfNoOptions, verdict, useAsync, policy, keyType, bits, keyName, canonical, stsId, mode, tlsRua, bimi, dmarcResult, v, notAReason, code, badZone, badDnsZone };
