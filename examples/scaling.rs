//! Time of decode_smtp / decode_smtp_lines against input size, for ordinary and pathological
//! inputs from 1 KB to the 1 MiB input limit (and past it, where the input is cut). Prints a
//! Markdown table with the growth ratio per 10x size: about 10 means linear.
//! `cargo run --release --example scaling`

use std::time::Instant;

fn time(f: &dyn Fn()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn build(unit: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + unit.len());
    while s.len() < size {
        s.push_str(unit);
    }
    s.truncate(size);
    s
}

fn main() {
    let kinds: [(&str, &str, bool); 6] = [
        ("mail log (decode_smtp_lines)", "Mar 1 10:00:00 mx postfix/smtp[1]: 4F: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, dsn=5.1.1, status=bounced (host mx.x.example[192.0.2.1] said: 550 5.1.1 <a@x.example>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n", true),
        ("one long reply line", "550 5.7.1 blocked using zen.spamhaus.org; ", false),
        ("a line of spaces", " ", false),
        ("digits and dots", "5.5.5.5 550 4.4.4 ", false),
        ("multi-line reply", "550-5.7.26 This mail has been blocked because the sender is unauthenticated\n", false),
        ("binary bytes", "\u{1}\u{2}\u{7f}\u{3}550\u{0}", false),
    ];
    println!("| input | 1 KB | 10 KB | 100 KB | 1 MB | 10 MB (cut at 1 MiB) | growth per 10x (1 KB..1 MB) |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, unit, lines) in kinds {
        let mut cells = Vec::new();
        let mut times = Vec::new();
        for size in [1_000usize, 10_000, 100_000, 1_000_000, 10_000_000] {
            let input = build(unit, size);
            let t = if lines {
                time(&|| {
                    std::hint::black_box(deliverkit::decode_smtp_lines(&input));
                })
            } else {
                time(&|| {
                    std::hint::black_box(deliverkit::decode_smtp(&input));
                })
            };
            times.push(t);
            cells.push(if t < 1e-3 {
                format!("{:.1} µs", t * 1e6)
            } else {
                format!("{:.2} ms", t * 1e3)
            });
        }
        let growth = (times[3] / times[0]).powf(1.0 / 3.0);
        println!("| {name} | {} | {:.1}x |", cells.join(" | "), growth);
    }
}
