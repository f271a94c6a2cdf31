// Runs inside a scratch Node project that installed the packed tarball (see ../pack.test.mjs):
// imports the package by name, checks that the export list is exactly the declared one, and calls
// every export with real input, asserting concrete results. Prints "ok <n>" when all passed.

import assert from "node:assert/strict";
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

import * as dk from "deliverkit";
import init, {
  version, start, initSync,
  decodeSmtp, decodeSmtpLines, decodeBounce,
  validateSpf, checkHost, checkHostAsync,
  validateRecord, validateDmarc, validateDkimKey, validateDkimSignature,
  validateMtaStsTxt, validateMtaStsPolicy, validateTlsRpt, validateBimi, evaluateDmarc,
  scoreMessage, scoreMessageBytes,
} from "deliverkit";

let checks = 0;
const check = (name, fn) => Promise.resolve().then(fn).then(() => { checks++; }, (error) => {
  error.message = `${name}: ${error.message}`;
  throw error;
});
const codes = (report) => report.diagnostics.map((d) => d.code);

// ---- the package itself ------------------------------------------------------------------------

await check("resolution", () => {
  // Node picks the "node" condition of the exports map: node.mjs, initialised on import.
  const entry = realpathSync(fileURLToPath(import.meta.resolve("deliverkit")));
  assert.match(entry, /node_modules[\\/]deliverkit[\\/]node\.mjs$/, "Node resolves the package to its node.mjs entry inside node_modules");
  const pkgJson = JSON.parse(readFileSync(new URL(import.meta.resolve("deliverkit/package.json")), "utf8"));
  assert.equal(pkgJson.name, "deliverkit");
  assert.equal(version(), pkgJson.version, "version() is the package.json version");
  assert.ok(readFileSync(new URL(import.meta.resolve("deliverkit/deliverkit_bg.wasm"))).subarray(0, 4).equals(Buffer.from([0, 0x61, 0x73, 0x6d])), "the .wasm export is a WebAssembly module");
});

await check("export list", () => {
  assert.deepEqual(Object.keys(dk).sort(), [
    "checkHost", "checkHostAsync", "decodeBounce", "decodeSmtp", "decodeSmtpLines", "default", "evaluateDmarc", "initSync",
    "scoreMessage", "scoreMessageBytes", "start", "validateBimi", "validateDkimKey", "validateDkimSignature", "validateDmarc", "validateMtaStsPolicy",
    "validateMtaStsTxt", "validateRecord", "validateSpf", "validateTlsRpt", "version",
  ], "the module exports exactly what deliverkit.d.ts declares (update this list and the calls below with it)");
});

await check("init / start / initSync", async () => {
  assert.equal(await init(), undefined, "in Node the default export resolves at once (already initialised)");
  assert.equal(start(), undefined);
  assert.equal(typeof initSync, "function");
});

// ---- SMTP ------------------------------------------------------------------------------------

await check("decodeSmtp", () => {
  const r = decodeSmtp("550 5.1.1 <a@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)");
  assert.equal(r.replyCode, 550);
  assert.equal(r.status, "5.1.1");
  assert.equal(r.class, "permanent");
  assert.equal(r.reason, "userunknown");
  assert.equal(r.hardBounce, true);
  assert.equal(r.command, "RCPT");
  assert.equal(r.advice.action, "remove-address");
  assert.equal(r.advice.retry, false);
  assert.deepEqual(r.diagnostics, []);

  const o = decodeSmtp("451 4.7.0 Temporary server error. Please try again later. PRX2");
  assert.equal(o.replyCode, 451);
  assert.equal(o.class, "transient");
  assert.equal(o.provider, "microsoft");
  assert.equal(o.providerCode, "PRX2");
  assert.equal(o.advice.retry, true);

  const empty = decodeSmtp("");
  assert.equal(empty.replyCode, null);
  assert.deepEqual(codes(empty), ["input/empty"], "bad input gives diagnostics, never an exception");
});

await check("decodeSmtpLines", () => {
  const reports = decodeSmtpLines("550 5.1.1 unknown user\n421 4.7.0 try later");
  assert.deepEqual(reports.map((r) => [r.replyCode, r.status, r.class]), [[550, "5.1.1", "permanent"], [421, "4.7.0", "transient"]]);
  assert.equal(reports[1].span.loc.line, 2, "spans carry UTF-16 locations");
});

await check("decodeBounce", () => {
  const dsn = [
    "Return-Path: <>",
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)",
    "To: sender@example.org",
    "Subject: Undelivered Mail Returned to Sender",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    "",
    "--B",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "Your message could not be delivered.",
    "",
    "--B",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example.org",
    "Arrival-Date: Mon, 6 Jan 2025 09:59:58 +0000",
    "",
    "Final-Recipient: rfc822; nobody@example.net",
    "Action: failed",
    "Status: 5.1.1",
    "Remote-MTA: dns; mx.example.net",
    "Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in local recipient table",
    "",
    "--B--",
    "",
  ].join("\r\n");
  const b = decodeBounce(dsn);
  assert.equal(b.kind, "bounce");
  assert.equal(b.recipients.length, 1);
  const [r] = b.recipients;
  assert.equal(r.recipient, "nobody@example.net");
  assert.equal(r.action, "failed");
  assert.equal(r.status, "5.1.1");
  assert.equal(r.replyCode, 550);
  assert.equal(r.reason, "userunknown");
  assert.equal(r.hardBounce, true);
  assert.equal(r.remoteHost, "mx.example.net");
  assert.equal(r.advice.retry, false);
  assert.equal(decodeBounce("hello").kind, "not-bounce");
});

await check("scoreMessage / scoreMessageBytes", () => {
  const msg = [
    "From: Prize Desk <win@deals.example>",
    "To: you@example.org",
    "Subject: YOU HAVE WON A FREE GIFT CARD",
    "Date: Mon, 13 Jan 2025 10:04:50 +0000",
    "Message-ID: <1@deals.example>",
    "Content-Type: text/html; charset=utf-8",
    "",
    '<p>Click <a href="https://bit.ly/3x">https://www.paypal.com/claim</a> to claim your prize!</p>',
    "",
  ].join("\r\n");
  const r = scoreMessage(msg);
  const ids = r.findings.map((f) => f.rule);
  for (const id of ["links/text-domain-mismatch", "links/shortener", "wording/subject-caps", "structure/html-only"]) {
    assert.ok(ids.includes(id), `${id} in ${ids}`);
  }
  assert.equal(r.threshold, 5);
  assert.equal(r.verdict, r.score >= 5 ? "spam" : "ham");
  assert.equal(r.summary.links[0].domain, "bit.ly");
  const b = scoreMessageBytes(new TextEncoder().encode(msg));
  assert.deepEqual(b.findings.map((f) => f.rule), ids);
  assert.equal(scoreMessage("").diagnostics[0].code, "input/empty");
});

// ---- SPF -------------------------------------------------------------------------------------

await check("validateSpf", () => {
  const r = validateSpf("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net +all", undefined);
  assert.equal(r.valid, true);
  assert.deepEqual(r.terms.map((t) => [t.name, t.qualifier]), [["ip4", "+"], ["include", "+"], ["all", "+"]]);
  assert.equal(r.terms[0].network, "192.0.2.0");
  assert.equal(r.terms[0].cidr4, 24);
  assert.equal(r.lookupTerms, 1);
  assert.ok(codes(r).includes("spf/pass-all"));
  assert.ok(codes(validateSpf("v=spf1 include:example.com -all", { domain: "example.com" })).includes("spf/include-self"));
});

await check("checkHost", () => {
  const zone = { "example.com": [{ TXT: "v=spf1 ip4:192.0.2.0/24 -all" }] };
  const pass = checkHost({ ip: "192.0.2.7", sender: "a@example.com" }, zone);
  assert.equal(pass.result, "pass");
  assert.deepEqual(pass.matched, { domain: "example.com", term: "ip4:192.0.2.0/24" });
  assert.equal(pass.pending, null);
  assert.equal(checkHost({ ip: "198.51.100.1", sender: "a@example.com" }, zone).result, "fail");
  assert.throws(() => checkHost({ ip: "not-an-ip", sender: "a@example.com" }, zone), /not an IP address/);
});

await check("checkHostAsync", async () => {
  const asked = [];
  const txt = { "example.com": ["v=spf1 include:_spf.example.net -all"], "_spf.example.net": ["v=spf1 ip4:198.51.100.0/24 ~all"] };
  const r = await checkHostAsync({ ip: "198.51.100.9", sender: "a@example.com" }, async (type, name) => {
    asked.push(`${type} ${name}`);
    return type === "TXT" ? (txt[name] ?? null) : null;
  });
  assert.equal(r.result, "pass");
  assert.deepEqual(r.matched, { domain: "example.com", term: "include:_spf.example.net" });
  assert.equal(r.lookups, 1);
  assert.deepEqual(asked, ["TXT example.com", "TXT _spf.example.net"]);
});

// ---- records ----------------------------------------------------------------------------------

await check("validateRecord", () => {
  const d = validateRecord("v=DMARC1; p=none");
  assert.equal(d.kind, "dmarc");
  assert.equal(d.form, "txt");
  assert.deepEqual(codes(d), ["dmarc/policy-none", "dmarc/no-rua"]);
  const s = validateRecord("v=spf1 -all");
  assert.equal(s.kind, "spf");
  assert.equal(s.lookupTerms, 0);
  assert.equal(validateRecord("version: STSv1\nmode: testing\nmx: mx.example.com\nmax_age: 86400\n").form, "mta-sts-policy");
});

await check("validateDmarc", () => {
  const r = validateDmarc("v=DMARC1; p=reject; rua=mailto:d@example.com");
  assert.equal(r.valid, true);
  assert.equal(r.spec, "rfc9989");
  assert.equal(r.record.policy, "reject");
  assert.equal(r.record.rua[0].uri, "mailto:d@example.com");
  assert.deepEqual(r.diagnostics, []);
  assert.equal(validateDmarc("v=DMARC1; p=none; pct=50", { spec: "rfc7489" }).record.percent, 50);
  assert.equal(validateDmarc("v=spf1 -all").record, null);
});

await check("validateDkimKey", () => {
  const r = validateDkimKey("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
  assert.equal(r.valid, true);
  assert.deepEqual({ type: r.key.keyType, format: r.key.format, bits: r.key.bits }, { type: "ed25519", format: "raw", bits: 256 });
  assert.equal(validateDkimKey("v=DKIM1; p=").key.format, "revoked");
});

await check("validateDkimSignature", () => {
  const header = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel; t=1700000000; " +
    "h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==";
  const r = validateDkimSignature(header, { now: 1700000100 });
  assert.equal(r.valid, true);
  assert.equal(r.signature.keyName, "sel._domainkey.example.com");
  assert.deepEqual(r.signature.signedHeaders, ["from", "to", "subject"]);
  assert.deepEqual(r.signature.canonicalization, { header: "relaxed", body: "relaxed" });
  assert.equal(r.signature.timestamp, 1700000000);
  const sha1 = validateDkimSignature(header.replace("rsa-sha256", "rsa-sha1"), { now: 1700000100 });
  assert.equal(sha1.valid, false);
  assert.ok(codes(sha1).includes("dkim/sig-rsa-sha1"));
});

await check("validateMtaStsTxt", () => {
  const r = validateMtaStsTxt("v=STSv1; id=20240101T000000;");
  assert.equal(r.valid, true);
  assert.equal(r.id, "20240101T000000");
  assert.ok(codes(validateMtaStsTxt("v=STSv1;")).includes("mta-sts/missing-id"));
});

await check("validateMtaStsPolicy", () => {
  const r = validateMtaStsPolicy("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n");
  assert.equal(r.valid, true);
  assert.deepEqual(r.policy, { mode: "enforce", mx: ["mail.example.com"], maxAge: 604800 });
  assert.equal(r.fields.length, 4);
});

await check("validateTlsRpt", () => {
  const r = validateTlsRpt("v=TLSRPTv1; rua=mailto:tlsrpt@example.com");
  assert.equal(r.valid, true);
  assert.deepEqual(r.rua.map((u) => [u.scheme, u.domain]), [["mailto", "example.com"]]);
  assert.ok(codes(validateTlsRpt("v=TLSRPTv1;")).includes("tls-rpt/missing-rua"));
});

await check("validateBimi", () => {
  const r = validateBimi("v=BIMI1; l=https://example.com/logo.svg; a=");
  assert.equal(r.location, "https://example.com/logo.svg");
  assert.equal(r.authority, null);
  assert.equal(r.declined, false);
  assert.deepEqual(codes(r), ["bimi/no-authority"]);
  assert.ok(codes(validateBimi("v=BIMI1; l=http://example.com/logo.svg")).includes("bimi/not-https"));
});

await check("evaluateDmarc", () => {
  const zone = { "_dmarc.example.com": ["v=DMARC1; p=reject"] };
  const pass = evaluateDmarc({ from: "example.com", spf: { result: "pass", domain: "mail.example.com" } }, zone);
  assert.equal(pass.result, "pass");
  assert.equal(pass.policyDomain, "example.com");
  assert.deepEqual(pass.alignments.map((a) => [a.mechanism, a.aligned]), [["spf", true]]);
  const fail = evaluateDmarc({ from: "example.com", spf: { result: "pass", domain: "other.example" }, dkim: [] }, zone);
  assert.deepEqual([fail.result, fail.disposition], ["fail", "reject"]);
});

console.log(`ok ${checks}`);
