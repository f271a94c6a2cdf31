//! Print the decoded JSON-like debug form of each argument: `cargo run --example decode -- "550 5.1.1 ..."`.
fn main() {
    for a in std::env::args().skip(1) {
        println!("{:#?}", deliverkit::decode_smtp(&a));
    }
}
