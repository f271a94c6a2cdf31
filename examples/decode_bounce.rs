//! Print what decode_bounce reads in each file given: `cargo run --example decode_bounce -- FILE...`.
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap_or_default();
        let (text, _) = deliverkit::input::text_from_bytes(&bytes);
        let r = deliverkit::decode_bounce(&text);
        println!("== {path}: {:?}", r.kind);
        for x in &r.recipients {
            println!(
                "  {} {} {} {} cmd={:?} agent={:?} [{}]",
                x.recipient,
                x.reason.as_str(),
                x.status.as_deref().unwrap_or("-"),
                x.reply_code.map_or("-".to_string(), |c| c.to_string()),
                x.command,
                x.agent,
                x.diagnostic_code.as_deref().unwrap_or("")
            );
        }
    }
}
