#!/usr/bin/env python3
"""Writes the libFuzzer dictionaries of the message targets (fuzz/dict/*.dict) from deliverkit's
own tables in data/ and the MIME, DSN and header vocabulary of RFC 2045, 3464, 5322, 5965, 8058.

A token the decoder looks for is one a random mutation almost never spells; with a dictionary the
fuzzer inserts it whole, so the branches behind every marker are reached in minutes, not days.

    python3 fuzz/make_dicts.py        # then: ... -dict=dict/bounce.dict (see docs/RELIABILITY.md)
"""
import csv
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUT = ROOT / "fuzz" / "dict"

MIME = [
    "MIME-Version: 1.0", "Content-Type: ", "Content-Transfer-Encoding: ", "Content-Disposition: ",
    "multipart/report", "multipart/mixed", "multipart/alternative", "multipart/related",
    "report-type=delivery-status", "report-type=feedback-report", "boundary=", "boundary=\"",
    "charset=", "charset=\"iso-2022-jp\"", "charset=utf-8", "charset=shift_jis", "charset=utf-7",
    "charset=iso-8859-1", "charset=windows-1252", "name=", "filename=",
    "text/plain", "text/html", "message/rfc822", "message/delivery-status",
    "message/global-delivery-status", "message/feedback-report", "text/rfc822-headers",
    "message/global", "message/global-headers", "image/png", "application/octet-stream",
    "quoted-printable", "base64", "7bit", "8bit", "binary", "inline", "attachment",
    "=?utf-8?B?", "=?iso-2022-jp?B?", "=?utf-8?Q?", "?=", "=\n", "=3D", "=20", "=E3=81=82",
    "\n--", "--\n", "\n\n", "\r\n", "\r\n\r\n", "\x1b$B", "\x1b(B", "+AGEAYgBj-",
]
DSN = [
    "Reporting-MTA: dns; ", "Received-From-MTA: dns; ", "Arrival-Date: ", "Original-Envelope-Id: ",
    "Final-Recipient: rfc822; ", "Original-Recipient: rfc822; ", "Action: failed",
    "Action: delayed", "Action: delivered", "Action: relayed", "Action: expanded",
    "Status: 5.1.1", "Status: 4.4.1", "Status: 5.7.1", "Remote-MTA: dns; ",
    "Diagnostic-Code: smtp; ", "Diagnostic-Code: X-Postfix; ", "Last-Attempt-Date: ",
    "Will-Retry-Until: ", "X-Postfix-Queue-ID: ", "X-Postfix-Sender: rfc822; ",
    "Feedback-Type: abuse", "Feedback-Type: ", "User-Agent: ", "Version: 1", "Original-Rcpt-To: ",
    "Original-Mail-From: ", "Source-IP: ", "Reported-Domain: ", "Authentication-Results: ",
    "550 5.1.1 ", "550-5.7.26 ", "421 4.7.0 ", "452 4.2.2 ", "554 5.7.1 ", "(in reply to RCPT TO command)",
    "(in reply to end of DATA command)", "(in reply to MAIL FROM command)", "said: ",
    "SMTP error from remote mail server after RCPT TO:", "R=", "T=", "dsn=5.0.0, stat=",
    "status=bounced (", "status=deferred (", "<<< ", ">>> ", "host ", "[192.0.2.1]", "#5.1.1",
]
HEADERS = [
    "From: ", "To: ", "Cc: ", "Subject: ", "Date: ", "Message-ID: ", "Message-Id: <", "Return-Path: <",
    "Reply-To: ", "Sender: ", "In-Reply-To: ", "References: ", "Received: from ", "by ", "with ESMTP",
    "for <", "Auto-Submitted: auto-replied", "Auto-Submitted: auto-generated", "Precedence: bulk",
    "X-Autoreply: yes", "X-Failed-Recipients: ", "X-Apple-Unsubscribe: true", "List-Unsubscribe: <",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "List-Id: ", "DKIM-Signature: v=1; ",
    "Authentication-Results: ", "ARC-Seal: ", "X-Mailer: ", "X-Spam-Status: ", "Delivered-To: ",
    "MAILER-DAEMON@", "postmaster@", "Mail Delivery Subsystem", "Undelivered Mail Returned to Sender",
    "Delivery Status Notification (Failure)", "Returned mail: ", "spf=pass", "dkim=pass",
    "dmarc=pass", "spf=fail", "dkim=fail", "dmarc=fail", "header.from=", "smtp.mailfrom=",
    "header.d=", "d=", "s=", "bh=", "b=", "h=", "mailto:", "https://", "http://", "@", "<", ">",
]
HTML = [
    "<html>", "</html>", "<body>", "<a href=\"", "\">", "</a>", "<img src=\"", "<img src=\"cid:",
    "<div style=\"", "display:none", "font-size:0", "color:#ffffff", "<table>", "<td>", "<p>",
    "<br>", "<style>", "</style>", "<script>", "<!--", "-->", "&nbsp;", "&amp;", "&#",
    "<form", "<iframe", "<base href=\"", "<span style=\"",
]


def rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def tokens_of(text):
    """A table pattern, split at its `*` wildcards; a leading `!` marks strength, not text."""
    return [t for t in text.lstrip("!").split("*") if t.strip()]


def escape(token):
    out = []
    for b in token.encode("utf-8"):
        if b in (0x22, 0x5C) or b < 0x20 or b > 0x7E:
            out.append("\\x%02X" % b)
        else:
            out.append(chr(b))
    return '"' + "".join(out) + '"'


def write(name, tokens):
    seen, kept = set(), []
    for t in tokens:
        # libFuzzer's dictionary entries are at most 64 bytes long.
        if t and t not in seen and len(t.encode("utf-8")) <= 64:
            seen.add(t)
            kept.append(t)
    OUT.mkdir(exist_ok=True)
    with open(OUT / name, "w", encoding="ascii") as f:
        f.write("# Generated by fuzz/make_dicts.py from data/ and the RFC vocabularies there.\n")
        for t in kept:
            f.write(escape(t) + "\n")
    print(f"fuzz/dict/{name}: {len(kept)} tokens")


def provider_markers():
    for r in rows("providers.tsv"):
        for m in r["markers"].split():
            kind, _, value = m.partition(":")
            if kind in ("text", "host"):
                yield value


bounce = MIME + DSN + HEADERS
bounce += [r["marker"] for r in rows("bounce-markers.tsv")]
bounce += [r["marker"] for r in rows("agents.tsv")]
bounce += [t for r in rows("reason-patterns.tsv") for t in tokens_of(r["pattern"])]
bounce += [t for r in rows("provider-rules.tsv") for t in tokens_of(r["pattern"])]
bounce += list(provider_markers())
write("bounce.dict", bounce)

content = MIME + HEADERS + HTML
content += [r["entry"] for r in rows("content-words.tsv")]

write("content.dict", content)
