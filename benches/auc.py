#!/usr/bin/env python3
"""ROC AUC and accuracy at a threshold of a content-scoring run, as one JSON line.

Reads a TSV of label<TAB>file<TAB>score (as written by `benches/spamassassin.pl --scores`);
label is ham or spam (spam is the positive class); blank lines, lines starting with '#' and a
header line starting with 'label' are skipped. AUC is the probability that a random spam
message scores above a random ham message, ties counted half. A message is called spam when
its score is >= the threshold (SpamAssassin's rule for required_score).

    python3 benches/auc.py scores.tsv [--threshold 5.0]
"""
import argparse
import json
import sys


def auc(ham, spam):
    # Mann-Whitney U over the pooled scores, tied groups given their mean rank.
    pooled = sorted([(s, 0) for s in ham] + [(s, 1) for s in spam])
    rank_sum_spam, i = 0.0, 0
    while i < len(pooled):
        j = i
        while j < len(pooled) and pooled[j][0] == pooled[i][0]:
            j += 1
        mean_rank = (i + 1 + j) / 2  # ranks i+1 .. j
        rank_sum_spam += mean_rank * sum(1 for k in range(i, j) if pooled[k][1])
        i = j
    u = rank_sum_spam - len(spam) * (len(spam) + 1) / 2
    return u / (len(ham) * len(spam))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", nargs="?", default="-", help="label<TAB>file<TAB>score (default stdin)")
    ap.add_argument("--threshold", type=float, default=5.0)
    a = ap.parse_args()
    src = sys.stdin if a.tsv == "-" else open(a.tsv, encoding="utf-8", errors="replace")
    ham, spam = [], []
    for n, line in enumerate(src, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#") or (n == 1 and line.startswith("label")):
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            sys.exit(f"{a.tsv}:{n}: expected label<TAB>file<TAB>score")
        label, score = parts[0].strip().lower(), float(parts[-1])
        if label not in ("ham", "spam"):
            sys.exit(f"{a.tsv}:{n}: label {parts[0]!r} is neither ham nor spam")
        (spam if label == "spam" else ham).append(score)
    if not ham or not spam:
        sys.exit("need at least one ham and one spam message")
    t = a.threshold
    tp = sum(1 for s in spam if s >= t)
    fp = sum(1 for s in ham if s >= t)
    print(json.dumps({
        "file": a.tsv,
        "ham": len(ham),
        "spam": len(spam),
        "auc": round(auc(ham, spam), 4),
        "threshold": t,
        "accuracy": round((tp + len(ham) - fp) / (len(ham) + len(spam)), 4),
        "falsePositiveRate": round(fp / len(ham), 4),
        "truePositiveRate": round(tp / len(spam), 4),
        "falsePositives": fp,
        "falseNegatives": len(spam) - tp,
    }))


if __name__ == "__main__":
    main()
