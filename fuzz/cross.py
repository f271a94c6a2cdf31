#!/usr/bin/env python3
"""Seeds each fuzz target with what the other targets' kept corpora reached: fuzz/cross.py

Several targets reach the same code by different roads. decode_bounce scans SMTP replies inside
bounce bodies, which is decode_smtp's code; validate_record reaches the SPF validator behind its
`v=spf1 ` prefix; score_message and decode_bounce share the MIME and charset layers; score_message
checks DKIM-Signature headers, which validate_record checks as records. A target's own runs find
these paths slowly (they are behind its input mapping), so a target that has stopped finding new
edges by itself may still be far from what another target has reached in the same code. Measured
on 2026-11-30 by merging these inputs into the kept sets: decode_bounce +111 edges, decode_smtp +55,
validate_record +164, score_message +14 (validate_spf gained none from validate_record).

Reads the kept sets (fuzz/kept/*.tar.xz, so the result does not depend on what is lying in
fuzz/corpus/) and writes into fuzz/corpus/<target>/ files named c-<sha1>. seed.sh calls it last.
The mappings (the SPF token table, the record prefixes and alphabet) are read from the fuzz
targets' sources, so that a change there cannot leave this script writing inputs that no longer
mean what they meant.
"""
import ast
import hashlib
import pathlib
import re
import sys
import tarfile

HERE = pathlib.Path(__file__).resolve().parent


def kept(target):
    """The kept inputs of a target, in name order (empty if it has no kept set)."""
    path = HERE / "kept" / f"{target}.tar.xz"
    if not path.exists():
        return []
    with tarfile.open(path) as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile()), key=lambda m: m.name)
        return [tar.extractfile(m).read() for m in members]


def rust_const(target, name):
    """A `const NAME: ... = ...;` of a fuzz target: a list of strings or a byte string."""
    src = (HERE / "fuzz_targets" / f"{target}.rs").read_text(encoding="utf-8")
    m = re.search(rf"const {name}: [^=]*=\s*(.*?);\n", src, re.S)
    if not m:
        sys.exit(f"cross.py: no const {name} in fuzz_targets/{target}.rs")
    body = m.group(1).strip()
    if body.startswith("b\""):
        return ast.literal_eval(body)  # a Rust byte string literal without escapes beyond \t \r \n \"
    return ast.literal_eval(body.lstrip("&"))


def write(target, items):
    out = HERE / "corpus" / target
    out.mkdir(parents=True, exist_ok=True)
    names = set()
    for data in items:
        name = "c-" + hashlib.sha1(data).hexdigest()
        if name not in names:
            names.add(name)
            (out / name).write_bytes(data)
    print(f"{target}: {len(names)} inputs from the other targets' kept sets")


def record_text(data, prefixes, alphabet):
    """What validate_record's target makes of an input (the mapping in its fuzz_target!)."""
    if not data:
        return None
    mode, rest = data[0], data[1:]
    if mode & 1 == 0:
        return rest
    return prefixes[(mode >> 1) % len(prefixes)].encode() + bytes(alphabet[b % len(alphabet)] for b in rest)


BOUNCES = [
    b"From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nTo: sender@example.com\n"
    b"Subject: Undelivered Mail Returned to Sender\n\nThis is the mail system at host mx.example.net.\n\n"
    b"<rcpt@example.org>: host mx.example.org[192.0.2.1] said: @@ (in reply to RCPT TO command)\n",
    b"From: Mail Delivery Subsystem <MAILER-DAEMON@example.net>\nTo: sender@example.com\n"
    b"Subject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n"
    b"Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n"
    b"Content-Type: text/plain\n\nDelivery to the following recipient failed permanently:\n\n     rcpt@example.org\n\n"
    b"--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
    b"Final-Recipient: rfc822; rcpt@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; @@\n\n--b--\n",
    b"From: Mail Delivery System <Mailer-Daemon@example.net>\nTo: sender@example.com\n"
    b"Subject: Mail delivery failed: returning message to sender\n\n"
    b"This message was created automatically by mail delivery software.\n\n"
    b"A message that you sent could not be delivered to one or more of its\n"
    b"recipients. This is a permanent error. The following address(es) failed:\n\n"
    b"  rcpt@example.org\n    host mx.example.org [192.0.2.1]\n"
    b"    SMTP error from remote mail server after RCPT TO:<rcpt@example.org>:\n    @@\n",
]

MESSAGE_AFTER_SIGNATURE = (
    b"\nFrom: News <news@example.com>\nTo: a@example.org\nSubject: Hello\n"
    b"Date: Tue, 14 Nov 2023 22:13:20 +0000\nMessage-ID: <1@example.com>\n"
    b"Authentication-Results: mx.example.org; dkim=pass header.d=example.com;"
    b" spf=pass smtp.mailfrom=example.com; dmarc=pass header.from=example.com\n"
    b"Content-Type: text/plain\n\nHello there.\n"
)


def main():
    tokens = rust_const("validate_spf", "TOKENS")
    prefixes = rust_const("validate_record", "PREFIXES")
    alphabet = rust_const("validate_record", "ALPHABET")
    spf, smtp, record = kept("validate_spf"), kept("decode_smtp"), kept("validate_record")
    bounce, message = kept("decode_bounce"), kept("score_message")

    # validate_record: the SPF records validate_spf reached, as its target reads them (raw text,
    # and the token sequence behind "v=spf1 "), behind the text mode byte.
    def spf_forms(d):
        yield d
        yield ("v=spf1 " + "".join(tokens[b % len(tokens)] for b in d)).encode()

    write("validate_record", [b"\0" + f for d in spf for f in spf_forms(d)])

    # decode_bounce: the replies decode_smtp reached inside three bounce shapes (Postfix, a DSN's
    # Diagnostic-Code, Exim), and the messages score_message reached.
    write("decode_bounce", [t.replace(b"@@", d) for d in smtp for t in BOUNCES] + message)

    # score_message: the bounces decode_bounce reached, and the DKIM-Signature headers
    # validate_record reached, at the top of a message.
    sigs = []
    for d in record:
        t = record_text(d, prefixes, alphabet)
        if t and t.lower().startswith(b"dkim-signature:"):
            sigs.append(t.replace(b"\r\n", b"\n").replace(b"\n", b"\n ") + MESSAGE_AFTER_SIGNATURE)
    write("score_message", bounce + sigs)

    # decode_smtp: the reply lines (and pairs of lines, for multi-line replies and folded
    # diagnostics) in what decode_bounce and score_message reached, and their first 4 KiB whole.
    lines_out = []
    for d in bounce + message:
        lines_out.append(d[:4096])
        lines = d.replace(b"\r\n", b"\n").split(b"\n")
        lines_out += [x for x in lines if 3 <= len(x) <= 4096 and any(c in x[:8] for c in b"2345")]
        lines_out += [a + b"\n" + b for a, b in zip(lines, lines[1:]) if a[:1].isdigit()]
    write("decode_smtp", lines_out)


if __name__ == "__main__":
    main()
