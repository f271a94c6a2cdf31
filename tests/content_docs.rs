//! docs/CONTENT-RULES.md must list every rule of data/content-rules.tsv with its current points
//! (regenerate it with `cargo run --example content_rules_doc > docs/CONTENT-RULES.md`).

#[test]
fn rules_document_is_in_sync() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/CONTENT-RULES.md"
    ))
    .unwrap();
    let rows = doc.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(
        rows,
        deliverkit::content::Rule::ALL.len(),
        "docs/CONTENT-RULES.md is stale"
    );
    for r in deliverkit::content::Rule::ALL {
        let row = format!(
            "| `{}` | {:.1} | {} |",
            r.id(),
            r.points(),
            r.what().replace('|', "\\|")
        );
        assert!(
            doc.contains(&row),
            "docs/CONTENT-RULES.md is stale: no row {row}"
        );
    }
}
