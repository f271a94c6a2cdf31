#!/usr/bin/env bash
# Runs the benchmarks and writes docs/BENCHMARKS.md: criterion (native decode_smtp over the corpus
# reply lines), the same through the WASM package in Node (median of runs, cold start), the growth
# of time with input size, SPF validation side by side with the anchors in the same run
# (benches/anchors: mail-auth, mailauth, spf-parse, pyspf, checkdmarc), content scoring beside
# SpamAssassin, and the package size in total and per feature (scripts/size-split.sh).
# Build the package first (make build). Set SKIP_ANCHORS=1 to leave the anchors out.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=docs/BENCHMARKS.md
tmp=$(mktemp -d)

cargo bench --bench smtp -- --warm-up-time 2 --measurement-time 10 >"$tmp/criterion.txt" 2>&1
est=$(ls target/criterion/decode_smtp/*/new/estimates.json | head -n 1)
bench_name=$(basename "$(dirname "$(dirname "$est")")")
RUNS=15 node benches/node/smtp.mjs >"$tmp/node.json"
# Bounces: every tool once per round, in turn, so that each round's tools share the machine's
# state of the moment (its speed moves by up to 2x over minutes); each tool's figure is its
# median over the rounds, and its ratio to sisimai the median of the rounds' ratios.
cargo build -q --release --example bench_bounce
cargo build -q --release --features cli --bin deliverkit
bsd=../shared/corpora/smtp/set-of-emails/maildir/bsd
have_sisimai=0
if command -v perl >/dev/null && perl -MSisimai -e1 2>/dev/null; then
  have_sisimai=1
else
  echo "[bench] sisimai not installed (apt-get install libsisimai-perl): its row is left out" >&2
fi
: >"$tmp/bounce.jsonl"
for round in $(seq "${BOUNCE_ROUNDS:-7}"); do
  RUNS=15 target/release/examples/bench_bounce | sed "s/^{/{\"round\":$round,/" >>"$tmp/bounce.jsonl"
  RUNS=5 node benches/node/bounce.mjs | sed "s/^{/{\"round\":$round,/" >>"$tmp/bounce.jsonl"
  if [ "$have_sisimai" = 1 ]; then
    RUNS=1 perl benches/sisimai.pl "$bsd" | sed "s/^{/{\"round\":$round,/" >>"$tmp/bounce.jsonl"
  fi
  python3 benches/cli_bounce.py target/release/deliverkit "$bsd" 1 | sed "s/^{/{\"round\":$round,/" >>"$tmp/bounce.jsonl"
done
cargo run -q --release --example bench_content >"$tmp/content.jsonl"
RUNS=5 node benches/node/content.mjs >>"$tmp/content.jsonl"
if command -v perl >/dev/null && perl -MMail::SpamAssassin -e1 2>/dev/null; then
  # About 6 minutes: SpamAssassin scores about 10 messages a second.
  RUNS=${SA_RUNS:-1} perl benches/spamassassin.pl ../shared/corpora/content/ham ../shared/corpora/content/spam >>"$tmp/content.jsonl"
else
  echo "[bench] SpamAssassin not installed (apt-get install spamassassin): its row is left out" >&2
fi
if [ -x /usr/bin/chromium ]; then
  RUNS=7 REPS=5 node benches/browser/page.mjs >"$tmp/page.json"
else
  echo "[bench] /usr/bin/chromium missing (apt-get install chromium): the page section is left out" >&2
  : >"$tmp/page.json"
fi
if [ "${SKIP_SIZE_SPLIT:-0}" = 1 ]; then : >"$tmp/sizes.tsv"; else bash scripts/size-split.sh >"$tmp/sizes.tsv"; fi
if [ "${SKIP_ANCHORS:-0}" = 1 ]; then : >"$tmp/anchors.jsonl"; else RUNS=9 bash benches/anchors/run.sh >"$tmp/anchors.jsonl"; fi
cargo run -q --release --example scaling >"$tmp/scaling.md"
wasm_bytes=$(wc -c <pkg/deliverkit_bg.wasm)
wasm_gz=$(gzip -9c pkg/deliverkit_bg.wasm | wc -c)

python3 - "$est" "$bench_name" "$tmp/node.json" "$tmp/scaling.md" "$wasm_bytes" "$wasm_gz" "$tmp/anchors.jsonl" "$tmp/bounce.jsonl" "$tmp/content.jsonl" "$tmp/sizes.tsv" "$tmp/page.json" >"$out" <<'PY'
import json, sys, platform, subprocess, datetime, re
est, name, node_path, scaling_path, wasm_bytes, wasm_gz, anchors_path, bounce_path, content_path, sizes_path, page_path = sys.argv[1:]
page_lines = [l for l in open(page_path) if l.strip().startswith("{")]
page = json.loads(page_lines[-1]) if page_lines else None
def page_section():
    if not page:
        return "(not measured: Chromium missing)"
    n = page["navigation"]
    rows = [
        f"`benches/browser/page.mjs` (RUNS={page['runs']}, REPS={page['reps']}): Debian Chromium {page['chromium']} headless, `www/` from",
        "127.0.0.1, a fresh browser context per navigation (nothing cached); medians in milliseconds.",
        "",
        "| measure | ms | goal |",
        "|---|---:|---:|",
        f"| navigation start to interactive (WASM initialised, every tool usable) | {page['interactiveMs']} | 300 |",
        f"| cold start: init() to the first decode shown in the page | {page['coldStartMs']} | |",
        f"| of which init() (fetch, compile and instantiate the WASM) | {page['initMs']} | |",
        f"| slowest of the {page['runs']} navigations to interactive | {n.get('maxReadyMs', '')} | |",
        "",
        "| tool | click to result in the page (decode + render + layout) | slowest example | click to next frame |",
        "|---|---:|---|---:|",
    ]
    names = {"smtp": "SMTP error / bounce", "record": "DNS record", "score": "Message score", "headers": "Received headers"}
    for t, d in page["decode"].items():
        s = d.get("slowest", {})
        rows.append(f"| {names.get(t, t)} | {d['layoutMs']} | {s.get('example', '')}, {s.get('layoutMs', '')} | {d['frameMs']} |")
    rows.append("")
    rows.append("\"Within one frame\" means the layout column under 16.7 ms (60 Hz); the next-frame column also")
    rows.append("includes the wait for the frame itself.")
    return "\n".join(rows)
content = [json.loads(l) for l in open(content_path) if l.strip().startswith("{")]
def content_table():
    rate = {b["tool"]: b["medianMessagesPerSecond"] for b in content}
    s = rate.get("spamassassin")
    rows = ["| tool | messages/s | / SpamAssassin |", "|---|---:|---:|"]
    for b in sorted(content, key=lambda b: -b["medianMessagesPerSecond"]):
        ratio = f"{b['medianMessagesPerSecond'] / s:.0f}x" if s else ""
        name = b["tool"] + (f" {b['version']}" if "version" in b else "")
        rows.append(f"| {name} | {b['medianMessagesPerSecond']:,} | {ratio} |")
    return "\n".join(rows)
sizes = [l.rstrip("\n").split("\t") for l in open(sizes_path)][1:]
def size_table():
    if not sizes:
        return "(not measured: SKIP_SIZE_SPLIT=1)"
    rows = ["| feature | exports | package without it, gzipped | the feature's share |", "|---|---|---:|---:|"]
    for f, exports, without, share in sizes:
        if f == "all":
            continue
        rows.append(f"| {f} | {exports} | {int(without):,} | {int(share):,} ({int(share)/1024:.1f} KiB) |")
    return "\n".join(rows)
bounce_rounds = [json.loads(l) for l in open(bounce_path) if l.strip().startswith("{")]
def median(v):
    v = sorted(v)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
# One entry per tool: its median rate over the rounds; its ratio to sisimai, the median of the
# ratios of the rounds that measured both.
bounce = []
sisimai_in = {b["round"]: b["medianMessagesPerSecond"] for b in bounce_rounds if b["tool"] == "sisimai"}
for tool in dict.fromkeys(b["tool"] for b in bounce_rounds):
    mine = [b for b in bounce_rounds if b["tool"] == tool]
    entry = dict(mine[0])
    entry["medianMessagesPerSecond"] = round(median([b["medianMessagesPerSecond"] for b in mine]))
    entry["low"] = min(b["medianMessagesPerSecond"] for b in mine)
    entry["high"] = max(b["medianMessagesPerSecond"] for b in mine)
    entry["rounds"] = len(mine)
    ratios = [b["medianMessagesPerSecond"] / sisimai_in[b["round"]] for b in mine if b["round"] in sisimai_in]
    entry["ratio"] = median(ratios) if ratios else None
    bounce.append(entry)
def bounce_table():
    rows = ["| tool | messages/s, median of rounds | lowest to highest round | recipients found | / sisimai (median of the rounds' ratios) |", "|---|---:|---:|---:|---:|"]
    for b in sorted(bounce, key=lambda b: -b["medianMessagesPerSecond"]):
        ratio = f"{b['ratio']:.1f}x" if b["ratio"] else ""
        name = b["tool"] + (f" {b['version']}" if "version" in b else "")
        rows.append(f"| {name} | {b['medianMessagesPerSecond']:,} | {b['low']:,} to {b['high']:,} | {b.get('recipients', '')} | {ratio} |")
    return "\n".join(rows)
anchors = [json.loads(l) for l in open(anchors_path) if l.strip().startswith("{")]
e = json.load(open(est))
lines = int(re.search(r"corpus_(\d+)_lines", name).group(1))
median_ns = e["median"]["point_estimate"]
lo, hi = e["median"]["confidence_interval"]["lower_bound"], e["median"]["confidence_interval"]["upper_bound"]
native_rate = lines / (median_ns / 1e9)
node = json.load(open(node_path))
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
nodev = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
def spf_rows(suite):
    rows = [a for a in anchors if a.get("suite") == suite and "medianRecordsPerSecond" in a]
    if not rows:
        return "(anchors not run: SKIP_ANCHORS=1)"
    def rate(tool):
        return next((a["medianRecordsPerSecond"] for a in rows if a["tool"] == tool), None)
    native, wasm = rate("deliverkit-native"), rate("deliverkit-wasm")
    out = ["| tool | runtime | version | records/s | deliverkit (same runtime) / tool |", "|---|---|---|---:|---:|"]
    for a in sorted(rows, key=lambda a: -a["medianRecordsPerSecond"]):
        ours = native if "rust" in a["runtime"] else wasm
        ratio = f"{ours / a['medianRecordsPerSecond']:.2f}x" if ours and not a["tool"].startswith("deliverkit") else ""
        if "python" in a["runtime"] and native:
            ratio = f"{native / a['medianRecordsPerSecond']:.1f}x (native)"
        out.append(f"| {a['tool']} | {a['runtime']} | {a.get('version','')} | {a['medianRecordsPerSecond']:,} | {ratio} |")
    return "\n".join(out)
spf_table = spf_rows("spf")
dmarc_table = spf_rows("dmarc")

print(f"""# Benchmarks

Regenerate with `make build && scripts/bench.sh`. Machine: {cpu}, {nproc} cores (shared, so
figures vary by up to 2x between runs); {rustc}; Node {nodev}; {datetime.date.today().isoformat()}.

## SMTP reply decoding

The corpus: every reply line of `../shared/corpora/smtp/provider_replies.tsv` and every
`diagnosticcode_from_5.1.0_run` line of `expected.tsv` ({lines} lines).

| run | lines/second | per line |
|---|---:|---:|
| native, criterion (`benches/smtp.rs`), median | {native_rate:,.0f} | {median_ns/lines/1000:.2f} µs (95% CI of the pass: {lo/lines/1000:.2f} to {hi/lines/1000:.2f} µs) |
| WASM package in Node (`benches/node/smtp.mjs`), median of {node['runs']} passes | {node['medianLinesPerSecond']:,} | {1e6/node['medianLinesPerSecond']:.2f} µs |

Node is at {node['medianLinesPerSecond']/native_rate:.2f}x of native. Cold start in Node (import of the package, which
compiles and instantiates the WASM, to the first decode): {node['coldStartMs']} ms.

No anchor is named for single reply lines: sisimai decodes whole bounce messages, and its
side-by-side figure belongs to `decode_bounce` (issue #3).

## Time against input size

Every public text entry point on inputs built by repeating a unit to 1 KB, 10 KB, 100 KB, 1 MB and
10 MB (`examples/scaling.rs`), ordinary and pathological ones. Each figure is the best of up to five
samples; a call under 1 ms is repeated until a sample takes about 1 ms and the mean counts, and the
10 MB inputs stop after two samples. A growth of about 10x per 10x of input is linear time. The
growth column is the geometric mean over the sizes at or below the entry point's input limit; the
last column is the steepest single 10x step among them, which an average can hide.

The limits: `decode_smtp` reads 1 MiB (`input::MAX_SMTP_INPUT`); `decode_bounce` and
`score_message` read 16 MiB (`bounce::MAX_BOUNCE_INPUT`, `content::MAX_MESSAGE_INPUT`), so all five
sizes are read in full; every record validator reads 64 KiB (`input::MAX_RECORD_INPUT`, the most a
TXT record holds). A longer input is cut at its limit with an `input/too-large` diagnostic, so the
columns past it cost about what the limit does, and the growth of the records is over 1 KB..10 KB
only. `check_host` validates the record it fetches the same way: over 64 KiB it is a permerror
before any term is evaluated; under it, evaluation stops at RFC 7208's 10 DNS-querying terms (the
include row), so only the parse of the record grows. On this machine (shared) a single 10x step
from 100 KB up can show 15 to 25x where the input and what is parsed from it outgrow the CPU
caches; the time per byte levels off above that. The Bounds section of `docs/RELIABILITY.md` names
the paths these tables found growing faster than linear, and how they were fixed.

{open(scaling_path).read().strip()}

## Bounce messages, side by side with sisimai

Every message of `set-of-emails/maildir/bsd` ({bounce[0]["messages"] if bounce else "?"} files), decoded natively
(`examples/bench_bounce.rs`), through the WASM package in Node (`benches/node/bounce.mjs`) and by
sisimai (Debian's libsisimai-perl, `benches/sisimai.pl`, which reads the folder itself), in the same
run. The goal is 50 times sisimai's messages per second. This machine's speed moves over minutes
(sisimai alone: 672 to 1,493 messages a second over the runs of 2026-11-29 and 30, 647 to 1,041
on 12-01), and a run
that times each tool once can catch one tool in a slow minute and the next in a fast one. So the
tools take turns, {bounce[0]["rounds"] if bounce else "?"} rounds of each in one run: native 15 passes (the median), Node 5 passes,
sisimai 1 pass, the CLI 1 run each way. A tool's rate is the median of its rounds; its ratio to
sisimai is the median of the rounds' ratios, each round's tools having run within seconds of each
other. The ratio moves with the machine's state too, if less than the rates: one build (1f2c24b)
measured 43.4x in the run of 2026-11-30 and 47.4x in 7 such rounds on 12-01; the build of 9dcf91c
53.1x in its run of 12-01 at 02:00 UTC; the next one, whose decode_bounce costs 0.9% more
instructions, 45.9x in its run at 04:24 UTC, when sisimai ran 20% faster than at 02:00 and
deliverkit 6% faster (six batches of 7 rounds right after gave it 45.1x to 48.8x, and 9dcf91c's
code 45.6x to 49.5x in the same rounds). The `deliverkit CLI` rows time the whole command (`benches/cli_bounce.py`:
`deliverkit bounce --compact -j N` on the folder, reading the files and printing the JSON,
process start included) with one thread and with every core of the machine; sisimai reads the
folder on one.

{bounce_table()}

## SPF record validation, side by side with the anchors

All tools in one run over the 1,300 SPF records of `../shared/corpora/auth/bench_corpus.json`
(`spf_simple` and `spf_real`); medians of several passes; records per second. What each anchor
times is in `benches/anchors/README.md` (mailauth and pyspf expose no syntax-only entry, so their
validation steps are timed; checkdmarc also follows includes, answered from an in-memory zone).
mail-auth returns the parsed record only, without positions or findings. Natively,
`deliverkit-native` is `spf::check_spf`: validity, the lookup count, every term as byte ranges and
every finding (code, severity, place), with no message written; `deliverkit-native, whole report`
is `spf::validate_spf`, the same check with every term's text and every message and help sentence
written (`SpfCheck::into_report`). In JS, `validateSpf` computes `valid` and `lookupTerms` at the
call and the terms and findings (with UTF-16 locations) when first read: `deliverkit-wasm` reads
`valid` only (what mailauth's check gives), `deliverkit-wasm, whole report` reads the terms and
findings too.

{spf_table}

## DMARC record validation, side by side with the anchors

The 1,300 DMARC records of the same corpus (`dmarc_nodns` and `dmarc_rua`), in the same run.
deliverkit's report holds every tag with its span and every finding with its help sentence;
mail-auth's `Dmarc::parse` returns the parsed policy only.

{dmarc_table}

## Content scoring, side by side with SpamAssassin

Every message of `../shared/corpora/content` (ham and spam, 4,122 files, read into memory first),
scored natively (`examples/bench_content.rs`, `score_message_bytes`), through the WASM package in
Node (`benches/node/content.mjs`, `scoreMessageBytes`) and by SpamAssassin (Debian's
spamassassin, one process, local tests only, no Bayes, rules compiled before timing:
`benches/spamassassin.pl`), in the same run. The goal is 100 times SpamAssassin's messages per
second. deliverkit's report also holds the parsed summary (headers, MIME tree, links) and the
Received/Authentication-Results analysis; SpamAssassin's holds its score and rule hits.

{content_table()}

## The page in Chromium

{page_section()}

## Size of the npm package

| file | bytes | gzipped |
|---|---:|---:|
| `pkg/deliverkit_bg.wasm` (SMTP, bounces, SPF, the record validators and content scoring; opt-level "s", wasm-opt -Os) | {int(wasm_bytes):,} | {int(wasm_gz):,} ({int(wasm_gz)/1024:.1f} KiB) |

The README's budget is checked by `scripts/check-size.sh` in `make test`.

Per feature (`scripts/size-split.sh`: the package rebuilt without one feature's exports; the
difference is the code only that feature uses, so shared code such as mail-parser, used by both
bounces and content scoring, counts in neither share). Content scoring (issue #6) is the
`content` row: the package without it is the size before that feature.

{size_table()}
""")
PY
echo "wrote $out" >&2
