#!/usr/bin/env bash
# Keeps a fuzz target's corpus for the next run: fuzz/keep.sh TARGET [BINARY]
#
# The corpus under fuzz/corpus/ is not committed and a new checkout starts without it, so each
# run would start again from the seeds and never get far past them. This reduces the corpus to the
# inputs that cover every feature it reached (libFuzzer's -set_cover_merge) and writes them to
# fuzz/kept/TARGET.tar.xz, which seed.sh unpacks. BINARY is the fuzz target as built (default:
# fuzz/target/x86_64-unknown-linux-gnu/release/TARGET). A running fuzzer rewrites its corpus as it
# goes, so the corpus is copied first.
set -euo pipefail
cd "$(dirname "$0")"
t=${1:?usage: fuzz/keep.sh TARGET [BINARY]}
bin=${2:-target/x86_64-unknown-linux-gnu/release/$t}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -d "corpus/$t" ] && [ -n "$(ls -A "corpus/$t")" ] || { echo "no corpus in fuzz/corpus/$t" >&2; exit 1; }
# Files the running fuzzer replaces while they are copied are skipped.
cp -r "corpus/$t" "$work/all" 2>/dev/null || true
mkdir -p "$work/$t" kept
"$bin" -set_cover_merge=1 -max_len=16384 "$work/$t" "$work/all" > "$work/merge.log" 2>&1 || {
  tail -5 "$work/merge.log"
  exit 1
}
grep "MERGE-OUTER: .* new files" "$work/merge.log" || true
tar -cJf "kept/$t.tar.xz" -C "$work" --sort=name --owner=0 --group=0 --mtime=@0 "$t"
ls -l "kept/$t.tar.xz"
