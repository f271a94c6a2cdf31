#!/usr/bin/env python3
"""Summarise libFuzzer logs for docs/RELIABILITY.md: executions, coverage over the run, and
where coverage last grew (the plateau the reliability issue asks for).

Usage: fuzz/summary.py LOG [LOG ...]   (a log is what `cargo fuzz run T -- ...` printed, with
-print_final_stats=1). One Markdown row per log.

libFuzzer prints a status line (`#N  NEW|REDUCE|pulse|DONE ... cov: C ft: F ...`) whenever
coverage grows and at powers of two; the run's length and executions come from its final stats.
"""
import re
import sys

STATUS = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+)")


def summarise(path):
    points = []  # (executions, cov, ft)
    stats = {}
    crashes = 0
    for line in open(path, encoding="utf-8", errors="replace"):
        m = STATUS.match(line)
        if m:
            points.append((int(m.group(1)), int(m.group(3)), int(m.group(4))))
        elif line.startswith("stat::"):
            k, _, v = line[len("stat::"):].partition(":")
            stats[k.strip()] = v.strip()
        elif line.startswith("SUMMARY: libFuzzer:"):
            crashes += 1
    if not points:
        return None
    total = points[-1][0]

    def at(frac):
        limit = total * frac
        last = points[0]
        for p in points:
            if p[0] > limit:
                break
            last = p
        return last

    final_cov, final_ft = points[-1][1], points[-1][2]
    # The last execution at which edge coverage grew, and at which features grew.
    last_cov = max((p[0] for i, p in enumerate(points) if i and p[1] > points[i - 1][1]), default=0)
    last_ft = max((p[0] for i, p in enumerate(points) if i and p[2] > points[i - 1][2]), default=0)
    return {
        "executions": total,
        "per_second": stats.get("average_exec_per_sec", "?"),
        "cov": final_cov,
        "ft": final_ft,
        "quarters": [at(f)[1] for f in (0.25, 0.5, 0.75)],
        "last_cov_pct": 100.0 * last_cov / total if total else 0.0,
        "last_ft_pct": 100.0 * last_ft / total if total else 0.0,
        "crashes": crashes,
    }


def main():
    print("| log | executions | exec/s | edges at 25% / 50% / 75% / end of the run | features at the end | edges last grew at | features last grew at | crashes |")
    print("|---|---:|---:|---|---:|---:|---:|---:|")
    for path in sys.argv[1:]:
        s = summarise(path)
        if s is None:
            print(f"| {path} | no status lines | | | | | | |")
            continue
        q = " / ".join(str(x) for x in s["quarters"] + [s["cov"]])
        print(
            f"| {path} | {s['executions']:,} | {s['per_second']} | {q} | {s['ft']:,} | "
            f"{s['last_cov_pct']:.0f}% of the executions | {s['last_ft_pct']:.0f}% | {s['crashes']} |"
        )


if __name__ == "__main__":
    main()
