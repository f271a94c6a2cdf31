// Browser test of the DNS record tool of the page (www/) in headless Chromium through
// playwright-core: the tab, a DMARC record typed in with its findings marked in place (codes and
// spans taken from validateRecord itself), an example of each kind, the RFC 7489 option, the URL
// fragment round trip, Copy as JSON, and no request outside the page's origin. (SPF records, their
// evaluation and the six-tab page's SPF links: spf.test.mjs.)

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

const P_NONE = "v=DMARC1; p=none";

const readBackdrop = (page) => readBackdropAt(page, "#record-backdrop");

function readRecord(page) {
  return page.$eval("#record-results", (root) => ({
    kind: root.querySelector('[data-field="kind"]')?.dataset.value ?? null,
    kindLabel: root.querySelector('[data-field="kind"]')?.textContent ?? null,
    form: root.querySelector('[data-field="form"]')?.dataset.value ?? null,
    formText: root.querySelector('[data-field="form"]')?.textContent ?? null,
    valid: root.querySelector('[data-field="valid"]')?.dataset.value ?? null,
    verdict: root.querySelector('[data-field="valid"]')?.textContent ?? null,
    caption: root.querySelector("table caption")?.textContent ?? null,
    tags: [...root.querySelectorAll("table.tags tbody tr")].map((tr) => [
      tr.querySelector('[data-field="name"] code').textContent,
      tr.querySelector('[data-field="value"]').hasAttribute("data-value") ? "" : tr.querySelector('[data-field="value"]').textContent,
    ]),
    terms: [...root.querySelectorAll("table.terms:not(.tags) tbody tr")].map((tr) => tr.querySelector('[data-field="name"] code').textContent),
    diagnostics: [...root.querySelectorAll(".diagnostic")].map((d) => ({
      code: d.dataset.code,
      severity: d.dataset.severity,
      label: d.querySelector(".badge").textContent,
      color: getComputedStyle(d.querySelector(".badge")).color,
      codeText: d.querySelector(".code").textContent,
      message: d.querySelector(".message").textContent,
      help: d.querySelector(".help")?.textContent ?? null,
      excerpt: d.querySelector('[data-field="excerpt"]')?.textContent ?? null,
    })),
  }));
}

async function waitForKind(page, kind) {
  await page.waitForFunction((k) => document.querySelector('#record-results [data-field="kind"]')?.dataset.value === k, kind, { timeout: 10_000 });
}

async function waitForCode(page, code) {
  await page.waitForFunction((c) => document.querySelector(`#record-results .diagnostic[data-code="${c}"]`), code, { timeout: 10_000 });
}

test("DNS record panel: recognises the record, marks findings in place, keeps the record in the fragment", { timeout: 120_000 }, async (t) => {
  if (SKIP) {
    t.skip(SKIP);
    return;
  }
  const page = await harness.newPage();
  await page.goto(`${origin}/`);
  await waitReady(page);

  await t.test("the tab is the second one, keyboard-operable, and names itself in the fragment", async () => {
    assert.equal(await page.isVisible("#panel-record"), false, "the panel starts hidden");
    assert.deepEqual(await page.$$eval('[role="tab"]', (tabs) => tabs.map((x) => x.dataset.tool)), ["smtp", "record", "score", "headers"]);
    assert.equal(await page.textContent("#tab-record"), "DNS record");
    await page.focus("#tab-smtp");
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    assert.equal(await page.getAttribute("#tab-record", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-record");
    assert.deepEqual(await page.$$eval('[role="tab"]', (tabs) => tabs.map((x) => x.tabIndex)), [-1, 0, -1, -1], "roving tabindex");
    assert.equal(await page.isVisible("#panel-record"), true);
    assert.equal(await page.isVisible("#panel-smtp"), false);
    assert.equal(await page.getAttribute("#panel-record", "aria-labelledby"), "tab-record");
    assert.equal(await page.evaluate(() => location.hash), "#tool=record");
    for (const id of ["record-input", "record-domain", "record-rfc7489"]) {
      assert.ok((await page.$eval(`label[for="${id}"]`, (l) => l.textContent.trim())).length > 0, `#${id} has a label`);
    }
    assert.equal(await page.isDisabled("#record-copy"), true, "nothing to copy yet");
    assert.match(await page.textContent("#record-results .placeholder"), /Paste an SPF, DMARC, DKIM, MTA-STS, TLS-RPT or BIMI record/);
  });

  await t.test("an example for each kind of record, one click away", async () => {
    const names = await page.$$eval('[aria-labelledby="record-examples-label"] button', (b) => b.map((x) => x.dataset.recordExample));
    const kinds = [];
    for (const name of names) {
      // (An example is checked at once, in the click's handler.)
      await page.click(`button[data-record-example="${name}"]`);
      const text = await page.inputValue("#record-input");
      const kind = await page.$eval('#record-results [data-field="kind"]', (k) => k.dataset.value);
      assert.equal(kind, validateRecord(text).kind, `${name} is shown as validateRecord reads it`);
      kinds.push(kind);
    }
    assert.deepEqual([...new Set(kinds)].sort(), ["bimi", "dkim", "dmarc", "mta-sts", "spf", "tls-rpt"]);
    await page.click("#record-clear");
  });

  await t.test("typing a DMARC record with p=none: the kind, a <mark> at p=none, the finding", async () => {
    const expected = validateRecord(P_NONE);
    const located = expected.diagnostics.filter((d) => d.span?.loc);
    const none = expected.diagnostics.find((d) => P_NONE.slice(d.span?.loc?.utf16Start, d.span?.loc?.utf16End) === "p=none");
    assert.ok(none, `the library locates a finding at p=none: ${JSON.stringify(expected.diagnostics)}`);

    await page.locator("#record-input").pressSequentially(P_NONE, { delay: 5 });
    await waitForCode(page, none.code);
    const backdrop = await readBackdrop(page);
    assert.equal(backdrop.text, P_NONE, "the mirror holds the same text as the textarea");
    assert.equal(backdrop.elements, located.length, "text nodes and one <mark> per located finding only");
    const mark = backdrop.marks.find((m) => m.codes.split(" ").includes(none.code));
    assert.deepEqual([mark.text, mark.start, mark.end], ["p=none", none.span.loc.utf16Start, none.span.loc.utf16End]);
    assert.match(mark.className, new RegExp(`sev-${none.severity}`));

    const view = await readRecord(page);
    assert.equal(view.kind, "dmarc");
    assert.equal(view.kindLabel, "DMARC");
    assert.equal(view.form, "txt");
    assert.match(view.formText, /DMARC policy record/);
    assert.equal(view.valid, String(expected.valid));
    assert.equal(view.caption, "Tags (2)");
    assert.deepEqual(view.tags, expected.tags.map((x) => [x.name, x.value]));
    assert.deepEqual(
      view.diagnostics.map((d) => [d.code, d.severity, d.codeText, d.message, d.help]),
      expected.diagnostics.map((d) => [d.code, d.severity, d.code, d.message, d.help]),
      "every finding with its code, message and help",
    );
    const shown = view.diagnostics.find((d) => d.code === none.code);
    assert.equal(shown.label, { error: "Error", warning: "Warning", info: "Info" }[none.severity]);
    assert.equal(shown.excerpt, "p=none");

    // The mirror lies exactly under the textarea.
    const boxes = await page.evaluate(() => {
      const box = (id) => {
        const node = document.getElementById(id);
        const r = node.getBoundingClientRect();
        const cs = getComputedStyle(node);
        return { x: r.x, y: r.y, w: r.width, h: r.height, font: cs.font, lineHeight: cs.lineHeight, padding: cs.padding, whiteSpace: cs.whiteSpace };
      };
      return { input: box("record-input"), backdrop: box("record-backdrop") };
    });
    assert.deepEqual(boxes.backdrop, boxes.input);
    assert.equal(await page.evaluate(() => location.hash), `#tool=record&text=${encodeURIComponent(P_NONE)}`);
  });

  await t.test("clicking a finding selects its span in the textarea", async () => {
    const none = validateRecord(P_NONE).diagnostics.find((d) => d.span?.loc);
    await page.click(`#record-results .diagnostic[data-code="${none.code}"] button.link-button`);
    const selection = await page.$eval("#record-input", (ta) => [ta.selectionStart, ta.selectionEnd, document.activeElement === ta]);
    assert.deepEqual(selection, [none.span.loc.utf16Start, none.span.loc.utf16End, true]);
  });

  await t.test("user input is shown as text, never as HTML", async () => {
    const evil = `v=DMARC1; p=<img src="x" onerror="document.body.dataset.pwned='1'"><b>bold</b>`;
    await page.fill("#record-input", evil);
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="valid"]')?.dataset.value === "false");
    assert.equal(await page.$$eval("#panel-record img, #panel-record b, #record-backdrop *:not(mark)", (n) => n.length), 0);
    assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
    assert.equal((await readBackdrop(page)).text, evil);
  });

  await t.test("examples: DKIM key, MTA-STS policy file, TLS-RPT, BIMI, SPF", async () => {
    await page.click('button[data-record-example="dkim-short"]');
    await waitForKind(page, "dkim");
    const dkimText = await page.inputValue("#record-input");
    const dkim = validateRecord(dkimText);
    let view = await readRecord(page);
    assert.equal(view.valid, String(dkim.valid));
    assert.deepEqual(view.tags.map((x) => x[0]), ["v", "k", "p"]);
    assert.deepEqual(view.diagnostics.map((d) => d.code), dkim.diagnostics.map((d) => d.code));
    const short = dkim.diagnostics.find((d) => d.severity === "error");
    assert.ok(short, "the short key is an error");
    assert.equal(view.diagnostics.find((d) => d.code === short.code).label, "Error");
    const marks = (await readBackdrop(page)).marks;
    assert.deepEqual(marks.map((m) => [m.start, m.end]), [[short.span.loc.utf16Start, short.span.loc.utf16End]]);
    assert.match(marks[0].className, /sev-error/);

    await page.click('button[data-record-example="mta-sts-policy"]');
    await waitForKind(page, "mta-sts");
    view = await readRecord(page);
    assert.equal(view.form, "mta-sts-policy");
    assert.equal(view.caption, "Fields (5)");
    assert.deepEqual(view.tags[1], ["mode", "testing"]);
    assert.ok(view.diagnostics.some((d) => d.code === "mta-sts/mode-testing" && d.label === "Info"));

    await page.click('button[data-record-example="tls-rpt"]');
    await waitForKind(page, "tls-rpt");
    assert.equal((await readRecord(page)).valid, "true");

    await page.click('button[data-record-example="bimi"]');
    await waitForKind(page, "bimi");
    view = await readRecord(page);
    assert.equal(view.valid, "true");
    assert.deepEqual(view.tags.map((x) => x[0]), ["v", "l", "a"]);

    await page.fill("#record-input", "v=spf1 a mx +all");
    await waitForKind(page, "spf");
    view = await readRecord(page);
    assert.deepEqual(view.terms, ["a", "mx", "all"]);
    assert.ok(view.diagnostics.some((d) => d.code === "spf/pass-all"));
    assert.equal((await readBackdrop(page)).marks.find((m) => m.codes === "spf/pass-all")?.text, "+all");
  });

  await t.test("the RFC 7489 option and the domain change the findings", async () => {
    await page.click('button[data-record-example="dmarc-pct"]');
    await waitForCode(page, "dmarc/historic-tag");
    const text = await page.inputValue("#record-input");
    assert.equal(await page.inputValue("#record-domain"), "example.com");
    let view = await readRecord(page);
    assert.deepEqual(view.diagnostics.map((d) => d.code), validateRecord(text, { dmarc: { domain: "example.com" } }).diagnostics.map((d) => d.code));
    assert.ok(view.diagnostics.some((d) => d.code === "dmarc/external-report-destination"));

    await page.check("#record-rfc7489");
    await page.waitForFunction(() => !document.querySelector('#record-results .diagnostic[data-code="dmarc/historic-tag"]'));
    view = await readRecord(page);
    assert.deepEqual(
      view.diagnostics.map((d) => d.code),
      validateRecord(text, { dmarc: { spec: "rfc7489", domain: "example.com" } }).diagnostics.map((d) => d.code),
    );
    assert.equal(await page.evaluate(() => location.hash), `#tool=record&text=${encodeURIComponent(text)}&domain=example.com&spec=rfc7489`);
  });

  await t.test("the fragment round-trips: a shared link, a reload, tab switches, a hand-edited fragment", async () => {
    const hash = await page.evaluate(() => location.hash);
    const text = await page.inputValue("#record-input");
    const shared = await harness.newPage();
    await shared.goto(`${origin}/${hash}`);
    await waitReady(shared);
    assert.equal(await shared.getAttribute("#tab-record", "aria-selected"), "true");
    assert.equal(await shared.inputValue("#record-input"), text);
    assert.equal(await shared.inputValue("#record-domain"), "example.com");
    assert.equal(await shared.isChecked("#record-rfc7489"), true);
    await waitForKind(shared, "dmarc");
    assert.equal(await shared.evaluate(() => location.hash), hash, "restoring does not rewrite the fragment");
    await shared.close();

    await page.reload();
    await waitReady(page);
    assert.equal(await page.inputValue("#record-input"), text);
    await waitForKind(page, "dmarc");

    await page.click("#tab-smtp");
    assert.equal(await page.evaluate(() => location.hash), "");
    await page.click("#tab-record");
    assert.equal(await page.evaluate(() => location.hash), hash);

    await page.evaluate((r) => {
      location.hash = `#tool=record&text=${encodeURIComponent(r)}`;
    }, P_NONE);
    await page.waitForFunction(() => document.querySelector('#record-results [data-field="tags"] caption')?.textContent === "Tags (2)");
    assert.equal(await page.inputValue("#record-input"), P_NONE);
    assert.equal(await page.inputValue("#record-domain"), "");
    assert.equal(await page.isChecked("#record-rfc7489"), false);
  });

  await t.test("Copy as JSON puts the text, the options and the report on the clipboard", async () => {
    await page.click('button[data-record-example="dmarc-none"]');
    await waitForKind(page, "dmarc");
    await page.click("#record-copy");
    await page.waitForFunction(() => document.getElementById("record-status").textContent.startsWith("Copied"));
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(copied.text, P_NONE);
    assert.deepEqual(copied.options, { dmarc: { spec: "rfc9989", domain: "example.com" } });
    assert.deepEqual(copied.report, JSON.parse(JSON.stringify(validateRecord(P_NONE, copied.options))));
  });

  await t.test("Clear empties the panel; the dark theme changes the marks; no inline styles", async () => {
    await page.click('button[data-record-example="dkim-short"]');
    await waitForKind(page, "dkim");
    const colours = () =>
      page.evaluate(() => ({
        mark: getComputedStyle(document.querySelector("#record-backdrop mark")).backgroundColor,
        badge: getComputedStyle(document.querySelector('#record-results [data-field="kind"]')).backgroundColor,
      }));
    await page.emulateMedia({ colorScheme: "light" });
    const light = await colours();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await colours();
    assert.notEqual(light.mark, dark.mark);
    assert.notEqual(light.badge, dark.badge);
    await page.emulateMedia({ colorScheme: "light" });
    assert.equal(await page.$$eval("[style]", (n) => n.length), 0, "no inline style attributes (the CSP forbids them)");

    await page.click("#record-clear");
    assert.equal(await page.inputValue("#record-input"), "");
    assert.equal(await page.evaluate(() => location.hash), "#tool=record");
    assert.equal((await readBackdrop(page)).marks.length, 0);
    assert.equal(await page.isDisabled("#record-copy"), true);
  });

  await page.close();
  harness.assertClean();
});
