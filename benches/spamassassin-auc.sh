#!/usr/bin/env bash
# SpamAssassin's accuracy on the content corpus, the reference row of docs/ACCURACY.md: scores
# every message with benches/spamassassin.pl (local tests only, no Bayes) as-is and with the
# receiver's trace headers removed, then writes docs/spamassassin-auc.tsv (read by
# `cargo run --release --example accuracy`). Takes about 15 minutes (SpamAssassin scores about
# 10 messages a second). Needs Debian's spamassassin package.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
corpus=../shared/corpora/content
perl benches/spamassassin.pl --scores "$tmp/asis.tsv" "$corpus/ham" "$corpus/spam"
perl benches/spamassassin.pl --scores "$tmp/strip.tsv" --strip-trace "$corpus/ham" "$corpus/spam"
version=$(perl -MMail::SpamAssassin -e 'print Mail::SpamAssassin::Version()')
{
  echo "# Written by benches/spamassassin-auc.sh on $(date -u +%Y-%m-%d): SpamAssassin $version, local tests only, no Bayes."
  echo "# view	auc	accuracy	false-positive rate	spam caught"
  for v in asis strip; do
    python3 benches/auc.py "$tmp/$v.tsv" | python3 -c '
import json, sys
r = json.load(sys.stdin); view = sys.argv[1]
print("\t".join([view, f"{r[\"auc\"]:.4f}", f"{r[\"accuracy\"]*100:.1f}%",
  f"{r[\"falsePositiveRate\"]*100:.2f}% ({r[\"falsePositives\"]} of {r[\"ham\"]})",
  f"{r[\"truePositiveRate\"]*100:.1f}% ({r[\"spam\"]-r[\"falseNegatives\"]} of {r[\"spam\"]})"]))
' "$([ "$v" = asis ] && echo as-is || echo 'trace headers removed')"
  done
} > docs/spamassassin-auc.tsv
cat docs/spamassassin-auc.tsv
