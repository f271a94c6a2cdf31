//! Times every text entry point (score_message included) on hostile inputs (a guard against super-linear paths):
//! `cargo run --release --example hostile`.
use std::time::Instant;

fn main() {
    let hostile: Vec<(&str, String)> = vec![
        ("1M spaces", " ".repeat(1_000_000)),
        ("100k digits", "5".repeat(100_000)),
        ("50k continuation prefixes", "550-".repeat(50_000)),
        (
            "5000 nested multiparts",
            format!(
                "Content-Type: multipart/mixed; boundary=a\n\n{}",
                "--a\nContent-Type: multipart/mixed; boundary=a\n\n".repeat(5000)
            ),
        ),
        (
            "20000 nested multiparts, a boundary each, none closed",
            format!(
                "Content-Type: multipart/mixed; boundary=b0\n\n{}",
                (0..20_000)
                    .map(|i| format!(
                        "--b{i}\nContent-Type: multipart/mixed; boundary=b{}\n\n",
                        i + 1
                    ))
                    .collect::<String>()
            ),
        ),
        (
            "5000 includes",
            format!("v=spf1 {}", "include:a.example.com ".repeat(5000)),
        ),
        (
            "10k DMARC tags",
            format!("v=DMARC1; {}", "p=reject; ".repeat(10_000)),
        ),
        (
            "10k distinct DMARC tags",
            format!(
                "v=DMARC1; {}",
                (0..10_000).map(|i| format!("x{i}=y; ")).collect::<String>()
            ),
        ),
        ("300k é", "é".repeat(300_000)),
        (
            "100k addresses on one line",
            format!("From: x\n\n{}", "a@b.c ".repeat(100_000)),
        ),
        (
            "100k distinct addresses",
            format!(
                "From: x\nSubject: failed\n\n{}",
                (0..100_000)
                    .map(|i| format!("u{i}@example.com\n"))
                    .collect::<String>()
            ),
        ),
        (
            "HTML: 200k nested divs",
            format!(
                "Content-Type: text/html\n\n{}x",
                "<div style=\"color:#fff\">".repeat(200_000)
            ),
        ),
        (
            "HTML: 100k links",
            format!(
                "Content-Type: text/html\n\n{}",
                "<a href=\"http://bit.ly/x\">www.paypal.com</a>".repeat(100_000)
            ),
        ),
        (
            "HTML: unterminated quote",
            format!(
                "Content-Type: text/html\n\n<a href=\"{}",
                "x".repeat(1_000_000)
            ),
        ),
        (
            "100k '$1,'",
            format!("Subject: x\n\n{}", "$1,".repeat(100_000)),
        ),
        (
            "50k header fields",
            format!(
                "{}\nbody",
                (0..50_000)
                    .map(|i| format!("X-H{i}: v\n"))
                    .collect::<String>()
            ),
        ),
    ];
    for (name, h) in &hostile {
        let t = Instant::now();
        let _ = deliverkit::decode_smtp_lines(h);
        let a = t.elapsed();
        let t = Instant::now();
        let _ = deliverkit::decode_bounce(h);
        let b = t.elapsed();
        let t = Instant::now();
        let _ = deliverkit::validate_record(h);
        let _ = deliverkit::spf::validate_spf(h);
        let c = t.elapsed();
        let t = Instant::now();
        let _ = deliverkit::score_message(h);
        let d = t.elapsed();
        println!(
            "{name:32} smtp_lines {:>8.1?}  bounce {:>8.1?}  records {:>8.1?}  score {:>8.1?}  ({} bytes)",
            a,
            b,
            c,
            d,
            h.len()
        );
    }
}
