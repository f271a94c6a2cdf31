// Browser test of SPF in the DNS record tool of the page (www/) in headless Chromium through
// playwright-core: an SPF record recognised as such, validation as you type with the offending spans
// marked in place, its terms and DNS lookups, the check_host evaluation (shown for SPF records only)
// with a typed zone, the URL fragment round trip (and the six-tab page's #tool=spf links), and no
// request outside the page's origin.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { SKIP, launch, waitReady } from "./helpers.mjs";
import { readBackdrop as readBackdropAt } from "./helpers.mjs";
import { validateRecord } from "../../pkg/node.mjs";

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

const PASS_ALL = "v=spf1 ip4:192.0.2.0/24 +all";

const readBackdrop = (page) => readBackdropAt(page, "#record-backdrop");

function readSpf(page) {
  return page.$eval("#record-results", (root) => ({
    kind: root.querySelector('[data-field="kind"]')?.dataset.value ?? null,
    valid: root.querySelector('[data-field="valid"]')?.dataset.value,
    verdict: root.querySelector('[data-field="valid"]')?.textContent,
    lookups: root.querySelector('[data-field="lookupTerms"]')?.textContent,
    terms: [...root.querySelectorAll("table.terms tbody tr")].map((tr) => ({
      qualifier: tr.querySelector('[data-field="qualifier"]').dataset.value ?? null,
      name: tr.querySelector('[data-field="name"] code').textContent,
      value: tr.querySelector('[data-field="value"]').hasAttribute("data-null") ? null : tr.querySelector('[data-field="value"]').textContent,
      dnsLookup: tr.querySelector('[data-field="dnsLookup"]').textContent,
    })),
    diagnostics: [...root.querySelectorAll(".diagnostic")].map((d) => ({
      code: d.dataset.code,
      severity: d.dataset.severity,
      label: d.querySelector(".badge").textContent,
      color: getComputedStyle(d.querySelector(".badge")).color,
      message: d.querySelector(".message").textContent,
      help: d.querySelector(".help")?.textContent ?? null,
    })),
  }));
}

function readEval(page) {
  return page.$eval("#eval-results", (root) => {
    const text = (name) => {
      const node = root.querySelector(`[data-field="${name}"]`);
      if (!node) return undefined;
      return node.hasAttribute("data-null") ? null : node.textContent;
    };
    return {
      result: text("result"),
      reason: text("reason"),
      explanation: text("explanation"),
      matchedTerm: text("matched.term"),
      matchedDomain: text("matched.domain"),
      lookups: text("lookups"),
      voidLookups: text("voidLookups"),
      addedRecordFor: root.querySelector('[data-field="addedRecordFor"] code')?.textContent ?? null,
      error: text("evalError"),
      trace: [...root.querySelectorAll(".trace-step[data-event]")].map((li) => ({
        depth: Number(li.dataset.depth),
        event: li.dataset.event,
        detail: li.querySelector(".trace-detail").textContent,
        nesting: (() => {
          let n = 0;
          for (let p = li.parentElement; p && p.id !== "eval-results"; p = p.parentElement) if (p.matches("ol.trace")) n++;
          return n - 1;
        })(),
      })),
    };
  });
}

async function waitForMarks(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll("#record-backdrop mark").length === n, count, { timeout: 10_000 });
}

async function waitForResult(page, result) {
  await page.waitForFunction((r) => document.querySelector('#eval-results [data-field="result"]')?.textContent === r, result, { timeout: 10_000 });
}

const EVAL_IDS = ["record-input", "record-domain", "eval-ip", "eval-sender", "eval-helo", "eval-zone"];

test("SPF in the DNS record tool: validates as you type, marks spans in place, evaluates, keeps state in the fragment", { timeout: 120_000 }, async (t) => {
  if (SKIP) {
    t.skip(SKIP);
    return;
  }
  const page = await harness.newPage();
  await page.goto(`${origin}/`);
  await waitReady(page);

  await t.test("SPF records go to the DNS record tool; its evaluation shows for an SPF record only", async () => {
    assert.equal(await page.isVisible("#panel-record"), false);
    await page.click("#tab-record");
    assert.equal(await page.isVisible("#panel-record"), true);
    assert.equal(await page.evaluate(() => location.hash), "#tool=record");
    assert.match(await page.$eval('label[for="record-input"]', (l) => l.textContent), /^Any record: SPF, DMARC/);
    for (const id of EVAL_IDS) {
      assert.ok((await page.$eval(`label[for="${id}"]`, (l) => l.textContent.trim())).length > 0, `#${id} has a label`);
    }
    assert.equal(await page.isVisible("#spf-evaluate"), false, "no record, no evaluation");
    await page.fill("#record-input", "v=DMARC1; p=reject");
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]')?.dataset.value === "dmarc");
    assert.equal(await page.isVisible("#spf-evaluate"), false, "no evaluation for a DMARC record");
    await page.fill("#record-input", "v=spf1 -all");
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]')?.dataset.value === "spf");
    assert.equal(await page.isVisible("#spf-evaluate"), true, "the SPF panel appears under the result");
    assert.equal(await page.textContent("#eval-heading"), "Evaluate this SPF record (check_host)");
    assert.equal(await page.$eval("#spf-evaluate", (section) => section.previousElementSibling.id), "record-results", "right under the record's result");
    await page.click("#record-clear");
    assert.equal(await page.isVisible("#spf-evaluate"), false);
  });

  await t.test("typing a record with +all marks exactly +all and lists spf/pass-all", async () => {
    await page.locator("#record-input").pressSequentially(PASS_ALL, { delay: 5 });
    await waitForMarks(page, 1);
    const backdrop = await readBackdrop(page);
    assert.equal(backdrop.text, PASS_ALL, "the mirror holds the same text as the textarea");
    assert.equal(backdrop.elements, 1, "text nodes and one <mark> only");
    assert.deepEqual(backdrop.marks.map((m) => [m.text, m.start, m.end, m.codes]), [["+all", 24, 28, "spf/pass-all"]]);
    assert.match(backdrop.marks[0].className, /sev-warning/);

    const report = await readSpf(page);
    assert.equal(report.kind, "spf");
    assert.equal(report.valid, "true");
    assert.equal(report.verdict, "Valid record, with 1 warning");
    assert.equal(report.lookups, "0 of 10 DNS lookups");
    assert.deepEqual(report.terms, [
      { qualifier: "+", name: "ip4", value: "192.0.2.0/24", dnsLookup: "no" },
      { qualifier: "+", name: "all", value: null, dnsLookup: "no" },
    ]);
    assert.equal(report.diagnostics.length, 1);
    const [d] = report.diagnostics;
    assert.equal(d.code, "spf/pass-all");
    assert.equal(d.severity, "warning");
    assert.equal(d.label, "Warning");
    assert.match(d.message, /\+all/);
    assert.ok(d.help && d.help.length > 0, "the help is shown");

    // The mirror lies exactly under the textarea: same box, same wrapping width.
    const boxes = await page.evaluate(() => {
      const box = (id) => {
        const node = document.getElementById(id);
        const r = node.getBoundingClientRect();
        const cs = getComputedStyle(node);
        const text = ["font", "lineHeight", "letterSpacing", "wordSpacing", "whiteSpace", "overflowWrap", "wordBreak", "tabSize", "padding", "borderWidth", "boxSizing"];
        return { x: r.x, y: r.y, w: r.width, h: r.height, client: node.clientWidth, ...Object.fromEntries(text.map((k) => [k, cs[k]])) };
      };
      return { input: box("record-input"), backdrop: box("record-backdrop") };
    });
    assert.deepEqual(boxes.backdrop, boxes.input);

    const hash = await page.evaluate(() => location.hash);
    assert.equal(hash, `#tool=record&text=${encodeURIComponent(PASS_ALL)}`);
  });

  await t.test("clicking a finding selects its span in the textarea", async () => {
    await page.click('#record-results .diagnostic[data-code="spf/pass-all"] button.link-button');
    const selection = await page.$eval("#record-input", (ta) => [ta.selectionStart, ta.selectionEnd, document.activeElement === ta]);
    assert.deepEqual(selection, [24, 28, true]);
    await page.$eval("#record-input", (ta) => ta.setSelectionRange(0, 0));
    await page.click('#record-results .diagnostic[data-code="spf/pass-all"] .message');
    assert.deepEqual(await page.$eval("#record-input", (ta) => [ta.selectionStart, ta.selectionEnd]), [24, 28], "the whole item is clickable");
    // And a term's name selects the term (its span, as validateRecord gives it).
    const [term] = validateRecord(PASS_ALL).terms;
    await page.click('#record-results table.terms tbody tr:nth-child(1) [data-field="name"] button');
    assert.deepEqual(await page.$eval("#record-input", (ta) => [ta.selectionStart, ta.selectionEnd]), [term.span.loc.utf16Start, term.span.loc.utf16End]);
    assert.equal(PASS_ALL.slice(term.span.loc.utf16Start, term.span.loc.utf16End), "ip4:192.0.2.0/24");
  });

  await t.test("non-ASCII text: marks use UTF-16 offsets", async () => {
    const record = "v=spf1 a:é😀.example.com +all";
    await page.fill("#record-input", record);
    await page.waitForFunction(() => [...document.querySelectorAll("#record-backdrop mark")].some((m) => m.textContent === "+all"));
    const backdrop = await readBackdrop(page);
    assert.equal(backdrop.text, record);
    const all = backdrop.marks.find((m) => m.text === "+all");
    assert.deepEqual([all.start, all.end], [record.indexOf("+all"), record.length]);
    const bad = backdrop.marks.find((m) => m.codes.includes("spf/invalid-character"));
    assert.ok(bad, JSON.stringify(backdrop.marks));
    assert.equal(record.slice(bad.start, bad.end), bad.text);
    assert.ok(bad.text.startsWith("é"), `the first bad character is marked: ${bad.text}`);
    assert.match(bad.className, /sev-error/);
    const report = await readSpf(page);
    assert.equal(report.valid, "false");
    assert.match(report.verdict, /^Invalid record/);
    const colours = new Map(report.diagnostics.map((d) => [d.severity, d.color]));
    assert.ok(colours.has("error") && colours.has("warning"));
    assert.notEqual(colours.get("error"), colours.get("warning"), "severities have their own colours");
  });

  await t.test("user input is shown as text, never as HTML", async () => {
    const evil = `v=spf1 <img src="x" onerror="document.body.dataset.pwned='1'"><b>bold</b> -all`;
    await page.fill("#record-input", evil);
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="valid"]')?.dataset.value === "false");
    assert.equal(await page.$$eval("#panel-record img, #panel-record b, #record-backdrop *:not(mark)", (n) => n.length), 0);
    assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
    assert.equal((await readBackdrop(page)).text, evil);
  });

  await t.test("examples: 11 lookups, quoted form, +all and ptr, a good record", async () => {
    await page.click('button[data-record-example="spf-lookups"]');
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="lookupTerms"]')?.dataset.value === "11");
    let report = await readSpf(page);
    assert.equal(report.lookups, "11 of 10 DNS lookups");
    assert.equal(report.valid, "false");
    assert.ok(report.diagnostics.some((d) => d.code === "spf/too-many-lookups" && d.label === "Error"));
    assert.equal(report.terms.filter((x) => x.dnsLookup === "yes").length, 11);

    await page.click('button[data-record-example="spf-quoted"]');
    await page.waitForFunction(() => document.querySelector('#record-results .diagnostic[data-code="spf/quoted-strings"]'));
    report = await readSpf(page);
    assert.equal(report.kind, "spf", "the quoted strings dig prints are recognised as SPF");
    assert.equal(report.valid, "true");
    assert.deepEqual(report.terms.map((x) => x.name), ["ip4", "include", "ip6", "mx", "all"]);

    await page.click('button[data-record-example="spf-risky"]');
    await page.waitForFunction(() => document.querySelector('#record-results .diagnostic[data-code="spf/ptr-deprecated"]'));
    const marks = (await readBackdrop(page)).marks;
    assert.deepEqual(marks.map((m) => m.text), ["ptr", "+all"]);
    assert.equal(marks[0].codes.split(" ").sort().join(" "), "spf/ptr-deprecated", JSON.stringify(marks));

    await page.click('button[data-record-example="spf-good"]');
    await page.waitForFunction(() => document.querySelector("#record-results .no-findings"));
    report = await readSpf(page);
    assert.deepEqual([report.kind, report.valid, report.lookups], ["spf", "true", "2 of 10 DNS lookups"]);
  });

  await t.test("the domain finds an include of itself", async () => {
    await page.fill("#record-input", "v=spf1 include:example.com -all");
    await page.fill("#record-domain", "");
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]') && !document.querySelector('#record-results .diagnostic[data-code="spf/include-self"]'));
    await page.fill("#record-domain", "example.com");
    await page.waitForFunction(() => document.querySelector('#record-results .diagnostic[data-code="spf/include-self"]'));
  });

  await t.test("the evaluation example shows the result, the explanation and the trace", async () => {
    await page.click('button[data-record-example="spf-eval-fail"]');
    await waitForResult(page, "fail");
    const r = await readEval(page);
    assert.equal(r.result, "fail");
    assert.equal(r.reason, "-all matched in the record of example.com");
    assert.equal(r.explanation, "203.0.113.5 is not allowed to send mail for example.com");
    assert.equal(r.matchedTerm, "-all");
    assert.equal(r.matchedDomain, "example.com");
    assert.equal(r.lookups, "2 of 10");
    assert.equal(r.voidLookups, "0 of 2");
    assert.equal(r.addedRecordFor, "example.com", "the record above became example.com's TXT record");
    assert.deepEqual(r.trace[0], { depth: 0, event: "query", detail: "TXT example.com: 1 record(s), 1 SPF", nesting: 0 });
    const inner = r.trace.filter((s) => s.depth === 1);
    assert.ok(inner.length > 0, "the include is evaluated at depth 1");
    assert.ok(inner.every((s) => s.nesting === 1), "depth 1 steps are in a nested list");
    assert.equal(r.trace.at(-1).event, "result");

    await page.click('button[data-record-example="spf-eval-pass"]');
    await waitForResult(page, "pass");
    const p = await readEval(page);
    assert.equal(p.matchedTerm, "include:_spf.example.net");
    assert.equal(p.explanation, null);
    assert.equal(p.lookups, "1 of 10");
  });

  await t.test("a typed zone: edits re-evaluate; TIMEOUT, bad lines and a bad IP are reported", async () => {
    await page.fill("#record-input", "v=spf1 include:_spf.example.net -all");
    await page.fill("#eval-zone", "_spf.example.net TIMEOUT");
    await waitForResult(page, "temperror");
    assert.equal((await readEval(page)).reason, "DNS error looking up TXT _spf.example.net");

    await page.fill("#eval-zone", '_spf.example.net. 300 IN TXT "v=spf1 " "ip4:192.0.2.0/24 -all"\nexample.com FOO bar');
    await page.waitForFunction(() => document.querySelector('#eval-results [data-field="evalError"]'));
    assert.match((await readEval(page)).error, /line 2: unknown record type "FOO"/);

    await page.fill("#eval-zone", '_spf.example.net. 300 IN TXT "v=spf1 " "ip4:192.0.2.0/24 -all"');
    await waitForResult(page, "pass");

    await page.fill("#eval-ip", "192.0.2.999");
    await page.waitForFunction(() => document.querySelector('#eval-results [data-field="evalError"]'));
    assert.match((await readEval(page)).error, /192\.0\.2\.999.*is not an IP address/);

    await page.fill("#eval-ip", "198.51.100.77");
    await waitForResult(page, "fail");
  });

  await t.test("another kind of record hides the evaluation and leaves it out of the link; SPF brings it back", async () => {
    const spfHash = await page.evaluate(() => location.hash);
    assert.match(spfHash, /&ip=198\.51\.100\.77/);
    await page.fill("#record-input", "v=DMARC1; p=none");
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]')?.dataset.value === "dmarc");
    assert.equal(await page.isVisible("#spf-evaluate"), false);
    assert.equal(await page.evaluate(() => location.hash), `#tool=record&text=${encodeURIComponent("v=DMARC1; p=none")}&domain=example.com`);
    await page.fill("#record-input", "v=spf1 include:_spf.example.net -all");
    await page.waitForSelector("#spf-evaluate", { state: "visible", timeout: 10_000 });
    await waitForResult(page, "fail");
    assert.equal(await page.evaluate(() => location.hash), spfHash);
  });

  await t.test("the fragment round-trips: reload and a shared link restore the SPF state", async () => {
    await page.click('button[data-record-example="spf-eval-fail"]');
    await waitForResult(page, "fail");
    const hash = await page.evaluate(() => location.hash);
    assert.ok(hash.startsWith("#tool=record&text="), hash);
    const expected = await page.evaluate((ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id).value])), EVAL_IDS);
    assert.equal(expected["eval-ip"], "203.0.113.5");

    const shared = await harness.newPage();
    await shared.goto(`${origin}/${hash}`);
    await waitReady(shared);
    assert.equal(await shared.getAttribute("#tab-record", "aria-selected"), "true");
    assert.equal(await shared.isVisible("#panel-record"), true);
    assert.equal(await shared.isVisible("#spf-evaluate"), true);
    for (const [id, value] of Object.entries(expected)) assert.equal(await shared.inputValue(`#${id}`), value, id);
    await waitForResult(shared, "fail");
    assert.equal((await readEval(shared)).explanation, "203.0.113.5 is not allowed to send mail for example.com");
    assert.equal(await shared.evaluate(() => location.hash), hash, "restoring does not rewrite the fragment");
    await shared.close();

    await page.reload();
    await waitReady(page);
    assert.equal(await page.inputValue("#record-input"), expected["record-input"]);
    await waitForResult(page, "fail");

    // Each tool owns the fragment while it is shown.
    await page.click("#tab-smtp");
    assert.equal(await page.evaluate(() => location.hash), "");
    await page.click("#tab-record");
    assert.equal(await page.evaluate(() => location.hash), hash);

    // A hand-edited fragment (hashchange) is applied.
    const record = "v=spf1 mx ?all";
    await page.evaluate((r) => {
      location.hash = `#tool=record&text=${encodeURIComponent(r)}`;
    }, record);
    await page.waitForFunction(() => document.querySelector('#record-results .diagnostic[data-code="spf/neutral-all"]'));
    assert.equal(await page.inputValue("#record-input"), record);
    assert.equal(await page.inputValue("#eval-ip"), "");
    assert.equal(await page.$$eval("#eval-results > *", (n) => n.length), 0, "a link without an IP has no evaluation");
  });

  await t.test("links of the six-tab page's SPF tool open the DNS record tool with the same fields", async () => {
    const fields = {
      record: "v=spf1 include:_spf.example.net mx -all exp=explain.example.com",
      domain: "example.com",
      ip: "203.0.113.5",
      sender: "bounce@example.com",
      helo: "mail.example.com",
      zone: [
        '_spf.example.net TXT "v=spf1 ip4:192.0.2.0/24 -all"',
        "example.com MX 10 mx.example.com",
        "mx.example.com A 198.51.100.10",
        'explain.example.com TXT "%{i} is not allowed to send mail for %{d}"',
      ].join("\n"),
    };
    const old = Object.entries(fields).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
    const shared = await harness.newPage();
    await shared.goto(`${origin}/#tool=spf&${old}`);
    await waitReady(shared);
    assert.equal(await shared.getAttribute("#tab-record", "aria-selected"), "true");
    assert.deepEqual(
      await shared.evaluate((ids) => ids.map((id) => document.getElementById(id).value), EVAL_IDS),
      [fields.record, fields.domain, fields.ip, fields.sender, fields.helo, fields.zone],
    );
    await waitForResult(shared, "fail");
    assert.equal((await readEval(shared)).explanation, "203.0.113.5 is not allowed to send mail for example.com");
    assert.equal(
      await shared.evaluate(() => location.hash),
      `#tool=record&text=${encodeURIComponent(fields.record)}&domain=example.com&ip=${encodeURIComponent(fields.ip)}&sender=${encodeURIComponent(fields.sender)}&helo=${encodeURIComponent(fields.helo)}&zone=${encodeURIComponent(fields.zone)}`,
      "the fragment is rewritten in the DNS record tool's form",
    );
    // The oldest form named no tool at all.
    await shared.goto(`${origin}/#record=${encodeURIComponent("v=spf1 a mx ptr +all")}`);
    await shared.reload();
    await waitReady(shared);
    assert.equal(await shared.getAttribute("#tab-record", "aria-selected"), "true");
    await shared.waitForFunction(() => document.querySelector('#record-results .diagnostic[data-code="spf/ptr-deprecated"]'));
    assert.equal(await shared.evaluate(() => location.hash), `#tool=record&text=${encodeURIComponent("v=spf1 a mx ptr +all")}`);
    await shared.close();
  });

  await t.test("Copy as JSON puts the report and the evaluation on the clipboard", async () => {
    await page.click('button[data-record-example="spf-eval-pass"]');
    await waitForResult(page, "pass");
    await page.click("#record-copy");
    await page.waitForFunction(() => document.getElementById("record-status").textContent.startsWith("Copied"));
    assert.equal(await page.textContent("#record-status"), "Copied the report and the evaluation as JSON.");
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(copied.text, "v=spf1 include:_spf.example.net mx -all");
    assert.deepEqual(copied.options, { dmarc: { spec: "rfc9989", domain: "example.com" } });
    assert.equal(copied.report.kind, "spf");
    assert.equal(copied.report.valid, true);
    assert.equal(copied.report.lookupTerms, 2);
    assert.deepEqual(copied.report.terms.map((x) => x.name), ["include", "mx", "all"]);
    assert.equal(copied.evaluation.result.result, "pass");
    assert.deepEqual(copied.evaluation.params, { ip: "192.0.2.10", sender: "bounce@example.com", helo: "mail.example.com", domain: "example.com" });
    assert.deepEqual(copied.evaluation.zone["_spf.example.net"], [{ TXT: "v=spf1 ip4:192.0.2.0/24 -all" }]);
    assert.deepEqual(copied.evaluation.zone["example.com"], [{ MX: [10, "mx.example.com"] }, { TXT: "v=spf1 include:_spf.example.net mx -all" }]);
  });

  await t.test("Clear empties the panel and the evaluation; the fragment keeps the tool", async () => {
    await page.click("#record-clear");
    for (const id of EVAL_IDS) assert.equal(await page.inputValue(`#${id}`), "", id);
    assert.equal((await readBackdrop(page)).marks.length, 0);
    assert.equal(await page.$$eval("#eval-results > *", (n) => n.length), 0);
    assert.equal(await page.isVisible("#spf-evaluate"), false);
    assert.equal(await page.evaluate(() => location.hash), "#tool=record");
    assert.equal(await page.isDisabled("#record-copy"), true);
  });

  await t.test("no inline styles, and the dark theme changes the marks", async () => {
    await page.fill("#record-input", PASS_ALL);
    await waitForMarks(page, 1);
    assert.equal(await page.$$eval("[style]", (n) => n.length), 0, "no inline style attributes (the CSP forbids them)");
    const markColour = () => page.$eval("#record-backdrop mark", (m) => getComputedStyle(m).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await markColour();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await markColour();
    assert.notEqual(light, dark);
    await page.emulateMedia({ colorScheme: "light" });
  });

  await page.close();
  harness.assertClean();
});
