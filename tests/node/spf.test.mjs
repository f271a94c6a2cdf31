// Node tests of the SPF exports of the built package (pkg/node.mjs): validateSpf, checkHost and
// checkHostAsync on hand-written records and zones (documentation names and addresses only).
// Run with `npm run test:node` after the WASM build has written pkg/.

import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { readFileSync } from "node:fs";
import { validateSpf, checkHost, checkHostAsync, decodeBounce } from "../../pkg/node.mjs";
// The one-step report behind validateSpf's terms and diagnostics (not part of the package's interface).
import { __validateSpfReport as spfReport } from "../../pkg/deliverkit.js";

const utf8Length = (s) => Buffer.byteLength(s, "utf8");
const codes = (report) => report.diagnostics.map((d) => d.code);
const find = (report, code) => {
  const d = report.diagnostics.find((x) => x.code === code);
  assert.ok(d, `diagnostics ${JSON.stringify(codes(report))} include ${code}`);
  return d;
};
/** The text a span covers, through its UTF-16 location (as the page slices it). */
const textOf = (input, span) => input.slice(span.loc.utf16Start, span.loc.utf16End);
/** The text a span covers, through its UTF-8 byte offsets. */
const bytesOf = (input, span) => Buffer.from(input, "utf8").subarray(span.start, span.end).toString("utf8");

const SPF_RESULTS = ["pass", "fail", "softfail", "neutral", "none", "permerror", "temperror"];
const RESULT_KEYS = ["result", "reason", "explanation", "matched", "lookups", "voidLookups", "trace", "pending"];
const TRACE_EVENTS = new Set(["query", "record", "term", "match", "include", "redirect", "result", "error", "explanation"]);

/** Checks the documented shape of a check_host result; returns it. */
function assertResult(r) {
  assert.deepEqual(Object.keys(r).sort(), [...RESULT_KEYS].sort(), "result keys (absent optionals are null, not missing)");
  assert.ok(SPF_RESULTS.includes(r.result), `result ${r.result}`);
  assert.equal(typeof r.reason, "string");
  assert.ok(r.reason.length > 0);
  assert.ok(r.explanation === null || typeof r.explanation === "string");
  assert.ok(r.matched === null || (typeof r.matched.domain === "string" && typeof r.matched.term === "string"));
  assert.ok(Number.isInteger(r.lookups) && r.lookups >= 0);
  assert.ok(Number.isInteger(r.voidLookups) && r.voidLookups >= 0);
  assert.equal(r.pending, null, "checkHost/checkHostAsync answer every query before returning");
  assert.ok(Array.isArray(r.trace) && r.trace.length > 0);
  for (const step of r.trace) {
    assert.deepEqual(Object.keys(step).sort(), ["depth", "detail", "domain", "event"]);
    assert.ok(Number.isInteger(step.depth) && step.depth >= 0);
    assert.ok(TRACE_EVENTS.has(step.event), `trace event ${step.event}`);
    assert.equal(typeof step.detail, "string");
  }
  const last = r.trace.at(-1);
  assert.equal(last.event, "result");
  assert.equal(last.depth, 0);
  assert.ok(last.detail.startsWith(`${r.result}:`), `the last step states the result: ${last.detail}`);
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r, "plain JSON data");
  return r;
}

// ---- a small zone: example.com includes _spf.example.net and names its MX ----------------------

const ZONE = {
  "example.com": [
    { TXT: "v=spf1 include:_spf.example.net mx -all exp=explain.example.com" },
    { MX: [10, "mx.example.com"] },
  ],
  "_spf.example.net": [{ TXT: "v=spf1 ip4:192.0.2.0/24 -all" }],
  "mx.example.com": [{ A: "198.51.100.10" }],
  "explain.example.com": [{ TXT: "%{i} is not allowed to send mail for %{d}" }],
};
const SENDER = "bounce@example.com";

/** The same zone answered by an async resolver, in the SpfResolver format. */
function resolverFor(zone, calls = []) {
  return async (type, name) => {
    calls.push(`${type} ${name}`);
    const records = zone[name];
    if (records === undefined) return null;
    if (records.includes("TIMEOUT")) throw new Error(`timeout for ${name}`);
    const answers = [];
    for (const record of records) {
      if (!Object.hasOwn(record, type)) continue;
      const value = record[type];
      if (type === "MX") answers.push(`${value[0]} ${value[1]}`);
      else answers.push(Array.isArray(value) ? value.join("") : value);
    }
    return answers;
  };
}

// ---- validateSpf ---------------------------------------------------------------------------------

describe("validateSpf", () => {
  test("a good record: valid, terms in order with their fields, lookups counted", () => {
    const record = "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net mx ~all";
    const r = validateSpf(record, { domain: "example.com" });
    assert.equal(r.valid, true);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.lookupTerms, 2, "include and mx query DNS, ip4 and all do not");
    assert.deepEqual(
      r.terms.map((t) => [t.kind, t.qualifier, t.explicitQualifier, t.name, t.value, t.dnsLookup]),
      [
        ["mechanism", "+", false, "ip4", "192.0.2.0/24", false],
        ["mechanism", "+", false, "include", "_spf.example.net", true],
        ["mechanism", "+", false, "mx", null, true],
        ["mechanism", "~", true, "all", null, false],
      ],
    );
    const [ip4, include] = r.terms;
    assert.equal(ip4.network, "192.0.2.0");
    assert.equal(ip4.cidr4, 24);
    assert.equal(ip4.cidr6, null);
    assert.equal(ip4.domainSpec, null);
    assert.equal(include.domainSpec, "_spf.example.net");
    assert.deepEqual([include.span.start, include.span.end], [24, 48]);
    assert.equal(textOf(record, include.span), "include:_spf.example.net");
    assert.equal(textOf(record, include.valueSpan), "_spf.example.net");
    assert.deepEqual(JSON.parse(JSON.stringify(r)), { ...r }, "plain JSON data");
  });

  test("valid and lookupTerms come with the call; terms and diagnostics when first read, the same as computed at once", () => {
    const record = "v=spf1 ip4:192.0.2.1/24 include:_spf.example.net ptr +all";
    const r = validateSpf(record, { domain: "example.com" });
    assert.deepEqual(Object.keys(r), ["valid", "lookupTerms"], "nothing else is computed yet");
    assert.equal(r.valid, true);
    assert.equal(r.lookupTerms, 2);
    const json = JSON.stringify(r);
    assert.deepEqual(Object.keys(JSON.parse(json)), ["valid", "terms", "lookupTerms", "diagnostics"], "JSON.stringify gives the whole report, in its order");
    assert.deepEqual([...codes(r)].sort(), ["spf/host-bits-set", "spf/pass-all", "spf/ptr-deprecated"]);
    assert.deepEqual(Object.keys(r), ["valid", "lookupTerms", "terms", "diagnostics"], "once read, both are plain properties");
    assert.equal(JSON.stringify(r), json);
    const copy = structuredClone(r);
    assert.equal(copy.terms.length, 4);
    assert.deepEqual(copy.diagnostics, r.diagnostics);
    // Options are read at the call: changing the object afterwards changes nothing.
    const options = { domain: "example.com" };
    const self = validateSpf("v=spf1 include:example.com -all", options);
    options.domain = "other.example";
    assert.ok(codes(self).includes("spf/include-self"));
    // Assigning a field works as on any object, before or after the report is filled in.
    const a = validateSpf("v=spf1 -all");
    a.terms = [];
    assert.deepEqual(a.terms, []);
    assert.equal(a.diagnostics.length, 0);
    assert.deepEqual(a.terms, [], "reading diagnostics keeps the assigned terms");
  });

  test("on every record of the auth corpora, the two-step report equals the one-step report", () => {
    const bench = JSON.parse(readFileSync(new URL("../../../shared/corpora/auth/bench_corpus.json", import.meta.url), "utf8"));
    const records = [...bench.spf_simple, ...bench.spf_real].map((x) => (typeof x === "string" ? x : x.record));
    const cases = readFileSync(new URL("../../../shared/corpora/auth/spf_syntax_cases.tsv", import.meta.url), "utf8")
      .split("\n").filter((l) => l && !l.startsWith("#")).slice(1).map((l) => l.split("\t")[0]); // as escaped in the file: text all the same
    let invalid = 0;
    for (const record of [...records, ...cases, "", "   ", "v=spf1 redirect=a.example redirect=b.example", '"v=spf1 " "-all"']) {
      const lazy = validateSpf(record);
      const { valid, lookupTerms } = lazy;
      assert.equal(JSON.stringify(lazy), JSON.stringify(spfReport(record, undefined)), record);
      assert.equal(valid, lazy.diagnostics.every((d) => d.severity !== "error"), record);
      assert.equal(lookupTerms, lazy.terms.filter((t) => t.dnsLookup).length, record);
      invalid += valid ? 0 : 1;
    }
    assert.ok(records.length + cases.length > 1500 && invalid > 100, `${invalid} invalid records`);
  });

  test("records written through the scratch buffer and passed as an argument agree, across memory growth", () => {
    const long = `v=spf1 ${"ip4:192.0.2.1 ".repeat(400)}-all`; // over 4096 UTF-16 units: passed as an argument
    const inputs = [
      "v=spf1 include:é.example -all", "v=spf1 a:\u{1F600}.example -all", "v=spf1 \uD800 -all", "v=spf1 a:x\uDFFF.example",
      "é".repeat(4096), "é".repeat(4097), long, long.slice(0, 4096), "v=spf1 -all\r\n", "",
    ];
    const check = () => {
      for (const record of inputs) {
        const r = validateSpf(record);
        const full = spfReport(record, undefined);
        assert.deepEqual([r.valid, r.lookupTerms], [full.valid, full.lookupTerms], record.slice(0, 40));
      }
    };
    check();
    // Grow the module's memory (a large message), then check again: the view is made anew.
    const before = validateSpf("v=spf1 mx -all").lookupTerms;
    decodeBounce("From: a@example.com\n\n" + "x".repeat(8 * 1024 * 1024));
    check();
    assert.equal(validateSpf("v=spf1 mx -all").lookupTerms, before);
  });

  test("+all: spf/pass-all warning on exactly `+all`; the record stays valid", () => {
    const record = "v=spf1 ip4:192.0.2.0/24 +all";
    const r = validateSpf(record, undefined);
    assert.equal(r.valid, true, "a warning does not make the record invalid");
    assert.deepEqual(codes(r), ["spf/pass-all"]);
    const d = r.diagnostics[0];
    assert.equal(d.severity, "warning");
    assert.match(d.message, /\+all/);
    assert.equal(typeof d.help, "string");
    assert.equal(d.reference, "RFC 7208 section 5.1");
    assert.deepEqual([d.span.start, d.span.end], [24, 28]);
    assert.deepEqual(d.span.loc, { utf16Start: 24, utf16End: 28, line: 1, column: 25 });
    assert.equal(textOf(record, d.span), "+all");
  });

  test("+all and ptr: pass-all, ptr-deprecated and unreachable-term, each on its term", () => {
    const record = "v=spf1 a mx +all ptr";
    const r = validateSpf(record, {});
    assert.equal(r.valid, true);
    assert.equal(r.lookupTerms, 3, "a, mx and ptr");
    assert.equal(textOf(record, find(r, "spf/pass-all").span), "+all");
    assert.equal(textOf(record, find(r, "spf/ptr-deprecated").span), "ptr");
    assert.equal(textOf(record, find(r, "spf/unreachable-term").span), "ptr");
    assert.ok(r.diagnostics.every((d) => d.severity === "warning"));
  });

  test("non-ASCII: span in UTF-8 bytes, loc in UTF-16 units", () => {
    // 'é' is 2 bytes and 1 UTF-16 unit; '😀' is 4 bytes and 2 UTF-16 units.
    const record = "v=spf1 a:é.example.com -all";
    const r = validateSpf(record, {});
    assert.equal(r.valid, false);
    const bad = find(r, "spf/invalid-character");
    assert.equal(bad.severity, "error");
    assert.deepEqual([bad.span.start, bad.span.end], [9, 11], "UTF-8 byte offsets");
    assert.deepEqual([bad.span.loc.utf16Start, bad.span.loc.utf16End], [9, 10], "UTF-16 offsets");
    assert.deepEqual([bad.span.loc.line, bad.span.loc.column], [1, 10]);
    assert.equal(textOf(record, bad.span), "é");
    assert.equal(bytesOf(record, bad.span), "é");

    // A term after the non-ASCII character: byte and UTF-16 offsets differ by one.
    const all = r.terms.find((t) => t.name === "all");
    assert.deepEqual([all.span.start, all.span.end], [24, 28]);
    assert.deepEqual([all.span.loc.utf16Start, all.span.loc.utf16End], [23, 27]);
    assert.equal(textOf(record, all.span), "-all");
    assert.equal(utf8Length(record), record.length + 1);

    const astral = "v=spf1 a:😀.example.com -all";
    const a = validateSpf(astral, {});
    const d = find(a, "spf/invalid-character");
    assert.deepEqual([d.span.start, d.span.end], [9, 13]);
    assert.deepEqual([d.span.loc.utf16Start, d.span.loc.utf16End], [9, 11]);
    assert.equal(textOf(astral, d.span), "😀");
    const allTerm = a.terms.find((t) => t.name === "all");
    assert.equal(allTerm.span.start - allTerm.span.loc.utf16Start, 2, "4 bytes vs 2 UTF-16 units");
  });

  test("11 DNS-querying terms: spf/too-many-lookups error on the 11th", () => {
    const hosts = Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`);
    const record = `v=spf1 ${hosts.join(" ")} -all`;
    const r = validateSpf(record, {});
    assert.equal(r.valid, false);
    assert.equal(r.lookupTerms, 11);
    const d = find(r, "spf/too-many-lookups");
    assert.equal(d.severity, "error");
    assert.equal(textOf(record, d.span), "a:h10.example.com");
    assert.deepEqual(codes(r), ["spf/too-many-lookups"]);

    const ten = validateSpf(`v=spf1 ${hosts.slice(0, 10).join(" ")} -all`, {});
    assert.equal(ten.valid, true, "10 is the limit, not over it");
    assert.equal(ten.lookupTerms, 10);
    assert.ok(!codes(ten).includes("spf/too-many-lookups"));
  });

  test("the quoted form dig prints is joined like DNS joins the strings", () => {
    const quoted = '"v=spf1 ip4:192.0.2.0/24 include:_spf.example.net " "mx -all"';
    const r = validateSpf(quoted, {});
    const plain = validateSpf("v=spf1 ip4:192.0.2.0/24 include:_spf.example.net mx -all", {});
    assert.equal(r.valid, true);
    assert.deepEqual(codes(r), ["spf/quoted-strings"]);
    assert.equal(r.diagnostics[0].severity, "info");
    assert.deepEqual(r.terms.map((t) => [t.qualifier, t.name, t.value]), plain.terms.map((t) => [t.qualifier, t.name, t.value]));
    assert.equal(r.lookupTerms, plain.lookupTerms);
    // Spans point into the quoted input, not into the joined text.
    const mx = r.terms.find((t) => t.name === "mx");
    assert.equal(textOf(quoted, mx.span), "mx");
    assert.equal(mx.span.start, quoted.indexOf("mx -all"));
    const include = r.terms.find((t) => t.name === "include");
    assert.equal(textOf(quoted, include.span), "include:_spf.example.net");

    // Without the space inside a string the terms run together, as in DNS.
    const glued = validateSpf('"v=spf1 ip4:192.0.2.1" "-all"', {});
    assert.equal(glued.valid, false);
    assert.equal(glued.terms.length, 1, "ip4:192.0.2.1-all is one (bad) term");
    assert.ok(codes(glued).includes("spf/invalid-ip"));
  });

  test("include of the record's own domain is found with the domain option", () => {
    const record = "v=spf1 include:example.com -all";
    assert.deepEqual(codes(validateSpf(record, {})), []);
    const r = validateSpf(record, { domain: "example.com" });
    const d = find(r, "spf/include-self");
    assert.equal(textOf(record, d.span), "include:example.com");
  });

  test("invalid records: verdict false with the error that says why", () => {
    const cases = [
      ["hello", "spf/missing-version", "hello"],
      ["v=spf10 -all", "spf/missing-version", "v=spf10"],
      ["v=spf1 ip4:300.1.1.1 -all", "spf/invalid-ip", "300.1.1.1"],
      ["v=spf1 foo:bar -all", "spf/unknown-mechanism", "foo"],
      ["v=spf1 ip4:192.0.2.0/33 -all", "spf/bad-cidr", "/33"],
      ["v=spf1 redirect=a.example.com redirect=b.example.com", "spf/duplicate-modifier", "redirect=b.example.com"],
    ];
    for (const [record, code, text] of cases) {
      const r = validateSpf(record, {});
      assert.equal(r.valid, false, record);
      const d = find(r, code);
      assert.equal(d.severity, "error", `${code} is an error`);
      assert.equal(textOf(record, d.span), text, `${code} points at ${text}`);
      assert.equal(bytesOf(record, d.span), text);
    }
    const unknown = validateSpf("v=spf1 foo:bar -all", {});
    assert.equal(unknown.terms[0].kind, "invalid");

    const empty = validateSpf("", {});
    assert.equal(empty.valid, false);
    assert.deepEqual(empty.terms, []);
    assert.equal(find(empty, "input/empty").severity, "error");
  });

  test("options: a non-string domain is misuse and throws", () => {
    assert.throws(() => validateSpf("v=spf1 -all", { domain: 5 }), /validateSpf options/);
  });
});

// ---- checkHost ---------------------------------------------------------------------------------

describe("checkHost with a zone object", () => {
  test("pass via include", () => {
    const r = assertResult(checkHost({ ip: "192.0.2.7", sender: SENDER }, ZONE));
    assert.equal(r.result, "pass");
    assert.deepEqual(r.matched, { domain: "example.com", term: "include:_spf.example.net" });
    assert.equal(r.explanation, null);
    assert.equal(r.lookups, 1);
    assert.equal(r.voidLookups, 0);
    assert.ok(r.trace.some((s) => s.depth === 1 && s.domain === "_spf.example.net" && s.event === "match"), "the include's match is at depth 1");
    assert.ok(r.trace.some((s) => s.depth === 0 && s.event === "include" && s.detail === "_spf.example.net"));
  });

  test("pass via mx after the include did not match", () => {
    const r = assertResult(checkHost({ ip: "198.51.100.10", sender: SENDER }, ZONE));
    assert.equal(r.result, "pass");
    assert.deepEqual(r.matched, { domain: "example.com", term: "mx" });
    assert.equal(r.lookups, 2);
  });

  test("fail with the exp= explanation, macros expanded", () => {
    const r = assertResult(checkHost({ ip: "203.0.113.5", sender: SENDER }, ZONE));
    assert.equal(r.result, "fail");
    assert.deepEqual(r.matched, { domain: "example.com", term: "-all" });
    assert.equal(r.explanation, "203.0.113.5 is not allowed to send mail for example.com");
    assert.equal(r.lookups, 2);
    assert.ok(r.trace.some((s) => s.event === "explanation" && s.detail === r.explanation));
  });

  test("softfail, neutral and none", () => {
    const ip = { ip: "203.0.113.5", sender: SENDER };
    assert.equal(assertResult(checkHost(ip, { "example.com": [{ TXT: "v=spf1 ~all" }] })).result, "softfail");
    assert.equal(assertResult(checkHost(ip, { "example.com": [{ TXT: "v=spf1 ?all" }] })).result, "neutral");
    const none = assertResult(checkHost(ip, {}));
    assert.equal(none.result, "none");
    assert.equal(none.matched, null);
    assert.equal(none.reason, "example.com has no SPF record");
  });

  test("TXT given as several strings is joined", () => {
    const zone = { "example.com": [{ TXT: ["v=spf1 ip6:2001:db8::/32", " -all"] }] };
    const r = assertResult(checkHost({ ip: "2001:db8::25", sender: SENDER }, zone));
    assert.equal(r.result, "pass");
    assert.equal(r.matched.term, "ip6:2001:db8::/32");
  });

  test("the HELO identity is checked when there is no sender", () => {
    const zone = { "mail.example.com": [{ TXT: "v=spf1 a -all" }, { A: "192.0.2.25" }] };
    const r = assertResult(checkHost({ ip: "192.0.2.25", helo: "mail.example.com" }, zone));
    assert.equal(r.result, "pass");
    assert.deepEqual(r.matched, { domain: "mail.example.com", term: "a" });
  });

  test("permerror for 11 DNS-querying terms", () => {
    const zone = { "example.com": [{ TXT: `v=spf1 ${Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`).join(" ")} -all` }] };
    for (let i = 0; i < 11; i++) zone[`h${i}.example.com`] = [{ A: "198.51.100.1" }];
    const r = assertResult(checkHost({ ip: "192.0.2.1", sender: SENDER }, zone));
    assert.equal(r.result, "permerror");
    assert.equal(r.lookups, 11);
    assert.equal(r.matched, null);
    assert.match(r.reason, /more than 10 DNS-querying terms/);

    // The same limit across includes: each include and each term inside it counts.
    const chain = { "example.com": [{ TXT: "v=spf1 include:a.example.net include:b.example.net -all" }] };
    chain["a.example.net"] = [{ TXT: `v=spf1 ${Array.from({ length: 5 }, (_, i) => `a:a${i}.example.net`).join(" ")} -all` }];
    chain["b.example.net"] = [{ TXT: `v=spf1 ${Array.from({ length: 5 }, (_, i) => `a:b${i}.example.net`).join(" ")} -all` }];
    for (let i = 0; i < 5; i++) {
      chain[`a${i}.example.net`] = [{ A: "198.51.100.1" }];
      chain[`b${i}.example.net`] = [{ A: "198.51.100.1" }];
    }
    const c = assertResult(checkHost({ ip: "192.0.2.1", sender: SENDER }, chain));
    assert.equal(c.result, "permerror", "2 includes + 10 terms inside them = 12 lookups");
    assert.equal(c.lookups, 11, "evaluation stops at the 11th");
  });

  test("temperror for a TIMEOUT, at the top and inside an include", () => {
    const top = assertResult(checkHost({ ip: "192.0.2.1", sender: SENDER }, { "example.com": ["TIMEOUT"] }));
    assert.equal(top.result, "temperror");
    assert.equal(top.reason, "DNS error looking up TXT example.com");

    const zone = { "example.com": [{ TXT: "v=spf1 include:_spf.example.net -all" }], "_spf.example.net": ["TIMEOUT"] };
    const inner = assertResult(checkHost({ ip: "192.0.2.1", sender: SENDER }, zone));
    assert.equal(inner.result, "temperror");
    assert.equal(inner.reason, "DNS error looking up TXT _spf.example.net");
    assert.equal(inner.lookups, 1);
  });

  test("void lookup limit: 2 lookups that find nothing are allowed, the 3rd is permerror", () => {
    const two = assertResult(checkHost({ ip: "192.0.2.1", sender: SENDER }, { "example.com": [{ TXT: "v=spf1 a:n1.example.com a:n2.example.com -all" }] }));
    assert.equal(two.result, "fail");
    assert.equal(two.voidLookups, 2);

    const three = assertResult(
      checkHost({ ip: "192.0.2.1", sender: SENDER }, { "example.com": [{ TXT: "v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com -all" }] }),
    );
    assert.equal(three.result, "permerror");
    assert.equal(three.voidLookups, 3);
    assert.equal(three.lookups, 3);
    assert.match(three.reason, /more than 2 DNS lookups found nothing/);
  });

  test("more than one SPF record is permerror", () => {
    const r = assertResult(checkHost({ ip: "192.0.2.1", sender: SENDER }, { "example.com": [{ TXT: "v=spf1 -all" }, { TXT: "v=spf1 +all" }] }));
    assert.equal(r.result, "permerror");
    assert.equal(r.reason, "example.com publishes more than one SPF record");
  });

  test("misuse throws: a bad IP address, a malformed zone, missing params", () => {
    assert.throws(() => checkHost({ ip: "999.1.1.1", sender: SENDER }, ZONE), { message: "checkHost: `999.1.1.1` is not an IP address" });
    assert.throws(() => checkHost({ ip: "bad", sender: SENDER }, ZONE), /is not an IP address/);
    assert.throws(() => checkHost({ ip: "", sender: SENDER }, ZONE), /is not an IP address/);
    assert.throws(() => checkHost({ sender: SENDER }, ZONE), /checkHost params: .*missing field `ip`/);
    assert.throws(() => checkHost({ ip: "192.0.2.1", sender: SENDER }, { "example.com": { TXT: "v=spf1 -all" } }), /checkHost zone/);
    assert.throws(() => checkHost({ ip: "192.0.2.1", sender: SENDER }, null), /checkHost zone/);
    assert.throws(() => checkHost({ ip: "bad", sender: SENDER }, ZONE), (error) => error instanceof Error, "a real Error, not a string");
  });

  test(
    "no sender, HELO or domain: a reason that says so",
    () => {
      let r;
      try {
        r = checkHost({ ip: "192.0.2.1" }, ZONE);
      } catch (error) {
        assert.match(error.message, /sender|helo|domain/i, "throwing as misuse is fine too");
        return;
      }
      assert.equal(r.result, "none");
      assert.doesNotMatch(r.reason, /^ /, `reason names a domain or the problem: ${JSON.stringify(r.reason)}`);
    },
  );

  test(
    "malformed zone records throw instead of being ignored",
    () => {
      const params = { ip: "192.0.2.1", sender: SENDER };
      assert.throws(() => checkHost(params, { "example.com": [{ TXT: "v=spf1 -all" }, { FOO: "x" }] }), /checkHost zone/);
      assert.throws(() => checkHost(params, { "example.com": ["FOO"] }), /checkHost zone/);
      assert.throws(() => checkHost(params, { "example.com": [{ TXT: "v=spf1 a -all" }, { A: "not-an-ip" }] }), /checkHost zone/);
      assert.throws(() => checkHost(params, { "example.com": [{ TXT: "v=spf1 mx -all" }, { MX: "10 mx.example.com" }] }), /checkHost zone/);
    },
  );
});

// ---- checkHostAsync ----------------------------------------------------------------------------

describe("checkHostAsync with an async resolver", () => {
  test("same result as checkHost for the same data (pass, pass via mx, temperror, permerror)", async () => {
    const timeoutZone = { "example.com": [{ TXT: "v=spf1 include:_spf.example.net -all" }], "_spf.example.net": ["TIMEOUT"] };
    const cases = [
      [{ ip: "192.0.2.7", sender: SENDER }, ZONE],
      [{ ip: "198.51.100.10", sender: SENDER }, ZONE],
      [{ ip: "192.0.2.1", sender: SENDER }, timeoutZone],
      [{ ip: "192.0.2.1", sender: SENDER }, { "example.com": [{ TXT: "v=spf1 a:n1.example.com a:n2.example.com a:n3.example.com -all" }] }],
    ];
    for (const [params, zone] of cases) {
      const calls = [];
      const promise = checkHostAsync(params, resolverFor(zone, calls));
      assert.ok(promise instanceof Promise, "checkHostAsync returns a Promise");
      const async = assertResult(await promise);
      const sync = checkHost(params, zone);
      assert.deepEqual(async, sync, `${params.ip}: checkHostAsync and checkHost agree`);
      assert.ok(calls.length > 0 && calls[0] === "TXT example.com", `first question: ${calls[0]}`);
    }
  });

  test("the resolver is asked each question, with the types of SpfQueryType", async () => {
    const calls = [];
    const r = await checkHostAsync({ ip: "198.51.100.10", sender: SENDER }, resolverFor(ZONE, calls));
    assert.equal(r.result, "pass");
    assert.deepEqual(calls, ["TXT example.com", "TXT _spf.example.net", "MX example.com", "A mx.example.com"]);
  });

  test(
    "fail with exp=: the explanation is fetched through the resolver too",
    async () => {
      const params = { ip: "203.0.113.5", sender: SENDER };
      const calls = [];
      const async = await checkHostAsync(params, resolverFor(ZONE, calls));
      assert.equal(async.result, "fail");
      assert.ok(calls.includes("TXT explain.example.com"), `questions: ${JSON.stringify(calls)}`);
      assert.equal(async.explanation, "203.0.113.5 is not allowed to send mail for example.com");
      assert.deepEqual(async, checkHost(params, ZONE));
    },
  );

  test("a resolver that rejects gives temperror", async () => {
    const r = assertResult(
      await checkHostAsync({ ip: "192.0.2.1", sender: SENDER }, async () => {
        throw new Error("SERVFAIL");
      }),
    );
    assert.equal(r.result, "temperror");
    assert.equal(r.reason, "DNS error looking up TXT example.com");
    assert.equal(r.lookups, 0);

    // Rejecting only the included domain's question.
    const inner = assertResult(
      await checkHostAsync({ ip: "192.0.2.1", sender: SENDER }, async (type, name) => {
        if (name === "example.com") return ["v=spf1 include:_spf.example.net -all"];
        throw new Error("SERVFAIL");
      }),
    );
    assert.equal(inner.result, "temperror");
    assert.equal(inner.reason, "DNS error looking up TXT _spf.example.net");
  });

  test("a resolver returning null (no such name) gives none", async () => {
    const r = assertResult(await checkHostAsync({ ip: "192.0.2.1", sender: SENDER }, async () => null));
    assert.equal(r.result, "none");
    assert.equal(r.reason, "example.com has no SPF record");
    assert.equal(r.lookups, 0);
    assert.equal(r.voidLookups, 0);
    assert.equal(r.trace[0].detail, "TXT example.com: no such domain");
  });

  test("a resolver returning no TXT records gives none too", async () => {
    const r = assertResult(await checkHostAsync({ ip: "192.0.2.1", sender: SENDER }, async () => []));
    assert.equal(r.result, "none");
  });

  test("misuse rejects: a bad IP address", async () => {
    let asked = false;
    await assert.rejects(
      checkHostAsync({ ip: "999.1.1.1", sender: SENDER }, async () => {
        asked = true;
        return null;
      }),
      { message: "checkHost: `999.1.1.1` is not an IP address" },
    );
    assert.equal(asked, false, "no question is asked for a bad IP");
  });
});
