// Browser test of the static page (www/) in headless Chromium through playwright-core: the four
// tools' tabs, the readiness signal, and the SMTP error / bounce tool with reply and log lines (whole
// bounce messages: bounce.test.mjs; the automatic reading and its override: detect.test.mjs).
// Needs www/pkg/deliverkit.js and www/pkg/deliverkit_bg.wasm (copied there by the build) and
// /usr/bin/chromium. Outside CI a missing Chromium skips the test; in CI (CI set) it fails.
// The page must make no request outside its own origin: every request is recorded and any
// other origin fails the test (and is aborted, so nothing leaves the machine).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";

import { SKIP, launch, waitReady } from "./helpers.mjs";

const OUTLOOK_PRX2 = "451 4.7.0 Temporary server error. Please try again later. PRX2";
const YAHOO_TSS04 =
  "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints";
const USER_UNKNOWN =
  "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)";

let harness;
let origin;
let requests;

const newPage = () => harness.newPage();
const assertClean = () => harness.assertClean();

/** The fields of every report card, as the page shows them. */
function readCards(page) {
  return page.$$eval("#smtp-results .report", (cards) =>
    cards.map((card) => {
      const text = (name) => {
        const node = card.querySelector(`[data-field="${name}"]`);
        if (!node) return undefined;
        return node.hasAttribute("data-null") ? null : node.textContent;
      };
      const advice = card.querySelector('[data-field="advice"]');
      return {
        replyCode: text("replyCode"),
        status: text("status"),
        statusText: text("statusText"),
        class: text("class"),
        reason: text("reason"),
        provider: text("provider"),
        providerCode: text("providerCode"),
        command: text("command"),
        hardBounce: card.querySelector('[data-field="hardBounce"]')?.dataset.value,
        retry: card.querySelector('[data-field="advice.retry"]')?.dataset.value,
        advice: advice ? advice.textContent : undefined,
        adviceLinks: advice ? [...advice.querySelectorAll("a")].map((a) => ({ href: a.href, rel: a.rel })) : [],
        severities: [...card.querySelectorAll(".diagnostic")].map((d) => ({
          severity: d.dataset.severity,
          label: d.querySelector(".badge")?.textContent,
          color: getComputedStyle(d.querySelector(".badge")).color,
        })),
      };
    }),
  );
}

async function waitForCards(page, count, firstReplyCode) {
  await page.waitForFunction(
    ([n, code]) => {
      const cards = document.querySelectorAll("#smtp-results .report");
      if (cards.length !== n) return false;
      const first = cards[0]?.querySelector('[data-field="replyCode"]');
      if (code === undefined) return true;
      if (code === null) return Boolean(first?.hasAttribute("data-null"));
      return first?.textContent === code;
    },
    [count, firstReplyCode],
    { timeout: 10_000 },
  );
}

before(async () => {
  if (SKIP) return;
  harness = await launch();
  ({ origin, requests } = harness);
});

after(async () => {
  await harness?.close();
});

test("page decodes replies, keeps them in the URL fragment and stays offline", { timeout: 120_000 }, async (t) => {
  if (SKIP) {
    t.skip(SKIP);
    return;
  }
  const page = await newPage();
  await page.goto(`${origin}/`);
  await waitReady(page);

  await t.test("loads the module and the WASM from its own origin", async () => {
    assert.ok(requests.some((u) => u === `${origin}/pkg/deliverkit_bg.wasm`), "the .wasm was fetched from the server");
    assert.match(await page.textContent("#version"), /^v\d+\.\d+\.\d+/);
    assert.equal(await page.getAttribute("#smtp-results", "aria-live"), "polite");
    assert.equal(await page.$$eval("#smtp-results .report", (c) => c.length), 0, "nothing decoded before input");
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.match(csp, /default-src 'self'/);
    assert.equal(await page.$$eval("[style]", (n) => n.length), 0, "no inline style attributes");
    assert.equal(await page.$$eval("script:not([src])", (n) => n.length), 0, "no inline scripts");
    assert.equal(await page.$eval("label[for='smtp-input']", (l) => l.textContent.trim().length > 0), true, "the textarea has a label");
  });

  await t.test("four tools in labelled, keyboard-operable tabs; the title names them", async () => {
    assert.match(await page.title(), /SMTP error and bounce decoder, DNS record checker, content scoring and header analysis/);
    assert.match(await page.textContent("h1 .subtitle"), /content scoring and header analysis/);
    assert.equal(await page.getAttribute('[role="tablist"]', "aria-label"), "Tools");
    assert.deepEqual(
      await page.$$eval('[role="tab"]', (tabs) => tabs.map((x) => [x.dataset.tool, x.textContent, x.getAttribute("aria-controls")])),
      [
        ["smtp", "SMTP error / bounce", "panel-smtp"],
        ["record", "DNS record", "panel-record"],
        ["score", "Message score", "panel-score"],
        ["headers", "Received headers", "panel-headers"],
      ],
    );
    assert.equal(await page.$$eval('[role="tabpanel"]', (panels) => panels.length), 4);
    for (const old of ["panel-spf", "panel-bounce", "tab-spf", "tab-bounce"]) assert.equal(await page.$(`#${old}`), null, `no #${old} any more`);
    const state = () =>
      page.evaluate(() => ({
        selected: [...document.querySelectorAll('[role="tab"]')].filter((x) => x.getAttribute("aria-selected") === "true").map((x) => x.dataset.tool),
        tabIndex: [...document.querySelectorAll('[role="tab"]')].map((x) => x.tabIndex),
        visible: [...document.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.id),
        focus: document.activeElement.id,
      }));
    const { focus: _, ...initial } = await state();
    assert.deepEqual(initial, { selected: ["smtp"], tabIndex: [0, -1, -1, -1], visible: ["panel-smtp"] }, "the SMTP error / bounce tool first");
    for (const panel of ["smtp", "record", "score", "headers"]) {
      assert.equal(await page.getAttribute(`#panel-${panel}`, "aria-labelledby"), `tab-${panel}`);
    }
    await page.focus("#tab-smtp");
    await page.keyboard.press("ArrowRight");
    assert.deepEqual(await state(), { selected: ["record"], tabIndex: [-1, 0, -1, -1], visible: ["panel-record"], focus: "tab-record" }, "focus follows the arrow key");
    assert.equal(await page.evaluate(() => location.hash), "#tool=record");
    await page.keyboard.press("End");
    assert.deepEqual(await state(), { selected: ["headers"], tabIndex: [-1, -1, -1, 0], visible: ["panel-headers"], focus: "tab-headers" });
    await page.keyboard.press("ArrowRight");
    assert.equal((await state()).focus, "tab-smtp", "ArrowRight wraps around");
    await page.keyboard.press("ArrowLeft");
    assert.equal((await state()).focus, "tab-headers", "ArrowLeft wraps around");
    await page.keyboard.press("ArrowLeft");
    assert.deepEqual(await state(), { selected: ["score"], tabIndex: [-1, -1, 0, -1], visible: ["panel-score"], focus: "tab-score" });
    await page.keyboard.press("Home");
    assert.deepEqual(await state(), { selected: ["smtp"], tabIndex: [0, -1, -1, -1], visible: ["panel-smtp"], focus: "tab-smtp" });
    assert.equal(await page.evaluate(() => location.hash), "", "the SMTP tool with no input has no fragment");
    // Tab from the selected tab goes into the panel, not to the other tabs.
    await page.keyboard.press("Tab");
    assert.notEqual(await page.evaluate(() => document.activeElement.getAttribute("role")), "tab");
  });

  await t.test("the readiness signal and the timeline marks (for benches/browser/page.mjs)", async () => {
    assert.equal(await page.getAttribute("html", "data-ready"), "1");
    assert.equal(await page.getAttribute("body", "data-ready"), "1");
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("deliverkit:")).map((m) => [m.name, m.startTime])));
    assert.deepEqual(Object.keys(marks).sort(), ["deliverkit:init-end", "deliverkit:init-start", "deliverkit:ready"], "no decode yet, so no first-decode mark");
    assert.ok(marks["deliverkit:init-start"] <= marks["deliverkit:init-end"] && marks["deliverkit:init-end"] <= marks["deliverkit:ready"], JSON.stringify(marks));
  });

  await t.test("typing a reply decodes it (debounced) and updates the fragment", async () => {
    await page.fill("#smtp-input", OUTLOOK_PRX2);
    await waitForCards(page, 1, "451");
    const [card] = await readCards(page);
    assert.equal(card.replyCode, "451");
    assert.equal(card.status, "4.7.0");
    assert.equal(card.class, "transient");
    assert.equal(card.provider, "microsoft");
    assert.equal(card.providerCode, "PRX2");
    assert.equal(card.hardBounce, "false");
    assert.equal(card.retry, "true");
    assert.ok(card.advice.length > 0, "advice is shown");
    for (const link of card.adviceLinks) assert.equal(link.rel, "noopener noreferrer");
    const hash = await page.evaluate(() => location.hash);
    assert.equal(hash, `#smtp=${encodeURIComponent(OUTLOOK_PRX2)}`);
    assert.equal(await page.getAttribute("#smtp-detected", "data-mode"), "lines");
    const marks = await page.evaluate(() => performance.getEntriesByName("deliverkit:first-decode").length);
    assert.equal(marks, 1, "the first decode is marked once");
  });

  await t.test("reloading restores the input from the fragment", async () => {
    await page.reload();
    await waitReady(page);
    assert.equal(await page.inputValue("#smtp-input"), OUTLOOK_PRX2);
    await waitForCards(page, 1, "451");
    const [card] = await readCards(page);
    assert.equal(card.provider, "microsoft");
  });

  await t.test("a shared link opens with the reply decoded", async () => {
    const shared = await newPage();
    await shared.goto(`${origin}/#smtp=${encodeURIComponent(USER_UNKNOWN)}`);
    await waitReady(shared);
    assert.equal(await shared.inputValue("#smtp-input"), USER_UNKNOWN);
    await waitForCards(shared, 1, "550");
    const [card] = await readCards(shared);
    assert.equal(card.status, "5.1.1");
    assert.equal(card.class, "permanent");
    assert.equal(card.reason, "userunknown");
    assert.equal(card.command, "RCPT");
    assert.equal(card.hardBounce, "true");
    assert.equal(card.retry, "false");
    await shared.close();
  });

  await t.test("several lines give one card each; the Decode button works", async () => {
    const text = [OUTLOOK_PRX2, YAHOO_TSS04, USER_UNKNOWN].join("\n");
    // Set the value without an input event, so only the button can trigger the decode.
    await page.$eval("#smtp-input", (el, value) => { el.value = value; }, text);
    await page.click("#smtp-decode");
    await waitForCards(page, 3, "451");
    const cards = await readCards(page);
    assert.deepEqual(cards.map((c) => c.replyCode), ["451", "421", "550"]);
    assert.deepEqual(cards.map((c) => c.provider), ["microsoft", "yahoo", cards[2].provider]);
    assert.equal(cards[1].providerCode, "TSS04");
    assert.equal(await page.evaluate(() => location.hash), `#smtp=${encodeURIComponent(text)}`);
  });

  await t.test("example buttons decode in one click", async () => {
    await page.click('button[data-example="gmail-5.7.26"]');
    await waitForCards(page, 1, "550");
    let [card] = await readCards(page);
    assert.equal(card.status, "5.7.26");
    assert.equal(card.provider, "google");
    assert.equal(card.reason, "authfailure");

    await page.click('button[data-example="postfix"]');
    await waitForCards(page, 1, "550");
    [card] = await readCards(page);
    assert.equal(card.status, "5.1.1");
    assert.equal(card.reason, "userunknown");

    for (const name of ["outlook-prx2", "exim", "multiline", "several"]) {
      await page.click(`button[data-example="${name}"]`);
      await page.waitForFunction(() => document.querySelectorAll("#smtp-results .report").length > 0);
      const cards = await readCards(page);
      assert.ok(cards.every((c) => /^\d{3}$/.test(c.replyCode ?? "")), `example ${name} decodes to replies with codes`);
    }
  });

  await t.test("Copy as JSON puts the reports on the clipboard", async () => {
    await page.fill("#smtp-input", OUTLOOK_PRX2);
    await waitForCards(page, 1, "451");
    await page.click("#smtp-copy");
    await page.waitForFunction(() => document.getElementById("smtp-status").textContent.startsWith("Copied"));
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.ok(Array.isArray(copied));
    assert.equal(copied.length, 1);
    assert.equal(copied[0].replyCode, 451);
    assert.equal(copied[0].provider, "microsoft");
  });

  await t.test("user input is shown as text, never as HTML", async () => {
    const evil = `550 5.1.1 <img src="x" data-pwned="1" onerror="document.body.dataset.pwned='1'"><b>bold</b> user unknown`;
    await page.fill("#smtp-input", evil);
    await waitForCards(page, 1, "550");
    assert.equal(await page.$$eval("#smtp-results img, #smtp-results b, [data-pwned]", (n) => n.length), 0);
    assert.equal(await page.evaluate(() => document.body.dataset.pwned), undefined);
    const message = await page.textContent('#smtp-results [data-field="message"]');
    assert.ok(message.includes("<b>bold</b>"), `the server's words are shown literally: ${message}`);
  });

  await t.test("text that is not a reply shows diagnostics with severity as words and colours", async () => {
    await page.fill("#smtp-input", "hello, this is not an SMTP reply");
    await waitForCards(page, 1, null);
    const [card] = await readCards(page);
    assert.equal(card.replyCode, null);
    assert.equal(card.class, "unknown");
    assert.ok(card.severities.length > 0, "diagnostics are listed");
    for (const s of card.severities) {
      assert.equal(s.label, { error: "Error", warning: "Warning", info: "Info" }[s.severity]);
    }
    const colourOf = new Map(card.severities.map((s) => [s.severity, s.color]));
    assert.equal(new Set(colourOf.values()).size, colourOf.size, `each severity has its own colour: ${JSON.stringify([...colourOf])}`);

    await page.fill("#smtp-input", "");
    await page.waitForFunction(() => document.querySelectorAll("#smtp-results .report").length === 0);
    assert.equal(await page.evaluate(() => location.hash), "", "clearing the input clears the fragment");
    assert.equal(await page.isDisabled("#smtp-copy"), true);
  });

  await t.test("dark theme follows prefers-color-scheme", async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await background();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await background();
    assert.notEqual(light, dark);
  });

  await page.close();
  assertClean();
});
