#!/usr/bin/env node
// Screenshots for the README: each of the page's four tools with an example loaded, in the light
// and the dark colour scheme, and the extension's popup when dist/extension/ has been built.
//
//   node scripts/screenshots.mjs          (after the build: www/pkg/ and optionally dist/extension/)
//
// Writes docs/screenshots/page-<tool>-light.png, page-<tool>-dark.png and extension-popup.png.
// Uses Debian's Chromium (/usr/bin/chromium) through playwright-core; serves www/ on 127.0.0.1
// and aborts any request outside that origin (the script fails if one is made).

import { existsSync, mkdirSync, readFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { CHROMIUM, WWW, startServer } from "../tests/browser/helpers.mjs";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = join(ROOT, "docs", "screenshots");
const EXTENSION = join(ROOT, "dist", "extension");
const VIEWPORT = { width: 1100, height: 900 };
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--hide-scrollbars",
];

/** The tools of the page, with the example each screenshot shows: a whole bounce message (read as
 * one automatically) for the SMTP error / bounce tool, an SPF record with its evaluation for the DNS
 * record tool. */
const TOOLS = [
  { tool: "smtp", example: 'button[data-example="bounce-dsn"]' },
  { tool: "record", example: 'button[data-record-example="spf-eval-fail"]' },
  { tool: "score", example: 'button[data-score-example="spammy"]' },
  { tool: "headers", example: 'button[data-headers-example="relay"]' },
];

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
  process.exit(1);
}
for (const file of ["index.html", "pkg/deliverkit.js", "pkg/deliverkit_bg.wasm"]) {
  if (!existsSync(join(WWW, file))) {
    console.error(`www/${file} is missing: run the build first (scripts/build.sh)`);
    process.exit(1);
  }
}
mkdirSync(OUT, { recursive: true });

const foreign = [];
const problems = [];

/** Blocks (and records) every request outside `allowed` origins; records page errors. */
async function guard(context, allowed) {
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("data:") || allowed.some((origin) => url.startsWith(`${origin}/`))) return route.continue();
    foreign.push(url);
    return route.abort("blockedbyclient");
  });
}
function watch(page) {
  page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console error: ${msg.text()}`); });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return page;
}

/** Waits until the tool's results hold something, then for layout and fonts to settle. */
async function settle(page, tool) {
  await page.waitForFunction((t) => {
    const results = document.getElementById(`${t}-results`);
    return results && results.childElementCount > 0 && results.getAttribute("aria-busy") !== "true";
  }, tool, { timeout: 20_000 });
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  // No focus ring or hover state on the example button in the picture.
  await page.evaluate(() => document.activeElement?.blur());
  // Show each input from its first line (an example leaves a long textarea scrolled to its end).
  await page.evaluate(() => { for (const area of document.querySelectorAll("textarea")) area.scrollTop = 0; });
  await page.mouse.move(0, 0);
}

const written = [];

const { chromium } = await import("playwright-core");
const { server, origin } = await startServer(WWW);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
try {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme, reducedMotion: "reduce" });
    await guard(context, [origin]);
    for (const { tool, example } of TOOLS) {
      const page = watch(await context.newPage());
      await page.goto(`${origin}/`);
      await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
      await page.click(`#tab-${tool}`);
      await page.click(example);
      await settle(page, tool);
      const file = join(OUT, `page-${tool}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
}

// ---- the extension's popup (when dist/extension/ is built) -------------------------------------

if (existsSync(join(EXTENSION, "manifest.json"))) {
  const manifest = JSON.parse(readFileSync(join(EXTENSION, "manifest.json"), "utf8"));
  const popup = manifest.action?.default_popup ?? "popup.html";
  const profile = mkdtempSync(join(tmpdir(), "deliverkit-shots-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 800, height: 600 },
    deviceScaleFactor: 1,
    colorScheme: "light",
    args: [...ARGS, "--headless=new", `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent("serviceworker", { timeout: 20_000 });
    const id = new URL(worker.url()).host;
    await guard(context, [`chrome-extension://${id}`]);
    const page = watch(await context.newPage());
    await page.goto(`chrome-extension://${id}/${popup}`);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
    const example = await page.$('button[data-example="outlook-prx2"]');
    if (example) {
      await example.click();
      await settle(page, "smtp");
    }
    // The popup is as wide as its body (Chromium caps popups at 800 x 600).
    const width = await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().width));
    await page.setViewportSize({ width: Math.min(Math.max(width, 320), 800), height: 600 });
    const file = join(OUT, "extension-popup.png");
    await page.screenshot({ path: file, fullPage: true });
    written.push(file);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
} else {
  console.log(`dist/extension/ not built: no extension-popup.png`);
}

for (const file of written) console.log(`wrote ${file.slice(ROOT.length)}`);
if (foreign.length || problems.length) {
  console.error(`requests outside the origin: ${JSON.stringify(foreign)}\nproblems: ${JSON.stringify(problems)}`);
  process.exit(1);
}
