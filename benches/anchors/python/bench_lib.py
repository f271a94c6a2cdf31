"""Shared timing loop, corpus loading, network guard and DNS stub for the Python anchors.

Method (same as the Node anchors): records are loaded once as a list of strings. A warm-up
runs the function over the whole set until WARMUP_MS have passed and calibrates how many
sweeps over the set one pass needs to last at least PASS_MS. Then RUNS passes are timed with
time.perf_counter_ns(); each pass gives records/second, the median is printed as one JSON line.
`accepted` is how many records the tool judged valid.

No network: install_network_guard() makes every socket connect/getaddrinfo raise, so a code
path that tries real DNS fails loudly instead of hanging. checkdmarc gets a ZoneResolver,
a stand-in for dns.resolver.Resolver that answers from the "zone" of the corpus in memory.
"""
import json
import os
import platform
import socket
import statistics
import time
from importlib import metadata

CORPUS = os.environ.get("CORPUS", "/work/shared/corpora/auth/bench_corpus.json")
RUNS = max(1, int(os.environ.get("RUNS", "7") or 7))
WARMUP_MS = float(os.environ.get("WARMUP_MS", "300"))
PASS_MS = float(os.environ.get("PASS_MS", "100"))
# "spf" or "dmarc": printed in every line, as the same tool can appear in both suites
SUITE = None


class NetworkDisabled(RuntimeError):
    pass


def install_network_guard():
    def refuse(*_a, **_k):
        raise NetworkDisabled("network access attempted during an offline benchmark")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.socket.sendto = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse


def load_corpus():
    with open(CORPUS, encoding="utf-8") as f:
        return json.load(f)


def entries(corpus, *keys):
    """(domain, record) pairs; plain-string entries get domain None."""
    out = []
    for key in keys:
        for e in corpus[key]:
            if isinstance(e, str):
                out.append((None, e))
            else:
                out.append((e["domain"], e["record"]))
    return out


def version(dist):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def _sweep(fn, items, reps):
    accepted = 0
    for _ in range(reps):
        for item in items:
            if fn(item):
                accepted += 1
    return accepted


def measure(fn, items):
    """Returns (median records/s, accepted per sweep, sweeps per pass)."""
    start = time.perf_counter()
    sweeps = 0
    while time.perf_counter() - start < WARMUP_MS / 1000 or sweeps < 1:
        _sweep(fn, items, 1)
        sweeps += 1
    per_sweep = (time.perf_counter() - start) / sweeps
    reps = max(1, -int(-(PASS_MS / 1000) // per_sweep))
    rates = []
    accepted = 0
    for _ in range(RUNS):
        t0 = time.perf_counter_ns()
        accepted = _sweep(fn, items, reps) // reps
        secs = (time.perf_counter_ns() - t0) / 1e9
        rates.append(len(items) * reps / secs)
    return statistics.median(rates), accepted, reps


def bench(tool, ver, items, fn, **extra):
    median, accepted, reps = measure(fn, items)
    line = {
        "tool": tool,
        "suite": SUITE,
        "version": ver,
        "records": len(items),
        "medianRecordsPerSecond": round(median),
        "accepted": accepted,
        "runs": RUNS,
        "sweepsPerRun": reps,
        "runtime": f"python {platform.python_version()}",
    }
    line.update(extra)
    print(json.dumps(line), flush=True)
    return line


class ZoneResolver:
    """Answers dns.resolver.Resolver.resolve() from the corpus zone, in memory.

    Names not in the zone get NXDOMAIN, known names without the asked type get NoAnswer.
    Answers are built once (dnspython rdata objects), so a lookup is a dict access.
    """

    def __init__(self, zone):
        import dns.name
        import dns.rdata
        import dns.rdataclass
        import dns.rdatatype

        self.nameservers = ["127.0.0.1"]
        self.timeout = 1.0
        self.lifetime = 1.0
        self.lookups = 0
        self._answers = {}
        for name, rrsets in zone.items():
            key = name.lower().rstrip(".")
            for rtype, values in rrsets.items():
                rdtype = dns.rdatatype.from_text(rtype)
                rdatas = []
                for value in values:
                    if rtype == "TXT":
                        # one character-string per 255 bytes, as a DNS server would split it
                        raw = value.encode()
                        chunks = [raw[i:i + 255] for i in range(0, len(raw), 255)] or [b""]
                        text = " ".join('"' + c.decode().replace("\\", "\\\\").replace('"', '\\"') + '"' for c in chunks)
                    else:
                        text = value
                    rdatas.append(dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=dns.name.root))
                self._answers[(key, rtype.upper())] = rdatas
        self._names = {k[0] for k in self._answers}

    def resolve(self, qname, rdtype="A", *args, **kwargs):
        import dns.resolver

        self.lookups += 1
        name = str(qname).lower().rstrip(".")
        rtype = str(rdtype).upper()
        if rtype.startswith("RDATATYPE."):
            rtype = rtype[len("RDATATYPE."):]
        ans = self._answers.get((name, rtype))
        if ans is not None:
            return ans
        if name in self._names:
            raise dns.resolver.NoAnswer()
        raise dns.resolver.NXDOMAIN()

    query = resolve
