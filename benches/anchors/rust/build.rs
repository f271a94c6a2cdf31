// 1. Reads the resolved mail-auth version from this workspace's Cargo.lock, so the JSON lines
//    report the version actually built (env MAIL_AUTH_VERSION).
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

}
