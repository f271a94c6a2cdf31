#!/usr/bin/env bash
# Builds the npm package in pkg/ (WASM + JS glue + TypeScript declarations) and copies what the
# page needs into www/pkg/. Run scripts/setup.sh first (the Makefile does).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --lib --profile wasm --target wasm32-unknown-unknown --features wasm
wasm-bindgen --target web --out-dir pkg --out-name deliverkit \
  target/wasm32-unknown-unknown/wasm/deliverkit.wasm

# wasm-opt from npm's binaryen (Debian's binaryen 108 produces broken output: see TOOLCHAIN.md).
if [ -x node_modules/.bin/wasm-opt ]; then
  # -Os: on this module it gzips 660 bytes smaller than -Oz, and decodes bounces in Node as fast
  # as -O3 does (measured 2026-11-30; -O2 and -O3 are larger).
  node_modules/.bin/wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types \
    pkg/deliverkit_bg.wasm -o pkg/deliverkit_bg.wasm.opt
  mv pkg/deliverkit_bg.wasm.opt pkg/deliverkit_bg.wasm
else
  echo "[build] wasm-opt not found (npm ci installs it): the .wasm is not size-optimised" >&2
fi

cp LICENSE-MIT LICENSE-APACHE pkg/ 2>/dev/null || true
mkdir -p www/pkg
cp pkg/deliverkit.js pkg/deliverkit_bg.wasm www/pkg/
printf '[build] pkg/deliverkit_bg.wasm: %s bytes, %s gzipped\n' \
  "$(wc -c < pkg/deliverkit_bg.wasm)" "$(gzip -9c pkg/deliverkit_bg.wasm | wc -c)" >&2
