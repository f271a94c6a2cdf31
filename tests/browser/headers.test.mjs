// Browser test of the Received headers panel of the page (www/) in headless Chromium through
// playwright-core: the tab and the keyboard, the example's hops and verdicts against
// scoreMessage(...).trace field by field (long delays said in words, not only by colour), a hop's
// number selecting its Received field, headers alone and whole messages, a clock running backwards,
// hostile text shown as text, the fragment that names only the tab, Copy as JSON, Clear, the dark
// theme, no inline styles and no request outside the page's origin.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { SKIP, launch, waitReady } from "./helpers.mjs";
import { scoreMessage } from "../../pkg/node.mjs";

let harness;
let origin;

before(async () => {
  if (SKIP) return;
  harness = await launch();
  ({ origin } = harness);
});

after(async () => {
  await harness?.close();
});

const LONG_DELAY_SECONDS = 300;

/** The hops and verdicts as the page shows them. */
function readHeaders(page) {
  return page.$eval("#headers-results", (root) => {
    const value = (scope, name) => {
      const node = scope?.querySelector(`[data-field="${name}"]`);
      if (!node) return undefined;
      return node.hasAttribute("data-null") ? null : node.textContent;
    };
    const data = (scope, name) => {
      const node = scope?.querySelector(`[data-field="${name}"]`);
      if (!node) return undefined;
      return node.hasAttribute("data-null") ? null : node.dataset.value ?? node.textContent;
    };
    return {
      hopsCaption: root.querySelector('table[data-field="hops"] caption')?.textContent ?? null,
      hopsHead: [...root.querySelectorAll('table[data-field="hops"] thead th')].map((th) => th.textContent),
      hops: [...root.querySelectorAll("table[data-field='hops'] tbody tr")].map((tr) => ({
        number: Number(tr.dataset.number),
        numberText: value(tr, "number"),
        from: value(tr, "from"),
        fromIp: value(tr, "fromIp"),
        by: value(tr, "by"),
        with: value(tr, "with"),
        tls: value(tr, "tls"),
        date: data(tr, "date"),
        dateText: value(tr, "date"),
        delay: data(tr, "delay"),
        delayCell: tr.lastElementChild.textContent,
        flag: tr.querySelector('[data-field="delayFlag"]')?.dataset.value ?? null,
        long: tr.classList.contains("long"),
      })),
      total: data(root, "totalDelay"),
      totalText: value(root, "totalDelay"),
      longDelays: value(root, "longDelays"),
      authCaption: root.querySelector('table[data-field="auth"] caption')?.textContent ?? null,
      auth: [...root.querySelectorAll("table[data-field='auth'] tbody tr")].map((tr) => ({
        header: value(tr, "header"),
        authservId: value(tr, "authservId"),
        method: value(tr, "method"),
        result: value(tr, "result"),
        properties: [...tr.querySelectorAll('[data-field="properties"] code')].map((c) => c.textContent),
      })),
      diagnostics: [...root.querySelectorAll(".diagnostic")].map((d) => d.dataset.code),
      text: root.textContent,
    };
  });
}

/** What the page should show for a trace, in readHeaders' terms. */
function expected(trace) {
  return {
    hops: trace.hops.map((h) => ({
      number: h.number,
      numberText: String(h.number),
      from: h.from,
      fromIp: h.fromIp,
      by: h.by,
      with: h.with,
      tls: h.tls,
      date: h.date,
      delay: h.delaySeconds === null ? null : String(h.delaySeconds),
      flag: h.delaySeconds === null ? null : h.delaySeconds >= LONG_DELAY_SECONDS ? "long" : h.delaySeconds < 0 ? "negative" : null,
      long: h.delaySeconds !== null && h.delaySeconds >= LONG_DELAY_SECONDS,
    })),
    total: trace.totalDelaySeconds === null ? null : String(trace.totalDelaySeconds),
    auth: trace.auth.map((a) => ({ header: a.header, authservId: a.authservId, method: a.method, result: a.result, properties: a.properties })),
  };
}

async function assertPageMatches(page) {
  const text = await page.inputValue("#headers-input");
  const report = scoreMessage(text);
  const view = await readHeaders(page);
  const want = expected(report.trace);
  assert.deepEqual(
    view.hops.map(({ dateText, delayCell, ...rest }) => rest),
    want.hops,
    "every hop as scoreMessage(...).trace has it",
  );
  assert.equal(view.total ?? null, want.total);
  assert.deepEqual(view.auth, want.auth, "every verdict");
  assert.deepEqual(view.diagnostics, report.diagnostics.map((d) => d.code));
  return { view, report, text };
}

async function waitForHops(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll("#headers-results table[data-field='hops'] tbody tr").length === n, count, { timeout: 10_000 });
}

test("Received headers panel: the hops and the verdicts, long delays in words, no headers in the link", { timeout: 120_000 }, async (t) => {
  if (SKIP) {
    t.skip(SKIP);
    return;
  }
  const page = await harness.newPage();
  await page.goto(`${origin}/`);
  await waitReady(page);

  await t.test("the tab is the last one, keyboard-operable, and the fragment names only the tab", async () => {
    assert.equal(await page.isVisible("#panel-headers"), false, "the panel starts hidden");
    await page.focus("#tab-smtp");
    await page.keyboard.press("End");
    assert.equal(await page.getAttribute("#tab-headers", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-headers");
    assert.deepEqual(await page.$$eval('[role="tab"]', (tabs) => tabs.map((x) => x.tabIndex)), [-1, -1, -1, 0], "roving tabindex");
    assert.equal(await page.isVisible("#panel-headers"), true);
    assert.equal(await page.isVisible("#panel-smtp"), false);
    assert.equal(await page.getAttribute("#panel-headers", "aria-labelledby"), "tab-headers");
    assert.equal(await page.evaluate(() => location.hash), "#tool=headers");
    assert.ok((await page.$eval('label[for="headers-input"]', (l) => l.textContent.trim())).length > 0, "the textarea has a label");
    assert.equal(await page.getAttribute("#headers-results", "aria-live"), "polite");
    assert.match(await page.getAttribute("#headers-input", "aria-describedby"), /headers-privacy/);
    assert.equal(await page.isDisabled("#headers-copy"), true, "nothing to copy yet");
    assert.match(await page.textContent("#headers-results .placeholder"), /Paste a message's headers/);
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.getAttribute("#tab-score", "aria-selected"), "true");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getAttribute("#tab-headers", "aria-selected"), "true");
    await page.focus("#headers-input");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "headers-read");
  });

  await t.test("the example: four hops first to last, the long delay in words, the verdicts", async () => {
    await page.click('button[data-headers-example="relay"]');
    await waitForHops(page, 4);
    const { view, report, text } = await assertPageMatches(page);
    // What the example is made of.
    assert.equal(text.match(/^Received:/gm).length, 4);
    assert.match(text, /^Authentication-Results: .*\n spf=pass/m);
    assert.match(text, /^ARC-Authentication-Results: i=1;/m);
    for (const method of ["spf", "dkim", "dmarc"]) {
      assert.deepEqual(
        report.trace.auth.filter((a) => a.method === method).map((a) => [a.header, a.result]),
        [["ARC-Authentication-Results", "pass"], ["Authentication-Results", "pass"]],
        method,
      );
    }
    assert.equal(view.hopsCaption, "4 Received hops, first to last");
    assert.deepEqual(view.hopsHead, ["#", "From", "IP", "By", "With", "TLS", "Date", "Delay"]);
    assert.deepEqual(view.hops.map((h) => [h.from, h.by]), [
      ["app.news.example.com", "queue.news.example.com"],
      ["queue.news.example.com", "out-25.news.example.com"],
      ["out-25.news.example.com", "mx.example.org"],
      ["mx.example.org", "mailbox.example.org"],
    ]);
    assert.equal(view.hops[2].tls, "TLSv1.3");
    assert.equal(view.hops[0].delayCell, "— (first hop)");
    assert.equal(view.hops[1].delayCell, "+4 s");
    assert.equal(view.hops[3].delayCell, "+36 min 5 s long delay", "the long delay is said in words");
    assert.deepEqual(view.hops.map((h) => h.long), [false, false, false, true]);
    assert.equal(view.hops[0].dateText, "2025-01-13 10:04:51Z");
    assert.equal(view.totalText, "36 min 16 s");
    assert.equal(view.total, "2176");
    assert.match(view.longDelays, /^at hop 4 /);
    assert.equal(view.authCaption, "Authentication results (6), as the receivers reported them");
    assert.deepEqual(view.auth[3], { header: "Authentication-Results", authservId: "mx.example.org", method: "spf", result: "pass", properties: ["smtp.mailfrom=bounces+4f2a31@news.example.com"] });
    // A result is a badge with its word in it, not only a colour.
    assert.deepEqual(await page.$$eval("#headers-results table[data-field='auth'] .result-badge", (b) => b.map((x) => [x.textContent, x.className])), view.auth.map(() => ["pass", "badge result-badge result-pass"]));
    assert.equal(await page.evaluate(() => location.hash), "#tool=headers");
    assert.equal(await page.isDisabled("#headers-copy"), false);
  });

  await t.test("a hop's number and a verdict's header select their field in the textarea", async () => {
    const text = await page.inputValue("#headers-input");
    const { trace } = scoreMessage(text);
    await page.click('#headers-results tr[data-number="1"] [data-field="number"] button');
    const selected = () => page.$eval("#headers-input", (ta) => [ta.selectionStart, ta.selectionEnd, document.activeElement === ta]);
    assert.deepEqual(await selected(), [trace.hops[0].span.loc.utf16Start, trace.hops[0].span.loc.utf16End, true]);
    assert.match(text.slice(trace.hops[0].span.loc.utf16Start), /^Received: from app\.news\.example\.com/, "the first hop is the bottom-most field");
    // The keyboard path: the buttons are in the tab order; Enter selects.
    await page.focus('#headers-results tr[data-number="4"] [data-field="number"] button');
    await page.keyboard.press("Enter");
    assert.deepEqual(await selected(), [trace.hops[3].span.loc.utf16Start, trace.hops[3].span.loc.utf16End, true]);
    await page.click("#headers-results table[data-field='auth'] tbody tr:first-child [data-field='header'] button");
    assert.deepEqual(await selected(), [trace.auth[0].span.loc.utf16Start, trace.auth[0].span.loc.utf16End, true]);
  });

  await t.test("a whole message, a clock running backwards, undated hops, no trace at all", async () => {
    const message = [
      "Received: from b.example.net (b.example.net [192.0.2.2]) by c.example.org with ESMTP; Mon, 13 Jan 2025 10:00:00 +0000",
      "Received: from a.example.com (a.example.com [192.0.2.1]) by b.example.net with SMTP; Mon, 13 Jan 2025 10:02:00 +0000",
      "Received: by a.example.com (Postfix, from userid 1000) id 12345",
      "Received-SPF: softfail (c.example.org: transitioning domain of example.com does not designate 192.0.2.2 as permitted sender)",
      "From: a@example.com",
      "Subject: hi",
      "",
      "hello",
      "",
    ].join("\n");
    await page.fill("#headers-input", message);
    await page.waitForFunction(() => document.querySelector("#headers-results tr[data-number='3'] [data-field='delay']")?.dataset.value === "-120");
    const { view } = await assertPageMatches(page);
    assert.equal(view.hops[1].delayCell, "— (not dated)");
    assert.equal(view.hops[2].delayCell, "-2 min earlier than the previous hop: the clocks disagree", "a negative delay is said in words");
    assert.equal(view.hops[2].flag, "negative");
    assert.equal(view.totalText, "-2 min");
    assert.match(view.longDelays, /^none /);
    assert.deepEqual(view.auth, [{ header: "Received-SPF", authservId: null, method: "spf", result: "softfail", properties: [] }]);

    await page.fill("#headers-input", "From: a@example.com\nSubject: no trace\n\nhello\n");
    await page.waitForFunction(() => document.querySelector("#headers-results .placeholder")?.textContent.startsWith("No Received"));
    await assertPageMatches(page);
    assert.equal(await page.$$eval("#headers-results table", (n) => n.length), 0);

    await page.fill("#headers-input", "hello, this is not a message");
    await page.waitForFunction(() => document.querySelector('#headers-results .diagnostic[data-code="content/not-a-message"]'));
    await assertPageMatches(page);
  });

  await t.test("header text is shown as text, never as HTML; nothing is requested", async () => {
    const evil = [
      'Received: from <img src="https://evil.example/x.gif" onerror="document.body.dataset.pwned=1"> (evil.example [192.0.2.66])',
      " by mx.example.org with ESMTP; Mon, 13 Jan 2025 10:00:00 +0000",
      "Authentication-Results: <b>mx</b>.example.org; spf=<script>alert(1)</script> smtp.mailfrom=<i>x</i>",
      "",
    ].join("\n");
    await page.fill("#headers-input", evil);
    await page.waitForFunction(() => document.querySelectorAll("#headers-results table[data-field='hops'] tbody tr").length === 1);
    await assertPageMatches(page);
    assert.equal(await page.$$eval("#panel-headers img, #panel-headers b, #panel-headers i, #headers-results script, [data-pwned]", (n) => n.length), 0);
    assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
    await page.waitForTimeout(200);
    assert.deepEqual(harness.requests.filter((u) => u.includes("evil.example")), []);
  });

  await t.test("the fragment never carries headers; a link, tab switches and a reload", async () => {
    const shared = await harness.newPage();
    await shared.goto(`${origin}/#tool=headers&text=${encodeURIComponent("Received: from a by b; Mon, 13 Jan 2025 10:00:00 +0000")}`);
    await waitReady(shared);
    assert.equal(await shared.getAttribute("#tab-headers", "aria-selected"), "true");
    assert.equal(await shared.inputValue("#headers-input"), "");
    assert.equal(await shared.evaluate(() => location.hash), "#tool=headers");
    await shared.close();

    await page.click('button[data-headers-example="relay"]');
    await waitForHops(page, 4);
    const text = await page.inputValue("#headers-input");
    const url = decodeURIComponent(page.url());
    for (const piece of ["news.example.com", "198.51.100.20", "alice@example.org"]) assert.ok(!url.includes(piece), `nothing of the headers in the address (${piece})`);
    await page.click("#tab-smtp");
    assert.equal(await page.evaluate(() => location.hash), "");
    await page.click("#tab-headers");
    assert.equal(await page.evaluate(() => location.hash), "#tool=headers");
    assert.equal(await page.inputValue("#headers-input"), text);
    await page.reload();
    await waitReady(page);
    assert.equal(await page.getAttribute("#tab-headers", "aria-selected"), "true", "a reload comes back to the tab");
    assert.equal(await page.inputValue("#headers-input"), "");
  });

  await t.test("Copy as JSON puts the trace and the diagnostics on the clipboard", async () => {
    await page.click('button[data-headers-example="relay"]');
    await waitForHops(page, 4);
    await page.click("#headers-copy");
    await page.waitForFunction(() => document.getElementById("headers-status").textContent.startsWith("Copied"));
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    const report = scoreMessage(await page.inputValue("#headers-input"));
    assert.deepEqual(copied, JSON.parse(JSON.stringify({ trace: report.trace, diagnostics: report.diagnostics })));
    assert.equal(copied.trace.hops.length, 4);
  });

  await t.test("no inline styles; the dark theme applies; Clear empties the panel", async () => {
    assert.equal(await page.$$eval("[style]", (n) => n.length), 0, "no inline style attributes (the CSP forbids them)");
    const colours = () =>
      page.evaluate(() => ({
        badge: getComputedStyle(document.querySelector("#headers-results .result-badge")).backgroundColor,
        long: getComputedStyle(document.querySelector("#headers-results tr.long td")).backgroundColor,
        table: getComputedStyle(document.querySelector("#headers-results table")).backgroundColor,
      }));
    await page.emulateMedia({ colorScheme: "light" });
    const light = await colours();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await colours();
    for (const key of Object.keys(light)) assert.notEqual(light[key], dark[key], key);
    await page.emulateMedia({ colorScheme: "light" });

    await page.click("#headers-clear");
    assert.equal(await page.inputValue("#headers-input"), "");
    assert.equal(await page.isDisabled("#headers-copy"), true);
    assert.match(await page.textContent("#headers-results .placeholder"), /Paste a message's headers/);
    assert.equal(await page.evaluate(() => location.hash), "#tool=headers");
  });

  await page.close();
  harness.assertClean();
});
