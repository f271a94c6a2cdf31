#!/usr/bin/env bash
# Runs every test: formatting, lints for every build shape, native tests (unit, corpus, CLI,
# doctests), the WASM package in Node, its TypeScript declarations, the size budget and the page in
# Debian's Chromium. Installs what is missing first (scripts/setup.sh --browser).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*" >&2; }

step "setup"
scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy: native, cli, wasm"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --features cli -- -D warnings
cargo clippy --lib --target wasm32-unknown-unknown --features wasm -- -D warnings

step "cargo test (unit, corpus, CLI, doctests)"
cargo test --features cli

step "build the npm package and the page"
scripts/build.sh

step "size budget"
scripts/check-size.sh

step "node: the npm package"
npm run --silent test:node

step "tsc --strict on the declarations"
npm run --silent test:types

step "headless Chromium: the page and the extension"
npm run --silent test:browser

step "the npm package: npm pack, a scratch install calling every export, tsc, a Vite app in Chromium"
npm run --silent test:npm

step "all tests passed"
