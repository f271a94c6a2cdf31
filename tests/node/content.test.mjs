// Node tests of scoreMessage and scoreMessageBytes of the built package (pkg/node.mjs): hand-written
// messages (a spammy HTML-only offer, a clean bulk newsletter and its broken variants, a relayed
// message with Received hops and authentication results, attachments and hostile HTML, a Latin-1
// message as bytes), bad inputs that must come back as diagnostics, and every message of the
// SpamAssassin corpus at ../shared/corpora/content/{ham,spam} through scoreMessageBytes in one
// instance (skipped when the corpus is not there; set CI to make that a failure).
// Run with `npm run test:node` after the WASM build has written pkg/.

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { scoreMessage, scoreMessageBytes, decodeSmtp } from "../../pkg/node.mjs";

const CORPUS = process.env.DELIVERKIT_CONTENT_CORPUS ?? fileURLToPath(new URL("../../../shared/corpora/content/", import.meta.url));
const HAVE_CORPUS = ["ham", "spam"].every((d) => existsSync(join(CORPUS, d)));
const SKIP = !HAVE_CORPUS && !process.env.CI ? `the corpus is not at ${CORPUS} (set DELIVERKIT_CONTENT_CORPUS); set CI=1 to make this a failure` : false;

const CATEGORIES = ["bulk", "auth", "headers", "structure", "links", "hidden", "wording", "model"];

const rules = (report) => report.findings.map((f) => f.rule);
const codes = (report) => report.diagnostics.map((d) => d.code);
const finding = (report, rule) => {
  const f = report.findings.find((x) => x.rule === rule);
  assert.ok(f, `findings ${JSON.stringify(rules(report))} include ${rule}`);
  return f;
};
const hasRule = (report, rule) => rules(report).includes(rule);
/** The text a span covers, through its UTF-16 location (as the page slices it). */
const textOf = (input, span) => {
  assert.ok(span?.loc, `span ${JSON.stringify(span)} has a loc`);
  return input.slice(span.loc.utf16Start, span.loc.utf16End);
};
const message = (...lines) => lines.join("\n");

/** What holds for every report, whatever the input. */
function assertWellFormed(report, what = "") {
  assert.equal(typeof report.score, "number", what);
  assert.ok(Number.isFinite(report.score), `${what}: finite score`);
  assert.equal(report.threshold, 5, what);
  assert.equal(report.verdict, report.score >= report.threshold ? "spam" : "ham", `${what}: the verdict follows the score`);
  const sum = report.findings.reduce((a, f) => a + f.points, 0);
  assert.ok(Math.abs(sum - report.score) < 0.011, `${what}: the score ${report.score} is the sum of the points ${sum}`);
  for (const [i, f] of report.findings.entries()) {
    assert.ok(CATEGORIES.includes(f.category), `${what}: category ${f.category}`);
    assert.equal(f.rule.split("/")[0], f.category, `${what}: ${f.rule} is in its category`);
    assert.ok(typeof f.message === "string" && f.message.length > 0 && typeof f.help === "string" && f.help.length > 0, `${what}: ${f.rule} has a message and help`);
    assert.ok(Array.isArray(f.evidence), what);
    if (i > 0) assert.ok(report.findings[i - 1].points >= f.points, `${what}: most points first`);
  }
  assert.ok(Array.isArray(report.summary.headers) && Array.isArray(report.summary.parts) && Array.isArray(report.trace.hops), what);
  assert.ok(Array.isArray(report.diagnostics), what);
}

// ---- hand-written messages -----------------------------------------------------------------------

const SPAMMY = message(
  'From: "Prize Department" <promo@deals.example.net>',
  "To: winner@example.org",
  "Subject: YOU HAVE WON A FREE GIFT CARD",
  "Date: Mon, 13 Jan 2025 10:04:50 +0000",
  "Message-ID: <20250113100450.1234@deals.example.net>",
  "MIME-Version: 1.0",
  "Content-Type: text/html; charset=utf-8",
  "",
  "<html><body>",
  "<p>Congratulations! You have been selected to receive a <b>$1,000 gift card</b>.</p>",
  "<p>Act now: this offer expires today.</p>",
  '<p><a href="https://bit.ly/3xAmPlE">https://www.paypal.com/claim</a></p>',
  "</body></html>",
  "",
);

const DKIM = (d = "example.com", h = "from:to:subject:date:message-id:list-unsubscribe:list-unsubscribe-post") => [
  `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=${d}; s=news2025; t=1736762690;`,
  ` h=${h};`,
  " bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;",
  " b=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSBidXQgaXQgaXMgYmFzZTY0IGFuZCBsb25nIGVub3VnaCB0",
  " byBsb29rIGxpa2Ugb25lLCB3aGljaCBpcyBhbGwgd2UgbmVlZCBoZXJlLg==",
];
const LIST_UNSUBSCRIBE = "List-Unsubscribe: <https://news.example.com/unsubscribe/4f2a31>, <mailto:unsubscribe@news.example.com?subject=4f2a31>";
const ONE_CLICK = "List-Unsubscribe-Post: List-Unsubscribe=One-Click";

/** A newsletter with text and HTML alternatives; `head` replaces the bulk and DKIM header fields. */
function newsletter(head = [...DKIM(), LIST_UNSUBSCRIBE, ONE_CLICK]) {
  return message(
    ...head,
    "From: Example News <news@example.com>",
    "To: alice@example.org",
    "Subject: Your January newsletter from Example",
    "Date: Mon, 13 Jan 2025 10:04:50 +0000",
    "Message-ID: <20250113100450.9f8e7d@news.example.com>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/alternative; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Hello Alice,",
    "",
    "the reading room opens again on the 20th after the repairs, and the",
    "library catalogue now lives at https://www.example.com/catalogue.",
    "",
    "See you at the library,",
    "the Example team",
    "",
    "Unsubscribe: https://news.example.com/unsubscribe/4f2a31",
    "",
    "--b1",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<p>Hello Alice,</p>",
    "<p>the reading room opens again on the 20th after the repairs, and the",
    'library catalogue now lives at <a href="https://www.example.com/catalogue">www.example.com/catalogue</a>.</p>',
    "<p>See you at the library,<br>the Example team</p>",
    '<p><a href="https://news.example.com/unsubscribe/4f2a31">Unsubscribe</a></p>',
    "",
    "--b1--",
    "",
  );
}

const RELAYED = message(
  "Return-Path: <bounces@news.example.com>",
  "ARC-Authentication-Results: i=1; mx.example.org;",
  " spf=pass (sender IP is 192.0.2.25) smtp.mailfrom=news.example.com;",
  " dkim=pass header.i=@example.com header.s=news2025;",
  " dmarc=pass (p=REJECT) header.from=example.com",
  "Authentication-Results: mx.example.org;",
  " spf=pass (sender IP is 192.0.2.25) smtp.mailfrom=news.example.com;",
  " dkim=pass header.i=@example.com header.s=news2025;",
  " dmarc=pass (p=REJECT) header.from=example.com",
  "Received-SPF: pass (mx.example.org: domain of news.example.com designates 192.0.2.25 as permitted sender)",
  "Received: from mx.example.org (mx.example.org [198.51.100.20])",
  " by mailbox.example.org (Postfix) with ESMTPS id 7C1D2E0042",
  " for <alice@example.org>; Mon, 13 Jan 2025 10:41:07 +0000 (UTC)",
  "Received: from out-25.news.example.com (out-25.news.example.com [192.0.2.25])",
  " by mx.example.org with ESMTPS id a1b2c3d4",
  " (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256)",
  " for <alice@example.org>; Mon, 13 Jan 2025 10:05:02 +0000 (UTC)",
  "Received: from queue.news.example.com (queue.news.example.com [10.20.0.7])",
  " by out-25.news.example.com (Postfix) with ESMTP id 4F2A31C0E3;",
  " Mon, 13 Jan 2025 10:04:55 +0000 (UTC)",
  "Received: from app.news.example.com (app.news.example.com [10.20.0.3])",
  " by queue.news.example.com with SMTP; Mon, 13 Jan 2025 10:04:51 +0000",
  "From: Example News <news@example.com>",
  "To: alice@example.org",
  "Subject: Your January newsletter from Example",
  "Date: Mon, 13 Jan 2025 10:04:50 +0000",
  "Message-ID: <20250113100450.9f8e7d@news.example.com>",
  "",
  "Hello Alice,",
  "the reading room opens again on the 20th.",
  "",
);

describe("scoreMessage on hand-written messages", () => {
  test("a spammy HTML-only offer: shortener behind another domain, subject in capitals, spam", () => {
    const r = scoreMessage(SPAMMY);
    assertWellFormed(r, "spammy");
    assert.equal(r.verdict, "spam");
    assert.ok(r.score >= 5, `score ${r.score}`);
    for (const rule of ["structure/html-only", "links/shortener", "links/text-domain-mismatch", "wording/subject-caps", "auth/no-dkim"]) {
      assert.ok(hasRule(r, rule), `${rule} in ${JSON.stringify(rules(r))}`);
    }
    assert.equal(finding(r, "links/text-domain-mismatch").points, 2.5);
    assert.equal(finding(r, "links/shortener").category, "links");
    assert.deepEqual(finding(r, "links/shortener").evidence.map((e) => [e.part, e.text]), [["1", "https://bit.ly/3xAmPlE"]]);
    assert.match(finding(r, "links/text-domain-mismatch").evidence[0].text, /paypal\.com.*bit\.ly/);
    // The subject finding points at the Subject field itself.
    const caps = finding(r, "wording/subject-caps");
    assert.match(textOf(SPAMMY, caps.evidence[0].span), /^Subject: YOU HAVE WON A FREE GIFT CARD/);
    assert.equal(caps.evidence[0].span.loc.line, 3);
    assert.equal(caps.evidence[0].span.loc.column, 1);

    const s = r.summary;
    assert.equal(s.subject, "YOU HAVE WON A FREE GIFT CARD");
    assert.equal(s.from, "promo@deals.example.net");
    assert.equal(s.fromName, "Prize Department");
    assert.equal(s.size, new TextEncoder().encode(SPAMMY).length);
    assert.deepEqual(s.parts.map((p) => [p.path, p.depth, p.contentType, p.charset]), [["1", 0, "text/html", "utf-8"]]);
    assert.equal(s.textSize, 0);
    assert.ok(s.htmlSize > 0);
    assert.deepEqual(s.links, [{ text: "https://www.paypal.com/claim", href: "https://bit.ly/3xAmPlE", domain: "bit.ly", part: "1" }]);
    assert.match(s.textPreview, /Congratulations! You have been selected/);
    assert.doesNotMatch(s.textPreview, /<p>|<a /, "the preview is text, not HTML");
    assert.deepEqual(s.headers.map((h) => h.name), ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"]);
    for (const h of s.headers) assert.ok(textOf(SPAMMY, h.span).startsWith(`${h.name}:`), `${h.name} span`);
    assert.deepEqual(r.trace, { hops: [], totalDelaySeconds: null, auth: [] });
    assert.deepEqual(r.diagnostics, []);
  });

  test("a clean bulk newsletter: List-Unsubscribe, one-click Post, aligned DKIM covering both: ham", () => {
    const raw = newsletter();
    const r = scoreMessage(raw);
    assertWellFormed(r, "newsletter");
    assert.equal(r.verdict, "ham");
    assert.ok(r.score < 2, `score ${r.score}: ${JSON.stringify(rules(r))}`);
    for (const f of r.findings) {
      assert.ok(!["bulk", "auth", "headers", "links"].includes(f.category), `no ${f.rule}`);
    }
    assert.ok(!hasRule(r, "structure/html-only"));
    assert.deepEqual(r.summary.parts.map((p) => [p.path, p.depth, p.contentType]), [
      ["1", 0, "multipart/alternative"],
      ["1.1", 1, "text/plain"],
      ["1.2", 1, "text/html"],
    ]);
    assert.equal(r.summary.parts[0].size, 0, "multiparts have no size of their own");
    assert.ok(r.summary.textSize > 0 && r.summary.htmlSize > 0);
    assert.deepEqual([...new Set(r.summary.links.map((l) => l.domain))].sort(), ["news.example.com", "www.example.com"]);
    assert.deepEqual(r.summary.attachments, []);
    assert.deepEqual(r.diagnostics, []);
  });

  test("the newsletter's broken variants each find their rule", () => {
    const bulkRules = (head) => rules(scoreMessage(newsletter(head))).filter((x) => x.startsWith("bulk/") || x.startsWith("auth/"));
    assert.deepEqual(bulkRules([...DKIM(), LIST_UNSUBSCRIBE]), ["bulk/no-one-click"]);
    assert.deepEqual(bulkRules([...DKIM("example.net"), LIST_UNSUBSCRIBE, ONE_CLICK]), ["auth/dkim-not-aligned"]);
    assert.deepEqual(bulkRules([...DKIM("example.com", "from:to:subject:date"), LIST_UNSUBSCRIBE, ONE_CLICK]), ["bulk/unsubscribe-not-signed"]);
    assert.deepEqual(bulkRules([...DKIM()]).sort(), ["bulk/no-list-unsubscribe"], "the text says unsubscribe: bulk mail without the header");
    assert.deepEqual(bulkRules([LIST_UNSUBSCRIBE, ONE_CLICK]).sort(), ["auth/no-dkim", "bulk/unsubscribe-not-signed"]);
    // Plain http only: neither https nor mailto, so no one-click either.
    assert.deepEqual(bulkRules([...DKIM(), "List-Unsubscribe: <http://news.example.com/u/1>", ONE_CLICK]).sort(), [
      "bulk/list-unsubscribe-http",
      "bulk/list-unsubscribe-no-uri",
      "bulk/one-click-no-https",
    ]);
    assert.deepEqual(bulkRules([...DKIM(), LIST_UNSUBSCRIBE, "List-Unsubscribe-Post: yes"]), ["bulk/one-click-malformed"]);
    // The finding points at the List-Unsubscribe field.
    const raw = newsletter([...DKIM(), LIST_UNSUBSCRIBE]);
    const f = finding(scoreMessage(raw), "bulk/no-one-click");
    assert.ok(textOf(raw, f.evidence[0].span).startsWith("List-Unsubscribe: <https://news.example.com/unsubscribe/4f2a31>"));
  });

  test("the Received hops first to last, with delays, and the receivers' verdicts", () => {
    const r = scoreMessage(RELAYED);
    assertWellFormed(r, "relayed");
    const { hops, totalDelaySeconds, auth } = r.trace;
    assert.deepEqual(
      hops.map((h) => [h.number, h.from, h.fromIp, h.by, h.with, h.date, h.delaySeconds]),
      [
        [1, "app.news.example.com", "10.20.0.3", "queue.news.example.com", "SMTP", "2025-01-13T10:04:51Z", null],
        [2, "queue.news.example.com", "10.20.0.7", "out-25.news.example.com", "ESMTP", "2025-01-13T10:04:55Z", 4],
        [3, "out-25.news.example.com", "192.0.2.25", "mx.example.org", "ESMTPS", "2025-01-13T10:05:02Z", 7],
        [4, "mx.example.org", "198.51.100.20", "mailbox.example.org", "ESMTPS", "2025-01-13T10:41:07Z", 2165],
      ],
    );
    assert.equal(hops[2].tls, "TLSv1.3");
    assert.equal(hops[0].tls, null);
    assert.equal(totalDelaySeconds, 4 + 7 + 2165);
    // Each hop's span is its Received field: the first hop is the bottom-most one.
    assert.match(textOf(RELAYED, hops[0].span), /^Received: from app\.news\.example\.com/);
    assert.match(textOf(RELAYED, hops[3].span), /^Received: from mx\.example\.org/);

    assert.deepEqual(
      auth.map((a) => [a.header, a.authservId, a.method, a.result]),
      [
        ["ARC-Authentication-Results", "mx.example.org", "spf", "pass"],
        ["ARC-Authentication-Results", "mx.example.org", "dkim", "pass"],
        ["ARC-Authentication-Results", "mx.example.org", "dmarc", "pass"],
        ["Authentication-Results", "mx.example.org", "spf", "pass"],
        ["Authentication-Results", "mx.example.org", "dkim", "pass"],
        ["Authentication-Results", "mx.example.org", "dmarc", "pass"],
        ["Received-SPF", null, "spf", "pass"],
      ],
    );
    assert.deepEqual(auth[3].properties, ["smtp.mailfrom=news.example.com"], "comments are dropped");
    assert.deepEqual(auth[4].properties, ["header.i=@example.com", "header.s=news2025"]);
    assert.deepEqual(auth[5].properties, ["header.from=example.com"]);
    assert.match(textOf(RELAYED, auth[3].span), /^Authentication-Results: mx\.example\.org;/);
    assert.match(textOf(RELAYED, auth[0].span), /^ARC-Authentication-Results: i=1;/);
    assert.ok(!hasRule(r, "auth/receiver-fail"));
  });

  test("headers alone (no body) still give the trace; a receiver's fail is a finding", () => {
    const headers = RELAYED.slice(0, RELAYED.indexOf("\n\n") + 1).replace("dmarc=pass (p=REJECT) header.from=example.com\nReceived-SPF", "dmarc=fail (p=REJECT) header.from=example.com\nReceived-SPF");
    const r = scoreMessage(headers);
    assertWellFormed(r, "headers only");
    assert.equal(r.trace.hops.length, 4);
    assert.equal(r.trace.totalDelaySeconds, 2176);
    assert.deepEqual(r.trace.auth.filter((a) => a.result === "fail").map((a) => [a.header, a.method]), [["Authentication-Results", "dmarc"]]);
    const fail = finding(r, "auth/receiver-fail");
    assert.equal(fail.points, 2);
    assert.match(textOf(headers, fail.evidence[0].span), /^Authentication-Results:/);
    assert.ok(!codes(r).includes("content/not-a-message"), "a header section is a message");
  });

  test("a clock running backwards gives a negative delay; undated hops have none", () => {
    const raw = message(
      "Received: from b.example.net (b.example.net [192.0.2.2]) by c.example.org with ESMTP; Mon, 13 Jan 2025 10:00:00 +0000",
      "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.net with SMTP; Mon, 13 Jan 2025 10:02:00 +0000",
      "Received: by a.example.com (Postfix, from userid 1000) id 12345",
      "From: a@example.com",
      "Subject: hi",
      "",
      "hello",
      "",
    );
    const r = scoreMessage(raw);
    assert.deepEqual(r.trace.hops.map((h) => [h.number, h.by, h.delaySeconds]), [
      [1, "a.example.com", null],
      [2, "b.example.net", null],
      [3, "c.example.org", -120],
    ]);
    assert.equal(r.trace.totalDelaySeconds, -120);
  });

  test("attachments, nested MIME, scripts and remote images are listed, never followed", () => {
    const raw = message(
      "From: Billing <billing@example.com>",
      "To: alice@example.org",
      "Subject: Invoice 42",
      "Date: Mon, 13 Jan 2025 10:04:50 +0000",
      "Message-ID: <42@example.com>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="outer"',
      "",
      "--outer",
      'Content-Type: multipart/alternative; boundary="inner"',
      "",
      "--inner",
      "Content-Type: text/plain; charset=us-ascii",
      "",
      "Your invoice is attached.",
      "--inner",
      "Content-Type: text/html; charset=us-ascii",
      "",
      '<p>Your invoice is attached.<img src=https://evil.example/x.gif width=1 height=1><script>document.title="pwned"</script></p>',
      "--inner--",
      "--outer",
      'Content-Type: application/octet-stream; name="invoice.exe"',
      'Content-Disposition: attachment; filename="invoice.exe"',
      "Content-Transfer-Encoding: base64",
      "",
      "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=",
      "--outer--",
      "",
    );
    const r = scoreMessage(raw);
    assertWellFormed(r, "attachment");
    assert.deepEqual(r.summary.parts.map((p) => [p.path, p.depth, p.contentType]), [
      ["1", 0, "multipart/mixed"],
      ["1.1", 1, "multipart/alternative"],
      ["1.1.1", 2, "text/plain"],
      ["1.1.2", 2, "text/html"],
      ["1.2", 1, "application/octet-stream"],
    ]);
    const exe = r.summary.parts[4];
    assert.equal(exe.filename, "invoice.exe");
    assert.equal(exe.transferEncoding, "base64");
    assert.equal(exe.size, 32, "decoded size");
    assert.deepEqual(r.summary.attachments, [{ filename: "invoice.exe", contentType: "application/octet-stream", size: 32, part: "1.2" }]);
    assert.deepEqual(r.summary.images.map((i) => [i.src, i.width, i.height, i.part]), [["https://evil.example/x.gif", 1, 1, "1.1.2"]]);
    for (const rule of ["structure/risky-attachment", "structure/script", "links/tracking-pixel"]) assert.ok(hasRule(r, rule), rule);
    assert.doesNotMatch(r.summary.textPreview, /pwned|<script/, "script text is not visible text");
  });

  test("non-ASCII text: spans carry UTF-16 locations", () => {
    const raw = message("From: Zoë <zoe@example.com>", "To: a@example.org", "Subject: ÉNORME PROMOTION ŒUVRES", "", "Bonjour, voilà.", "");
    const r = scoreMessage(raw);
    const caps = finding(r, "wording/subject-caps");
    assert.equal(textOf(raw, caps.evidence[0].span).trimEnd(), "Subject: ÉNORME PROMOTION ŒUVRES");
    assert.ok(caps.evidence[0].span.end - caps.evidence[0].span.start > caps.evidence[0].span.loc.utf16End - caps.evidence[0].span.loc.utf16Start, "byte offsets count UTF-8 bytes");
    assert.equal(r.summary.fromName, "Zoë");
  });
});

describe("scoreMessageBytes", () => {
  test("a Latin-1 message keeps its charset: the text is decoded, the spans are byte offsets", () => {
    const head = message(
      "From: =?iso-8859-1?q?Ren=E9?= <rene@example.com>",
      "To: a@example.org",
      "Subject: Caf\u00e9 cr\u00e8me",
      "Date: Mon, 13 Jan 2025 10:04:50 +0000",
      "Message-ID: <1@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding: 8bit",
      "",
      "Un caf\u00e9 cr\u00e8me co\u00fbte 2 \u20ac? Non: deux euros, \u00e0 la terrasse.",
      "",
    );
    // ISO-8859-1 bytes (the euro sign is not Latin-1: write it as "EUR").
    const text = head.replace("\u20ac", "EUR");
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    assert.ok(bytes.some((b) => b >= 0x80), "8-bit bytes");
    assert.throws(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes), "not UTF-8");

    const r = scoreMessageBytes(bytes);
    assertWellFormed(r, "latin-1");
    assert.equal(r.summary.fromName, "René");
    assert.match(r.summary.textPreview, /Un café crème coûte 2 EUR/);
    assert.deepEqual(r.summary.parts.map((p) => [p.contentType, p.charset, p.transferEncoding]), [["text/plain", "iso-8859-1", "8bit"]]);
    assert.equal(r.summary.size, bytes.length);
    assert.ok(hasRule(r, "headers/8bit"), "raw 8-bit bytes in the Subject");
    // No UTF-16 locations for bytes that are not UTF-8; the byte offsets index the bytes.
    const subject = r.summary.headers.find((h) => h.name === "Subject");
    assert.equal(subject.span.loc, undefined);
    assert.equal(String.fromCharCode(...bytes.subarray(subject.span.start, subject.span.end)).trimEnd(), "Subject: Caf\u00e9 cr\u00e8me");
    assert.ok(!codes(r).includes("input/replacement-chars"));

    // The same text as a string: the charset is gone (Latin-1 bytes became UTF-16 characters), and
    // a plain array of bytes is accepted too.
    assert.deepEqual(scoreMessageBytes([...bytes]).summary.textPreview, r.summary.textPreview);
  });

  test("valid UTF-8 bytes get UTF-16 locations, as the string would", () => {
    const bytes = new TextEncoder().encode(SPAMMY);
    const fromBytes = scoreMessageBytes(bytes);
    const fromText = scoreMessage(SPAMMY);
    assert.deepEqual(fromBytes, fromText);
  });
});

describe("bad input is a report with diagnostics, never an exception", () => {
  const cases = [
    ["empty", "", "input/empty"],
    ["white space", "  \n\n  ", null],
    ["not a message", "hello world, this is not an email", "content/not-a-message"],
    ["binary", "\0\0\0\u0001\u0002binary\u0003", "input/binary"],
    ["huge", "From: a@example.com\n\n" + "x".repeat(17 * 1024 * 1024), "input/too-large"],
    ["lone surrogates", "Subject: \uD800\uDFFF\uFFFE\n\n\uDC00", null],
    ["deep MIME", "Content-Type: multipart/mixed; boundary=a\n\n" + "--a\nContent-Type: multipart/mixed; boundary=a\n\n".repeat(2000), null],
    ["no header section", "\n\n\nbody only", "content/not-a-message"],
  ];
  for (const [name, input, code] of cases) {
    test(name, () => {
      const r = scoreMessage(input);
      assertWellFormed(r, name);
      if (code) assert.ok(codes(r).includes(code), `${name}: ${JSON.stringify(codes(r))} include ${code}`);
      const b = scoreMessageBytes(new TextEncoder().encode(input));
      assertWellFormed(b, `${name} (bytes)`);
      if (code) assert.ok(codes(b).includes(code), `${name} (bytes): ${JSON.stringify(codes(b))} include ${code}`);
    });
  }

  test("empty and random bytes", () => {
    assert.ok(codes(scoreMessageBytes(new Uint8Array(0))).includes("input/empty"));
    let seed = 7;
    const random = Uint8Array.from({ length: 64 * 1024 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const r = scoreMessageBytes(random);
    assertWellFormed(r, "random bytes");
    assert.ok(r.diagnostics.length > 0, "random bytes are not a clean message");
    assert.ok(codes(scoreMessageBytes(new Uint8Array([0xff, 0xfe, 0, 1, 2]))).includes("input/binary"));
  });
});

describe("every message of the SpamAssassin corpus through scoreMessageBytes", { skip: SKIP }, () => {
  test("ham and spam: well-formed reports, most verdicts right, in one instance", () => {
    const verdicts = { ham: { ham: 0, spam: 0 }, spam: { ham: 0, spam: 0 } };
    let n = 0;
    for (const kind of ["ham", "spam"]) {
      const dir = join(CORPUS, kind);
      for (const name of readdirSync(dir).sort()) {
        const bytes = readFileSync(join(dir, name));
        const r = scoreMessageBytes(bytes);
        assertWellFormed(r, `${kind}/${name}`);
        assert.equal(r.summary.size, bytes.length, `${kind}/${name}: size`);
        assert.ok(r.summary.parts.length > 0, `${kind}/${name}: parts`);
        verdicts[kind][r.verdict]++;
        n++;
      }
    }
    assert.ok(n > 4000, `${n} messages`);
    // The model was trained on this corpus (cross-validated figures are in docs/ACCURACY.md): this
    // guards against a broken build, not a measure of accuracy.
    const rate = (v) => v.ham / (v.ham + v.spam);
    assert.ok(rate(verdicts.ham) > 0.9, `ham read as ham: ${JSON.stringify(verdicts.ham)}`);
    assert.ok(1 - rate(verdicts.spam) > 0.9, `spam read as spam: ${JSON.stringify(verdicts.spam)}`);
    // Still alive and still right.
    assert.equal(scoreMessage(SPAMMY).verdict, "spam");
    assert.equal(decodeSmtp("550 5.1.1 <a@example.com>: Recipient address rejected: User unknown").reason, "userunknown");
  });
});
