// Node tests of the built package: pkg/node.mjs must decode real replies with the documented shapes.
// Run with `npm run test:node` after the WASM build has written pkg/.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import init, { version, decodeSmtp, decodeSmtpLines } from "../../pkg/node.mjs";

const PKG_JSON = new URL("../../pkg/package.json", import.meta.url);

// ---- hand-written samples (documentation addresses only) -------------------------------------

const GMAIL_5_7_26 = [
  "550-5.7.26 This mail has been blocked because the sender is unauthenticated.",
  "550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.",
  "550-5.7.26",
  "550-5.7.26  Authentication results:",
  "550-5.7.26  DKIM = did not pass",
  "550-5.7.26  SPF [example.com] with ip: [192.0.2.1] = did not pass",
  "550-5.7.26",
  "550-5.7.26  For instructions on setting up authentication, go to",
  "550 5.7.26  https://support.google.com/mail/answer/81126#authentication a1b2c3d4e5f6-7a8b9c0d1e2si123456qtb.42 - gsmtp",
].join("\n");

const OUTLOOK_PRX2 = "451 4.7.0 Temporary server error. Please try again later. PRX2";

const POSTFIX =
  "status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 <x@example.com>: Recipient address rejected: " +
  "User unknown in virtual mailbox table (in reply to RCPT TO command))";

const EXIM =
  "** x@example.com R=dnslookup T=remote_smtp: SMTP error from remote mail server after RCPT TO:<x@example.com>: " +
  "550 5.1.1 user unknown";

const SENDMAIL = "dsn=4.0.0, stat=Deferred: Connection refused by mx.example.com.";

const YAHOO_TSS04 =
  "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints";

// ---- shape checks ----------------------------------------------------------------------------

const SEVERITIES = new Set(["error", "warning", "info"]);
const CLASSES = new Set(["success", "transient", "permanent", "unknown"]);
const REPORT_KEYS = [
  "span", "replyCode", "status", "class", "statusText", "statusDescription", "reason", "reasonText", "reasonSource", "hardBounce",
  "provider", "providerName", "providerCode", "command", "remoteHost", "message", "advice", "diagnostics",
];
const ADVICE_KEYS = ["action", "retry", "retryAfterMinutes", "giveUpAfterHours", "summary", "docUrl"];
const DIAGNOSTIC_KEYS = ["code", "severity", "message", "help", "reference", "span"];

const utf8Length = (s) => Buffer.byteLength(s, "utf8");

function assertStringOrNull(value, what) {
  assert.ok(value === null || typeof value === "string", `${what} must be a string or null, got ${typeof value} ${String(value)}`);
}

/** The location a UTF-8 byte offset should map to, computed independently in JS. */
function expectedLocation(input, byteOffset) {
  const bytes = Buffer.from(input, "utf8");
  const prefix = bytes.subarray(0, byteOffset).toString("utf8");
  assert.equal(utf8Length(prefix), byteOffset, `byte offset ${byteOffset} is not on a character boundary`);
  const utf16 = prefix.length;
  const lastNewline = prefix.lastIndexOf("\n");
  return { utf16, line: prefix.split("\n").length, column: utf16 - lastNewline };
}

function assertSpan(span, input, what) {
  assert.equal(typeof span, "object", `${what} must be an object`);
  assert.ok(span !== null, `${what} must not be null`);
  assert.ok(Number.isInteger(span.start) && Number.isInteger(span.end), `${what} start/end must be integers`);
  assert.ok(0 <= span.start && span.start <= span.end && span.end <= utf8Length(input),
    `${what} [${span.start}, ${span.end}) must lie inside the input (${utf8Length(input)} bytes)`);
  assert.ok(span.loc, `${what}.loc must be filled in by the bindings`);
  const start = expectedLocation(input, span.start);
  const end = expectedLocation(input, span.end);
  assert.equal(span.loc.utf16Start, start.utf16, `${what}.loc.utf16Start`);
  assert.equal(span.loc.utf16End, end.utf16, `${what}.loc.utf16End`);
  // Lines are counted at LF; a lone CR is not a line break for this check.
  assert.equal(span.loc.line, start.line, `${what}.loc.line (1-based)`);
  assert.equal(span.loc.column, start.column, `${what}.loc.column (1-based, UTF-16 units)`);
}

function assertDiagnostic(d, input) {
  assert.deepEqual(Object.keys(d).sort(), [...DIAGNOSTIC_KEYS].sort(), "diagnostic keys");
  assert.match(d.code, /^[a-z0-9-]+\/[a-z0-9.-]+$/, "diagnostic code is a slug like smtp/no-reply-code");
  assert.ok(SEVERITIES.has(d.severity), `severity ${d.severity}`);
  assert.equal(typeof d.message, "string");
  assert.ok(d.message.length > 0, "diagnostic message is not empty");
  assertStringOrNull(d.help, "diagnostic help");
  assertStringOrNull(d.reference, "diagnostic reference");
  if (d.span !== null) assertSpan(d.span, input, `diagnostic ${d.code} span`);
}

/** Checks every field of a report against the documented types; returns the report. */
function assertReport(r, input) {
  assert.equal(typeof r, "object");
  assert.deepEqual(Object.keys(r).sort(), [...REPORT_KEYS].sort(), "report keys (absent optionals must be null, not missing)");
  assertSpan(r.span, input, "report span");
  assert.ok(r.replyCode === null || (Number.isInteger(r.replyCode) && r.replyCode >= 100 && r.replyCode <= 999),
    `replyCode ${r.replyCode}`);
  assert.ok(r.status === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(r.status), `status ${r.status}`);
  assert.ok(CLASSES.has(r.class), `class ${r.class}`);
  for (const key of ["statusText", "statusDescription", "provider", "providerName", "providerCode", "command", "remoteHost"]) {
    assertStringOrNull(r[key], key);
  }
  assert.equal(typeof r.reason, "string");
  assert.match(r.reason, /^[a-z]+$/, "reason is a sisimai taxonomy name");
  assert.equal(typeof r.reasonText, "string");
  assert.ok(r.reasonText.length > 0, "reasonText is not empty");
  assert.equal(typeof r.hardBounce, "boolean");
  assert.equal(typeof r.message, "string");
  if (r.provider !== null) {
    assert.match(r.provider, /^[a-z0-9-]+$/, "provider is a lowercase id");
    assert.equal(typeof r.providerName, "string", "a known provider has a name");
  }

  const a = r.advice;
  assert.deepEqual(Object.keys(a).sort(), [...ADVICE_KEYS].sort(), "advice keys");
  assert.match(a.action, /^[a-z]+(-[a-z]+)*$/, "advice.action is a slug");
  assert.equal(typeof a.retry, "boolean");
  assert.ok(Array.isArray(a.retryAfterMinutes), "retryAfterMinutes is an array");
  for (const m of a.retryAfterMinutes) assert.ok(Number.isInteger(m) && m > 0, `retry delay ${m}`);
  for (let i = 1; i < a.retryAfterMinutes.length; i++) {
    assert.ok(a.retryAfterMinutes[i] >= a.retryAfterMinutes[i - 1], "retry delays never shrink");
  }
  if (!a.retry) assert.deepEqual(a.retryAfterMinutes, [], "no retry means no retry schedule");
  assert.ok(a.giveUpAfterHours === null || (typeof a.giveUpAfterHours === "number" && a.giveUpAfterHours > 0),
    `giveUpAfterHours ${a.giveUpAfterHours}`);
  assert.equal(typeof a.summary, "string");
  assert.ok(a.summary.length > 0, "advice summary is not empty");
  assertStringOrNull(a.docUrl, "advice.docUrl");
  if (a.docUrl !== null) assert.match(a.docUrl, /^https?:\/\//, "docUrl is an absolute http(s) URL");

  assert.ok(Array.isArray(r.diagnostics), "diagnostics is an array");
  for (const d of r.diagnostics) assertDiagnostic(d, input);

  // Plain data: survives a JSON round trip unchanged (no Map, no undefined, no class instances).
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, "report is plain JSON data");
  return r;
}

const codes = (r) => r.diagnostics.map((d) => d.code);
const decode = (text) => assertReport(decodeSmtp(text), text);

// ---- tests -----------------------------------------------------------------------------------

test("version() matches pkg/package.json", async () => {
  await init(); // node.mjs is initialised already; init must still resolve
  const pkg = JSON.parse(readFileSync(PKG_JSON, "utf8"));
  assert.equal(pkg.name, "deliverkit");
  assert.equal(version(), pkg.version);
  assert.match(version(), /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
});

describe("decodeSmtp on real replies", () => {
  test("Gmail 550-5.7.26 multi-line reply is one authentication failure", () => {
    const r = decode(GMAIL_5_7_26);
    assert.equal(r.replyCode, 550);
    assert.equal(r.status, "5.7.26");
    assert.equal(r.class, "permanent");
    assert.equal(r.provider, "google");
    assert.equal(r.reason, "authfailure");
    assert.equal(r.advice.action, "fix-authentication");
    assert.match(r.message, /Gmail requires all senders to authenticate/);
    assert.match(r.message, /did not pass/, "the message keeps the continuation lines");
    assert.doesNotMatch(r.message, /^550[- ]/, "the reply code prefix is not part of the message");
    assert.equal(r.span.start, 0);
    assert.equal(r.span.end, utf8Length(GMAIL_5_7_26), "the span covers every line of the reply");
    assert.equal(r.span.loc.line, 1);
    assert.ok(!codes(r).includes("smtp/no-reply-code"));
    assert.ok(!r.diagnostics.some((d) => d.severity === "error"), "a well-formed reply has no error diagnostics");

    const list = decodeSmtpLines(GMAIL_5_7_26);
    assert.equal(list.length, 1, "a multi-line reply stays one report");
    assert.equal(list[0].status, "5.7.26");
  });

  test("Outlook 451 4.7.0 PRX2 is a transient Microsoft error to retry", () => {
    const r = decode(OUTLOOK_PRX2);
    assert.equal(r.replyCode, 451);
    assert.equal(r.status, "4.7.0");
    assert.equal(r.class, "transient");
    assert.equal(r.provider, "microsoft");
    assert.equal(r.providerCode, "PRX2");
    assert.equal(r.hardBounce, false);
    assert.equal(r.advice.retry, true);
    assert.ok(r.advice.retryAfterMinutes.length > 0, "a retry comes with a schedule");
    assert.equal(typeof r.statusText, "string", "4.7.0 is in the IANA registry");
    assert.match(r.message, /Temporary server error/);
    assert.ok(!codes(r).includes("smtp/class-mismatch"));
  });

  test("Postfix status=bounced log line is a hard bounce at RCPT", () => {
    const r = decode(POSTFIX);
    assert.equal(r.replyCode, 550);
    assert.equal(r.status, "5.1.1");
    assert.equal(r.class, "permanent");
    assert.equal(r.reason, "userunknown");
    assert.equal(r.hardBounce, true);
    assert.equal(r.command, "RCPT");
    assert.equal(r.remoteHost, "mx.example.com");
    assert.equal(r.advice.retry, false);
    assert.equal(r.advice.action, "remove-address");
    assert.match(r.message, /User unknown in virtual mailbox table/);
    assert.match(r.statusText ?? "", /mailbox/i, "5.1.1 is 'Bad destination mailbox address'");
  });

  test("Exim ** log line is a hard bounce at RCPT", () => {
    const r = decode(EXIM);
    assert.equal(r.replyCode, 550);
    assert.equal(r.status, "5.1.1");
    assert.equal(r.class, "permanent");
    assert.equal(r.reason, "userunknown");
    assert.equal(r.hardBounce, true);
    assert.equal(r.command, "RCPT");
    assert.equal(r.advice.retry, false);
    assert.match(r.message, /user unknown/);
  });

  test("Sendmail dsn=4.0.0 Deferred line is transient without a reply code", () => {
    const r = decode(SENDMAIL);
    assert.equal(r.replyCode, null);
    assert.equal(r.status, "4.0.0");
    assert.equal(r.class, "transient");
    assert.equal(r.hardBounce, false);
    assert.equal(r.advice.retry, true);
    assert.notEqual(r.reason, "userunknown");
    assert.ok(codes(r).includes("smtp/no-reply-code"), "the missing reply code is reported");
    assert.equal(r.diagnostics.find((d) => d.code === "smtp/no-reply-code").severity, "warning");
  });

  test("Yahoo 421 4.7.0 [TSS04] is a transient Yahoo deferral", () => {
    const r = decode(YAHOO_TSS04);
    assert.equal(r.replyCode, 421);
    assert.equal(r.status, "4.7.0");
    assert.equal(r.class, "transient");
    assert.equal(r.provider, "yahoo");
    assert.equal(r.providerCode, "TSS04");
    assert.equal(r.hardBounce, false);
    assert.equal(r.advice.retry, true);
    assert.notEqual(r.reason, "undefined", "TSS04 has a known reason");
  });

  test("the same reply with CRLF line ends decodes the same", () => {
    const lf = decodeSmtp(GMAIL_5_7_26);
    const crlfText = GMAIL_5_7_26.replaceAll("\n", "\r\n");
    const crlf = decodeSmtp(crlfText);
    assert.equal(crlf.span.end, utf8Length(crlfText));
    for (const key of ["replyCode", "status", "class", "reason", "hardBounce", "provider", "providerCode"]) {
      assert.deepEqual(crlf[key], lf[key], key);
    }
  });
});

describe("decodeSmtpLines", () => {
  test("a 3-line paste gives 3 reports in input order", () => {
    const text = [OUTLOOK_PRX2, POSTFIX, YAHOO_TSS04].join("\n");
    const reports = decodeSmtpLines(text);
    assert.ok(Array.isArray(reports));
    assert.equal(reports.length, 3);
    reports.forEach((r) => assertReport(r, text));
    assert.deepEqual(reports.map((r) => r.replyCode), [451, 550, 421]);
    assert.equal(reports[0].provider, "microsoft");
    assert.equal(reports[1].reason, "userunknown");
    assert.equal(reports[2].provider, "yahoo");
    assert.ok(reports[0].span.start < reports[1].span.start && reports[1].span.start < reports[2].span.start,
      "span.start increases");
    assert.ok(reports[0].span.end <= reports[1].span.start && reports[1].span.end <= reports[2].span.start,
      "spans do not overlap");
    assert.deepEqual(reports.map((r) => r.span.loc.line), [1, 2, 3]);
    // Each span points at its own line.
    reports.forEach((r, i) => {
      const slice = text.slice(r.span.loc.utf16Start, r.span.loc.utf16End);
      assert.ok(slice.includes(String(r.replyCode)), `report ${i} span covers its reply code: ${JSON.stringify(slice)}`);
    });
  });

  test("blank lines and CRLF between replies do not make extra reports", () => {
    const text = `\r\n${OUTLOOK_PRX2}\r\n\r\n   \r\n${YAHOO_TSS04}\r\n`;
    const reports = decodeSmtpLines(text);
    assert.equal(reports.length, 2);
    reports.forEach((r) => assertReport(r, text));
    assert.deepEqual(reports.map((r) => r.replyCode), [451, 421]);
    assert.deepEqual(reports.map((r) => r.span.loc.line), [2, 5]);
  });

  test("a multi-line reply next to other lines stays one report", () => {
    const text = [OUTLOOK_PRX2, GMAIL_5_7_26, EXIM].join("\n");
    const reports = decodeSmtpLines(text);
    reports.forEach((r) => assertReport(r, text));
    assert.deepEqual(reports.map((r) => r.status), ["4.7.0", "5.7.26", "5.1.1"]);
    assert.equal(reports[1].span.loc.line, 2);
    assert.equal(reports[2].span.loc.line, 11);
  });
});

describe("hostile input never throws", () => {
  test("empty input: one report with an input/empty error", () => {
    const r = decode("");
    assert.equal(r.replyCode, null);
    assert.equal(r.status, null);
    assert.equal(r.class, "unknown");
    assert.equal(r.hardBounce, false);
    const empty = r.diagnostics.find((d) => d.code === "input/empty");
    assert.ok(empty, `diagnostics ${JSON.stringify(codes(r))} include input/empty`);
    assert.equal(empty.severity, "error");
    assert.deepEqual([r.span.start, r.span.end], [0, 0]);

    const ws = decode(" \n\t \r\n");
    assert.ok(codes(ws).includes("input/empty"), "white space only counts as empty");

    const list = decodeSmtpLines("");
    assert.ok(Array.isArray(list));
    for (const item of list) {
      assertReport(item, "");
      assert.ok(codes(item).includes("input/empty"));
    }
  });

  test("binary input: decoded as unknown with diagnostics", () => {
    const binary = "\u0000\u0001\u0002\u0003\u00ff\ufffd\u0007PK\u0003\u0004\u0000\u0000\u001b[31m\u007f";
    const r = decode(binary);
    assert.equal(r.replyCode, null);
    assert.equal(r.class, "unknown");
    assert.ok(codes(r).includes("input/binary"), `diagnostics ${JSON.stringify(codes(r))} include input/binary`);
    assert.ok(codes(r).includes("smtp/no-reply-code"));

    // A lone surrogate cannot be encoded as UTF-8: it must still not throw.
    const lone = decodeSmtp("550 5.1.1 \ud800 user unknown");
    assert.equal(lone.replyCode, 550);

    const lines = decodeSmtpLines(`${binary}\n${OUTLOOK_PRX2}`);
    assert.ok(Array.isArray(lines));
    assert.ok(lines.some((x) => x.replyCode === 451), "a real reply after binary junk is still found");
  });

  test("1 MB input: returns a report with diagnostics", () => {
    const huge = "x".repeat(1024 * 1024);
    const r = decode(huge);
    assert.equal(r.replyCode, null);
    assert.ok(r.diagnostics.length > 0);

    const hugeReply = `550 5.1.1 ${"a".repeat(1024 * 1024)}`;
    const r2 = assertReport(decodeSmtp(hugeReply), hugeReply);
    assert.equal(r2.replyCode, 550, "the reply at the start of a huge input is still decoded");

    const manyLines = `${OUTLOOK_PRX2}\n`.repeat(Math.ceil((1024 * 1024) / (OUTLOOK_PRX2.length + 1)));
    const started = performance.now();
    const list = decodeSmtpLines(manyLines);
    const elapsed = performance.now() - started;
    assert.ok(Array.isArray(list) && list.length > 0);
    assert.equal(list[0].replyCode, 451);
    assert.ok(elapsed < 20_000, `1 MB of lines decoded in ${Math.round(elapsed)} ms`);
    const cut = list.some((x) => codes(x).includes("input/too-large"));
    if (!cut) assert.ok(list.length >= 16_000, `every line decoded (${list.length}) unless cut with input/too-large`);
  });

  test("a 3-digit number that is not a reply gives smtp diagnostics, not a crash", () => {
    const r = decode("hello world, nothing to see here");
    assert.equal(r.replyCode, null);
    assert.ok(codes(r).includes("smtp/no-reply-code"));
    assert.equal(r.reason, "undefined");
  });
});

describe("spans and locations", () => {
  test("non-ASCII input: span in UTF-8 bytes, loc in UTF-16 units", () => {
    // A report's span is the part of the input it decodes: here the whole line.
    const text = "é 550 5.1.1 x";
    const r = decode(text);
    assert.equal(r.replyCode, 550);
    assert.equal(r.message, "x");
    assert.deepEqual([r.span.start, r.span.end], [0, 14], "'é' is 2 UTF-8 bytes");
    assert.deepEqual([r.span.loc.utf16Start, r.span.loc.utf16End], [0, 13], "'é' is 1 UTF-16 unit");

    // A reply after a non-ASCII line starts at a byte offset that differs from its UTF-16 offset.
    const paste = "é ü\n550 5.1.1 x";
    const reply = decodeSmtpLines(paste).find((x) => x.replyCode === 550);
    assert.ok(reply, "the 550 reply is found");
    assertReport(reply, paste);
    assert.equal(reply.span.start, 6, "span.start is a UTF-8 byte offset");
    assert.equal(reply.span.loc.utf16Start, 4, "loc.utf16Start is a UTF-16 offset");
    assert.equal(reply.span.end, utf8Length(paste));
    assert.equal(reply.span.loc.utf16End, paste.length);
    assert.deepEqual([reply.span.loc.line, reply.span.loc.column], [2, 1]);
    assert.equal(paste.slice(reply.span.loc.utf16Start, reply.span.loc.utf16End), "550 5.1.1 x");
  });

  test("astral characters and line numbers", () => {
    const text = "😀 ünïcödé\n451 4.7.0 retry later 😀\n𝄞 550 5.1.1 gone";
    const reports = decodeSmtpLines(text);
    reports.forEach((r) => assertReport(r, text)); // checks loc against an independent computation
    assert.deepEqual(reports.filter((r) => r.replyCode !== null).map((r) => [r.replyCode, r.span.loc.line]),
      [[451, 2], [550, 3]]);
    const last = reports.find((r) => r.replyCode === 550);
    assert.equal(last.span.start, utf8Length("😀 ünïcödé\n451 4.7.0 retry later 😀\n"));
    assert.equal(last.span.loc.utf16Start, "😀 ünïcödé\n451 4.7.0 retry later 😀\n".length);
    assert.equal(text.slice(last.span.loc.utf16Start, last.span.loc.utf16End), "𝄞 550 5.1.1 gone");
    assert.equal(last.message, "gone");
  });
});
