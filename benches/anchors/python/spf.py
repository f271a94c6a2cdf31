#!/usr/bin/env python3
"""SPF anchors in Python, over spf_simple + spf_real, with no network.

pyspf (module `spf`, dist "pyspf"):
    pyspf has no syntax-only entry point: query.check() validates and evaluates in one
    loop (check0), and the evaluation does DNS. What is timed is the offline first half of
    check0, reproduced here call for call: the "v=spf1" test, the split on SP, the
    RE_MODIFIER split of each term, query.validate_mechanism() for each mechanism (qualifier,
    mechanism name, CIDR lengths, ip4/ip6 syntax, domain-spec macro expansion, strict mode so
    every error raises PermError), the duplicate-modifier checks and expand_domain()/expand()
    of the modifier values. Left out: the evaluation loop (include/a/mx/exists/ptr lookups,
    IP matching) and the DNS fetch of an exp= explanation, both need DNS.
    One query object (i=192.0.2.1, s=postmaster@<domain>, h=mx.bench.example) is reused.

checkdmarc (checkdmarc.spf.parse_spf_record):
    its full parser: pyleri grammar check, then the term walk that counts DNS-querying terms
    and *follows* include/redirect and resolves a/mx to count lookups (RFC 7208 4.6.4). Those
    lookups are answered by an in-memory stub resolver built from the corpus zone (no
    network; see bench_lib.ZoneResolver), and checkdmarc's own DNS_CACHE stays on as it does
    in normal use. spf_real records therefore cost it more than a pure parse; the extra field
    dnsFreeSubsetRecordsPerSecond is the rate on spf_simple alone (ip4/ip6/all only, no lookup).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_lib  # noqa: E402

bench_lib.install_network_guard()
bench_lib.SUITE = "spf"

# this file is called spf.py too: take the script folder off sys.path before importing pyspf
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
import spf as pyspf  # noqa: E402
import checkdmarc.spf as cd_spf  # noqa: E402

assert os.path.abspath(pyspf.__file__) != os.path.abspath(__file__), "imported the script, not pyspf"

corpus = bench_lib.load_corpus()
items = bench_lib.entries(corpus, "spf_simple", "spf_real")
DEFAULT_DOMAIN = "bench.example"


def _no_dns(self, name, qtype, *a, **k):
    raise bench_lib.NetworkDisabled(f"pyspf tried DNS: {name} {qtype}")


pyspf.query.dns = _no_dns  # the syntax phase must never reach it

query = pyspf.query(i="192.0.2.1", s="postmaster@" + DEFAULT_DOMAIN, h="mx.bench.example", strict=True)


def pyspf_syntax(item):
    """The validation half of pyspf's query.check0(), without the evaluation (DNS) half."""
    domain, record = item
    q = query
    q.d = q.o = domain or DEFAULT_DOMAIN
    q.perm_error = None
    try:
        terms = record.split(" ")
        if terms[0].lower() != "v=spf1":
            return False
        terms = [t for t in terms[1:] if t]
        modifiers = []
        for term in terms:
            m = pyspf.RE_MODIFIER.split(term)[1:]
            if len(m) != 2:
                q.validate_mechanism(term)
                continue
            mod, arg = m
            if mod in modifiers:
                if mod == "redirect":
                    raise pyspf.PermError("redirect= MUST appear at most once", term)
                q.note_error("%s= MUST appear at most once" % mod, term)
            modifiers.append(mod)
            if mod == "exp":
                if not arg:
                    raise pyspf.PermError("exp has empty domain-spec:", arg)
                q.expand_domain(arg)  # the TXT fetch of the explanation is left out
            elif mod == "redirect":
                if not q.expand_domain(arg):
                    raise pyspf.PermError("redirect has empty domain:", arg)
            elif mod in ("default", "op"):
                pass
            else:
                q.expand(m[1])
        return True
    except (pyspf.PermError, pyspf.AmbiguityWarning):
        return False


resolver = bench_lib.ZoneResolver(corpus["zone"])


def checkdmarc_spf(item):
    domain, record = item
    try:
        cd_spf.parse_spf_record(record, domain or DEFAULT_DOMAIN, resolver=resolver, timeout=1.0, retries=0)
        return True
    except cd_spf.SPFError:
        return False


bench_lib.bench(
    "pyspf",
    bench_lib.version("pyspf"),
    items,
    pyspf_syntax,
    timed="validation half of query.check0 (validate_mechanism per term), no evaluation",
)

simple = [i for i in items if i[0] is None]
rate_simple, _, _ = bench_lib.measure(checkdmarc_spf, simple)
bench_lib.bench(
    "checkdmarc",
    bench_lib.version("checkdmarc"),
    items,
    checkdmarc_spf,
    timed="parse_spf_record, include/a/mx answered by an in-memory zone stub",
    dnsFreeSubsetRecordsPerSecond=round(rate_simple),
    dnspython=bench_lib.version("dnspython"),
)
