//! Property tests of the invariants every entry point keeps (issue #8), over inputs generated from
//! each grammar's own tokens with a fixed-seed generator (reproducible, no extra dependency):
//! no panic; every span inside the input on character boundaries; the same output twice; and the
//! same decoding with LF, CRLF and CR line endings.

use deliverkit::{Diagnostic, Span};

/// xorshift64*: small, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
    fn text(&mut self, tokens: &[&str], max: u64) -> String {
        let n = self.next() % max;
        (0..n).map(|_| self.pick(tokens)).collect()
    }
}

const SMTP: &[&str] = &[
    "550",
    "451",
    "421",
    "5.1.1",
    "4.7.0",
    "-",
    " ",
    " ",
    "\n",
    "\r\n",
    "user unknown",
    "mailbox full",
    "gsmtp",
    "PRX2",
    "(S3150)",
    "TSS04",
    "<a@example.com>",
    "said:",
    "host mx.example.com[192.0.2.1]",
    "in reply to RCPT TO command",
    "dsn=5.1.1",
    "status=bounced (",
    ")",
    "é",
    "😀",
    "\0",
    "%",
    "550-5.7.26 ",
    "https://support.google.com/x",
];
const SPF: &[&str] = &[
    "v=spf1",
    " ",
    "  ",
    "ip4:192.0.2.0/24",
    "ip6:2001:db8::/32",
    "include:_spf.example.com",
    "a",
    "mx:example.com/24//64",
    "ptr",
    "exists:%{i}.%{d}",
    "redirect=example.net",
    "exp=x.example.com",
    "-all",
    "~all",
    "+all",
    "?all",
    "/",
    "%{",
    "}",
    "\"",
    "é",
    "ip4:",
    "a:",
    "=",
    ":",
    "\t",
];
const RECORD: &[&str] = &[
    "v=DMARC1",
    "v=DKIM1",
    "v=STSv1",
    "v=TLSRPTv1",
    "v=BIMI1",
    "; ",
    ";",
    " ",
    "p=reject",
    "sp=none",
    "rua=mailto:d@example.com",
    "ruf=mailto:f@example.org!10m",
    "pct=50",
    "fo=1:d",
    "k=rsa",
    "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ",
    "h=sha256",
    "id=2026",
    "mode: enforce\n",
    "mx: *.example.com\n",
    "max_age: 86400\n",
    "version: STSv1\n",
    "l=https://x.example/logo.svg",
    "=",
    "\"",
    "é",
    "\r\n",
];
const MAIL: &[&str] = &[
    "From: MAILER-DAEMON@example.net\n",
    "To: a@example.com\n",
    "Subject: Undelivered Mail\n",
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n",
    "\n",
    "--b\n",
    "--b--\n",
    "Content-Type: message/delivery-status\n",
    "Final-Recipient: rfc822; bob@example.org\n",
    "Action: failed\n",
    "Status: 5.1.1\n",
    "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n",
    "Content-Transfer-Encoding: base64\n",
    "Content-Transfer-Encoding: quoted-printable\n",
    "=E9=3D\n",
    "bob@example.org: 550 5.1.1 User unknown\n",
    "Content-Type: message/rfc822\n",
    "Message-ID: <x@example.com>\n",
    "é",
    " ",
    "\0",
];

fn spans_ok(input: &str, spans: impl IntoIterator<Item = Span>) {
    for s in spans {
        let (a, b) = (s.start as usize, s.end as usize);
        assert!(
            a <= b && b <= input.len(),
            "span {a}..{b} outside {} bytes of {input:?}",
            input.len()
        );
        assert!(
            input.is_char_boundary(a) && input.is_char_boundary(b),
            "span {a}..{b} splits a character in {input:?}"
        );
    }
}

fn diag_spans(d: &[Diagnostic]) -> impl Iterator<Item = Span> + '_ {
    d.iter().filter_map(|d| d.span)
}

const CASES: u64 = 1500;

#[test]
fn smtp_invariants() {
    let mut rng = Rng(0x5eed_0001);
    let mut with_codes = 0;
    for _ in 0..CASES {
        let t = rng.text(SMTP, 24);
        let a = deliverkit::decode_smtp(&t);
        spans_ok(
            &t,
            std::iter::once(a.span).chain(diag_spans(&a.diagnostics)),
        );
        assert_eq!(a, deliverkit::decode_smtp(&t));
        with_codes += usize::from(a.reply_code.is_some() && a.status.is_some());
        let lines = deliverkit::decode_smtp_lines(&t);
        for r in &lines {
            spans_ok(
                &t,
                std::iter::once(r.span).chain(diag_spans(&r.diagnostics)),
            );
        }
        // Line endings: LF, CRLF and CR read alike (codes, status, reason of each reply).
        let lf = t.replace("\r\n", "\n").replace('\r', "\n");
        let key = |s: &str| {
            deliverkit::decode_smtp_lines(s)
                .iter()
                .map(|r| (r.reply_code, r.status.clone(), r.reason))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&lf), key(&lf.replace('\n', "\r\n")), "CRLF: {lf:?}");
    }
    assert!(
        with_codes >= 100,
        "only {with_codes} generated replies had a code and a status"
    );
}

#[test]
fn record_invariants() {
    let mut rng = Rng(0x5eed_0002);
    for _ in 0..CASES {
        let spf = format!(
            "{}{}",
            rng.pick(&["v=spf1 ", "", "\"v=spf1 "]),
            rng.text(SPF, 20)
        );
        let r = deliverkit::spf::validate_spf(&spf);
        spans_ok(
            &spf,
            r.terms
                .iter()
                .flat_map(|t| std::iter::once(t.span).chain(t.value_span))
                .chain(diag_spans(&r.diagnostics)),
        );
        assert_eq!(r, deliverkit::spf::validate_spf(&spf));
        assert_eq!(
            r.valid,
            !r.diagnostics
                .iter()
                .any(|d| d.severity == deliverkit::Severity::Error)
        );

        let rec = rng.text(RECORD, 16);
        let r = deliverkit::validate_record(&rec);
        spans_ok(&rec, diag_spans(&r.diagnostics));
        assert_eq!(r, deliverkit::validate_record(&rec));
    }
}

#[test]
fn bounce_invariants() {
    let mut rng = Rng(0x5eed_0003);
    let mut with_recipients = 0;
    for _ in 0..CASES / 3 {
        let lf = rng.text(MAIL, 30);
        let a = deliverkit::decode_bounce(&lf);
        spans_ok(&lf, diag_spans(&a.diagnostics));
        assert_eq!(a, deliverkit::decode_bounce(&lf));
        assert_eq!(
            a.recipients.is_empty(),
            a.kind == deliverkit::BounceKind::NotBounce
        );
        let key = |s: &str| {
            deliverkit::decode_bounce(s)
                .recipients
                .iter()
                .map(|r| (r.recipient.clone(), r.reason, r.status.clone()))
                .collect::<Vec<_>>()
        };
        let k = key(&lf);
        with_recipients += usize::from(!k.is_empty());
        assert_eq!(k, key(&lf.replace('\n', "\r\n")), "CRLF: {lf:?}");
        if !lf.contains('\r') {
            assert_eq!(k, key(&lf.replace('\n', "\r")), "CR: {lf:?}");
        }
    }
    // The generator reaches real bounces, so the line-ending property is not vacuous.
    assert!(
        with_recipients >= 25,
        "only {with_recipients} generated bounces had recipients"
    );
}

const CONTENT: &[&str] = &[
    "From: Shop <news@shop.example>\n",
    "From: \"service@bank.example\" <x@evil.example>\n",
    "To: a@example.com\n",
    "Subject: FREE CASH!!! act now\n",
    "Subject: =?utf-8?q?caf=C3=A9?=\n",
    "Date: Mon, 1 Jan 2024 10:00:00 +0000\n",
    "Date: 03 Jul 01 4:12:06 PM\n",
    "Message-ID: <1@shop.example>\n",
    "Received: from a.example by b.example; Mon, 1 Jan 2024 10:00:00 +0000\n",
    "Authentication-Results: mx.example; dkim=fail header.d=shop.example\n",
    "List-Unsubscribe: <https://shop.example/u>, <mailto:u@shop.example>\n",
    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n",
    "DKIM-Signature: v=1; a=rsa-sha256; d=shop.example; s=s; h=from:list-unsubscribe; bh=AA==; b=AA==\n",
    "MIME-Version: 1.0\n",
    "Content-Type: multipart/alternative; boundary=\"b\"\n",
    "Content-Type: text/html; charset=utf-8\n",
    "Content-Type: text/plain; charset=x-bogus\n",
    "Content-Transfer-Encoding: quoted-printable\n",
    "Content-Transfer-Encoding: base64\n",
    "Content-Disposition: attachment; filename=\"invoice.exe\"\n",
    "\n",
    "--b\n",
    "--b--\n",
    "<a href=\"http://bit.ly/x\">https://www.paypal.com/</a>",
    "<img src=\"https://t.example/p.gif\" width=1 height=1>",
    "<div style=\"display:none\">hidden words</div>",
    "<span style=\"font-size:0\">tiny</span><font color=#fff>white</font>",
    "<form action=\"https://f.example\"><script>x</script>",
    "Click here to claim your $1,000,000 prize! v1agra F R E E\n",
    "fr\u{200b}ee =E9=3D caf\u{e9} ",
    "http://192.0.2.1/login www.example.com ",
    "\0",
    " ",
];

#[test]
fn content_invariants() {
    use deliverkit::content::{score_message, ScoreReport, Verdict};
    let mut rng = Rng(0x5eed_0006);
    let mut findings = 0;
    let key = |r: &ScoreReport| {
        r.findings
            .iter()
            .map(|f| (f.rule, (f.points * 100.0).round() as i64))
            .collect::<Vec<_>>()
    };
    for _ in 0..CASES / 3 {
        let lf = rng.text(CONTENT, 30);
        let a = score_message(&lf);
        let spans = diag_spans(&a.diagnostics)
            .chain(
                a.findings
                    .iter()
                    .flat_map(|f| f.evidence.iter().filter_map(|e| e.span)),
            )
            .chain(a.summary.headers.iter().map(|h| h.span))
            .chain(a.summary.parts.iter().map(|p| p.span))
            .chain(a.trace.hops.iter().map(|h| h.span))
            .chain(a.trace.auth.iter().map(|x| x.span))
            .collect::<Vec<_>>();
        spans_ok(&lf, spans);
        assert_eq!(a, score_message(&lf));
        let sum: f64 = a.findings.iter().map(|f| f.points).sum();
        assert!((sum - a.score).abs() < 0.02, "{lf:?}");
        assert_eq!(a.verdict == Verdict::Spam, a.score >= a.threshold);
        findings += a.findings.len();
        assert_eq!(
            key(&a),
            key(&score_message(&lf.replace('\n', "\r\n"))),
            "CRLF: {lf:?}"
        );
        if !lf.contains('\r') {
            assert_eq!(
                key(&a),
                key(&score_message(&lf.replace('\n', "\r"))),
                "CR: {lf:?}"
            );
        }
    }
    // The generator reaches real messages, so the line-ending property is not vacuous.
    assert!(
        findings >= 1000,
        "only {findings} findings over the generated messages"
    );
}
