#!/usr/bin/env python3
"""Regenerate data/provider-rules.tsv from ../shared/corpora/smtp/provider_replies.tsv.

Only the rows whose literal_type is a *match fragment or provider code* (sisimai's per-provider rule
table, quoted from the providers' documentation) become rules. The *full reply text* rows are kept
out: they are the test set that measures the decoder (tests/smtp_corpus.rs), so they must not also be
its rules. Hand-written rows (after the generated block) are kept as they are.
"""
import pathlib, sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT.parent / "shared" / "corpora" / "smtp" / "provider_replies.tsv"
DST = ROOT / "data" / "provider-rules.tsv"
IDS = {"Apple": "apple", "Comcast": "comcast", "Cox": "cox", "Facebook": "facebook", "GoDaddy": "godaddy",
       "Google": "google", "Microsoft": "microsoft", "Mimecast": "mimecast", "Orange": "orange",
       "Spectrum": "charter", "Tencent": "tencent", "Yahoo": "yahoo"}
MARK = "# --- hand-written rules below this line are kept by scripts/import-provider-rules.py ---"

rows = [l.rstrip("\n").split("\t") for l in SRC.open(encoding="utf-8") if not l.startswith("#")]
head, rows = rows[0], rows[1:]
col = {name: i for i, name in enumerate(head)}
out = []
for r in rows:
    if not r[col["literal_type"]].startswith("match fragment"):
        continue
    pid = IDS.get(r[col["provider"]].split()[0])
    pattern = r[col["literal_reply_text"]].strip().lower()
    if not pid or not pattern:
        continue
    out.append((pid, r[col["enhanced_code"]].strip(), pattern, r[col["reason_class_sisimai"]].strip(),
                r[col["source_url"]].strip()))
kept = []
if DST.exists():
    text = DST.read_text(encoding="utf-8")
    if MARK in text:
        kept = text.split(MARK, 1)[1].strip("\n").splitlines()
with DST.open("w", encoding="utf-8") as f:
    f.write("# Per-provider reply rules: when the reply comes from PROVIDER (data/providers.tsv) and its lower-cased\n")
    f.write("# text contains PATTERN (pieces split by `*` in order), the reason is REASON. STATUS, when set, must\n")
    f.write("# also match the reply's enhanced status: exact (5.7.26), a prefix (5.1.) or a detail range (5.7.501-503).\n")
    f.write("# Generated rows come from the match fragments of ../shared/corpora/smtp/provider_replies.tsv (sisimai's\n")
    f.write("# rhost tables, BSD-2-Clause, quoting each provider's documentation; the source column links the row).\n")
    f.write("# Regenerate: python3 scripts/import-provider-rules.py\n")
    f.write("provider\tstatus\tpattern\treason\tsource\n")
    for row in out:
        f.write("\t".join(row) + "\n")
    f.write(MARK + "\n")
    for line in kept:
        f.write(line + "\n")
print(f"{len(out)} generated rules, {len(kept)} hand-written lines kept", file=sys.stderr)
