#!/usr/bin/env bash
# Assembles the browser extension in dist/extension/ and zips it for the stores into
# dist/deliverkit-extension-<version>.zip (version from pkg/package.json).
#
#   extension/manifest.json, background.js, popup-state.js, popup.css   (the extension's own files)
#   www/main.js, www/style.css                                          (the page's code, unchanged)
#   popup.html                                                          (derived from www/index.html)
#   pkg/deliverkit.js, pkg/deliverkit_bg.wasm -> pkg/                   (main.js imports ./pkg/deliverkit.js)
#   icons/icon-{16,32,48,128}.png                                       (scripts/make-extension-icons.mjs)
#
# Needs the built package (scripts/build.sh, or make) and Node. Load dist/extension unpacked in
# chrome://extensions, or the zip in Firefox's about:debugging.
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
  echo "[build-extension] error: $*" >&2
  exit 1
}

for file in pkg/deliverkit_bg.wasm pkg/deliverkit.js; do
  [ -s "$file" ] || die "$file is missing: build the package first (scripts/build.sh or make)"
done
for file in pkg/package.json www/index.html www/main.js www/style.css \
  extension/manifest.json extension/background.js extension/popup-state.js extension/popup.css; do
  [ -f "$file" ] || die "$file is missing"
done
command -v node > /dev/null || die "node is required"

OUT=dist/extension
rm -rf "$OUT"
mkdir -p "$OUT/pkg" "$OUT/icons"

cp extension/background.js extension/popup-state.js extension/popup.css "$OUT/"
cp www/main.js www/style.css "$OUT/"
cp pkg/deliverkit.js pkg/deliverkit_bg.wasm "$OUT/pkg/"
node scripts/make-extension-icons.mjs "$OUT/icons"

# manifest.json (version from pkg/package.json) and popup.html (from www/index.html).
VERSION=$(node --input-type=module - "$OUT" <<'JS'
import { readFileSync, writeFileSync } from "node:fs";
const out = process.argv[2];
const fail = (message) => {
  console.error(`[build-extension] error: ${message}`);
  process.exit(1);
};

const { version } = JSON.parse(readFileSync("pkg/package.json", "utf8"));
// Chromium accepts one to four dot-separated integers only (no pre-release suffix).
if (!/^\d+(\.\d+){0,3}$/.test(version)) fail(`pkg/package.json version ${version} is not a valid extension version`);
const manifest = JSON.parse(readFileSync("extension/manifest.json", "utf8"));
manifest.version = version;
writeFileSync(`${out}/manifest.json`, JSON.stringify(manifest, null, 2) + "\n");

let html = readFileSync("www/index.html", "utf8");
const replace = (from, to) => {
  if (!html.includes(from)) fail(`www/index.html no longer contains ${JSON.stringify(from)}: update scripts/build-extension.sh`);
  html = html.replace(from, to);
};
replace(/<title>[^<]*<\/title>/.exec(html)?.[0] ?? "<title>", "<title>deliverkit</title>");
replace('<link rel="stylesheet" href="style.css">', '<link rel="stylesheet" href="style.css">\n  <link rel="stylesheet" href="popup.css">');
replace('<script type="module" src="main.js"></script>', '<script type="module" src="popup-state.js"></script>\n  <script type="module" src="main.js"></script>');
// Extension pages run no inline script or event-handler attribute: refuse to ship one.
for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
  if (!/\bsrc=/.test(tag)) fail(`inline script in www/index.html: ${tag}`);
}
if (/<[^>]+\son[a-z]+\s*=/i.test(html)) fail("www/index.html has an inline event handler attribute");
writeFileSync(`${out}/popup.html`, html);
console.log(version);
JS
)

ZIP="dist/deliverkit-extension-$VERSION.zip"
rm -f "$ZIP"
# Fixed timestamps, so the same sources give the same zip.
find "$OUT" -exec touch -h -d "2000-01-01 00:00:00" {} +
if command -v zip > /dev/null; then
  (cd "$OUT" && find . -type f | LC_ALL=C sort | zip -q -X -9 "../$(basename "$ZIP")" -@)
else
  python3 - "$OUT" "$ZIP" <<'PY'
import os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    paths = sorted(os.path.join(root, name) for root, _, files in os.walk(src) for name in files)
    for path in paths:
        info = zipfile.ZipInfo(os.path.relpath(path, src), (2000, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(path, "rb") as f:
            z.writestr(info, f.read())
PY
fi

printf '[build-extension] %s/ and %s (%s bytes)\n' "$OUT" "$ZIP" "$(wc -c < "$ZIP")" >&2
