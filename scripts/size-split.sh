#!/usr/bin/env bash
# The gzipped size of the WASM package per feature: builds the package once without each
# feature's exports (RUSTFLAGS --cfg deliverkit_omit="..."; the linker then drops the code only
# that feature uses) and prints, as TSV, feature, exports, gzipped bytes without it, and the
# difference to the full package (the feature's share). The SMTP decoder and the shared code
# (diagnostics, input handling, mail-parser where two features share it) stay in every build.
# Takes a few minutes (one release build per feature, in target/sizesplit).
set -euo pipefail
# A build that fails inside $(size_without ...) must stop the script, not measure the last one.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
opt() {
  if [ -x node_modules/.bin/wasm-opt ]; then
    node_modules/.bin/wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-multivalue --enable-reference-types "$1" -o "$1.opt"
    mv "$1.opt" "$1"
  fi
}
size_without() {
  local out=target/sizesplit/pkg-$1
  RUSTFLAGS="--cfg deliverkit_omit=\"$1\"" CARGO_TARGET_DIR=target/sizesplit \
    cargo build -q --lib --profile wasm --target wasm32-unknown-unknown --features wasm 2>/dev/null ||
    { echo "[size-split] the build without $1 fails: run it without 2>/dev/null to see why" >&2; exit 1; }
  wasm-bindgen --target web --out-dir "$out" --out-name deliverkit \
    target/sizesplit/wasm32-unknown-unknown/wasm/deliverkit.wasm
  opt "$out/deliverkit_bg.wasm"
  gzip -9c "$out/deliverkit_bg.wasm" | wc -c
}
full=$(gzip -9c pkg/deliverkit_bg.wasm | wc -c)
printf 'feature\texports\twithout\tshare\n'
printf 'all\t\t%s\t\n' "$full"
for f in "spf:validateSpf, checkHost, checkHostAsync" "bounce:decodeBounce" \
  "content:scoreMessage, scoreMessageBytes" \
  "records:validateDmarc, validateDkimKey, validateDkimSignature, validateMtaSts*, validateTlsRpt, validateBimi, validateRecord, evaluateDmarc"; do
  name=${f%%:*}
  w=$(size_without "$name")
  printf '%s\t%s\t%s\t%s\n' "$name" "${f#*:}" "$w" "$((full - w))"
done
