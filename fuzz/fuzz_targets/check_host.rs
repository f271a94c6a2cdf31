//! check_host() with a fuzzed zone: the fuzzer's bytes become records (built from SPF tokens) for a
//! handful of names, plus A/MX/PTR data and timeouts, and the client IP. Invariants: no panic, no
//! hang (the RFC's limits bound the work), deterministic, and the lookup limits hold.
#![no_main]

use deliverkit::spf::{check_host, CheckHostInput, Zone};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &["example.com", "a.example.com", "b.example.net", "mx.example.com", "%{d}.x.example.org"];
const TOKENS: &[&str] = &[
    " ", "all", "-all", "~all", "include:a.example.com", "include:b.example.net", "include:example.com", "a", "mx",
    "ptr", "ip4:192.0.2.0/24", "ip6:2001:db8::/32", "exists:%{i}.b.example.net", "redirect=b.example.net",
    "redirect=a.example.com", "exp=a.example.com", "a:mx.example.com/24", "mx:example.com//64", "%{d}", "%{ir}.",
    "?", "+", "include:%{l}.example.com", "a:nothere.example.com",
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let ip = match data[0] % 3 {
        0 => "192.0.2.7",
        1 => "2001:db8::7",
        _ => "198.51.100.1",
    };
    let mut zone = serde_json::Map::new();
    let mut chunks = data[1..].split(|b| *b == 0xff);
    for (i, name) in NAMES.iter().enumerate() {
        let Some(chunk) = chunks.next() else { break };
        let mut rec = String::from("v=spf1");
        for b in chunk {
            rec.push(' ');
            rec.push_str(TOKENS[usize::from(*b) % TOKENS.len()]);
        }
        let mut entries = vec![serde_json::json!({"TXT": rec}), serde_json::json!({"A": "192.0.2.7"})];
        if i % 2 == 0 {
            entries.push(serde_json::json!({"MX": [10, "mx.example.com"]}));
        }
        if chunk.first().is_some_and(|b| b % 7 == 0) {
            entries.push(serde_json::json!("TIMEOUT"));
        }
        zone.insert(name.to_string(), serde_json::Value::Array(entries));
    }
    zone.insert("7.2.0.192.in-addr.arpa".into(), serde_json::json!([{"PTR": "mx.example.com"}]));
    let zone: Zone = serde_json::from_value(serde_json::Value::Object(zone)).expect("zone shape");
    let input = CheckHostInput { ip: ip.parse().unwrap(), domain: "example.com", sender: "u@example.com", helo: "h.example.com", receiver: "unknown", now: 0 };
    let r = check_host(&input, &mut zone.resolver());
    assert!(r.lookups <= 11, "lookup limit not enforced: {}", r.lookups);
    assert!(r.void_lookups <= 3);
    assert!(r.trace.len() <= 1000);
    assert_eq!(r, check_host(&input, &mut zone.resolver()));
});
