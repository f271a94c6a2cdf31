//! The command-line tool, run as a user would: `deliverkit smtp TEXT` and `deliverkit smtp -`.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_deliverkit"))
}

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

#[test]
fn smtp_text_prints_one_json_object() {
    let out = bin()
        .args(["smtp", "550 5.1.1 <a@example.com>: Recipient address rejected: User unknown (in reply to RCPT TO command)"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["replyCode"], 550);
    assert_eq!(v["status"], "5.1.1");
    assert_eq!(v["class"], "permanent");
    assert_eq!(v["reason"], "userunknown");
    assert_eq!(v["hardBounce"], true);
    assert_eq!(v["command"], "RCPT");
    assert_eq!(v["advice"]["retry"], false);
    assert!(v["statusText"]
        .as_str()
        .unwrap()
        .contains("Bad destination mailbox"));
}

#[test]
fn smtp_stdin_is_json_lines_with_multiline_replies_kept_together() {
    let mut child = bin()
        .args(["smtp", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"550-5.7.26 This mail has been blocked because the sender is\r\n550 5.7.26 unauthenticated. - gsmtp\r\n\r\nMar 1 10:00:00 mx postfix/smtp[1]: 4F: to=<a@x.example>, relay=mx.x.example[192.0.2.1]:25, dsn=4.7.0, status=deferred (host mx.x.example[192.0.2.1] said: 421 4.7.0 Try again later (in reply to MAIL FROM command))\n\xff\xfe garbage\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(json)
        .collect();
    assert_eq!(lines.len(), 3, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(lines[0]["provider"], "google");
    assert_eq!(lines[0]["reason"], "authfailure");
    assert_eq!(lines[1]["replyCode"], 421);
    assert_eq!(lines[1]["command"], "MAIL");
    assert_eq!(lines[1]["remoteHost"], "mx.x.example");
    let codes: Vec<&str> = lines[2]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"input/replacement-chars"), "{codes:?}");
}

#[test]
fn usage_error_exits_non_zero() {
    let out = bin().args(["smtp"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}

#[test]
fn spf_record_and_check() {
    let out = bin()
        .args(["spf", "v=spf1 ip4:192.0.2.1/24 mx +all", "--compact"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["valid"], true);
    assert_eq!(v["lookupTerms"], 1);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"spf/pass-all") && codes.contains(&"spf/host-bits-set"),
        "{codes:?}"
    );
    assert_eq!(v["terms"][0]["network"], "192.0.2.1");
    assert_eq!(v["terms"][0]["cidr4"], 24);

    let dir = std::env::temp_dir().join(format!("dk-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("zone.json");
    std::fs::write(
        &zone,
        r#"{"example.com": [{"TXT": "v=spf1 include:_spf.example.net -all exp=why.example.com"}],
            "_spf.example.net": [{"TXT": "v=spf1 ip4:198.51.100.0/24 ~all"}],
            "why.example.com": [{"TXT": "%{i} may not send for %{d}"}]}"#,
    )
    .unwrap();
    let run = |ip: &str| {
        let out = bin()
            .args([
                "spf",
                "check",
                "--ip",
                ip,
                "--sender",
                "a@example.com",
                "--helo",
                "h.example.org",
                "--zone",
            ])
            .arg(&zone)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json(&out.stdout)
    };
    let fail = run("192.0.2.7");
    assert_eq!(fail["result"], "fail");
    assert_eq!(
        fail["explanation"],
        "192.0.2.7 may not send for example.com"
    );
    assert!(fail["trace"].as_array().unwrap().len() >= 4);
    let pass = run("198.51.100.9");
    assert_eq!(pass["result"], "pass");
    assert_eq!(pass["matched"]["term"], "include:_spf.example.net");

    let bad = bin()
        .args(["spf", "check", "--ip", "nope", "--zone"])
        .arg(&zone)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bounce_files_mbox_and_folders() {
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpora/smtp/set-of-emails");
    let out = bin()
        .args(["bounce", "--compact"])
        .arg(base.join("maildir/bsd/lhost-qmail-01.eml"))
        .arg(base.join("mailbox/mbox-0"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    let rows = v.as_array().unwrap();
    assert_eq!(rows[0]["recipient"], "kijitora@example.ne.jp");
    assert_eq!(rows[0]["agent"], "qmail");
    assert!(rows[0].get("message").is_none());
    // The mbox's messages are numbered.
    let mbox: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| r["file"].as_str().unwrap().ends_with("mbox-0"))
        .collect();
    assert!(mbox.len() > 20, "{}", mbox.len());
    assert_eq!(mbox[0]["message"], 1);
    // A folder of non-bounces: no rows for them, a note on stderr for each.
    let out = bin()
        .args(["bounce"])
        .arg(base.join("maildir/not"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not-bounce"));
    // stdin
    let mut child = bin()
        .args(["bounce", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(base.join("maildir/bsd/lhost-postfix-01.eml")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(json(&out.stdout)[0]["agent"], "postfix");
}

#[test]
fn record_prints_kind_valid_tags_and_diagnostics() {
    let out = bin()
        .args(["record", "v=DMARC1; p=reject; pct=50"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(v["kind"], "dmarc");
    assert_eq!(v["valid"], true);
    assert_eq!(v["tags"][2]["name"], "pct");
    assert_eq!(v["diagnostics"][0]["code"], "dmarc/historic-tag");
    let out = bin()
        .args([
            "record",
            "--rfc7489",
            "--compact",
            "v=DMARC1; p=reject; pct=500",
        ])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v["valid"], false);
    let out = bin().args(["record", "hello"]).output().unwrap();
    assert_eq!(json(&out.stdout)["kind"], "unknown");
}

#[test]
fn record_reads_a_policy_file_from_stdin() {
    let mut child = bin()
        .args(["record", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 604800\r\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v = json(&out.stdout);
    assert_eq!(
        (v["kind"].as_str(), v["form"].as_str()),
        (Some("mta-sts"), Some("mta-sts-policy"))
    );
    assert_eq!(v["valid"], true);
}

#[test]
fn dmarc_check_evaluates_against_a_zone_file() {
    let dir = std::env::temp_dir().join(format!("deliverkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zone = dir.join("zone.json");
    std::fs::write(
        &zone,
        r#"{"_dmarc.example.com": ["v=DMARC1; p=reject; sp=quarantine; np=reject"], "news.example.com": []}"#,
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = bin()
            .args(["dmarc", "check", "--zone", zone.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let (code, stdout, _) = run(&[
        "--from",
        "news.example.com",
        "--spf",
        "pass:bounce.example.com",
    ]);
    assert_eq!(code, Some(0));
    let v = json(&stdout);
    assert_eq!(v["result"], "pass");
    assert_eq!(v["policyDomain"], "example.com");
    let (_, stdout, _) = run(&[
        "--from",
        "news.example.com",
        "--dkim",
        "pass:example.net",
        "--dkim",
        "fail:example.com",
    ]);
    let v = json(&stdout);
    assert_eq!(
        (v["result"].as_str(), v["disposition"].as_str()),
        (Some("fail"), Some("quarantine"))
    );
    assert_eq!(v["alignments"].as_array().unwrap().len(), 2);
    let (_, stdout, _) = run(&["--from", "gone.example.com"]);
    let v = json(&stdout);
    assert_eq!(
        (v["policySource"].as_str(), v["disposition"].as_str()),
        (Some("np"), Some("reject"))
    );
    assert!(v["trace"].as_array().unwrap().len() >= 2);
    let (code, _, stderr) = run(&["--from", "example.com", "--spf", "maybe:example.com"]);
    assert_eq!(code, Some(2));
    assert!(String::from_utf8_lossy(&stderr).contains("unknown result"));
    std::fs::write(&zone, r#"{"_dmarc.example.com": "nope"}"#).unwrap();
    let (code, _, stderr) = run(&["--from", "example.com"]);
    assert_eq!(code, Some(2));
    assert!(String::from_utf8_lossy(&stderr).contains("TIMEOUT"));
    std::fs::remove_dir_all(&dir).ok();
}
