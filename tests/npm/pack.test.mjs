// The npm package as users meet it: `npm pack` of pkg/, a scratch Node project that installs the
// tarball and calls every export, a TypeScript consumer compiled with `tsc --noEmit --strict`
// against the installed declarations, and a Vite 7 app importing the package, built and run in
// Chromium. Run with `npm run test:npm` after the build has written pkg/.
//
// Needs npm on PATH; the Vite app's dependencies (tests/npm/vite-app/package-lock.json) are
// installed with `npm ci` when tests/npm/vite-app/node_modules is missing (registry access once).
// The browser part needs /usr/bin/chromium (skipped outside CI when it is missing, like
// tests/browser/).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";

import { CHROMIUM, SKIP as SKIP_BROWSER, startServer } from "../browser/helpers.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PKG = join(ROOT, "pkg");
const HERE = fileURLToPath(new URL("./", import.meta.url));
const CONSUMER = join(HERE, "consumer");
const VITE_APP = join(HERE, "vite-app");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

const PKG_VERSION = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).version;
const EXPECTED_FILES = [
  "LICENSE-APACHE", "LICENSE-MIT", "README.md", "deliverkit.d.ts", "deliverkit.js", "deliverkit_bg.wasm",
  "deliverkit_bg.wasm.d.ts", "index.d.ts", "index.js", "node.mjs", "package.json",
];

/** The environment for child npm/node processes: without the npm_* variables of an outer `npm run`. */
function childEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, NO_COLOR: "1", ...extra };
}

/** Runs a command; resolves { stdout, stderr }, rejects with both in the message. */
function run(command, args, { cwd, timeout = 120_000, env } = {}) {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout, env: env ?? childEnv(), maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        error.message = `${command} ${args.join(" ")} (in ${cwd}) failed: ${error.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;
        reject(error);
      } else resolve({ stdout, stderr });
    });
  });
}

let tmp;        // scratch directory for everything this file creates
let tarball;    // absolute path of the packed tarball
let project;    // the scratch Node project with the tarball installed

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "deliverkit-npm-"));
});

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test("npm pack gives deliverkit-<version>.tgz with the README, licences, glue, declarations and WASM", async () => {
  for (const file of ["deliverkit.js", "deliverkit.d.ts", "deliverkit_bg.wasm"]) {
    assert.ok(existsSync(join(PKG, file)), `pkg/${file} is missing: run the build (scripts/build.sh) first`);
  }
  for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) {
    assert.ok(existsSync(join(PKG, file)), `pkg/${file} is missing: scripts/build.sh copies the licence files into pkg/`);
  }
  const dest = join(tmp, "pack");
  await mkdir(dest);
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", dest], { cwd: PKG });
  const [info] = JSON.parse(stdout);
  assert.equal(info.name, "deliverkit");
  assert.equal(info.version, PKG_VERSION);
  assert.equal(info.filename, `deliverkit-${PKG_VERSION}.tgz`);
  tarball = join(dest, info.filename);
  assert.deepEqual(readdirSync(dest), [info.filename], "npm pack wrote one tarball");

  // What is really in the tarball (not what npm says it put there).
  const { stdout: listing } = await run("tar", ["-tzf", tarball], { cwd: dest });
  const entries = listing.split("\n").filter(Boolean).map((e) => e.replace(/^package\//, "")).sort();
  assert.deepEqual(entries, [...EXPECTED_FILES].sort(), "the tarball holds exactly the package files");

  // Every path package.json points at is in the tarball.
  const manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  const pointed = [manifest.main, manifest.module, manifest.types, ...Object.values(manifest.exports).flatMap((v) => (typeof v === "string" ? [v] : Object.values(v)))];
  for (const path of pointed) assert.ok(entries.includes(path.replace(/^\.\//, "")), `package.json points at ${path}, which is not in the tarball`);
  assert.equal(Object.keys(manifest.exports["."])[0], "types", `"types" must be the first condition of exports["."]`);
  assert.ok(info.size < 1024 * 1024, `the tarball stays under 1 MiB (${info.size} bytes)`);
});

test("a scratch Node project installs the tarball offline and calls every export", { timeout: 180_000 }, async () => {
  assert.ok(tarball, "needs the tarball of the previous test");
  project = join(tmp, "consumer");
  await mkdir(project, { recursive: true });
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "deliverkit-scratch-consumer", version: "1.0.0", private: true, type: "module" }, null, 2));
  await run("npm", ["install", tarball, "--offline", "--no-audit", "--no-fund"], { cwd: project });

  const installed = join(project, "node_modules", "deliverkit");
  assert.ok(!realpathSync(installed).startsWith(realpathSync(PKG) + sep) && realpathSync(installed) !== realpathSync(PKG),
    "the package is a copy from the tarball, not a link to pkg/");
  const deps = JSON.parse(readFileSync(join(project, "package.json"), "utf8")).dependencies;
  assert.match(deps.deliverkit, /^file:.*deliverkit-.*\.tgz$/, "npm recorded the tarball as the dependency");
  assert.deepEqual(readdirSync(installed).sort(), [...EXPECTED_FILES].sort());

  await copyFile(join(CONSUMER, "use-all.mjs"), join(project, "use-all.mjs"));
  const { stdout, stderr } = await run(process.execPath, ["use-all.mjs"], { cwd: project });
  assert.equal(stderr, "", "no warning printed on import or use");
  assert.match(stdout, /^ok \d+\n$/);
  assert.ok(Number(stdout.split(" ")[1]) >= 18, "every check ran");
});

/** Writes a tsconfig into the scratch project and runs tsc --noEmit --strict on consumer.ts. */
async function compileTs(name, compilerOptions, source = "consumer.ts") {
  assert.ok(project, "needs the scratch project of the previous test");
  assert.ok(existsSync(TSC), "typescript is a dev dependency of the root package (npm ci at the root)");
  await copyFile(join(CONSUMER, "consumer.ts"), join(project, "consumer.ts"));
  const config = {
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: "ES2022",
      lib: ["ES2022", "DOM"],
      types: [],
      skipLibCheck: false,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      ...compilerOptions,
    },
    files: [source],
  };
  await writeFile(join(project, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
  await run(process.execPath, [TSC, "--noEmit", "--strict", "-p", `tsconfig.${name}.json`], { cwd: project });
  const { stdout } = await run(process.execPath, [TSC, "--listFilesOnly", "-p", `tsconfig.${name}.json`], { cwd: project });
  const files = stdout.split("\n").filter((f) => f && !f.includes(`${sep}typescript${sep}lib${sep}`));
  assert.deepEqual(files.map((f) => f.slice(project.length + 1)).sort(), ["node_modules/deliverkit/deliverkit.d.ts", "node_modules/deliverkit/index.d.ts", source].sort(),
    "the declarations come from the installed package, through the exports map");
}

test("a TypeScript consumer compiles with tsc --noEmit --strict (moduleResolution node16)", { timeout: 120_000 }, async () => {
  await compileTs("node16", { module: "node16", moduleResolution: "node16" });
});

test("a TypeScript consumer compiles with tsc --noEmit --strict (moduleResolution bundler)", { timeout: 120_000 }, async () => {
  await compileTs("bundler", { module: "esnext", moduleResolution: "bundler", verbatimModuleSyntax: true, isolatedModules: true });
});

test("validateSpf's options can be left out in TypeScript, as its documentation example does", async () => {
    assert.ok(project, "needs the scratch project");
    await writeFile(join(project, "spf-one-arg.ts"), 'import { validateSpf } from "deliverkit";\nexport const r = validateSpf("v=spf1 ip4:192.0.2.0/24 +all");\n');
    await compileTs("spf-one-arg", { module: "node16", moduleResolution: "node16" }, "spf-one-arg.ts");
  });

test("Vite 7 builds an app importing deliverkit, and the built app decodes in Chromium", { skip: SKIP_BROWSER, timeout: 300_000 }, async () => {
  if (!existsSync(join(VITE_APP, "node_modules", "vite", "package.json"))) {
    await run("npm", ["ci", "--no-audit", "--no-fund"], { cwd: VITE_APP, timeout: 240_000 });
  }
  const vitePkg = JSON.parse(readFileSync(join(VITE_APP, "node_modules", "vite", "package.json"), "utf8"));
  assert.match(vitePkg.version, /^7\./, "the pinned Vite is 7.x (Vite 8 does not install here)");

  const dist = join(tmp, "vite-dist");
  await run(process.execPath, [join(VITE_APP, "node_modules", "vite", "bin", "vite.js"), "build", "--outDir", dist, "--emptyOutDir"], { cwd: VITE_APP });
  const assets = readdirSync(join(dist, "assets"));
  assert.ok(assets.some((f) => /^deliverkit_bg-.*\.wasm$/.test(f)), `Vite emitted the WASM as an asset (${assets.join(", ")})`);
  assert.ok(assets.some((f) => f.endsWith(".js")), "Vite emitted the app's JS");
  const html = readFileSync(join(dist, "index.html"), "utf8");
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script in the built page (CSP)");

  const { server, origin, served } = await startServer(realpathSync(dist) + sep);
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
  try {
    const context = await browser.newContext();
    const foreign = [];
    const problems = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith("data:")) return route.continue();
      foreign.push(url);
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console error: ${msg.text()}`); });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (req) => { if (!foreign.includes(req.url())) problems.push(`request failed: ${req.url()}`); });
    page.on("response", (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`); });

    await page.goto(`${origin}/`);
    await page.waitForSelector("body[data-ready]", { timeout: 20_000 });
    const result = await page.evaluate(() => ({
      ready: document.body.dataset.ready,
      error: document.getElementById("error").textContent,
      version: document.getElementById("version").textContent,
      replyCode: document.getElementById("reply-code").textContent,
      status: document.getElementById("status").textContent,
      provider: document.getElementById("provider").textContent,
      reason: document.getElementById("reason").textContent,
      retry: document.getElementById("retry").textContent,
      recordKind: document.getElementById("record-kind").textContent,
      spf: document.getElementById("spf").textContent,
    }));
    assert.deepEqual(result, {
      ready: "1",
      error: "",
      version: PKG_VERSION,
      replyCode: "451",
      status: "4.7.0",
      provider: "microsoft",
      reason: "systemerror",
      retry: "true",
      recordKind: "dmarc",
      spf: "true,1,3,spf/host-bits-set spf/pass-all",
    });
    assert.ok(served.some((p) => /\/assets\/deliverkit_bg-.*\.wasm$/.test(p)), `the page fetched the WASM from its own origin (${served.join(", ")})`);
    assert.deepEqual({ foreignRequests: foreign, problems }, { foreignRequests: [], problems: [] },
      "no request outside the origin, no console error, page error or failed request");
    await context.close();
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
