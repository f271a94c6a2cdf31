#!/usr/bin/env python3
"""DMARC anchor in Python, over dmarc_nodns + dmarc_rua, with no network.

checkdmarc (checkdmarc.dmarc.parse_dmarc_record):
    its full record parser: pyleri grammar check, tag names and values, p/sp/np, pct, fo,
    rf, ri, psd, rua/ruf URI parsing. For a rua/ruf mailto address it also checks DNS: the
    MX records of the report domain, and, when that domain differs from the record's domain,
    the external-destination authorisation TXT (<domain>._report._dmarc.<report-domain>).
    Those lookups are answered by an in-memory stub resolver built from the corpus zone
    (bench_lib.ZoneResolver); names not in the zone get NXDOMAIN, which checkdmarc reports
    as a warning. checkdmarc's own DNS_CACHE stays on as in normal use. Records of
    dmarc_nodns (no rua/ruf) are parsed with domain "bench.example" and need no lookup;
    dnsFreeSubsetRecordsPerSecond is the rate on that subset alone.

pyspf has no DMARC support. A record counts as accepted when no exception is raised.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_lib  # noqa: E402

bench_lib.install_network_guard()
bench_lib.SUITE = "dmarc"

import checkdmarc.dmarc as cd_dmarc  # noqa: E402

corpus = bench_lib.load_corpus()
items = bench_lib.entries(corpus, "dmarc_nodns", "dmarc_rua")
DEFAULT_DOMAIN = "bench.example"
resolver = bench_lib.ZoneResolver(corpus["zone"])


def checkdmarc_dmarc(item):
    domain, record = item
    try:
        cd_dmarc.parse_dmarc_record(record, domain or DEFAULT_DOMAIN, resolver=resolver, timeout=1.0, retries=0)
        return True
    except cd_dmarc.DMARCError:
        return False


nodns = [i for i in items if i[0] is None]
rate_nodns, _, _ = bench_lib.measure(checkdmarc_dmarc, nodns)
bench_lib.bench(
    "checkdmarc",
    bench_lib.version("checkdmarc"),
    items,
    checkdmarc_dmarc,
    timed="parse_dmarc_record, rua MX/authorisation lookups answered by an in-memory zone stub",
    dnsFreeSubsetRecordsPerSecond=round(rate_nodns),
    dnspython=bench_lib.version("dnspython"),
)
