#!/usr/bin/env bash
# Builds everything and serves the page (www/) on http://127.0.0.1:8080 (PORT to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
cargo build --release --features cli
port="${PORT:-8080}"
echo
echo "deliverkit page: http://127.0.0.1:${port}/   (CLI: target/release/deliverkit; Ctrl-C stops the server)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory www
