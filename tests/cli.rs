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

/// A message as a receiver stored it: trace fields on top, a failed DKIM check among them.
const RECEIVED_MESSAGE: &str = "Received: from mail.example.com (mail.example.com [192.0.2.1])\r\n\tby mx.example.org with ESMTPS id 1A; Mon, 1 Jan 2024 10:00:05 +0000\r\n\
Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=example.com; dkim=fail header.d=example.com\r\n\
X-Spam-Status: No, score=0.1\r\n\
From: Alice Example <alice@example.com>\r\n\
To: Bob Example <bob@example.org>\r\n\
Subject: Notes from the planning meeting\r\n\
Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\
Message-ID: <20240101100000.4711@example.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Hi Bob,\r\n\r\nhere are the notes from Tuesday's planning meeting. We agreed to move the\r\nrelease to the second week of February.\r\n\r\nAlice\r\n";

const SPAM_MESSAGE: &str = "From: Prize Dept <promo@prizes.example>\r\n\
Subject: YOU ARE A WINNER CLAIM YOUR CASH PRIZE NOW!!!\r\n\
Content-Type: text/html\r\n\
\r\n\
<p>Dear friend, click here to claim your cash prize of $1,000,000: \
<a href=\"http://bit.ly/x\">https://www.paypal.com/</a>. Act now, offer expires today!!!</p>\r\n";

fn rule_ids(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("no findings array: {report}"))
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn score_dir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("deliverkit-score-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn score_file_prints_one_json_report() {
    let dir = score_dir("file");
    let file = dir.join("spam.eml");
    std::fs::write(&file, SPAM_MESSAGE).unwrap();
    let out = bin().arg("score").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    assert!(v.is_object(), "{v}");
    let score = v["score"].as_f64().unwrap();
    assert_eq!(v["threshold"], 5.0);
    assert_eq!(v["verdict"], if score >= 5.0 { "spam" } else { "ham" });
    assert_eq!(v["verdict"], "spam");
    let ids = rule_ids(&v);
    for id in [
        "links/text-domain-mismatch",
        "links/shortener",
        "wording/subject-caps",
        "structure/html-only",
        "headers/date-missing",
    ] {
        assert!(ids.contains(&id.to_string()), "{id} missing: {ids:?}");
    }
    let f = &v["findings"][0];
    for key in ["rule", "category", "points", "message", "help", "evidence"] {
        assert!(f.get(key).is_some(), "finding without {key}: {f}");
    }
    assert_eq!(
        v["summary"]["subject"],
        "YOU ARE A WINNER CLAIM YOUR CASH PRIZE NOW!!!"
    );
    assert!(v.get("trace").is_some() && v.get("diagnostics").is_some());
    assert!(v.get("file").is_none());
    // --compact prints the same report on one line.
    let out = bin()
        .args(["score", "--compact"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.trim_end().lines().count(), 1);
    assert_eq!(json(&out.stdout), v);
    // stdin
    let mut child = bin()
        .args(["score", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SPAM_MESSAGE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(json(&out.stdout), v);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn score_strip_trace_scores_the_message_as_sent() {
    let dir = score_dir("strip");
    let file = dir.join("received.eml");
    std::fs::write(&file, RECEIVED_MESSAGE).unwrap();
    let out = bin().arg("score").arg(&file).output().unwrap();
    assert!(out.status.success());
    let kept = json(&out.stdout);
    assert!(rule_ids(&kept).contains(&"auth/receiver-fail".to_string()));
    assert_eq!(kept["trace"]["hops"].as_array().unwrap().len(), 1);
    assert_eq!(kept["trace"]["auth"][1]["result"], "fail");

    let out = bin()
        .args(["score", "--strip-trace"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stripped = json(&out.stdout);
    let ids = rule_ids(&stripped);
    assert!(!ids.contains(&"auth/receiver-fail".to_string()), "{ids:?}");
    assert!(stripped["trace"]["hops"].as_array().unwrap().is_empty());
    assert!(stripped["trace"]["auth"].as_array().unwrap().is_empty());
    let names: Vec<&str> = stripped["summary"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "From", "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("X-Spam")));
    assert!(stripped["score"].as_f64().unwrap() < kept["score"].as_f64().unwrap());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]

fn score_strip_trace_keeps_a_cr_only_message() {
    let dir = score_dir("strip-cr");
    let file = dir.join("received-cr.eml");
    std::fs::write(&file, RECEIVED_MESSAGE.replace("\r\n", "\r")).unwrap();
    let out = bin()
        .args(["score", "--strip-trace"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json(&out.stdout);
    assert_eq!(
        v["summary"]["subject"], "Notes from the planning meeting",
        "{v}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn score_folder_prints_an_array_with_file_names() {
    let dir = score_dir("folder");
    std::fs::write(dir.join("a-received.eml"), RECEIVED_MESSAGE).unwrap();
    std::fs::write(dir.join("b-spam.eml"), SPAM_MESSAGE).unwrap();
    let out = bin().arg("score").arg(&dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json(&out.stdout);
    let rows = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
    assert_eq!(rows.len(), 2);
    let files: Vec<&str> = rows.iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert!(files[0].ends_with("a-received.eml"), "{files:?}");
    assert!(files[1].ends_with("b-spam.eml"), "{files:?}");
    assert_eq!(rows[0]["verdict"], "ham");
    assert_eq!(rows[1]["verdict"], "spam");
    for r in rows {
        assert!(r["score"].as_f64().is_some() && r["findings"].is_array());
        assert!(r.get("message").is_none());
    }
    // Two files on the command line: also an array.
    let out = bin()
        .args(["score", "--compact"])
        .arg(dir.join("a-received.eml"))
        .arg(dir.join("b-spam.eml"))
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v.as_array().unwrap().len(), 2);
    // An mbox: one row per message, numbered.
    let mbox = format!(
        "From alice@example.com Mon Jan  1 10:00:00 2024\n{}\nFrom promo@prizes.example Mon Jan  1 10:00:00 2024\n{}",
        RECEIVED_MESSAGE.replace("\r\n", "\n"),
        SPAM_MESSAGE.replace("\r\n", "\n")
    );
    let mfile = dir.join("mbox");
    std::fs::write(&mfile, mbox).unwrap();
    let out = bin().arg("score").arg(&mfile).output().unwrap();
    let v = json(&out.stdout);
    let rows = v.as_array().unwrap_or_else(|| panic!("not an array: {v}"));
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["message"].as_u64(), rows[1]["message"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(rows[1]["verdict"], "spam");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn score_missing_file_fails() {
    let out = bin()
        .args(["score", "/nonexistent/deliverkit/message.eml"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn bounce_and_score_print_the_same_on_any_number_of_threads() {
    let corpora = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let run = |args: &[&str], paths: &[std::path::PathBuf]| {
        let out = bin().args(args).args(paths).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (out.stdout, out.stderr)
    };
    // Two folders and an mbox: 670 messages, far more than one thread's first run of them.
    let bounces = [
        corpora.join("smtp/set-of-emails/maildir/bsd"),
        corpora.join("smtp/set-of-emails/maildir/not"),
        corpora.join("smtp/set-of-emails/mailbox/mbox-0"),
    ];
    let one = run(&["bounce", "--compact", "-j", "1"], &bounces);
    assert!(json(&one.0).as_array().unwrap().len() > 650);
    assert!(String::from_utf8_lossy(&one.1).contains("not-bounce"));
    for jobs in ["2", "7"] {
        let many = run(&["bounce", "--compact", "--jobs", jobs], &bounces);
        assert!(
            one == many,
            "bounce with {jobs} threads differs from one thread"
        );
    }
    let ham = [corpora.join("content/ham")];
    let one = run(&["score", "--compact", "-j", "1"], &ham);
    assert!(json(&one.0).as_array().unwrap().len() > 100);
    assert!(
        one == run(&["score", "--compact", "-j", "3"], &ham),
        "score differs"
    );
}
