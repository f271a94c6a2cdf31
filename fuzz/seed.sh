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

# score_message: the content corpus (ham and spam messages as they are), and the bounces, which
# are messages too (MIME reports, attached originals, legacy charsets).
# decode_bounce: the bounces of set-of-emails (maildir/bsd, err, not and tmp, the mbox files and
# the messages waiting to be parsed), and the content corpus, whose MIME and charsets the
# bounces' attached originals share. Both get their regression files.
soe=../../shared/corpora/smtp/set-of-emails
mkdir -p corpus/score_message corpus/decode_bounce
cp ../../shared/corpora/content/ham/*.eml ../../shared/corpora/content/spam/*.eml corpus/score_message/
bounces() {
  for d in bsd err not tmp; do
    find "$soe/maildir/$d" -maxdepth 1 -type f
  done
  find "$soe"/mailbox "$soe"/to-be-parsed-for-test -type f -size -64k
}
bounces | while read -r f; do
  cp "$f" corpus/decode_bounce/
  cp "$f" "corpus/score_message/b-$(basename "$f")"
done
for f in ../../shared/corpora/content/ham/*.eml ../../shared/corpora/content/spam/*.eml; do
  cp "$f" "corpus/decode_bounce/x-$(basename "$f")"
done
cp regressions/decode_bounce/* corpus/decode_bounce/
cp regressions/score_message/* corpus/score_message/

# validate_spf and validate_record: one record per file. validate_record reads its first byte as a
# mode (even = the rest as text), so its seeds start with a zero byte.
mkdir -p corpus/validate_spf corpus/validate_record
python3 - <<'PY'
import hashlib, json, pathlib
auth = pathlib.Path("../../shared/corpora/auth")
bench = json.loads((auth / "bench_corpus.json").read_text(encoding="utf-8"))
def records(keys):
    for k in keys:
        for x in bench.get(k, []):
            r = x if isinstance(x, str) else x.get("record")
            if r:
                yield r
def tsv_column(name, col):
    for line in (auth / name).read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split("\t")
        if len(f) > col and f[col].strip() and not line.startswith("#") and f[col] != "record":
            yield f[col]
def write(target, items, prefix=b""):
    out = pathlib.Path("corpus") / target
    n = 0
    for r in items:
        data = prefix + r.encode()
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)
        n += 1
    print(f"{target}: {n} seeds")
write("validate_spf", list(records(["spf_simple", "spf_real"])) + list(tsv_column("spf_syntax_cases.tsv", 0)))
write("validate_record",
      list(records(["dmarc_nodns", "dmarc_rua"])) + list(tsv_column("dmarc_cases.tsv", 0))
      + list(tsv_column("dkim_mtasts_tlsrpt_cases.tsv", 0)),
      prefix=b"\0")
PY

# The corpora earlier runs left (fuzz/kept/<target>.tar.xz, see fuzz/kept/README.md): a run goes on
# from where the last one stopped instead of from the seeds alone.
for k in kept/*.tar.xz; do
  [ -f "$k" ] || continue
  t=$(basename "$k" .tar.xz)
  mkdir -p "corpus/$t"
  tar -xJf "$k" -C "corpus/$t" --strip-components=1
  echo "$t: $(tar -tJf "$k" | grep -c -v '/$') kept inputs"
done

# What each target's kept set reached, given to the targets that reach the same code by another
# road (see cross.py): a target's own runs find those paths slowly, behind its input mapping.
python3 cross.py
