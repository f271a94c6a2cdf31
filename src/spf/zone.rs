//! DNS data in memory: the `zonedata` shape of the OpenSPF test suite, as JSON (or any serde
//! format). A name maps to a list of records: `{"TXT": "..."}` (or a list of strings, joined),
//! `{"A": "192.0.2.1"}`, `{"AAAA": "2001:db8::1"}`, `{"MX": [10, "mx.example.com"]}`,
//! `{"PTR": "host.example.com"}`, `{"CNAME": "other.example.com"}`, or the string `"TIMEOUT"`
//! (queries for that name time out, except for types it has records of); `{"TXT": "NONE"}` says the
//! name has no records of that type. A name that is absent does not exist.
//! `SPF` (type 99) records are read as TXT when a name has no TXT records (and neither TIMEOUT nor
//! `TXT: NONE`), as the suite's drivers do.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::Deserialize;

use super::eval::{Lookup, Resolver};

/// A number or a string in a zone record's value.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// A whole number.
    Num(u64),
    /// A string.
    Str(String),
}

/// A zone record's value: `"text"`, a number, or a list of them (`[10, "mx.example.com"]`).
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A string.
    Str(String),
    /// A whole number.
    Num(u64),
    /// A list.
    List(Vec<Scalar>),
}

/// One entry of a name's list: `"TIMEOUT"` or `{TYPE: value}`.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Entry {
    /// A word (`"TIMEOUT"`).
    Flag(String),
    /// Records by type.
    Record(BTreeMap<String, Value>),
}

#[derive(Clone, Debug, Default)]
struct Node {
    timeout: bool,
    txt_none: bool,
    txt: Vec<String>,
    spf: Vec<String>,
    a: Vec<Ipv4Addr>,
    aaaa: Vec<Ipv6Addr>,
    mx: Vec<(u16, String)>,
    ptr: Vec<String>,
    cname: Option<String>,
}

/// DNS records in memory, looked up case-insensitively.
#[derive(Clone, Debug, Default)]
pub struct Zone {
    nodes: BTreeMap<String, Node>,
    /// Records the loader could not read (name, why).
    pub problems: Vec<(String, String)>,
}

fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

fn text(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        Value::Num(n) => n.to_string(),
        Value::List(parts) => parts
            .iter()
            .map(|p| match p {
                Scalar::Str(s) => s.clone(),
                Scalar::Num(n) => n.to_string(),
            })
            .collect(),
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Zone, D::Error> {
        Ok(Zone::from_entries(BTreeMap::deserialize(d)?))
    }
}

impl Zone {
    /// A zone from its names' entries, already read from JSON, YAML or a JavaScript object
    /// (the WASM package reads the object itself: serde-wasm-bindgen's deserializer would cost
    /// the package size for nothing else). Records it cannot read go to [`Zone::problems`].
    pub fn from_entries(raw: BTreeMap<String, Vec<Entry>>) -> Zone {
        let mut zone = Zone::default();
        for (name, entries) in raw {
            let k = key(&name);
            let mut problems = Vec::new();
            let node = zone.nodes.entry(k.clone()).or_default();
            for e in entries {
                match e {
                    Entry::Flag(f) if f.eq_ignore_ascii_case("TIMEOUT") => node.timeout = true,
                    Entry::Flag(f) => problems.push(format!("unknown entry {f:?}")),
                    Entry::Record(map) => {
                        for (ty, v) in map {
                            // `TYPE: NONE` says the name has no records of that type.
                            if matches!(&v, Value::Str(s) if s == "NONE") {
                                if ty.eq_ignore_ascii_case("TXT") {
                                    node.txt_none = true;
                                }
                                continue;
                            }
                            match ty.to_ascii_uppercase().as_str() {
                                "TXT" => node.txt.push(text(&v)),
                                "SPF" => node.spf.push(text(&v)),
                                "A" => match text(&v).parse() {
                                    Ok(a) => node.a.push(a),
                                    Err(_) => problems.push(format!("bad A record {:?}", text(&v))),
                                },
                                "AAAA" => match text(&v).parse() {
                                    Ok(a) => node.aaaa.push(a),
                                    Err(_) => {
                                        problems.push(format!("bad AAAA record {:?}", text(&v)))
                                    }
                                },
                                "MX" => match v {
                                    Value::List(l) if l.len() == 2 => {
                                        let pref = match &l[0] {
                                            Scalar::Num(n) => u16::try_from(*n).unwrap_or(u16::MAX),
                                            Scalar::Str(s) => s.parse().unwrap_or(0),
                                        };
                                        let host = match &l[1] {
                                            Scalar::Str(s) => s.clone(),
                                            Scalar::Num(n) => n.to_string(),
                                        };
                                        node.mx.push((pref, host));
                                    }
                                    _ => problems.push("an MX record is [preference, host]".into()),
                                },
                                "PTR" => node.ptr.push(text(&v)),
                                "CNAME" => node.cname = Some(key(&text(&v))),
                                other => problems.push(format!("unsupported record type {other}")),
                            }
                        }
                    }
                }
            }
            zone.problems
                .extend(problems.into_iter().map(|p| (k.clone(), p)));
        }
        zone
    }

    /// Read a zone from JSON text.
    pub fn from_json(json: &str) -> Result<Zone, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    /// Add TXT records for a name (used by callers that learn answers one by one).
    pub fn add_txt(&mut self, name: &str, records: Vec<String>) {
        self.nodes.entry(key(name)).or_default().txt.extend(records);
    }

    /// A resolver answering from this zone.
    pub fn resolver(&self) -> ZoneResolver<'_> {
        ZoneResolver { zone: self }
    }

    /// Follow CNAMEs (at most 8) to the node holding the records.
    fn node(&self, name: &str) -> Result<Option<&Node>, ()> {
        let mut k = key(name);
        for _ in 0..8 {
            match self.nodes.get(&k) {
                None => return Ok(None),
                Some(n) => match &n.cname {
                    Some(c) => k = c.clone(),
                    None => return Ok(Some(n)),
                },
            }
        }
        Err(())
    }

    /// `TIMEOUT` makes every query for a type the name has no records of time out (so a name
    /// with a TXT record and TIMEOUT still answers TXT, as the suite expects).
    fn get<T: Clone>(&self, name: &str, f: impl Fn(&Node) -> &Vec<T>) -> Lookup<T> {
        match self.node(name) {
            Err(()) => Lookup::TempError,
            Ok(None) => Lookup::NxDomain,
            Ok(Some(n)) if n.timeout && f(n).is_empty() => Lookup::TempError,
            Ok(Some(n)) => Lookup::Found(f(n).clone()),
        }
    }
}

/// [`Resolver`] over a [`Zone`].
pub struct ZoneResolver<'z> {
    zone: &'z Zone,
}

impl Resolver for ZoneResolver<'_> {
    fn txt(&mut self, name: &str) -> Lookup<String> {
        self.zone.get(name, |n| {
            if n.txt.is_empty() && !n.timeout && !n.txt_none {
                &n.spf
            } else {
                &n.txt
            }
        })
    }
    fn a(&mut self, name: &str) -> Lookup<Ipv4Addr> {
        self.zone.get(name, |n| &n.a)
    }
    fn aaaa(&mut self, name: &str) -> Lookup<Ipv6Addr> {
        self.zone.get(name, |n| &n.aaaa)
    }
    fn mx(&mut self, name: &str) -> Lookup<(u16, String)> {
        self.zone.get(name, |n| &n.mx)
    }
    fn ptr(&mut self, name: &str) -> Lookup<String> {
        self.zone.get(name, |n| &n.ptr)
    }
}

/// An answer learnt from an outside resolver (for [`AnswerCache`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CachedAnswer {
    /// Record texts: TXT strings joined, `A`/`AAAA` addresses, `MX` as `"10 mx.example.com"`,
    /// `PTR` host names.
    Records(Vec<String>),
    /// The name does not exist.
    NxDomain,
    /// The lookup failed.
    TempError,
}

/// A [`Resolver`] that answers from answers learnt so far and says [`Lookup::Pending`] for any
/// other question: run check_host(), answer its `pending` query, insert, run again.
#[derive(Clone, Debug, Default)]
pub struct AnswerCache {
    answers: BTreeMap<(String, String), CachedAnswer>,
}

impl AnswerCache {
    /// Record the answer to a `qtype` (`TXT`, `A`, `AAAA`, `MX`, `PTR`) query for `name`.
    pub fn insert(&mut self, qtype: &str, name: &str, answer: CachedAnswer) {
        self.answers
            .insert((qtype.to_ascii_uppercase(), key(name)), answer);
    }

    /// How many answers are known.
    pub fn len(&self) -> usize {
        self.answers.len()
    }

    /// Whether no answer is known.
    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }

    fn get<T>(&self, qtype: &str, name: &str, parse: impl Fn(&str) -> Option<T>) -> Lookup<T> {
        match self.answers.get(&(qtype.to_string(), key(name))) {
            None => Lookup::Pending,
            Some(CachedAnswer::NxDomain) => Lookup::NxDomain,
            Some(CachedAnswer::TempError) => Lookup::TempError,
            Some(CachedAnswer::Records(r)) => {
                Lookup::Found(r.iter().filter_map(|s| parse(s.trim())).collect())
            }
        }
    }
}

impl Resolver for AnswerCache {
    fn txt(&mut self, name: &str) -> Lookup<String> {
        self.get("TXT", name, |s| Some(s.to_string()))
    }
    fn a(&mut self, name: &str) -> Lookup<Ipv4Addr> {
        self.get("A", name, |s| s.parse().ok())
    }
    fn aaaa(&mut self, name: &str) -> Lookup<Ipv6Addr> {
        self.get("AAAA", name, |s| s.parse().ok())
    }
    fn mx(&mut self, name: &str) -> Lookup<(u16, String)> {
        self.get("MX", name, |s| {
            let (p, h) = s.split_once(char::is_whitespace)?;
            Some((p.parse().ok()?, h.trim().to_string()))
        })
    }
    fn ptr(&mut self, name: &str) -> Lookup<String> {
        self.get("PTR", name, |s| Some(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spf::{check_host, CheckHostInput, SpfVerdict};

    /// The pending protocol: an async caller answers one query at a time and runs again.
    #[test]
    fn answer_cache_drives_check_host_to_the_end() {
        let zone = Zone::from_json(
            r#"{"example.com": [{"TXT": "v=spf1 mx include:_spf.example.net -all"}, {"MX": [10, "mx.example.com"]}],
                "mx.example.com": [{"A": "192.0.2.10"}],
                "_spf.example.net": [{"TXT": "v=spf1 ip4:198.51.100.0/24 -all"}]}"#,
        )
        .unwrap();
        let input = CheckHostInput {
            ip: "198.51.100.20".parse().unwrap(),
            domain: "example.com",
            sender: "a@example.com",
            helo: "h.example.com",
            receiver: "unknown",
            now: 0,
        };
        let mut cache = AnswerCache::default();
        let mut rounds = 0;
        let result = loop {
            let r = check_host(&input, &mut cache);
            let Some(q) = r.pending else { break r };
            let mut zr = zone.resolver();
            let answer = match q.query_type {
                "TXT" => zr.txt(&q.name).map_records(|s| s),
                "A" => zr.a(&q.name).map_records(|a| a.to_string()),
                "MX" => zr.mx(&q.name).map_records(|(p, h)| format!("{p} {h}")),
                _ => CachedAnswer::NxDomain,
            };
            cache.insert(q.query_type, &q.name, answer);
            rounds += 1;
        };
        assert_eq!(result.result, SpfVerdict::Pass);
        assert_eq!(rounds, 4, "TXT example.com, MX, A mx, TXT _spf.example.net");
        assert_eq!(result, check_host(&input, &mut zone.resolver()));
    }

    trait MapRecords<T> {
        fn map_records(self, f: impl Fn(T) -> String) -> CachedAnswer;
    }
    impl<T> MapRecords<T> for Lookup<T> {
        fn map_records(self, f: impl Fn(T) -> String) -> CachedAnswer {
            match self {
                Lookup::Found(v) => CachedAnswer::Records(v.into_iter().map(f).collect()),
                Lookup::NxDomain => CachedAnswer::NxDomain,
                _ => CachedAnswer::TempError,
            }
        }
    }
}
