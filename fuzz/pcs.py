#!/usr/bin/env python3
"""Where a fuzz run's new edges were: which crate and which source file, and when in the run.

Usage: fuzz/pcs.py BINARY LOG [--base HEX] [--from FRACTION]

LOG is a libFuzzer log written with `-print_pcs=1`, from a run started under `setarch -R` (no
address randomisation, so a position-independent binary loads at 0x555555554000, the default
--base). BINARY is the fuzz target that wrote it (built with debug info, as `cargo fuzz build`
does). Each `NEW_PC:` line is one edge reached for the first time; libFuzzer prints them just
before the status line (`#N NEW cov: ...`) of the input that reached them, so each gets that
execution count. --from 0.5 counts only the edges of the second half of the run's executions.

Prints, per owner (deliverkit's own `src/`, each crate from crates.io, the standard library): the
edges found and the execution that found the last of them (how long each owner's code has gone
without a new edge), how many of them lie in the owner's own source lines rather than in code
inlined into its functions (the standard library's char iteration and trimming inlined into a
deliverkit function count as deliverkit's edges, in the standard library's lines), and the source
files and functions that got the most. This is how docs/RELIABILITY.md tells late growth in
deliverkit's code from growth in the libraries it calls.
"""
import collections
import pathlib
import re
import signal
import subprocess
import sys

STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: ")
NEW_PC = re.compile(r"^\s*NEW_PC: 0x([0-9a-f]+)")
CRATE = re.compile(r"/registry/src/[^/]+/([A-Za-z0-9_\-]+?)-\d[^/]*/(.*)")


# The checkout this script is in: the fuzz target records its sources by absolute path.
ROOT = str(pathlib.Path(__file__).resolve().parent.parent) + "/"


def owner(path):
    if path.startswith(ROOT + "src/"):
        return "deliverkit", path[len(ROOT):]
    m = CRATE.search(path)
    if m:
        return m.group(1), m.group(2)
    if path.startswith("/rustc/") or "/library/" in path or path.startswith("/rust/deps/"):
        return "std", path.split("/library/")[-1].split("/rust/deps/")[-1]
    if "/fuzz/" in path:
        return "fuzz harness", path.split("/fuzz/")[-1]
    return "other", path


def main(argv):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `| head` ends the output quietly
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    if len(args) != 2:
        sys.exit(__doc__)
    binary, log = args
    base = int(opts.get("base", "555555554000"), 16)
    start = float(opts.get("from", "0"))

    pending, found, total = [], [], 0  # found: (execution, pc)
    for line in open(log, encoding="utf-8", errors="replace"):
        m = NEW_PC.match(line)
        if m:
            pending.append(int(m.group(1), 16))
            continue
        m = STATUS.match(line)
        if m:
            total = int(m.group(1))
            found.extend((total, pc) for pc in pending)
            pending = []
    found = [(n, pc) for n, pc in found if n >= start * total]
    if not found:
        print(f"no new edges after {start:.0%} of {total:,} executions")
        return

    offsets = "\n".join(f"{pc - base:x}" for _, pc in found) + "\n"
    out = subprocess.run(["addr2line", "-e", binary, "-f", "-C", "-i", "-a"], input=offsets,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    # With -a each address starts a block of (function, file:line) pairs, innermost first; the
    # last pair is the function the compiler emitted, which says whose code the edge is in.
    blocks, cur = [], None
    for line in out:
        if line.startswith("0x"):
            cur = []
            blocks.append(cur)
        elif cur is not None:
            cur.append(line)
    by_owner = collections.Counter()
    own_line = collections.Counter()  # of those, the edges whose innermost frame is the owner's too
    last = {}
    by_file = collections.Counter()
    by_fn = collections.Counter()
    for (execution, _), b in zip(found, blocks):
        fn, loc, inner = (b[-2], b[-1], b[1]) if len(b) >= 2 else ("??", "??", "??")
        who, file = owner(loc.split(":")[0])
        by_owner[who] += 1
        if owner(inner.split(":")[0])[0] == who:
            own_line[who] += 1
        last[who] = max(last.get(who, 0), execution)
        by_file[(who, file)] += 1
        name = "::".join(p for p in fn.split("<")[0].split("::")[-2:] if p) or "(unnamed)"
        by_fn[(who, name)] += 1
    n = len(blocks)
    print(f"{n} new edges after {start:.0%} of {total:,} executions (the last at {found[-1][0]:,})")
    print()
    print("| owner | edges | in its own lines | share | last new edge at execution |")
    print("|---|---:|---:|---:|---:|")
    for who, c in by_owner.most_common():
        print(f"| {who} | {c} | {own_line[who]} | {100 * c / n:.0f}% | {last[who]:,} ({100 * last[who] / total:.0f}%) |")
    print()
    print("| owner | file | edges |")
    print("|---|---|---:|")
    for (who, file), c in by_file.most_common(12):
        print(f"| {who} | `{file}` | {c} |")
    print()
    print("| owner | function | edges |")
    print("|---|---|---:|")
    for (who, fn), c in by_fn.most_common(12):
        print(f"| {who} | `{fn}` | {c} |")


if __name__ == "__main__":
    main(sys.argv[1:])
