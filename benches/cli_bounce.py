#!/usr/bin/env python3
"""The CLI over a folder of bounces, whole process (reading the files, decoding, printing JSON),
with one thread and with every core: one JSON line each, like the other bounce benches.
Usage: benches/cli_bounce.py BINARY DIR [RUNS]"""
import json, os, subprocess, sys, time

binary, folder = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
messages = sum(1 for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f)))
cores = os.cpu_count() or 1
for jobs in sorted({1, cores}):
    rates, recipients = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([binary, "bounce", "--compact", "-j", str(jobs), folder],
                             capture_output=True, check=True).stdout
        rates.append(messages / (time.perf_counter() - t))
        recipients = len(json.loads(out))
    rates.sort()
    print(json.dumps({"tool": f"deliverkit CLI, {jobs} thread{'s' if jobs > 1 else ''}",
                      "messages": messages, "recipients": recipients, "runs": runs,
                      "medianMessagesPerSecond": round(rates[runs // 2])}))
