// Node tests of validateRecord and evaluateDmarc of the built package (pkg/node.mjs): real records
// from ../shared/corpora/auth/dmarc_cases.tsv and dkim_mtasts_tlsrpt_cases.tsv (skipped when the
// corpus is not there), hand-written MTA-STS policy and BIMI records, and DMARC evaluations
// against zone objects. Run with `npm run test:node` after the WASM build has written pkg/.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { validateRecord, evaluateDmarc } from "../../pkg/node.mjs";

const CORPUS = process.env.DELIVERKIT_AUTH_CORPUS ?? fileURLToPath(new URL("../../../shared/corpora/auth/", import.meta.url));
const FILES = ["dmarc_cases.tsv", "dkim_mtasts_tlsrpt_cases.tsv"];
const HAVE_CORPUS = FILES.every((f) => existsSync(join(CORPUS, f)));
const SKIP = !HAVE_CORPUS && !process.env.CI ? `the corpus is not at ${CORPUS} (set DELIVERKIT_AUTH_CORPUS); set CI=1 to make this a failure` : false;

/** Fields of the corpus are backslash-escaped: \t \n \\ \uXXXX. */
const unescape = (s) =>
  s.replace(/\\(u[0-9a-fA-F]{4}|t|n|\\)/g, (_, g) => (g === "t" ? "\t" : g === "n" ? "\n" : g === "\\" ? "\\" : String.fromCharCode(parseInt(g.slice(1), 16))));

/** record -> expected verdict of the source test, for every row of both files. */
function loadCorpus() {
  const rows = new Map();
  if (!HAVE_CORPUS) return rows;
  for (const file of FILES) {
    const lines = readFileSync(join(CORPUS, file), "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    assert.equal(lines[0].split("\t")[0], "record", `${file} has its header`);
    for (const line of lines.slice(1)) {
      const [record, verdict] = line.split("\t");
      rows.set(unescape(record), verdict);
    }
  }
  return rows;
}
const CASES = loadCorpus();

/** A record of the corpus, by its exact text (fails if the corpus no longer has it). */
function corpus(text) {
  assert.ok(CASES.has(text), `the corpus has ${JSON.stringify(text)}`);
  return text;
}

const codes = (report) => report.diagnostics.map((d) => d.code);
const find = (report, code) => {
  const d = report.diagnostics.find((x) => x.code === code);
  assert.ok(d, `diagnostics ${JSON.stringify(codes(report))} include ${code}`);
  return d;
};
const tag = (report, name) => {
  const t = report.tags.find((x) => x.name === name);
  assert.ok(t, `tags ${JSON.stringify(report.tags.map((x) => x.name))} include ${name}`);
  return t;
};
/** The text a span covers, through its UTF-16 location (as the page slices it). */
const textOf = (input, span) => {
  assert.ok(span?.loc, `span ${JSON.stringify(span)} has a loc`);
  return input.slice(span.loc.utf16Start, span.loc.utf16End);
};
/** The text a span covers, through its UTF-8 byte offsets. */
const bytesOf = (input, span) => Buffer.from(input, "utf8").subarray(span.start, span.end).toString("utf8");

const REPORT_KEYS = ["diagnostics", "form", "kind", "tags", "valid"];

function assertReportShape(r, input) {
  const keys = Object.keys(r).sort();
  if (r.kind === "spf") assert.deepEqual(keys, [...REPORT_KEYS, "lookupTerms", "terms"].sort());
  else assert.deepEqual(keys, REPORT_KEYS, "terms and lookupTerms only for SPF");
  assert.equal(r.valid, !r.diagnostics.some((d) => d.severity === "error"), "valid = no error");
  for (const t of r.tags) {
    assert.deepEqual(Object.keys(t).sort(), ["name", "nameSpan", "span", "value", "valueSpan"]);
    assert.equal(textOf(input, t.nameSpan), t.name);
    assert.equal(textOf(input, t.valueSpan), t.value);
    assert.equal(bytesOf(input, t.valueSpan), t.value);
    assert.ok(textOf(input, t.span).includes(t.name));
  }
  for (const d of r.diagnostics) {
    assert.ok(["error", "warning", "info"].includes(d.severity));
    assert.equal(typeof d.message, "string");
    if (d.span) assert.equal(textOf(input, d.span), bytesOf(input, d.span), `${d.code}: UTF-16 and UTF-8 spans agree`);
  }
  return r;
}

const check = (text, options) => assertReportShape(validateRecord(text, options), text);

describe("validateRecord on corpus records", { skip: SKIP }, () => {
  test("DMARC p=none: a warning at the p=none tag and no rua", () => {
    const text = corpus("v=DMARC1; p=none");
    const r = check(text);
    assert.equal(r.kind, "dmarc");
    assert.equal(r.form, "txt");
    assert.equal(r.valid, true);
    assert.deepEqual(r.tags.map((t) => [t.name, t.value]), [["v", "DMARC1"], ["p", "none"]]);
    const none = find(r, "dmarc/policy-none");
    assert.equal(none.severity, "warning");
    assert.equal(textOf(text, none.span), "p=none");
    assert.deepEqual(none.span.loc, { utf16Start: 10, utf16End: 16, line: 1, column: 11 });
    assert.ok(none.help && none.help.length > 0);
    const noRua = find(r, "dmarc/no-rua");
    assert.equal(noRua.span, null, "a missing tag has no place in the record");
  });

  test("DMARC: a bad policy value is an error at the value", () => {
    const text = corpus("v=DMARC1; p=foo; rua=mailto:dmarc@example.com");
    const r = check(text);
    assert.equal(r.kind, "dmarc");
    assert.equal(r.valid, false);
    assert.equal(CASES.get(text), "invalid");
    const d = find(r, "dmarc/bad-policy");
    assert.equal(d.severity, "error");
    assert.equal(textOf(text, d.span), "foo");
    assert.equal(tag(r, "rua").value, "mailto:dmarc@example.com");
  });

  test("DMARC: a report URI without a scheme is an error", () => {
    const text = corpus("v=DMARC1; p=none; rua=reports@dmarc.cyber.dhs.gov,mailto:dmarcreports@usdoj.gov");
    const r = check(text);
    assert.equal(r.valid, false);
    assert.equal(textOf(text, find(r, "dmarc/bad-uri").span), "reports@dmarc.cyber.dhs.gov");
  });

  test("DMARC pct: historic under RFC 9989, defined under RFC 7489", () => {
    const text = corpus("v=DMARC1; p=reject; pct=100");
    const bis = check(text);
    assert.equal(bis.valid, true);
    assert.equal(textOf(text, find(bis, "dmarc/historic-tag").span), "pct=100");
    assert.equal(tag(bis, "pct").value, "100");
    const old = check(text, { dmarc: { spec: "rfc7489" } });
    assert.ok(!codes(old).includes("dmarc/historic-tag"), JSON.stringify(codes(old)));

    const over = corpus("v=DMARC1; pct=101");
    assert.equal(CASES.get(over), "invalid");
    assert.equal(check(over).valid, true, "RFC 9989 ignores pct");
    const strict = check(over, { dmarc: { spec: "rfc7489" } });
    assert.equal(strict.valid, false);
    assert.equal(find(strict, "dmarc/bad-value").severity, "error");
  });

  test("DMARC: t=y, psd=y and an empty term in the RFC 9989 example", () => {
    const text = corpus("v=DMARC1; p=quarantine; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net; fo=s:d; t=y; psd=y;;");
    const r = check(text);
    assert.equal(r.valid, true);
    assert.equal(textOf(text, find(r, "dmarc/testing-mode").span), "t=y");
    assert.equal(textOf(text, find(r, "dmarc/psd-yes").span), "psd=y");
    assert.equal(tag(r, "fo").value, "s:d");
  });

  test("DMARC: a third-party rua is pointed out when the domain is given", () => {
    const text = corpus("v=DMARC1; p=reject; rua=mailto:dmarc-feedback@example.com,mailto:tld-test@thirdparty.example.net");
    assert.ok(!codes(check(text)).includes("dmarc/external-report-destination"));
    const r = check(text, { dmarc: { domain: "example.com" } });
    assert.equal(textOf(text, find(r, "dmarc/external-report-destination").span), "mailto:tld-test@thirdparty.example.net");
  });

  test("leading white space and an unknown version", () => {
    const lead = corpus(" v=DMARC1; p=reject");
    const r = check(lead);
    assert.equal(r.valid, false);
    assert.equal(textOf(lead, find(r, "record/leading-whitespace").span), " ");

    const v0 = check(corpus("v=DMARC0"));
    assert.equal(v0.kind, "unknown");
    assert.equal(v0.valid, false);
    assert.deepEqual(codes(v0), ["record/unknown-kind"]);
  });

  test("an SPF record in a DMARC place is recognised as SPF, with terms", () => {
    const text = corpus("v=spf1 include:example.com -all");
    const r = check(text);
    assert.equal(r.kind, "spf");
    assert.equal(r.lookupTerms, 1);
    assert.deepEqual(r.terms.map((t) => [t.name, t.value]), [["include", "example.com"], ["all", null]]);
    assert.deepEqual(r.tags, []);
  });

  test("every row: DMARC kind, and valid as the source test says where deliverkit agrees", () => {
    let agree = 0;
    for (const [text, verdict] of CASES) {
      const r = check(text);
      if (/^v\s*=\s*DMARC1/i.test(text)) assert.equal(r.kind, "dmarc", text);
      if (verdict === "valid" || verdict === "invalid") agree += Number((verdict === "valid") === r.valid);
    }
    // Known differences: SPF in a DMARC place (a valid SPF record), pct=101 and rf=foo (ignored
    // historic tags under RFC 9989), and h= with "sha 256" in a DKIM key (no sha256: an error).
    assert.ok(agree >= CASES.size - 5, `${agree} of ${CASES.size} agree`);
  });

  test("DKIM keys: 1024-bit SPKI, PKCS#1, Ed25519, revoked", () => {
    const spki = corpus(
      "v=DKIM1; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB",
    );
    const a = check(spki);
    assert.equal(a.kind, "dkim");
    assert.equal(a.form, "txt");
    assert.equal(a.valid, true);
    assert.ok(tag(a, "p").value.startsWith("MIGfMA0G"));
    const weak = find(a, "dkim/key-weak");
    assert.equal(weak.severity, "warning");
    assert.match(weak.message, /1024 bits/);
    assert.equal(textOf(spki, weak.span), tag(a, "p").value);

    const pkcs1 = corpus(
      "v=DKIM1; p=MIGJAoGBALVI635dLK4cJJAH3Lx6upo3X/Lm1tQz3mezcWTA3BUBnyIsdnRf57aD5BtNmhPrYYDlWlzw3UgnKisIxktkk5+iMQMlFtAS10JB8L3YadXNJY+JBcbeSi5TgJe4WFzNgW95FWDAuSTRXSWZfA/8xjflbTLDx0euFZOM7C4T0GwLAgMBAAE=",
    );
    const b = check(pkcs1);
    assert.equal(b.valid, true);
    assert.ok(codes(b).includes("dkim/key-pkcs1"));

    const ed = check(corpus("v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="));
    assert.equal(ed.valid, true);
    assert.deepEqual(codes(ed), []);
    assert.equal(tag(ed, "k").value, "ed25519");

    const revokedText = corpus("v=DKIM1; k=rsa; p=;");
    const revoked = check(revokedText);
    assert.equal(revoked.valid, false);
    assert.equal(textOf(revokedText, find(revoked, "dkim/key-revoked").span), "p=");
    assert.equal(tag(revoked, "p").value, "");
  });

  test("DKIM key without v=: recognised by p=", () => {
    const r = check(corpus("p="));
    assert.equal(r.kind, "dkim");
    assert.ok(codes(r).includes("dkim/key-revoked"));
  });

  test("MTA-STS and TLS-RPT TXT records", () => {
    const sts = check(corpus("v=STSv1; id=20160831085700Z;"));
    assert.equal(sts.kind, "mta-sts");
    assert.equal(sts.form, "txt");
    assert.equal(sts.valid, true);
    assert.equal(tag(sts, "id").value, "20160831085700Z");

    const rptText = corpus("v=TLSRPTv1; rua=mailto:tlsrpt@mydomain.com,https://tlsrpt.mydomain.com/v1");
    const rpt = check(rptText);
    assert.equal(rpt.kind, "tls-rpt");
    assert.equal(rpt.valid, true);
    assert.equal(tag(rpt, "rua").value, "mailto:tlsrpt@mydomain.com,https://tlsrpt.mydomain.com/v1");
  });
});

describe("validateRecord on hand-written records", () => {
  test("an MTA-STS policy file: fields, mode testing at its line", () => {
    const text = "version: STSv1\nmode: testing\nmx: mail.example.com\nmx: *.example.net\nmax_age: 86400\n";
    const r = check(text);
    assert.equal(r.kind, "mta-sts");
    assert.equal(r.form, "mta-sts-policy");
    assert.equal(r.valid, true);
    assert.deepEqual(r.tags.map((t) => [t.name, t.value]), [
      ["version", "STSv1"],
      ["mode", "testing"],
      ["mx", "mail.example.com"],
      ["mx", "*.example.net"],
      ["max_age", "86400"],
    ]);
    const d = find(r, "mta-sts/mode-testing");
    assert.equal(d.severity, "info");
    assert.equal(textOf(text, d.span), "mode: testing");
    assert.equal(d.span.loc.line, 2);
  });

  test("BIMI: https is required for the logo", () => {
    const good = check("v=BIMI1; l=https://example.com/brand/logo.svg; a=https://example.com/brand/vmc.pem");
    assert.equal(good.kind, "bimi");
    assert.equal(good.valid, true);
    assert.equal(tag(good, "l").value, "https://example.com/brand/logo.svg");
    const text = "v=BIMI1; l=http://example.com/logo.svg";
    const bad = check(text);
    assert.equal(bad.valid, false);
    assert.equal(textOf(text, find(bad, "bimi/not-https").span), "http://example.com/logo.svg");
  });

  test("a DKIM-Signature header field", () => {
    const text = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; h=from:to; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==";
    const r = check(text, { now: 1_700_000_000 });
    assert.equal(r.kind, "dkim");
    assert.equal(r.form, "dkim-signature");
    assert.equal(tag(r, "d").value, "example.com");
    assert.equal(text.slice(0, tag(r, "v").span.loc.utf16Start), "DKIM-Signature: ", "spans count from the header name");
  });

  test("non-ASCII text: UTF-16 locations and UTF-8 offsets", () => {
    const text = "v=DMARC1; p=none; rua=mailto:dmarc@exämple.com";
    const r = check(text);
    const none = find(r, "dmarc/policy-none");
    assert.equal(textOf(text, none.span), "p=none");
    const rua = tag(r, "rua");
    assert.equal(rua.valueSpan.end - rua.valueSpan.start, Buffer.byteLength(rua.value), "byte offsets");
    assert.equal(rua.valueSpan.loc.utf16End - rua.valueSpan.loc.utf16Start, rua.value.length, "UTF-16 offsets");
  });

  test("empty input and malformed options", () => {
    const r = check("");
    assert.equal(r.kind, "unknown");
    assert.deepEqual(codes(r), ["record/empty"]);
    assert.throws(() => validateRecord("v=DMARC1; p=none", { dmarc: { spec: "rfc1234" } }), /rfc9989/);
  });
});

describe("evaluateDmarc with a zone object", () => {
  const ZONE = {
    "_dmarc.example.com": ["v=DMARC1; p=reject; sp=quarantine; np=reject; rua=mailto:dmarc@example.com"],
    "sub.example.com": [],
  };

  test("pass: DKIM of a subdomain, relaxed alignment", () => {
    const e = evaluateDmarc({ from: "example.com", dkim: [{ result: "pass", domain: "mail.example.com" }] }, ZONE);
    assert.equal(e.result, "pass");
    assert.equal(e.disposition, "none");
    assert.equal(e.policyDomain, "example.com");
    assert.equal(e.record, ZONE["_dmarc.example.com"][0]);
    assert.deepEqual(e.alignments, [
      { mechanism: "dkim", domain: "mail.example.com", result: "pass", mode: "relaxed", organizationalDomain: "example.com", aligned: true },
    ]);
    assert.equal(e.trace[0].name, "_dmarc.example.com");
    assert.equal(e.trace[0].answer, "records");
    assert.equal(e.trace[0].dmarcRecords, 1);
  });

  test("fail: SPF passes for another domain, DKIM fails: reject", () => {
    const e = evaluateDmarc(
      { from: "example.com", spf: { result: "pass", domain: "bounces.example.net" }, dkim: [{ result: "fail", domain: "example.com" }] },
      ZONE,
    );
    assert.equal(e.result, "fail");
    assert.equal(e.disposition, "reject");
    assert.equal(e.policy, "reject");
    assert.equal(e.policySource, "p");
    assert.equal(e.testing, false);
    assert.deepEqual(e.alignments.map((a) => [a.mechanism, a.aligned]), [["spf", false], ["dkim", false]]);
  });

  test("t=y: the policy is applied one level lower", () => {
    const e = evaluateDmarc({ from: "example.com", spf: { result: "fail", domain: "example.com" } }, { "_dmarc.example.com": ["v=DMARC1; p=reject; t=y"] });
    assert.equal(e.result, "fail");
    assert.equal(e.testing, true);
    assert.equal(e.policy, "reject");
    assert.equal(e.disposition, "quarantine");
  });

  test("np for a subdomain that does not exist; sp for one that does", () => {
    const missing = evaluateDmarc({ from: "nope.example.com", spf: { result: "fail", domain: "example.com" } }, ZONE);
    assert.equal(missing.result, "fail");
    assert.equal(missing.authorDomainExists, false);
    assert.equal(missing.policySource, "np");
    assert.equal(missing.disposition, "reject");
    const probe = missing.trace.find((s) => s.purpose === "non-existent-subdomain");
    assert.deepEqual([probe.name, probe.query, probe.answer], ["nope.example.com", "exists", "nxdomain"]);

    const present = evaluateDmarc({ from: "sub.example.com", spf: { result: "fail", domain: "example.com" } }, ZONE);
    assert.equal(present.authorDomainExists, true);
    assert.equal(present.policySource, "sp");
    assert.equal(present.disposition, "quarantine");
  });

  test("no record: none; TIMEOUT: temperror; a malformed zone throws", () => {
    const none = evaluateDmarc({ from: "example.org", spf: { result: "pass", domain: "example.org" } }, {});
    assert.equal(none.result, "none");
    assert.equal(none.policyDomain, null);
    const temp = evaluateDmarc({ from: "example.org" }, { "_dmarc.example.org": "TIMEOUT" });
    assert.equal(temp.result, "temperror");
    assert.throws(() => evaluateDmarc({ from: "example.org" }, { "_dmarc.example.org": [42] }));
  });
});
