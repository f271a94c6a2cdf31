//! Time of every public text entry point against input size, for ordinary and pathological inputs
//! from 1 KB to 10 MB: decode_smtp / decode_smtp_lines, decode_bounce, score_message, the record
//! validators (validate_spf, validate_dmarc, validate_dkim_key, validate_record) and SPF
//! check_host over an in-memory zone. Inputs past an entry point's limit are cut there (the column
//! says so). Prints one Markdown table per entry point with the growth ratio per 10x size over the
//! sizes below the limit: about 10 means linear.
//! `cargo run --release --example scaling`

use std::time::Instant;

use deliverkit::input::{MAX_RECORD_INPUT, MAX_SMTP_INPUT};
use deliverkit::spf::{check_host, CheckHostInput, Zone};

const SIZES: [usize; 5] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];

/// Best time of one call over up to five samples. The first call is a warm-up unless it takes
/// 1 ms or more (then it is the first sample). A call under 1 ms is repeated in each sample until
/// the sample takes about 1 ms, and the sample's mean counts. Slow inputs (the 10 MB ones) stop
/// after two samples once 1.5 s has been spent.
fn time(f: &mut dyn FnMut()) -> f64 {
    let t = Instant::now();
    f();
    let first = t.elapsed().as_secs_f64();
    let batch = if first >= 1e-3 {
        1
    } else {
        ((1e-3 / first.max(1e-8)).ceil() as usize).min(10_000)
    };
    let mut best = if batch == 1 { first } else { f64::MAX };
    let mut samples = usize::from(batch == 1);
    let mut spent = first;
    while samples < 5 && !(samples >= 2 && spent > 1.5) {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        let e = t.elapsed().as_secs_f64();
        spent += e;
        best = best.min(e / batch as f64);
        samples += 1;
    }
    best
}

/// `unit` repeated to `size` bytes and cut there (the SMTP rows).
fn build(unit: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + unit.len());
    while s.len() < size {
        s.push_str(unit);
    }
    s.truncate(size);
    s
}

/// `prefix`, then whole units `unit(0)`, `unit(1)`, ... while they fit, then `suffix(n)` for the
/// n units written: about `size` bytes, never a unit cut in two.
fn fill(
    prefix: &str,
    unit: &dyn Fn(usize) -> String,
    suffix: &dyn Fn(usize) -> String,
    size: usize,
) -> String {
    let mut s = String::with_capacity(size + 256);
    s.push_str(prefix);
    let mut n = 0;
    loop {
        let u = unit(n);
        if s.len() + u.len() + suffix(n + 1).len() > size {
            break;
        }
        s.push_str(&u);
        n += 1;
    }
    s.push_str(&suffix(n));
    s
}

fn fixed(s: &'static str) -> impl Fn(usize) -> String {
    move |_| s.to_string()
}

fn none(_: usize) -> String {
    String::new()
}

/// What a row runs.
#[derive(Clone, Copy)]
enum Entry<'z> {
    Smtp,
    SmtpLines,
    Bounce,
    Score,
    Spf,
    Dmarc,
    DkimKey,
    Record,
    /// check_host for `example.com` with the input as its record; the other names from the zone.
    CheckHost(&'z Zone),
}

fn measure(entry: Entry<'_>, input: &str) -> f64 {
    use std::hint::black_box;
    match entry {
        Entry::Smtp => time(&mut || {
            black_box(deliverkit::decode_smtp(input));
        }),
        Entry::SmtpLines => time(&mut || {
            black_box(deliverkit::decode_smtp_lines(input));
        }),
        Entry::Bounce => time(&mut || {
            black_box(deliverkit::decode_bounce(input));
        }),
        Entry::Score => time(&mut || {
            black_box(deliverkit::score_message(input));
        }),
        Entry::Spf => time(&mut || {
            black_box(deliverkit::spf::validate_spf(input));
        }),
        Entry::Dmarc => time(&mut || {
            black_box(deliverkit::validate_dmarc(input));
        }),
        Entry::DkimKey => time(&mut || {
            black_box(deliverkit::validate_dkim_key(input));
        }),
        Entry::Record => time(&mut || {
            black_box(deliverkit::validate_record(input));
        }),
        Entry::CheckHost(base) => {
            let mut zone = base.clone();
            zone.add_txt("example.com", vec![input.to_string()]);
            let q = CheckHostInput {
                ip: "198.51.100.7".parse().expect("an address"),
                domain: "example.com",
                sender: "alice@example.com",
                helo: "mail.example.com",
                receiver: "unknown",
                now: 0,
            };
            time(&mut || {
                black_box(check_host(&q, &mut zone.resolver()));
            })
        }
    }
}

struct Row<'z> {
    name: &'static str,
    entry: Entry<'z>,
    make: Box<dyn Fn(usize) -> String>,
}

fn row<'z>(
    name: &'static str,
    entry: Entry<'z>,
    make: impl Fn(usize) -> String + 'static,
) -> Row<'z> {
    Row {
        name,
        entry,
        make: Box::new(make),
    }
}

fn size_name(n: usize) -> String {
    if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n % (1 << 10) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

fn label(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{} MB", n / 1_000_000)
    } else {
        format!("{} KB", n / 1_000)
    }
}

fn cell(t: f64) -> String {
    if t < 1e-3 {
        format!("{:.1} µs", t * 1e6)
    } else if t < 1.0 {
        format!("{:.2} ms", t * 1e3)
    } else {
        format!("{:.2} s", t)
    }
}

/// One Markdown table: a heading, then a row per input kind with the time at every size, the
/// growth per 10x over the sizes at or below `limit` (geometric mean) and the largest growth of one
/// 10x step among them (an average can hide one steep step). `past` says what happens to inputs
/// past the limit ("cut at 64 KiB").
fn table(title: &str, limit: usize, past: &str, rows: &[Row<'_>]) {
    let below: Vec<usize> = SIZES.iter().copied().filter(|&s| s <= limit).collect();
    println!("### {title}\n");
    let mut head = String::from("| input |");
    for s in SIZES {
        if s > limit {
            head.push_str(&format!(" {} ({past}) |", label(s)));
        } else {
            head.push_str(&format!(" {} |", label(s)));
        }
    }
    head.push_str(&format!(
        " growth per 10x ({}..{}) | largest 10x step |",
        label(below[0]),
        label(below[below.len() - 1])
    ));
    println!("{head}");
    println!("|---|{}---:|---:|", "---:|".repeat(SIZES.len()));
    for r in rows {
        let mut cells = Vec::new();
        let mut times = Vec::new();
        for size in SIZES {
            let input = (r.make)(size);
            let t = measure(r.entry, &input);
            times.push(t);
            cells.push(cell(t));
        }
        let steps = (below.len() - 1) as f64;
        let growth = (times[below.len() - 1] / times[0]).powf(1.0 / steps);
        let step = times[..below.len()]
            .windows(2)
            .map(|w| w[1] / w[0])
            .fold(0.0, f64::max);
        println!(
            "| {} | {} | {:.1}x | {:.1}x |",
            r.name,
            cells.join(" | "),
            growth,
            step
        );
    }
    println!();
}

const BOUNCE_HEAD: &str = "From: MAILER-DAEMON@mx.example.net\r\nTo: alice@example.com\r\n\
Subject: Undelivered Mail Returned to Sender\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n";

const MESSAGE_HEAD: &str = "From: Shop <news@shop.example>\r\nTo: you@example.org\r\n\
Subject: Your weekly letter\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@shop.example>\r\n\
MIME-Version: 1.0\r\n";

/// A multipart of parts that each declare a multipart boundary that never comes (mail-parser
/// searched the rest of the message for each one: time quadratic in the length).
fn missing_boundaries(head: &'static str, size: usize) -> String {
    fill(
        &format!("{head}Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"),
        &|i| format!("--b\r\nContent-Type: multipart/mixed; boundary=\"z{i}\"\r\n\r\nx\r\n"),
        &|_| "--b--\r\n".to_string(),
        size,
    )
}

/// A multipart whose every part is a multipart, `n` levels for `n` units; the innermost holds text.
fn nested(head: &'static str, size: usize) -> String {
    fill(
        &format!("{head}Content-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n"),
        &|i| {
            format!(
                "--b{i}\r\nContent-Type: multipart/mixed; boundary=\"b{}\"\r\n\r\n",
                i + 1
            )
        },
        &|n| {
            format!(
                "--b{n}\r\nContent-Type: text/plain\r\n\r\n550 5.1.1 <bob@example.org>: User unknown\r\n--b{n}--\r\n"
            )
        },
        size,
    )
}

fn main() {
    let smtp = [
        row("mail log (decode_smtp_lines)", Entry::SmtpLines, |n| {
            build("Mar 1 10:00:00 mx postfix/smtp[1]: 4F: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.x.example[192.0.2.1] said: 550 5.1.1 <a@x.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n", n)
        }),
        row("one long reply line", Entry::Smtp, |n| {
            build("550 5.7.1 blocked using zen.spamhaus.org; ", n)
        }),
        row("a line of spaces", Entry::Smtp, |n| build(" ", n)),
        row("digits and dots", Entry::Smtp, |n| {
            build("5.5.5.5 550 4.4.4 ", n)
        }),
        row("multi-line reply", Entry::Smtp, |n| {
            build(
                "550-5.7.26 This mail has been blocked because the sender is unauthenticated\n",
                n,
            )
        }),
        row("binary bytes", Entry::Smtp, |n| {
            build("\u{1}\u{2}\u{7f}\u{3}550\u{0}", n)
        }),
        // Each phrase makes decode_smtp read a part of the text before the whole (see
        // `parts_that_say_why`): many of them must still cost time in proportion.
        row(
            "DATA's answers and quote markers, repeated",
            Entry::Smtp,
            |n| {
                build(
                "503 5.5.1 RCPT first 554 5.5.1 Error: no valid recipients The response from the \
                 remote server was: ",
                n,
            )
            },
        ),
    ];
    table(
        &format!(
            "`decode_smtp`, `decode_smtp_lines` (input limit {})",
            size_name(MAX_SMTP_INPUT)
        ),
        MAX_SMTP_INPUT,
        &format!("cut at {}", size_name(MAX_SMTP_INPUT)),
        &smtp,
    );

    let bounce = [
        row("DSN, one block per recipient", Entry::Bounce, |n| {
            fill(
                &format!("{BOUNCE_HEAD}Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nI could not deliver your message.\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"),
                &|i| format!("Final-Recipient: rfc822; user{i}@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <user{i}@example.org>: Recipient address rejected: User unknown\r\n\r\n"),
                &fixed("--b--\r\n"),
                n,
            )
        }),
        row(
            "multiparts nested, a level per ~60 bytes",
            Entry::Bounce,
            |n| nested(BOUNCE_HEAD, n),
        ),
        row(
            "multipart parts whose boundaries never come",
            Entry::Bounce,
            |n| missing_boundaries(BOUNCE_HEAD, n),
        ),
        row(
            "attached messages, no empty line after them",
            Entry::Bounce,
            |n| {
                fill(
                    &format!("{BOUNCE_HEAD}Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"),
                    &|_| "--b\r\nContent-Type: message/rfc822\r\n\x0c\r\nX: y\r\n".to_string(),
                    &|_| "\r\n\r\n--b--\r\n".to_string(),
                    n,
                )
            },
        ),
        row("body: a line of spaces", Entry::Bounce, |n| {
            fill(
                &format!("{BOUNCE_HEAD}\r\n"),
                &fixed(" "),
                &fixed("\r\n"),
                n,
            )
        }),
        row("free-form, one failed address a line", Entry::Bounce, |n| {
            fill(
                &format!("{BOUNCE_HEAD}\r\nThis is the mail system. The following addresses failed:\r\n\r\n"),
                &|i| format!("<user{i}@example.org>: host mx.example.org said: 550 5.1.1 User unknown\r\n"),
                &none,
                n,
            )
        }),
        row("free-form, addresses on one line", Entry::Bounce, |n| {
            fill(
                &format!("{BOUNCE_HEAD}\r\nDelivery failed for: "),
                &|i| format!("u{i}@example.org "),
                &fixed("\r\n"),
                n,
            )
        }),
    ];
    table(
        &format!(
            "`decode_bounce` (input limit {})",
            size_name(deliverkit::bounce::MAX_BOUNCE_INPUT)
        ),
        deliverkit::bounce::MAX_BOUNCE_INPUT,
        "",
        &bounce,
    );

    let content = [
        row("text body, a paragraph a line", Entry::Score, |n| {
            fill(
                &format!("{MESSAGE_HEAD}Content-Type: text/plain; charset=utf-8\r\n\r\n"),
                &fixed("Here is the news of the week from the shop, with the new things in stock and the opening hours.\r\n"),
                &none,
                n,
            )
        }),
        row("base64 text body", Entry::Score, |n| {
            fill(
                &format!("{MESSAGE_HEAD}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
                &fixed("SGVyZSBpcyB0aGUgbmV3cyBvZiB0aGUgd2VlayBmcm9tIHRoZSBzaG9wLCB3aXRoIHRoZSBuZXcg\r\n"),
                &none,
                n,
            )
        }),
        row(
            "multiparts nested, a level per ~60 bytes",
            Entry::Score,
            |n| nested(MESSAGE_HEAD, n),
        ),
        row(
            "multipart parts whose boundaries never come",
            Entry::Score,
            |n| missing_boundaries(MESSAGE_HEAD, n),
        ),
        row("HTML: nested <div>s, never closed", Entry::Score, |n| {
            fill(
                &format!("{MESSAGE_HEAD}Content-Type: text/html\r\n\r\n<html><body>"),
                &|i| format!("<div style=\"color:#333\"><p>Item {i} "),
                &none,
                n,
            )
        }),
        row("HTML: links, a distinct URL each", Entry::Score, |n| {
            fill(
                &format!("{MESSAGE_HEAD}Content-Type: text/html\r\n\r\n<html><body>"),
                &|i| {
                    format!("<p><a href=\"https://shop.example/item/{i}?utm=x\">See item {i}</a></p>\r\n")
                },
                &fixed("</body></html>\r\n"),
                n,
            )
        }),
        row("body: a line of spaces", Entry::Score, |n| {
            fill(
                &format!("{MESSAGE_HEAD}Content-Type: text/plain\r\n\r\n"),
                &fixed(" "),
                &fixed("\r\n"),
                n,
            )
        }),
        row("Subject: a line of spaces", Entry::Score, |n| {
            fill(
                "From: a@shop.example\r\nTo: you@example.org\r\nSubject: ",
                &fixed(" "),
                &fixed("x\r\n\r\nHello\r\n"),
                n,
            )
        }),
    ];
    table(
        &format!(
            "`score_message` (input limit {})",
            size_name(deliverkit::content::MAX_MESSAGE_INPUT)
        ),
        deliverkit::content::MAX_MESSAGE_INPUT,
        "",
        &content,
    );

    let spf = [
        row("ip4 terms", Entry::Spf, |n| {
            fill(
                "v=spf1 ",
                &|i| format!("ip4:10.{}.{}.0/24 ", (i >> 8) & 255, i & 255),
                &fixed("-all"),
                n,
            )
        }),
        row("include terms", Entry::Spf, |n| {
            fill(
                "v=spf1 ",
                &|i| format!("include:i{i}.example.com "),
                &fixed("-all"),
                n,
            )
        }),
        row("exists terms with macros", Entry::Spf, |n| {
            fill(
                "v=spf1 ",
                &|i| format!("exists:%{{ir}}.%{{l1r-}}.{i}.%{{d2}}.example.com "),
                &fixed("-all"),
                n,
            )
        }),
        row("a line of spaces", Entry::Spf, |n| {
            fill("v=spf1", &fixed(" "), &fixed("-all"), n)
        }),
    ];
    let record_limit = MAX_RECORD_INPUT;
    let cut = format!("cut at {}", size_name(record_limit));
    table(
        &format!(
            "`spf::validate_spf` (input limit {})",
            size_name(record_limit)
        ),
        record_limit,
        &cut,
        &spf,
    );

    let dmarc = [
        row("the same tag repeated", Entry::Dmarc, |n| {
            fill("v=DMARC1; p=reject; ", &fixed("p=reject; "), &none, n)
        }),
        row("distinct unknown tags", Entry::Dmarc, |n| {
            fill("v=DMARC1; p=reject; ", &|i| format!("x{i}=y; "), &none, n)
        }),
        row("rua with many URIs", Entry::Dmarc, |n| {
            fill(
                "v=DMARC1; p=reject; rua=",
                &|i| format!("mailto:d{i}@example.com,"),
                &fixed("mailto:d@example.com"),
                n,
            )
        }),
        row("a line of spaces", Entry::Dmarc, |n| {
            fill("v=DMARC1;", &fixed(" "), &fixed("p=none"), n)
        }),
    ];
    table(
        &format!("`validate_dmarc` (input limit {})", size_name(record_limit)),
        record_limit,
        &cut,
        &dmarc,
    );

    let dkim = [
        row("a long p= key", Entry::DkimKey, |n| {
            fill(
                "v=DKIM1; k=rsa; p=",
                &fixed("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"),
                &none,
                n,
            )
        }),
        row("p= folded with spaces", Entry::DkimKey, |n| {
            fill(
                "v=DKIM1; k=rsa; p=",
                &fixed("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA "),
                &none,
                n,
            )
        }),
        row("distinct tags", Entry::DkimKey, |n| {
            fill(
                "v=DKIM1; k=rsa; ",
                &|i| format!("x{i}=y; "),
                &fixed("p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"),
                n,
            )
        }),
        row("a line of spaces", Entry::DkimKey, |n| {
            fill("v=DKIM1;", &fixed(" "), &fixed("p="), n)
        }),
    ];
    table(
        &format!(
            "`validate_dkim_key` (input limit {})",
            size_name(record_limit)
        ),
        record_limit,
        &cut,
        &dkim,
    );

    let record = [
        row("SPF: ip4 terms", Entry::Record, |n| {
            fill(
                "v=spf1 ",
                &|i| format!("ip4:10.{}.{}.0/24 ", (i >> 8) & 255, i & 255),
                &fixed("-all"),
                n,
            )
        }),
        row("DKIM-Signature: a long h= list", Entry::Record, |n| {
            fill(
                "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=s1; t=1700000000; \
bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=dGVzdA==; h=from:to:subject",
                &|i| format!(":x-h{i}"),
                &none,
                n,
            )
        }),
        row("MTA-STS policy: an mx line each", Entry::Record, |n| {
            fill(
                "version: STSv1\nmode: enforce\nmax_age: 86400\n",
                &|i| format!("mx: mx{i}.example.com\n"),
                &none,
                n,
            )
        }),
        row("TLS-RPT: rua with many URIs", Entry::Record, |n| {
            fill(
                "v=TLSRPTv1; rua=",
                &|i| format!("mailto:t{i}@example.com,"),
                &fixed("mailto:t@example.com"),
                n,
            )
        }),
        row("BIMI: a long l= URL", Entry::Record, |n| {
            fill(
                "v=BIMI1; l=https://example.com/",
                &fixed("logo/"),
                &fixed("logo.svg"),
                n,
            )
        }),
        row("no version tag: distinct tags", Entry::Record, |n| {
            fill(
                "",
                &|i| format!("x{i}=y; "),
                &fixed("p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"),
                n,
            )
        }),
        row("spaces, then v=spf1", Entry::Record, |n| {
            fill("", &fixed(" "), &fixed("v=spf1 -all"), n)
        }),
    ];
    table(
        &format!(
            "`validate_record` (every record kind; input limit {})",
            size_name(record_limit)
        ),
        record_limit,
        &cut,
        &record,
    );

    // Every include name a record of up to the limit can hold is answered (with a record that
    // does not match, so evaluation goes on to the next include).
    let mut zone = Zone::default();
    for i in 0..record_limit / 20 {
        zone.add_txt(&format!("i{i}.example.com"), vec!["v=spf1 -all".into()]);
    }
    // The include row's label: evaluation stops at the 11th DNS-querying term.
    {
        let mut z = zone.clone();
        let rec = fill(
            "v=spf1 ",
            &|i| format!("include:i{i}.example.com "),
            &fixed("-all"),
            1_000,
        );
        z.add_txt("example.com", vec![rec]);
        let q = CheckHostInput {
            ip: "198.51.100.7".parse().expect("an address"),
            domain: "example.com",
            sender: "alice@example.com",
            helo: "mail.example.com",
            receiver: "unknown",
            now: 0,
        };
        let r = check_host(&q, &mut z.resolver());
        assert_eq!(
            (r.result, r.lookups),
            (deliverkit::spf::SpfVerdict::PermError, 11)
        );
    }
    let check = [
        row(
            "include terms, each answered (permerror at the 11th lookup)",
            Entry::CheckHost(&zone),
            |n| {
                fill(
                    "v=spf1 ",
                    &|i| format!("include:i{i}.example.com "),
                    &fixed("-all"),
                    n,
                )
            },
        ),
        row(
            "ip4 terms that do not match",
            Entry::CheckHost(&zone),
            |n| {
                fill(
                    "v=spf1 ",
                    &|i| format!("ip4:10.{}.{}.0/24 ", (i >> 8) & 255, i & 255),
                    &fixed("-all"),
                    n,
                )
            },
        ),
        row("a line of spaces", Entry::CheckHost(&zone), |n| {
            fill("v=spf1", &fixed(" "), &fixed("-all"), n)
        }),
    ];
    table(
        &format!(
            "`spf::check_host` over an in-memory `Zone` (record limit {})",
            size_name(record_limit)
        ),
        record_limit,
        &format!("over {}: permerror", size_name(record_limit)),
        &check,
    );
}
