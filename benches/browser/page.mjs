// Page speed of www/ in headless Chromium: how soon the page is interactive after a navigation,
// the cold start from init() to the first decode, and how long each tool's example inputs take
// from the click to the result in the page (and on screen).
//
//   node benches/browser/page.mjs                 (after the build: www/pkg/ holds the package)
//   RUNS=15 REPS=9 node benches/browser/page.mjs  (more navigations, more clicks per example)
//
// Serves www/ as the browser tests do (tests/browser/helpers.mjs: 127.0.0.1, an OS-chosen port,
// Cache-Control: no-store; DELIVERKIT_WWW serves another copy), launches Debian's Chromium
// (/usr/bin/chromium) headless through playwright-core, and aborts any request outside that origin
// (the bench fails if one is made). Every navigation gets a fresh browser context, so nothing is
// cached (neither the files nor the compiled WebAssembly); WARMUP (default 1) navigations of each
// kind run first and are not counted.
//
// What is measured, each inside the page against performance.now() (0 = the navigation's start):
//   interactiveMs   navigation start -> the "deliverkit:ready" mark, set with <html data-ready="1">
//                   once the WebAssembly is initialised and every tool works (plain "/", no input)
//   coldStartMs     the "deliverkit:init-start" mark (just before init()) -> "deliverkit:first-decode"
//                   (the first decode's result is in the page), on a navigation to "/#smtp=<reply>"
//                   whose reply the page decodes as it starts; initMs is init() alone
//   decode.<tool>   per example button of each tool, REPS clicks per navigation: the click handler
//                   decodes and renders synchronously, so
//                     domMs     click -> the result is in the DOM (decode + render)
//                     layoutMs  click -> style and layout of the result done (forced)
//                     frameMs   click -> the next frame has been produced (requestAnimationFrame, then
//                               a message posted from it, which runs after that frame's paint); this
//                               includes the wait for the frame itself, up to one frame interval
//   "Within one frame" means layoutMs under one frame interval (16.7 ms at 60 Hz).
// Every figure is the median over RUNS navigations (x REPS clicks for the decodes). Prints one JSON
// line. Nothing here asserts a time: machines are shared and noisy.

import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

import { CHROMIUM, WWW, startServer } from "../../tests/browser/helpers.mjs";

const RUNS = Number(process.env.RUNS || 7);
const REPS = Number(process.env.REPS || 5);
const WARMUP = Number(process.env.WARMUP ?? 1);
// The reply the cold-start navigation carries in its fragment (the "Outlook PRX2" example).
const COLD_REPLY = "451 4.7.0 Temporary server error. Please try again later. PRX2";
const TOOLS = ["smtp", "record", "score", "headers"];
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const fail = (message) => {
  console.error(`[bench page] ${message}`);
  process.exit(1);
};
if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)`);
for (const file of ["index.html", "main.js", "pkg/deliverkit.js", "pkg/deliverkit_bg.wasm"]) {
  if (!existsSync(join(WWW, file))) fail(`www/${file} is missing: run the build first (scripts/build.sh)`);
}
if (!(RUNS >= 1 && REPS >= 1 && WARMUP >= 0)) fail("RUNS and REPS must be at least 1, WARMUP at least 0");

const median = (values) => {
  const sorted = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (v) => (v === null ? null : Math.round(v * 10) / 10);

const { chromium } = await import("playwright-core");
const { server, origin } = await startServer(WWW);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
const foreign = [];
const problems = [];

/** A fresh context (empty cache) and page, guarded: nothing outside the origin, no page errors. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return { context, page };
}

/** Navigates a fresh page to `path` and waits for the readiness signal; returns the page's timeline. */
async function navigate(path) {
  const { context, page } = await freshPage();
  await page.goto(`${origin}${path}`, { waitUntil: "commit" });
  await page.waitForSelector('html[data-ready="1"]', { timeout: 30_000 });
  const timeline = await page.evaluate(() => {
    const mark = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? null;
    const nav = performance.getEntriesByType("navigation")[0];
    const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith("/deliverkit_bg.wasm"));
    return {
      responseEnd: nav?.responseEnd ?? null,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
      initStart: mark("deliverkit:init-start"),
      initEnd: mark("deliverkit:init-end"),
      firstDecode: mark("deliverkit:first-decode"),
      ready: mark("deliverkit:ready"),
      wasmFetch: wasm ? wasm.responseEnd - wasm.startTime : null,
    };
  });
  return { context, page, timeline };
}

/** Clicks every example of every tool REPS times; returns { tool: { example: [{ dom, layout, frame }] } }. */
function measureExamples(page) {
  return page.evaluate(
    async ({ tools, reps }) => {
      // After the next frame's rendering: a message posted from a requestAnimationFrame callback
      // runs once that frame's style, layout and paint are done.
      const nextFrame = () =>
        new Promise((resolve) =>
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now());
            channel.port2.postMessage(null);
          }),
        );
      const out = {};
      for (const tool of tools) {
        document.getElementById(`tab-${tool}`).click();
        await nextFrame();
        const results = document.getElementById(`${tool}-results`);
        out[tool] = {};
        for (const button of document.querySelectorAll(`#panel-${tool} button.example`)) {
          const [attr] = Object.keys(button.dataset).filter((k) => /[eE]xample$/.test(k));
          const name = button.dataset[attr];
          const times = [];
          for (let i = 0; i < reps; i++) {
            await nextFrame();
            const t0 = performance.now();
            button.click(); // decodes and renders in the handler
            const t1 = performance.now();
            results.getBoundingClientRect(); // forces style and layout
            const t2 = performance.now();
            const t3 = await nextFrame();
            times.push({ dom: t1 - t0, layout: t2 - t0, frame: t3 - t0 });
          }
          out[tool][name] = times;
        }
      }
      return out;
    },
    { tools: TOOLS, reps: REPS },
  );
}

const interactive = [];
const cold = [];
const decodes = {}; // tool -> example -> [{ dom, layout, frame }]
let version;
let userAgent;
try {
  version = browser.version();
  for (let run = 0; run < WARMUP + RUNS; run++) {
    const counted = run >= WARMUP;

    // (1) A plain navigation: interactive; then (3) the examples on that page.
    const plain = await navigate("/");
    userAgent ??= await plain.page.evaluate(() => navigator.userAgent);
    if (plain.timeline.firstDecode !== null) fail("a decode ran during a plain navigation");
    const examples = await measureExamples(plain.page);
    await plain.context.close();

    // (2) A navigation with a reply in the fragment: init() to the first decode.
    const withReply = await navigate(`/#smtp=${encodeURIComponent(COLD_REPLY)}`);
    await withReply.context.close();
    if (withReply.timeline.firstDecode === null) fail("the reply in the fragment was not decoded");

    if (!counted) continue;
    interactive.push(plain.timeline);
    cold.push(withReply.timeline);
    for (const [tool, byExample] of Object.entries(examples)) {
      decodes[tool] ??= {};
      for (const [name, times] of Object.entries(byExample)) (decodes[tool][name] ??= []).push(...times);
    }
  }
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
}
if (foreign.length || problems.length) fail(`requests outside the origin: ${JSON.stringify(foreign)}; problems: ${JSON.stringify(problems)}`);

const pick = (list, f) => round(median(list.map(f)));
const decode = {};
for (const tool of TOOLS) {
  const byExample = decodes[tool] ?? {};
  const all = Object.values(byExample).flat();
  const examples = {};
  for (const [name, times] of Object.entries(byExample)) {
    examples[name] = { domMs: pick(times, (t) => t.dom), layoutMs: pick(times, (t) => t.layout), frameMs: pick(times, (t) => t.frame) };
  }
  const slowest = Object.entries(examples).sort((a, b) => b[1].layoutMs - a[1].layoutMs)[0];
  decode[tool] = {
    domMs: pick(all, (t) => t.dom),
    layoutMs: pick(all, (t) => t.layout),
    frameMs: pick(all, (t) => t.frame),
    slowest: slowest ? { example: slowest[0], ...slowest[1] } : null,
    examples,
  };
}

const result = {
  bench: "page",
  chromium: version,
  userAgent,
  cpu: `${cpus()[0]?.model ?? "unknown"} x ${cpus().length}`,
  runs: RUNS,
  reps: REPS,
  warmup: WARMUP,
  interactiveMs: pick(interactive, (t) => t.ready),
  coldStartMs: pick(cold, (t) => t.firstDecode - t.initStart),
  initMs: pick(cold, (t) => t.initEnd - t.initStart),
  navigation: {
    responseEndMs: pick(interactive, (t) => t.responseEnd),
    initStartMs: pick(interactive, (t) => t.initStart),
    wasmFetchMs: pick(interactive, (t) => t.wasmFetch),
    initEndMs: pick(interactive, (t) => t.initEnd),
    domContentLoadedMs: pick(interactive, (t) => t.domContentLoaded),
    readyMs: pick(interactive, (t) => t.ready),
    maxReadyMs: round(Math.max(...interactive.map((t) => t.ready))),
  },
  decode,
};
console.log(JSON.stringify(result));
