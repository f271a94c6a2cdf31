#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the real corpora (one file per reply line). Not committed.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/decode_smtp
python3 - <<'PY'
import hashlib, pathlib
base = pathlib.Path("../../shared/corpora/smtp")
out = pathlib.Path("corpus/decode_smtp")
n = 0
for name, col in (("provider_replies.tsv", 1), ("expected.tsv", 14)):
    for line in (base / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        f = line.split("\t")
        if len(f) > col and f[col].strip():
            data = f[col].encode()
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
            n += 1
print(f"{n} seeds")
PY

# score_message: the content corpus (ham and spam messages as they are).
mkdir -p corpus/score_message
cp ../../shared/corpora/content/ham/*.eml ../../shared/corpora/content/spam/*.eml corpus/score_message/
