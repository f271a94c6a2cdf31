#!/usr/bin/env bash
# Fails when the gzipped .wasm of the npm package grows past the budget the README states
# (the line `Size budget: N KiB gzipped`).
set -euo pipefail
cd "$(dirname "$0")/.."
budget_kib=$(sed -n 's/.*Size budget: \([0-9]*\) KiB gzipped.*/\1/p' README.md | head -n 1)
[ -n "$budget_kib" ] || { echo "README.md states no 'Size budget: N KiB gzipped'" >&2; exit 1; }
size=$(gzip -9c pkg/deliverkit_bg.wasm | wc -c)
echo "pkg/deliverkit_bg.wasm: $size bytes gzipped (budget $((budget_kib * 1024)))"
if [ "$size" -gt $((budget_kib * 1024)) ]; then
  echo "the WASM package is over its size budget of $budget_kib KiB gzipped" >&2
  exit 1
fi
