// Shared harness for the browser tests of the static page (www/) in headless Chromium through
// playwright-core: a static file server on 127.0.0.1, the browser with every request recorded
// (anything outside the page's origin is aborted and fails the test), and the console watch.
// Needs www/pkg/deliverkit.js and www/pkg/deliverkit_bg.wasm (copied there by the build) and
// /usr/bin/chromium. Outside CI a missing Chromium skips the tests; in CI (CI set) it fails.

import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const CHROMIUM = "/usr/bin/chromium";
// DELIVERKIT_WWW serves another copy of the page (for example a packaged build) instead of www/.
export const WWW = process.env.DELIVERKIT_WWW
  ? normalize(process.env.DELIVERKIT_WWW + sep)
  : fileURLToPath(new URL("../../www/", import.meta.url));
export const IN_CI = Boolean(process.env.CI);
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const SKIP = !HAVE_CHROMIUM && !IN_CI ? `${CHROMIUM} not found (install Debian's chromium); set CI=1 to make this a failure` : false;

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** A static file server for `root` on 127.0.0.1 with an OS-chosen port. */
export function startServer(root) {
  const served = [];
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let path = decodeURIComponent(url.pathname);
      if (path.endsWith("/")) path += "index.html";
      const file = normalize(join(root, path));
      if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) throw Object.assign(new Error("outside root"), { status: 403 });
      const info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { status: 404 });
      const body = await readFile(file);
      served.push(url.pathname);
      res.writeHead(200, {
        "Content-Type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      const status = error.status ?? (error.code === "ENOENT" ? 404 : 500);
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(`${status}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}`, served });
    });
  });
}

/**
 * Starts the server and Chromium. Returns the harness:
 * { origin, context, requests, foreign, problems, newPage(), assertClean(), close() }.
 * `requests` lists every URL the browser asked for; `foreign` those outside the origin (aborted);
 * `problems` console errors, page errors, failed requests and HTTP errors.
 */
export async function launch() {
  assert.ok(HAVE_CHROMIUM, `${CHROMIUM} is required in CI`);
  for (const file of ["index.html", "main.js", "style.css", "pkg/deliverkit.js", "pkg/deliverkit_bg.wasm"]) {
    assert.ok(existsSync(join(WWW, file)), `www/${file} is missing (the build copies pkg/deliverkit.js and pkg/deliverkit_bg.wasm into www/pkg/)`);
  }
  const { server, origin } = await startServer(WWW);
  const requests = [];
  const foreign = [];
  const problems = [];
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  const context = await browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  // Record every request; abort (and flag) anything that is not our server or an inline data: URL.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
    foreign.push(url);
    return route.abort("blockedbyclient");
  });
  context.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith("data:") && !foreign.includes(url)) foreign.push(url);
  });

  function attach(page) {
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (req) => {
      if (!foreign.includes(req.url())) problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ""}`);
    });
    page.on("response", (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
    });
    return page;
  }

  return {
    origin,
    browser,
    context,
    requests,
    foreign,
    problems,
    async newPage() {
      return attach(await context.newPage());
    },
    assertClean() {
      assert.deepEqual(
        { foreignRequests: foreign, problems },
        { foreignRequests: [], problems: [] },
        "no request may leave the page's own origin, and no console error, page error or failed request",
      );
    },
    async close() {
      await context.close();
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export async function waitReady(page) {
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20_000 });
}

/** A highlight backdrop as the page built it (`selector`): its text and each <mark> with its UTF-16
 * offsets, codes and class; throws on any element other than <mark>. */
export function readBackdrop(page, selector) {
  return page.$eval(selector, (backdrop) => {
    let offset = 0;
    const marks = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) offset += child.data.length;
        else if (child.nodeName === "MARK") {
          const start = offset;
          walk(child);
          marks.push({ start, end: offset, text: child.textContent, codes: child.dataset.codes, className: child.className });
        } else throw new Error(`unexpected ${child.nodeName} in the backdrop`);
      }
    };
    walk(backdrop);
    return { text: backdrop.textContent, marks, elements: backdrop.querySelectorAll("*").length };
  });
}
