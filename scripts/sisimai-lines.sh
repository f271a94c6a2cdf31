#!/usr/bin/env bash
# Writes docs/SISIMAI-LINES.md: sisimai's own line reader (Sisimai->match) on the lines
# decode_smtp is measured on, beside deliverkit's answers. Installs Debian's libsisimai-perl
# when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if ! perl -MSisimai -e 1 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y libsisimai-perl >&2 || { apt-get update >&2 && apt-get install -y libsisimai-perl >&2; }
  else
    echo "sisimai is not installed: apt-get install libsisimai-perl" >&2
    exit 1
  fi
fi
cargo run -q --release --example smtp_cases >target/smtp-cases.tsv
perl scripts/sisimai-lines.pl <target/smtp-cases.tsv >docs/SISIMAI-LINES.md
echo "wrote docs/SISIMAI-LINES.md" >&2
