#!/usr/bin/env bash
# Runs the SPF/DMARC anchor benchmarks (Node, Python, native Rust) and prints one JSON line per
# tool and suite on stdout; installs and builds what is missing first (logs go to stderr).
#
#   bash benches/anchors/run.sh              # all three
#   bash benches/anchors/run.sh node rust    # a subset: any of node, python, rust
#
# Env: RUNS (timed passes per tool, default 7), WARMUP_MS (300), PASS_MS (100, minimum length
# of one pass), CORPUS (default /work/shared/corpora/auth/bench_corpus.json),
# ANCHORS_VENV (default <repo>/target/anchors-venv), DELIVERKIT_PKG (default <repo>/pkg).
# Nothing here uses the network except the installs (npm, PyPI, crates.io).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export ANCHORS_VENV="${ANCHORS_VENV:-$REPO/target/anchors-venv}"

which=("$@")
[ ${#which[@]} -eq 0 ] && which=(node python rust)

log() { echo "[anchors] $*" >&2; }

run_node() {
    cd "$HERE/node"
    if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        log "npm ci (node/)"
        # --ignore-scripts: the only install script in the tree (tldjs, under spf-parse) would
        # try to download a suffix list; the packaged one is what is benchmarked
        npm ci --ignore-scripts --no-audit --no-fund >&2
    fi
    node spf.mjs
    node dmarc.mjs
}

run_python() {
    log "python venv: $ANCHORS_VENV"
    bash "$HERE/python/install.sh" >&2
    "$ANCHORS_VENV/bin/python" "$HERE/python/spf.py"
    "$ANCHORS_VENV/bin/python" "$HERE/python/dmarc.py"
}

run_rust() {
    cd "$HERE/rust"
    log "cargo build --release (rust/, target dir $REPO/target/anchors-rust)"
    cargo build --release --quiet >&2
    "$REPO/target/anchors-rust/release/deliverkit-anchors" all
}

for w in "${which[@]}"; do
    case "$w" in
        node) run_node ;;
        python) run_python ;;
        rust) run_rust ;;
        *) echo "unknown anchor set: $w (use node, python, rust)" >&2; exit 2 ;;
    esac
done
