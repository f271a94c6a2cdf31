//! Writes docs/CONTENT-RULES.md from the rule table (data/content-rules.tsv, compiled in):
//!
//!     cargo run --example content_rules_doc > docs/CONTENT-RULES.md
//!
//! tests/content_docs.rs checks the file is in sync.

use deliverkit::content::{Rule, SPAM_THRESHOLD};

fn main() {
    print!("{}", doc());
}

fn doc() -> String {
    let mut s = String::new();
    s.push_str("# Content-scoring rules\n\n");
    s.push_str("Generated from `data/content-rules.tsv` by `cargo run --example content_rules_doc > docs/CONTENT-RULES.md`; do not edit by hand.\n\n");
    s.push_str(&format!(
        "`score_message` adds the points of every finding. The scale is SpamAssassin's: higher means more likely to be filtered, \
         and a score of **{SPAM_THRESHOLD:.1}** or more is the verdict `spam`. Points were set by hand from what the rule means for \
         delivery (the bulk-sender requirements of Gmail, Yahoo and Microsoft, the RFCs, and the weight SpamAssassin and Rspamd give \
         comparable tests); only `model/content` is learned, from the SpamAssassin public corpus (see docs/ACCURACY.md for its \
         cross-validated figures). Word lists (spam phrases, shorteners, risky attachment types) are in `data/content-words.tsv` with \
         their sources.\n\n"
    ));
    let mut cat = "";
    for r in Rule::ALL {
        if r.category() != cat {
            cat = r.category();
            s.push_str(&format!(
                "\n## {cat}\n\n| id | points | what | why |\n|---|---:|---|---|\n"
            ));
        }
        s.push_str(&format!(
            "| `{}` | {:.1} | {} | {} |\n",
            r.id(),
            r.points(),
            r.what().replace('|', "\\|"),
            r.why().replace('|', "\\|")
        ));
    }
    s
}
