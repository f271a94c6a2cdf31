// 1. Reads the resolved mail-auth version from this workspace's Cargo.lock, so the JSON lines
//    report the version actually built (env MAIL_AUTH_VERSION).
// 2. Looks at the main crate's sources for `deliverkit::spf::validate_spf` and sets
//    `--cfg deliverkit_spf` when it is there, so the deliverkit SPF timing switches itself on
//    when the main crate exposes it and the harness still compiles before that.
use std::{env, fs, path::Path};

fn main() {
    let here = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).to_path_buf();

    let lock = here.join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = fs::read_to_string(&lock).unwrap_or_default();
    let mut version = "unknown".to_string();
    let mut in_mail_auth = false;
    for line in text.lines() {
        if line == "[[package]]" {
            in_mail_auth = false;
        } else if line == "name = \"mail-auth\"" {
            in_mail_auth = true;
        } else if in_mail_auth {
            if let Some(v) = line.strip_prefix("version = \"") {
                version = v.trim_end_matches('"').to_string();
                in_mail_auth = false;
            }
        }
    }
    println!("cargo:rustc-env=MAIL_AUTH_VERSION={version}");

    println!("cargo::rustc-check-cfg=cfg(deliverkit_spf)");
    let src = here.join("../../../src");
    let lib_rs = src.join("lib.rs");
    let spf_files = [src.join("spf/mod.rs"), src.join("spf.rs")];
    println!("cargo:rerun-if-changed={}", lib_rs.display());
    for f in &spf_files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let lib = fs::read_to_string(&lib_rs).unwrap_or_default();
    let has_mod = lib.lines().any(|l| l.trim() == "pub mod spf;");
    let has_fn = spf_files
        .iter()
        .any(|f| fs::read_to_string(f).is_ok_and(|s| s.contains("pub fn validate_spf(record: &str) -> SpfReport")));
    if has_mod && has_fn {
        println!("cargo:rustc-cfg=deliverkit_spf");
    }
}
