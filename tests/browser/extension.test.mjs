// Browser test of the extension (extension/ assembled by scripts/build-extension.sh into
// dist/extension/ and dist/deliverkit-extension-<version>.zip): loaded unpacked in headless
// Chromium through playwright-core, the extension id taken from its service worker, the popup page
// opened at its chrome-extension:// URL for an SMTP decode, a DNS record fragment and the message
// score and Received headers tools (the page's four tools), the context menu's click handler run for
// real (an SMTP error, a whole bounce message, a DMARC and an SPF record), the popup state
// kept across reopening, the manifest's least permissions, the zip's contents, and no request
// leaving the extension's origin.
// Outside CI a missing /usr/bin/chromium skips the tests; in CI (CI set) it fails.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inflateRawSync } from "node:zlib";

import { CHROMIUM, SKIP } from "./helpers.mjs";
import { decodeSmtpLines, validateRecord, scoreMessage } from "../../pkg/node.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXT = join(ROOT, "dist/extension");
const VERSION = JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8")).version;
const ZIP = join(ROOT, `dist/deliverkit-extension-${VERSION}.zip`);

const SMTP_LINE = "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown";
const DMARC = "v=DMARC1; p=none";
const SPF = "v=spf1 ip4:192.0.2.0/24 mx -all";
const BOUNCE = ["From: MAILER-DAEMON@mx.example.com", "Subject: Undelivered Mail Returned to Sender", "", "<x@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1 User unknown"].join("\n");

let context;
let userDataDir;
let extensionId;
let worker;
let base; // chrome-extension://ID/
const requests = [];
const foreign = [];
const problems = [];

function attach(page) {
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error on ${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error on ${page.url()}: ${error.message}`));
  page.on("requestfailed", (req) => {
    if (!foreign.includes(req.url())) problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ""}`);
  });
  return page;
}

async function newPage() {
  return attach(await context.newPage());
}

async function waitReady(page) {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
}

/** The SMTP report cards as the popup shows them. */
function readCards(page) {
  return page.$$eval("#smtp-results .report", (cards) =>
    cards.map((card) => {
      const text = (name) => card.querySelector(`[data-field="${name}"]`)?.textContent ?? null;
      return { replyCode: text("replyCode"), status: text("status"), reason: text("reason") };
    }),
  );
}

async function waitForCards(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll("#smtp-results .report").length === n, count, { timeout: 10_000 });
}

/** The DNS record result as the popup shows it. */
function readRecord(page) {
  return page.$eval("#record-results", (root) => ({
    kind: root.querySelector('[data-field="kind"]')?.dataset.value ?? null,
    valid: root.querySelector('[data-field="valid"]')?.dataset.value ?? null,
    codes: [...root.querySelectorAll(".diagnostic")].map((d) => d.dataset.code),
  }));
}

/** The tab that is selected in the page's tool bar. */
function selectedTool(page) {
  return page.$eval('[role="tab"][aria-selected="true"]', (tab) => tab.dataset.tool);
}

/** Names and uncompressed sizes in a zip file, from its central directory (all we need here). */
function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is not a zip file (no end of central directory)`);
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(offset), 0x02014b50, "central directory entry");
    const method = buf.readUInt16LE(offset + 10);
    const compressedSize = buf.readUInt32LE(offset + 20);
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extraLength = buf.readUInt16LE(offset + 30);
    const commentLength = buf.readUInt16LE(offset + 32);
    const local = buf.readUInt32LE(offset + 42);
    const name = buf.toString("utf8", offset + 46, offset + 46 + nameLength);
    const data = () => {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const raw = buf.subarray(start, start + compressedSize);
      if (method === 0) return raw;
      assert.equal(method, 8, `${name}: stored or deflated`);
      return inflateRawSync(raw);
    };
    entries.set(name, { size, data });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Opens the real toolbar popup (chrome.action.openPopup) and drives it over CDP: Playwright does not
 * show the popup as a page. Returns { evaluate(expression), requests, detach() }; `requests` lists
 * what the popup loads after it is reloaded with the Network domain on.
 */
async function openToolbarPopup() {
  const page = await newPage(); // a focused window for the popup, and a CDP session to reach it
  await page.goto("about:blank");
  const cdp = await context.newCDPSession(page);
  await worker.evaluate(() => chrome.action.openPopup());
  let target;
  for (let i = 0; i < 100 && !target; i++) {
    const { targetInfos } = await cdp.send("Target.getTargets");
    // The only extension page open now, and not one of Playwright's (those are attached).
    target = targetInfos.find((t) => t.type === "page" && t.url.startsWith(`${base}popup.html`) && !t.attached);
    if (!target) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(target, "the toolbar popup opened");
  const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: target.targetId, flatten: false });
  let nextId = 1;
  const pending = new Map();
  const requests = [];
  cdp.on("Target.receivedMessageFromTarget", (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    if (message.method === "Network.requestWillBeSent") requests.push(message.params.request.url);
    if (message.method === "Runtime.exceptionThrown") problems.push(`popup exception: ${message.params.exceptionDetails.text}`);
    if (message.method === "Runtime.consoleAPICalled" && message.params.type === "error") problems.push(`popup console error: ${JSON.stringify(message.params.args.map((a) => a.value ?? a.description))}`);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(message.error.message));
      else resolve(message.result);
    }
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const evaluate = async (expression) => {
    const { result, exceptionDetails } = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the popup: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return result.value;
  };
  const waitFor = async (expression, what) => {
    for (let i = 0; i < 200; i++) {
      if (await evaluate(expression)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`timed out waiting in the popup for ${what}`);
  };
  await send("Runtime.enable");
  await send("Network.enable");
  await send("Page.enable");
  await send("Page.reload");
  await waitFor(`document.readyState === "complete" && document.body?.dataset.ready === "1"`, "the WASM to load");
  return {
    evaluate,
    waitFor,
    requests,
    async close() {
      await evaluate("window.close()").catch(() => {});
      await cdp.detach().catch(() => {});
      await page.close();
    },
  };
}

before(async () => {
  if (SKIP) return;
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is required in CI`);
  assert.ok(existsSync(join(ROOT, "pkg/deliverkit_bg.wasm")), "pkg/deliverkit_bg.wasm is missing: run the build (make) first");
  execFileSync("bash", [join(ROOT, "scripts/build-extension.sh")], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });

  userDataDir = mkdtempSync(join(tmpdir(), "deliverkit-ext-"));
  const { chromium } = await import("playwright-core");
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // the new headless mode (below) is the one that runs extensions
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      `--disable-extensions-except=${EXT}`,
      `--load-extension=${EXT}`,
    ],
  });
  // Record every request. Nothing the extension does may go to the network: any http(s) or
  // websocket request is aborted and fails the test.
  context.on("request", (req) => {
    requests.push(req.url());
    if (!req.url().startsWith("chrome-extension://") && !req.url().startsWith("data:") && !foreign.includes(req.url())) foreign.push(req.url());
  });
  await context.route(/^(https?|wss?|ftp):/i, (route) => {
    foreign.push(route.request().url());
    return route.abort("blockedbyclient");
  });

  worker = context.serviceWorkers().find((w) => w.url().startsWith("chrome-extension://"));
  worker ??= await context.waitForEvent("serviceworker", { predicate: (w) => w.url().startsWith("chrome-extension://"), timeout: 15_000 });
  const match = /^chrome-extension:\/\/([a-p]{32})\/background\.js$/.exec(worker.url());
  assert.ok(match, `unexpected service worker URL ${worker.url()}`);
  extensionId = match[1];
  base = `chrome-extension://${extensionId}/`;
});

after(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

test("the manifest asks for the least permissions and allows the WASM", { skip: SKIP }, async () => {
  const manifest = JSON.parse(readFileSync(join(EXT, "manifest.json"), "utf8"));
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.name, "deliverkit");
  assert.equal(manifest.version, VERSION, "version from pkg/package.json");
  assert.deepEqual([...manifest.permissions].sort(), ["contextMenus", "storage"]);
  for (const key of ["host_permissions", "optional_permissions", "optional_host_permissions", "content_scripts", "web_accessible_resources", "externally_connectable"]) {
    assert.equal(manifest[key], undefined, `no ${key}`);
  }
  assert.equal(manifest.action.default_popup, "popup.html");
  assert.equal(manifest.background.service_worker, "background.js");
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.match(manifest.browser_specific_settings.gecko.id, /^[^@\s]+@[^@\s]+$/);
  assert.match(manifest.browser_specific_settings.gecko.strict_min_version, /^\d+\.\d+/);
  for (const icon of new Set([...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon)])) {
    const png = readFileSync(join(EXT, icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${icon} is a PNG`);
  }
  for (const [size, icon] of Object.entries(manifest.icons)) {
    const png = readFileSync(join(EXT, icon));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [Number(size), Number(size)], `${icon} is ${size}x${size}`);
  }

  // And as Chromium loaded it.
  const loaded = await worker.evaluate(() => chrome.runtime.getManifest());
  assert.deepEqual([...loaded.permissions].sort(), ["contextMenus", "storage"]);
  assert.equal(loaded.host_permissions?.length ?? 0, 0);
  assert.equal(loaded.version, VERSION);
});

test("the popup decodes an SMTP reply", { skip: SKIP }, async () => {
  const page = await newPage();
  await page.goto(`${base}popup.html`);
  await waitReady(page);
  assert.equal(await page.textContent("#version"), `v${VERSION}`);
  assert.equal(await selectedTool(page), "smtp");
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains("in-popup")), false, "a tab is not the popup");
  await page.fill("#smtp-input", SMTP_LINE);
  await page.click("#smtp-decode");
  await waitForCards(page, 1);
  const [expected] = decodeSmtpLines(SMTP_LINE);
  assert.deepEqual(await readCards(page), [{ replyCode: String(expected.replyCode), status: expected.status, reason: expected.reason }]);
  assert.deepEqual(await readCards(page), [{ replyCode: "550", status: "5.1.1", reason: "userunknown" }]);
  // The input is in the fragment, as on the page.
  assert.equal(new URL(page.url()).hash, `#smtp=${encodeURIComponent(SMTP_LINE)}`);
  await page.close();
});

test("the toolbar popup opens, fits and decodes", { skip: SKIP }, async () => {
  const popup = await openToolbarPopup();
  try {
    const layout = JSON.parse(
      await popup.evaluate(
        `JSON.stringify({ popup: document.documentElement.classList.contains("in-popup"), width: innerWidth, height: innerHeight, scrollWidth: document.documentElement.scrollWidth, tabs: [...document.querySelectorAll('[role="tab"]')].map((t) => t.dataset.tool) })`,
      ),
    );
    assert.equal(layout.popup, true, "popup.css applies");
    assert.ok(layout.width >= 700 && layout.width <= 800, `popup width ${layout.width}`);
    assert.ok(layout.scrollWidth <= layout.width, `no horizontal scrolling (${layout.scrollWidth} > ${layout.width})`);
    assert.deepEqual(layout.tabs, ["smtp", "record", "score", "headers"], "the four tools");
    await popup.evaluate(`(() => {
      document.getElementById("tab-smtp").click();
      const input = document.getElementById("smtp-input");
      input.value = ${JSON.stringify(SMTP_LINE)};
      input.dispatchEvent(new Event("input", { bubbles: true }));
      document.getElementById("smtp-decode").click();
    })()`);
    await popup.waitFor(`document.querySelectorAll("#smtp-results .report").length === 1`, "the decode");
    const card = await popup.evaluate(`[...document.querySelectorAll("#smtp-results .report [data-field]")].filter((n) => ["replyCode", "status", "reason"].includes(n.dataset.field)).map((n) => n.dataset.field + "=" + n.textContent).join(" ")`);
    assert.equal(card, "replyCode=550 status=5.1.1 reason=userunknown");
    assert.ok(popup.requests.some((url) => url.endsWith("/pkg/deliverkit_bg.wasm")), `the popup loaded the WASM (${popup.requests.join(", ")})`);
    assert.deepEqual(popup.requests.filter((url) => !url.startsWith(base) && !url.startsWith("data:")), [], "the popup asks only its own files");
  } finally {
    await popup.close();
  }
});

test("popup.html with a DNS record fragment checks the record", { skip: SKIP }, async () => {
  const page = await newPage();
  await page.goto(`${base}popup.html#tool=record&text=${encodeURIComponent(DMARC)}`);
  await waitReady(page);
  await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]'), null, { timeout: 10_000 });
  assert.equal(await selectedTool(page), "record");
  assert.equal(await page.inputValue("#record-input"), DMARC);
  const expected = validateRecord(DMARC);
  assert.deepEqual(await readRecord(page), {
    kind: expected.kind,
    valid: String(expected.valid),
    codes: expected.diagnostics.map((d) => d.code),
  });
  assert.equal(expected.kind, "dmarc");
  assert.ok(expected.diagnostics.some((d) => d.code === "dmarc/policy-none"));
  await page.close();
});

test("popup.html offers the message score and the Received headers, keeping no message", { skip: SKIP }, async () => {
  const page = await newPage();
  await page.goto(`${base}popup.html#tool=score`);
  await waitReady(page);
  await page.waitForFunction(() => document.documentElement.dataset.stateRestored === "1");
  assert.equal(await selectedTool(page), "score");
  await page.click('button[data-score-example="spammy"]');
  await page.waitForFunction(() => document.querySelector('#score-results [data-field="verdict"]')?.dataset.value === "spam", null, { timeout: 10_000 });
  const text = await page.inputValue("#score-input");
  const expected = scoreMessage(text);
  const shown = await page.$$eval("#score-results li.finding", (items) => items.map((li) => li.dataset.rule));
  assert.deepEqual([...shown].sort(), expected.findings.map((f) => f.rule).sort());
  assert.equal(await page.$$eval("#score-results a, #panel-score img", (n) => n.length), 0, "nothing of the message is a link or an image");

  await page.click("#tab-headers");
  await page.click('button[data-headers-example="relay"]');
  await page.waitForFunction(() => document.querySelectorAll("#headers-results table[data-field='hops'] tbody tr").length === 4, null, { timeout: 10_000 });
  assert.equal(new URL(page.url()).hash, "#tool=headers", "only the tab is in the fragment");
  // What the popup keeps for next time is that fragment: no headers, no message.
  await worker.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const poll = async () => {
          if ((await chrome.storage.session.get("lastFragment")).lastFragment === "#tool=headers") return resolve();
          if (Date.now() > deadline) return reject(new Error("the fragment was not saved"));
          setTimeout(poll, 100);
        };
        poll();
      }),
  );
  await page.close();
});

test("the context menu entries open the tool with the selection", { skip: SKIP }, async () => {
  const menus = await worker.evaluate(() => globalThis.deliverkit.MENUS);
  assert.deepEqual(
    menus.map((m) => m.title),
    ["Decode SMTP error", "Check DNS record"],
  );
  const [smtpMenu, recordMenu] = menus.map((m) => m.id);

  // Run the real click handler (chrome.tabs.create), as a click on the entry would.
  const selection = `  ${SMTP_LINE}  `;
  let [page] = await Promise.all([
    context.waitForEvent("page", { timeout: 10_000 }),
    worker.evaluate(([id, text]) => globalThis.deliverkit.onMenuClicked({ menuItemId: id, selectionText: text }, undefined), [smtpMenu, selection]),
  ]);
  attach(page);
  assert.equal(page.url(), `${base}popup.html#smtp=${encodeURIComponent(SMTP_LINE)}`);
  await waitReady(page);
  await waitForCards(page, 1);
  assert.deepEqual(await readCards(page), [{ replyCode: "550", status: "5.1.1", reason: "userunknown" }]);
  await page.close();

  [page] = await Promise.all([
    context.waitForEvent("page", { timeout: 10_000 }),
    worker.evaluate(([id, text]) => globalThis.deliverkit.onMenuClicked({ menuItemId: id, selectionText: text }, undefined), [recordMenu, DMARC]),
  ]);
  attach(page);
  assert.equal(page.url(), `${base}popup.html#tool=record&text=${encodeURIComponent(DMARC)}`);
  await waitReady(page);
  await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]'), null, { timeout: 10_000 });
  assert.equal(await selectedTool(page), "record");
  assert.equal((await readRecord(page)).kind, "dmarc");
  assert.equal(await page.isVisible("#spf-evaluate"), false, "no SPF evaluation for a DMARC record");
  await page.close();

  // An SPF record selected: the DNS record tool shows its terms and offers the evaluation.
  [page] = await Promise.all([
    context.waitForEvent("page", { timeout: 10_000 }),
    worker.evaluate(([id, text]) => globalThis.deliverkit.onMenuClicked({ menuItemId: id, selectionText: text }, undefined), [recordMenu, SPF]),
  ]);
  attach(page);
  await waitReady(page);
  await page.waitForFunction(() => document.querySelector('#record-results [data-field="kind"]')?.dataset.value === "spf", null, { timeout: 10_000 });
  assert.equal(await selectedTool(page), "record");
  assert.deepEqual(await page.$$eval('#record-results table.terms [data-field="name"] code', (c) => c.map((x) => x.textContent)), ["ip4", "mx", "all"]);
  assert.equal(await page.isVisible("#spf-evaluate"), true, "the SPF evaluation is under the result");
  await page.close();

  // A whole bounce message selected for "Decode SMTP error": read as a message, and the fragment
  // (which the popup keeps for next time) drops it at once.
  [page] = await Promise.all([
    context.waitForEvent("page", { timeout: 10_000 }),
    worker.evaluate(([id, text]) => globalThis.deliverkit.onMenuClicked({ menuItemId: id, selectionText: text }, undefined), [smtpMenu, BOUNCE]),
  ]);
  attach(page);
  await waitReady(page);
  assert.equal(await selectedTool(page), "smtp");
  await page.waitForFunction(() => document.querySelector('#smtp-results [data-field="kind"]')?.dataset.value === "bounce", null, { timeout: 10_000 });
  assert.equal(await page.getAttribute("#smtp-detected", "data-mode"), "message");
  assert.deepEqual(await page.$$eval('#smtp-results tr.recipient [data-field="recipient"]', (c) => c.map((x) => x.textContent)), ["x@example.net"]);
  assert.equal(new URL(page.url()).hash, "#tool=smtp", "the message left the address");
  await page.close();
});

test("reopening the popup brings back the last input (storage.session)", { skip: SKIP }, async () => {
  let page = await newPage();
  await page.goto(`${base}popup.html#tool=record&text=${encodeURIComponent(DMARC)}`);
  await waitReady(page);
  await page.waitForFunction(() => document.documentElement.dataset.stateRestored === "1");
  await page.click("#tab-smtp");
  await page.fill("#smtp-input", SMTP_LINE);
  await page.waitForFunction((hash) => location.hash === hash, `#smtp=${encodeURIComponent(SMTP_LINE)}`, { timeout: 10_000 });
  const stored = `#smtp=${encodeURIComponent(SMTP_LINE)}`;
  await worker.evaluate(
    (hash) =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const poll = async () => {
          if ((await chrome.storage.session.get("lastFragment")).lastFragment === hash) return resolve();
          if (Date.now() > deadline) return reject(new Error("the fragment was not saved"));
          setTimeout(poll, 100);
        };
        poll();
      }),
    stored,
  );
  await page.close();

  page = await newPage();
  await page.goto(`${base}popup.html`);
  await waitReady(page);
  await waitForCards(page, 1);
  assert.equal(await page.inputValue("#smtp-input"), SMTP_LINE);
  assert.deepEqual(await readCards(page), [{ replyCode: "550", status: "5.1.1", reason: "userunknown" }]);
  // Clearing forgets it.
  await page.click("#smtp-clear");
  await worker.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const deadline = Date.now() + 10_000;
        const poll = async () => {
          if ((await chrome.storage.session.get("lastFragment")).lastFragment === undefined) return resolve();
          if (Date.now() > deadline) return reject(new Error("the fragment was not forgotten"));
          setTimeout(poll, 100);
        };
        poll();
      }),
  );
  await page.close();
});

test("the store zip holds the manifest, the pages and the WASM", { skip: SKIP }, () => {
  assert.ok(existsSync(ZIP), `${ZIP} is missing`);
  const entries = zipEntries(ZIP);
  for (const name of ["manifest.json", "background.js", "popup.html", "popup-state.js", "popup.css", "main.js", "style.css", "pkg/deliverkit.js", "pkg/deliverkit_bg.wasm", "icons/icon-128.png"]) {
    assert.ok(entries.has(name), `${name} in the zip (it has ${[...entries.keys()].join(", ")})`);
  }
  for (const name of entries.keys()) assert.ok(!name.startsWith("/") && !name.includes(".."), `safe path ${name}`);
  const wasm = entries.get("pkg/deliverkit_bg.wasm");
  // The same bytes as the unpacked build the tests loaded (pkg/ may be rebuilt meanwhile).
  assert.equal(wasm.size, statSync(join(EXT, "pkg/deliverkit_bg.wasm")).size);
  assert.deepEqual(wasm.data(), readFileSync(join(EXT, "pkg/deliverkit_bg.wasm")));
  assert.deepEqual([...wasm.data().subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], "a WebAssembly module");
  assert.deepEqual(JSON.parse(entries.get("manifest.json").data().toString("utf8")), JSON.parse(readFileSync(join(EXT, "manifest.json"), "utf8")));
  // popup.html runs no inline script.
  const html = entries.get("popup.html").data().toString("utf8");
  for (const tag of html.match(/<script\b[^>]*>/gi)) assert.match(tag, /\bsrc="[^":]+"/, `external, same-origin script: ${tag}`);
});

test("no request left the extension, and no error was logged", { skip: SKIP }, () => {
  assert.ok(requests.some((url) => url.startsWith(base)), `requests were recorded (${requests.length})`);
  assert.deepEqual(
    { foreign, outside: requests.filter((url) => !url.startsWith(base) && !url.startsWith("data:")), problems },
    { foreign: [], outside: [], problems: [] },
  );
});
